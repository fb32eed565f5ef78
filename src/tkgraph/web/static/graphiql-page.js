// GraphiQL served from tkgraph itself, with the example queries of examples/
// one click away in the picker beside the page title.
import { mountNav } from "./nav.js";

const React = window.React;
const root = document.getElementById("graphiql");

async function main() {
  mountNav(document.getElementById("top"));
  let examples = [];
  try {
    examples = await (await fetch("/graphql/examples.json")).json();
  } catch (err) {
    examples = [];
  }
  const fetcher = window.GraphiQL.createFetcher({ url: "/graphql" });
  const reactRoot = window.ReactDOM.createRoot(root);
  let generation = 0;
  const render = (query) => {
    generation += 1; // a new key remounts GraphiQL on the chosen example
    reactRoot.render(
      React.createElement(window.GraphiQL, {
        key: generation,
        fetcher,
        defaultQuery: query || (examples[0] && examples[0].query) || "{ dataVersion { contentHash tripleCount } }",
        defaultEditorToolsVisibility: true,
        shouldPersistHeaders: false,
      }),
    );
  };
  const picker = document.getElementById("examples");
  for (const e of examples) picker.append(new Option(e.name, e.name));
  picker.addEventListener("change", () => {
    const chosen = examples.find((e) => e.name === picker.value);
    if (!chosen) return;
    // A fresh editor on the chosen example (GraphiQL keeps its tabs in localStorage).
    localStorage.removeItem("graphiql:tabState");
    localStorage.removeItem("graphiql:query");
    render(chosen.query);
  });
  render();
}

main();
