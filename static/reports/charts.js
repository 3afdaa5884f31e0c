// Draws each report chart from the JSON its table wrote beside it (json_script), so the
// chart and the accessible table always show the same numbers. No inline script (CSP).
(function () {
  "use strict";
  // Okabe & Ito's palette: told apart with every common colour-vision deficiency;
  // grey for "not screened". The legend and the table carry the names too.
  var PALETTE = ["#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#999999", "#009E73", "#CC79A7", "#000000"];
  var charts = [];
  if (typeof Chart === "undefined") { return; }
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#212529";
  Chart.defaults.animation = false;

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var horizontal = data.labels.length > 6;
    charts.push(new Chart(canvas, {
      type: data.kind === "line" ? "line" : "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          var colour = PALETTE[index % PALETTE.length];
          return {
            label: series.label,
            data: series.values,
            backgroundColor: colour,
            borderColor: colour,
            borderWidth: data.kind === "line" ? 2 : 0,
            pointStyle: ["circle", "rect", "triangle", "rectRot", "cross"][index % 5],
          };
        }),
      },
      options: {
        indexAxis: horizontal && data.kind !== "line" ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom", labels: { usePointStyle: data.kind === "line" } } },
        scales: {
          x: { stacked: data.stacked, beginAtZero: true },
          y: { stacked: data.stacked, beginAtZero: true },
        },
      },
    }));
  });
  // Printing on A4 narrows the page: redraw at the printed size.
  window.addEventListener("beforeprint", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
  window.addEventListener("afterprint", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
