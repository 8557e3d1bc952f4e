/* Draws one line chart per region from the table that follows it (the table
   stays the reference: the chart only repeats its figures). Forecast quarters
   are drawn dashed. Without JavaScript the page shows the tables only. The
   colours are the page's palette (#chart-palette, from sentinelle/lib/palette.py);
   a table with no figure at all gets its sentence instead of an empty chart. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var block = document.getElementById("chart-palette");
  var colours = block ? JSON.parse(block.textContent) : [];
  if (!colours.length) { return; }
  var numberOf = function (cell) {
    var raw = cell.getAttribute("data-value");
    return raw === null || raw === "" ? null : Number(raw);
  };
  document.querySelectorAll("canvas[data-table]").forEach(function (canvas) {
    var table = document.getElementById(canvas.getAttribute("data-table"));
    if (!table) { return; }
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th[data-quarter]"));
    var labels = heads.map(function (th) { return th.getAttribute("data-quarter"); });
    var firstForecast = heads.findIndex(function (th) { return th.hasAttribute("data-forecast"); });
    var datasets = [];
    table.querySelectorAll("tbody tr").forEach(function (row, i) {
      var cells = Array.prototype.slice.call(row.querySelectorAll("td[data-value]"));
      datasets.push({
        label: row.getAttribute("data-measure"),
        data: cells.map(numberOf),
        borderColor: colours[i % colours.length],
        backgroundColor: colours[i % colours.length],
        spanGaps: false,
        segment: {
          borderDash: function (ctx) {
            return firstForecast >= 0 && ctx.p1DataIndex >= firstForecast ? [6, 4] : undefined;
          }
        }
      });
    });
    var drawable = datasets.some(function (dataset) {
      return dataset.data.some(function (value) { return value !== null && value !== 0; });
    });
    if (!drawable) {
      var empty = canvas.parentElement.nextElementSibling;
      if (empty && empty.classList.contains("chart-empty")) { empty.hidden = false; }
      return;
    }
    canvas.parentElement.hidden = false;
    new window.Chart(canvas, {
      type: "line",
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
})();
