/* Draws a Chart.js chart above every table marked data-chart="bar|line|doughnut",
   from the numbers of its body (data-value of each cell). The table stays: it is
   what screen readers and people without JavaScript read. */
(function () {
  "use strict";
  var COLOURS = ["#26374a", "#2b8cc4", "#d3080c", "#6c9a3c", "#a26e2f", "#7b3f99", "#0e7c7b", "#c0579b"];

  function seriesOf(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var labels = rows.map(function (row) { return row.cells[0].textContent.trim(); });
    var datasets = [];
    var percent = false;
    headers.forEach(function (header, index) {
      if (!header.hasAttribute("data-series")) { return; }
      var unitPercent = header.getAttribute("data-unit") === "percent";
      percent = percent || unitPercent;
      datasets.push({
        label: header.textContent.trim(),
        data: rows.map(function (row) {
          var raw = row.cells[index] ? row.cells[index].getAttribute("data-value") : "";
          if (raw === null || raw === "") { return null; }
          var value = parseFloat(raw);
          return unitPercent ? Math.round(value * 1000) / 10 : value;
        })
      });
    });
    return { labels: labels, datasets: datasets, percent: percent };
  }

  function draw(table) {
    if (typeof Chart === "undefined") { return; }
    var type = table.getAttribute("data-chart");
    var stacked = table.getAttribute("data-stacked") === "true";
    var series = seriesOf(table);
    if (!series.labels.length || !series.datasets.length) { return; }
    series.datasets.forEach(function (dataset, index) {
      if (type === "doughnut") {
        dataset.backgroundColor = series.labels.map(function (_label, i) { return COLOURS[i % COLOURS.length]; });
      } else {
        dataset.backgroundColor = COLOURS[index % COLOURS.length];
        dataset.borderColor = COLOURS[index % COLOURS.length];
      }
    });
    var caption = table.querySelector("caption");
    var figure = document.createElement("div");
    figure.className = "dashboard-chart";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", (caption ? caption.textContent.trim() : "") + " " +
      (document.documentElement.lang === "fr" ? "(graphique ; les chiffres sont dans le tableau)"
        : "(chart; the figures are in the table)"));
    canvas.setAttribute("data-chart-for", table.id);
    figure.appendChild(canvas);
    var wrapper = table.closest(".table-scroll") || table;
    wrapper.parentNode.insertBefore(figure, wrapper);
    var scales = {};
    if (type !== "doughnut") {
      scales = {
        x: { stacked: stacked },
        y: { stacked: stacked, beginAtZero: true, max: series.percent ? 100 : undefined }
      };
    }
    new Chart(canvas, {
      type: type,
      data: { labels: series.labels, datasets: series.datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: { legend: { display: series.datasets.length > 1 || type === "doughnut" } }
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
