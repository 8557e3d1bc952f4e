// Keeps the progress of a background job up to date ("Page 37 of 100"), then
// reloads the page when the job has finished. Without JavaScript, the page has
// a "Refresh" link.
(function () {
  "use strict";
  var box = document.querySelector(".job-progress[data-status-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var text = box.querySelector("[data-progress-text]");
  var bar = box.querySelector("[data-progress-bar]");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        if (text && text.textContent !== data.text) { text.textContent = data.text; }
        if (bar) { bar.max = Math.max(data.total, 1); bar.value = data.done; }
        if (data.active) { window.setTimeout(poll, 1500); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
