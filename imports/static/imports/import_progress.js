// The import page's progress bar: polls the run's status while it is applying, reloads when it has finished.
(function () {
  const box = document.getElementById("import-progress");
  if (!box || box.hidden) {
    return;
  }
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-progress-text]");
  async function poll() {
    const answer = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
    const state = await answer.json();
    bar.max = state.total || 1;
    bar.value = state.done;
    text.textContent = state.done + " / " + state.total + " (" + state.status_display + ")";
    if (state.finished) {
      window.location.reload();
    } else {
      window.setTimeout(poll, 1000);
    }
  }
  poll();
})();
