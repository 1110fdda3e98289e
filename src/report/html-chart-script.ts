/**
 * The HTML report's own script (inlined after uPlot): draws the three charts from the time series
 * embedded as JSON (#stampede-series) and sets `data-charts` on <body> to the number drawn.
 * Plain ES2017, no modules, no network.
 */
export const CHART_SCRIPT = `
(function () {
  'use strict';
  var s = JSON.parse(document.getElementById('stampede-series').textContent);
  var HEIGHT = 230;
  var charts = [];
  function widthOf(el) { return Math.max(320, el.clientWidth); }
  function line(label, color, fill) {
    return { label: label, stroke: color, width: 2, fill: fill || undefined, points: { show: false } };
  }
  function draw(id, title, unit, series, values) {
    var el = document.getElementById(id);
    if (!el) return;
    var opts = {
      title: title,
      width: widthOf(el),
      height: HEIGHT,
      scales: { x: { time: true } },
      axes: [{}, { label: unit, size: 64 }],
      series: [{}].concat(series),
      cursor: { drag: { x: true, y: false } }
    };
    charts.push({ el: el, plot: new uPlot(opts, [s.t].concat(values), el) });
  }
  if (s.t.length > 0) {
    draw('chart-rps', 'Requests and failures per second (10 s window)', 'per second',
      [line('Requests/s', '#2f6fde', 'rgba(47,111,222,0.10)'), line('Failures/s', '#c62828', 'rgba(198,40,40,0.10)')],
      [s.rps, s.failRps]);
    draw('chart-latency', 'Response times (10 s window)', 'ms',
      [line('p50', '#1a7f37'), line('p95', '#d9822b'), line('p99', '#c62828')],
      [s.p50, s.p95, s.p99]);
    draw('chart-users', 'Users', 'users', [line('Users', '#6b4fbb', 'rgba(107,79,187,0.10)')], [s.users]);
  }
  document.body.setAttribute('data-charts', String(charts.length));
  var pending = null;
  window.addEventListener('resize', function () {
    if (pending !== null) clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (c) { c.plot.setSize({ width: widthOf(c.el), height: HEIGHT }); });
    }, 100);
  });
})();
`;
