// Draw a redaction on the page with the mouse (or a pen): the rectangle's
// corners, in PDF points, fill the x0, y0, x1, y1 fields of the form named by
// the overlay's data-draw-target. The fields stay usable by hand without it.
(function () {
  "use strict";
  var svg = document.querySelector("svg.marks-overlay[data-draw-target]");
  if (!svg) { return; }
  var form = document.getElementById(svg.getAttribute("data-draw-target"));
  if (!form) { return; }
  var drawing = svg.querySelector("[data-drawing]");
  var start = null;

  function point(event) {
    var p = svg.createSVGPoint();
    p.x = event.clientX;
    p.y = event.clientY;
    var matrix = svg.getScreenCTM();
    var q = matrix ? p.matrixTransform(matrix.inverse()) : p;
    var box = svg.viewBox.baseVal;
    return { x: Math.min(Math.max(q.x, 0), box.width), y: Math.min(Math.max(q.y, 0), box.height) };
  }
  function show(a, b) {
    drawing.setAttribute("x", Math.min(a.x, b.x).toFixed(2));
    drawing.setAttribute("y", Math.min(a.y, b.y).toFixed(2));
    drawing.setAttribute("width", Math.abs(b.x - a.x).toFixed(2));
    drawing.setAttribute("height", Math.abs(b.y - a.y).toFixed(2));
  }
  function fill(name, value) {
    var field = form.querySelector("[name='" + name + "']");
    if (field) {
      field.value = value.toFixed(2);
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) { return; }
    start = point(event);
    show(start, start);
    svg.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  svg.addEventListener("pointermove", function (event) {
    if (start) { show(start, point(event)); }
  });
  svg.addEventListener("pointerup", function (event) {
    if (!start) { return; }
    var end = point(event);
    show(start, end);
    fill("x0", Math.min(start.x, end.x));
    fill("y0", Math.min(start.y, end.y));
    fill("x1", Math.max(start.x, end.x));
    fill("y1", Math.max(start.y, end.y));
    var text = form.querySelector("[name='find_text']");
    if (text) { text.value = ""; }
    start = null;
    var first = form.querySelector("[name='ground']");
    if (first) { first.focus(); }
  });
})();
