/* Draws a Chart.js chart for every table marked data-chart="bar|line|doughnut",
   from the numbers of its body (data-value of each cell), in the slot marked
   data-chart-slot="<the table's id>" (else just before the table). The table
   stays: it is what screen readers and people without JavaScript read. The
   colours are the page's palette (the JSON block #chart-palette, written by the
   server from sentinelle/dashboard/palette.py). Selecting a bar, point or slice
   follows the link of its row's heading, when it has one (the same address
   that narrows the page without JavaScript). A table whose disclosure is marked
   data-close-when-drawn stays open without JavaScript and is folded once its
   chart is drawn. */
(function () {
  "use strict";

  function palette() {
    var block = document.getElementById("chart-palette");
    try { return block ? JSON.parse(block.textContent) : []; } catch (e) { return []; }
  }

  function seriesOf(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var labels = rows.map(function (row) { return row.cells[0].textContent.trim(); });
    var links = rows.map(function (row) {
      var link = row.cells[0].querySelector("a[href]");
      return link ? link.href : null;
    });
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
    return { labels: labels, links: links, datasets: datasets, percent: percent };
  }

  function draw(table, colours) {
    if (typeof Chart === "undefined" || !colours.length) { return; }
    var type = table.getAttribute("data-chart");
    var stacked = table.getAttribute("data-stacked") === "true";
    var series = seriesOf(table);
    if (!series.labels.length || !series.datasets.length) { return; }
    series.datasets.forEach(function (dataset, index) {
      if (type === "doughnut") {
        dataset.backgroundColor = series.labels.map(function (_label, i) { return colours[i % colours.length]; });
      } else {
        dataset.backgroundColor = colours[index % colours.length];
        dataset.borderColor = colours[index % colours.length];
      }
    });
    var caption = table.querySelector("caption");
    var slot = document.querySelector('[data-chart-slot="' + table.id + '"]');
    if (!slot) {
      slot = document.createElement("div");
      slot.className = "dashboard-chart";
      var wrapper = table.closest(".table-scroll") || table;
      wrapper.parentNode.insertBefore(slot, wrapper);
    }
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", (caption ? caption.textContent.trim() : "") + " " +
      (document.documentElement.lang === "fr" ? "(graphique ; les chiffres sont dans le tableau)"
        : "(chart; the figures are in the table)"));
    canvas.setAttribute("data-chart-for", table.id);
    slot.appendChild(canvas);
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
        plugins: { legend: { display: series.datasets.length > 1 || type === "doughnut" } },
        onClick: function (_event, elements) {
          if (!elements.length) { return; }
          var link = series.links[elements[0].index];
          if (link) { window.location.assign(link); }
        }
      }
    });
    var disclosure = table.closest("details[data-close-when-drawn]");
    if (disclosure) { disclosure.open = false; }
  }

  function start() {
    var colours = palette();
    Array.prototype.forEach.call(document.querySelectorAll("table[data-chart]"), function (table) {
      draw(table, colours);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
