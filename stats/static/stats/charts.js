// Draws each panel's chart with Apache ECharts (installed from npm, served locally) from the JSON beside it:
// the same rows as the panel's table. Geography is shown as ranked bars labelled by GB/T 2260 names (no map).
(function () {
  "use strict";
  function draw(node) {
    var data = JSON.parse(document.getElementById(node.dataset.chart.replace(/^data-/, "")).textContent);
    var labels = data.rows.map(function (r) { return r.label; });
    var values = data.rows.map(function (r) { return r.value; });
    var chart = echarts.init(node, null, { renderer: "canvas" });
    var option;
    if (data.chart === "pie") {
      option = { tooltip: { trigger: "item" }, legend: { bottom: 0, type: "scroll" },
        series: [{ type: "pie", radius: ["35%", "65%"], label: { formatter: "{b}\n{c}" },
                   data: data.rows.map(function (r) { return { name: r.label, value: r.value }; }) }] };
    } else if (data.chart === "ranking") {
      var top = data.rows.slice(0, 20).reverse();
      option = { tooltip: {}, grid: { left: 150, right: 40, top: 10, bottom: 20 },
        xAxis: { type: "value", name: data.unit },
        yAxis: { type: "category", data: top.map(function (r) { return r.label; }) },
        series: [{ type: "bar", data: top.map(function (r) { return r.value; }), label: { show: true, position: "right" } }] };
    } else {
      option = { tooltip: { trigger: "axis" }, grid: { left: 60, right: 20, top: 30, bottom: 40 },
        xAxis: { type: "category", data: labels }, yAxis: { type: "value", name: data.unit },
        series: [{ type: data.chart === "line" ? "line" : "bar", data: values, label: { show: labels.length <= 12, position: "top" } }] };
    }
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    node.dataset.rendered = "1";
  }
  function drawAll(root) {
    if (typeof echarts === "undefined") { return; }
    root.querySelectorAll("[data-chart]:not([data-rendered])").forEach(draw);
  }
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  // Panels loaded after the page (htmx) are drawn as they arrive.
  document.addEventListener("htmx:afterSettle", function () { drawAll(document); });
})();
