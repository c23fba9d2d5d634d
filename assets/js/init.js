// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "./govuk-frontend.min.js";
import { initImportProgress } from "./import-progress.js";

initAll();
document.querySelectorAll('[data-module="vch-import-progress"]').forEach(initImportProgress);
