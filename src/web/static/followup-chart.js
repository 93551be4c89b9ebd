// Draws indicator charts with Chart.js (served from the binary, /assets/vendor/chart.js/).
// Progressive enhancement: the table beside each canvas holds the same data and works without this
// file. A canvas[data-ks-chart] carries data-periods and data-values (JSON arrays; null where a
// period has no data — drawn as a gap, never as zero), data-target (the målnivå, may be empty) and
// data-label. The target is drawn as a dashed horizontal line.
(function () {
  "use strict";

  function parse(text) {
    try { return JSON.parse(text || "[]"); } catch (e) { return []; }
  }

  function draw(canvas) {
    if (typeof Chart === "undefined" || canvas.dataset.drawn) return;
    const periods = parse(canvas.dataset.periods);
    const values = parse(canvas.dataset.values);
    const target = canvas.dataset.target === "" ? null : Number(canvas.dataset.target);
    const datasets = [{
      label: canvas.dataset.label || "",
      data: values,
      spanGaps: false,
      borderColor: "#1d70b8",
      backgroundColor: "#1d70b8",
      pointRadius: 4,
      pointStyle: "circle"
    }];
    if (target !== null && !Number.isNaN(target)) {
      datasets.push({
        label: (canvas.dataset.targetLabel || "Målnivå") + " " + target,
        data: periods.map(function () { return target; }),
        borderColor: "#d4351c",
        borderDash: [6, 4],
        pointRadius: 0,
        pointStyle: "line"
      });
    }
    const chart = new Chart(canvas, {
      type: "line",
      data: { labels: periods, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { labels: { usePointStyle: true } } },
        scales: { y: { beginAtZero: false } }
      }
    });
    canvas.dataset.drawn = "1";
    canvas.dataset.targetDrawn = target !== null && !Number.isNaN(target) ? "1" : "0";
    canvas.ksChart = chart;
  }

  function start() {
    document.querySelectorAll("canvas[data-ks-chart]").forEach(draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
