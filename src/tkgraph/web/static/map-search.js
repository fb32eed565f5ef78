// The search box of the relationship map: an ARIA combobox over actors,
// instruments and activities whose names contain the typed text.
import { graphql } from "./api.js";
import { h } from "./map-panel.js";

const SUGGEST_QUERY = `query Suggest($text: String!) {
  actors(text: $text, first: 6) { nodes { id label shortName kind verification } }
  instruments(text: $text, first: 6) { nodes { id label shortName kind verification } }
  activities(text: $text, first: 6) { nodes { id label shortName kind verification } }
}`;

export function setUpSearch({ input, list, form, onPick, onError }) {
  let timer = null, seq = 0, options = [], active = -1;
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const mark = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({ block: "nearest" });
    }
  };
  const pick = (option) => {
    close();
    input.value = option.shortName || option.label;
    onPick(option.id);
  };
  const show = (items) => {
    options = items;
    list.replaceChildren(...(items.length ? items.map((o, i) => {
      const li = h("li", { role: "option", id: `suggestion-${i}`, "data-id": o.id, "aria-selected": "false" },
        h("span", { class: `dot g-${o.group}`, style: `background: var(--${o.group})` }),
        h("span", {}, o.shortName && o.shortName !== o.label ? `${o.shortName} — ${o.label}` : o.label),
        o.verification ? h("span", { class: "unverified-tag" }, o.verification) : null,
        h("span", { class: "kind" }, o.kind));
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); pick(o); });
      return li;
    }) : [h("li", { class: "none", role: "option", "aria-disabled": "true" }, "Nothing found")]));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    mark(items.length ? 0 : -1);
  };
  const suggest = async () => {
    const text = input.value.trim();
    const mine = ++seq;
    if (text.length < 2) { close(); return; }
    try {
      const { data } = await graphql(SUGGEST_QUERY, { text });
      if (mine !== seq) return;
      const tag = (group) => (n) => ({ ...n, group });
      show([...data.actors.nodes.map(tag("actor")), ...data.instruments.nodes.map(tag("instrument")),
        ...data.activities.nodes.map(tag("activity"))]);
    } catch (err) {
      onError(`Search failed: ${err.message}`);
    }
  };
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(suggest, 200); });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" && options.length) { ev.preventDefault(); mark((active + 1) % options.length); }
    else if (ev.key === "ArrowUp" && options.length) { ev.preventDefault(); mark((active - 1 + options.length) % options.length); }
    else if (ev.key === "Escape") close();
    else if (ev.key === "Enter") {
      ev.preventDefault();
      if (!list.hidden && active >= 0 && options[active]) pick(options[active]);
      else { clearTimeout(timer); suggest(); }
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  form.addEventListener("submit", (ev) => ev.preventDefault());
}
