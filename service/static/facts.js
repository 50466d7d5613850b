// The staff page's chart: one metric across years, drawn as inline SVG from /api/compare.
(function () {
  "use strict";
  var box = document.getElementById("chart-box");
  if (!box || !box.dataset.metric) { return; }
  var params = new URLSearchParams({ metric: box.dataset.metric });
  if (box.dataset.agency) { params.set("agency", box.dataset.agency); }
  fetch("/api/compare?" + params.toString())
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data) { return; }
      var byAgency = {};
      data.series.forEach(function (p) {
        if (p.value === null || p.report.year === null) { return; }
        (byAgency[p.report.agency] = byAgency[p.report.agency] || []).push(p);
      });
      var names = Object.keys(byAgency).slice(0, 8);
      if (!names.length) { return; }
      draw(names, byAgency, data.metric.label);
      box.hidden = false;
    });

  function el(name, attrs, text) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function draw(names, byAgency, label) {
    var W = 640, H = 280, L = 60, R = 20, T = 20, B = 60;
    var years = [], max = 0;
    names.forEach(function (n) {
      byAgency[n].forEach(function (p) {
        if (years.indexOf(p.report.year) < 0) { years.push(p.report.year); }
        max = Math.max(max, p.value);
      });
    });
    years.sort();
    max = max || 1;
    var x = function (y) { return L + (years.length < 2 ? (W - L - R) / 2 : (years.indexOf(y) * (W - L - R)) / (years.length - 1)); };
    var yv = function (v) { return T + (H - T - B) * (1 - v / max); };
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H });
    svg.appendChild(el("title", {}, label));
    svg.appendChild(el("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#999" }));
    svg.appendChild(el("text", { x: 4, y: T + 4, "font-size": 12 }, String(max)));
    years.forEach(function (y) {
      svg.appendChild(el("text", { x: x(y) - 14, y: H - B + 18, "font-size": 12 }, String(y)));
    });
    var colours = ["#b4232c", "#2a6fb0", "#2f8f4e", "#8a5cb8", "#c27c0e", "#4a4a4a", "#0f8c8c", "#c2185b"];
    names.forEach(function (n, i) {
      var points = byAgency[n].slice().sort(function (a, b) { return a.report.year - b.report.year; });
      var d = points.map(function (p, j) { return (j ? "L" : "M") + x(p.report.year) + " " + yv(p.value); }).join(" ");
      svg.appendChild(el("path", { d: d, fill: "none", stroke: colours[i % colours.length], "stroke-width": 2 }));
      points.forEach(function (p) {
        var dot = el("circle", { cx: x(p.report.year), cy: yv(p.value), r: 3.5, fill: colours[i % colours.length] });
        dot.appendChild(el("title", {}, n + " " + p.report.year + "年：" + p.value + (p.unit || "")));
        svg.appendChild(dot);
      });
      svg.appendChild(el("text", { x: L + (i % 2) * 290, y: H - 28 + Math.floor(i / 2) * 14, "font-size": 11, fill: colours[i % colours.length] }, n));
    });
    document.getElementById("chart").appendChild(svg);
  }
})();
