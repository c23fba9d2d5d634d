// Shows an import's progress without reloading; reloads once it has finished to show the
// report. Without JavaScript the page offers a "Check progress" link instead.
export function initImportProgress(root) {
  const url = root.dataset.progressUrl;
  const status = root.querySelector("[data-progress-status]");
  const text = root.querySelector("[data-progress-text]");
  const bar = root.querySelector("progress");

  async function poll() {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) return;
    const progress = await response.json();
    if (!progress.active) {
      window.location.reload();
      return;
    }
    status.textContent = progress.status_label;
    text.textContent = `${progress.rows_read} of about ${progress.rows_expected} rows (${progress.percent}%)`;
    bar.value = progress.percent;
    bar.textContent = `${progress.percent}%`;
    window.setTimeout(poll, 1500);
  }
  window.setTimeout(poll, 1500);
}
