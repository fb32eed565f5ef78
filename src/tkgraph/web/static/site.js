// For pages that only need the shared header: mount it where the page asks.
import { mountNav } from "./nav.js";

const holder = document.querySelector("[data-site-nav]");
if (holder) mountNav(holder);
