// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "./govuk-frontend.min.js";
import { initImportProgress } from "./import-progress.js";

initAll();
document.querySelectorAll('[data-module="vch-import-progress"]').forEach(initImportProgress);

// A success banner is what a change's next page is about: GOV.UK Frontend focuses it
// (role="alert"), but a redirect to a section's #anchor scrolls past it once the page has
// loaded, so it is brought back into view then.
const banner = document.querySelector('.govuk-notification-banner--success[role="alert"]');
if (banner && window.location.hash) {
  window.addEventListener("load", () => {
    window.setTimeout(() => banner.scrollIntoView({ block: "start" }), 0);
  });
}
