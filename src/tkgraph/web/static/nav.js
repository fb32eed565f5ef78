// The shared header: links to the three pages and the data version being
// served (from /healthz), so every page says which data it shows.
const PAGES = [
  ["/map", "Relationship map"],
  ["/atlas", "World atlas"],
  ["/graphql", "GraphiQL"],
];

export async function mountNav(container) {
  const list = document.createElement("ul");
  list.className = "site-nav";
  for (const [href, label] of PAGES) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = href;
    link.textContent = label;
    if (location.pathname === href) link.setAttribute("aria-current", "page");
    item.append(link);
    list.append(item);
  }
  const line = document.createElement("p");
  line.className = "data-line";
  line.id = "data-line";
  container.append(list, line);
  try {
    const health = await (await fetch("/healthz")).json();
    const loaded = (health.data.loadedAt || "").slice(0, 10);
    line.innerHTML = "";
    const code = document.createElement("code");
    code.textContent = (health.data.version || "").slice(0, 12);
    line.append("data ", code, ` · ${health.data.triples.toLocaleString("en")} triples · loaded ${loaded}`);
  } catch (err) {
    line.textContent = "data version unavailable";
  }
}
