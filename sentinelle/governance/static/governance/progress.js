// While the approved report's PDFs are being made, ask for the same page every
// few seconds and show its progress; once they are made, show the page again
// (with the links to the PDFs). Without JavaScript, the page's Refresh link does it.
(function () {
  "use strict";
  var box = document.querySelector("[data-report-progress]");
  if (!box || !window.fetch || !window.DOMParser) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[role=status]");

  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-report-progress]");
        if (!fresh) { window.location.reload(); return; }
        var freshBar = fresh.querySelector("progress");
        var freshText = fresh.querySelector("[role=status]");
        if (bar && freshBar) { bar.value = freshBar.value; }
        if (text && freshText && text.textContent !== freshText.textContent) { text.textContent = freshText.textContent; }
        window.setTimeout(poll, 3000);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 3000);
})();
