(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('chart-data').textContent);
  var rendered = 0;
  if (typeof Chart === 'undefined') { document.body.setAttribute('data-charts-rendered', '0'); return; }
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var c = data.charts[canvas.getAttribute('data-chart')];
    if (!c) { return; }
    if (c.kind === 'calibration') {
      var palette = ['#2c5fb8', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569', '#b45309'];
      new Chart(canvas, {
        type: 'scatter',
        data: { datasets: c.series.map(function (s, i) {
          return { label: s.group + (s.reference ? ' (reference)' : ''), data: s.points, showLine: true,
            borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], borderWidth: s.reference ? 3 : 1.5 };
        }) },
        options: { responsive: true, maintainAspectRatio: false,
          plugins: { tooltip: { callbacks: { label: function (ctx) { var p = ctx.raw;
            return ctx.dataset.label + ': mean score ' + p.x.toPrecision(3) + ', positive ' + (100 * p.y).toFixed(1) + '% of ' + p.n; } } } },
          scales: { x: { title: { display: true, text: 'mean score in the bin' } },
                    y: { min: 0, max: 1, title: { display: true, text: 'positive label rate' },
                         ticks: { callback: function (v) { return Math.round(100 * v) + '%'; } } } } }
      });
      rendered++;
      return;
    }
    var pct = c.percent;
    var fmt = function (v) { return v === null ? 'undefined' : (pct ? (100 * v).toFixed(1) + '%' : v.toPrecision(4)); };
    var colors = c.groups.map(function (g, i) { return i === c.reference ? '#2c5fb8' : '#8fb0e8'; });
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: c.groups,
        datasets: [
          { label: c.title, data: c.values, backgroundColor: colors, barPercentage: 0.8, categoryPercentage: 0.9, order: 2 },
          { label: c.intervalLabel, data: c.intervals, backgroundColor: '#1d2330', barPercentage: 0.12,
            categoryPercentage: 0.9, grouped: false, order: 1 }
        ]
      },
      options: {
        indexAxis: 'y', responsive: true, maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: function (items) { return items.length ? c.groups[items[0].dataIndex] : ''; },
            label: function (ctx) {
            if (ctx.datasetIndex === 1) {
              var r = ctx.raw; return r ? c.intervalLabel + ': ' + fmt(r[0]) + ' – ' + fmt(r[1]) : 'no interval';
            }
            return c.title + ': ' + fmt(ctx.raw);
          } } }
        },
        scales: {
          x: { min: c.min, max: c.max, ticks: { callback: function (v) { return pct ? Math.round(100 * v) + '%' : v; } } },
          y: { ticks: { autoSkip: false, callback: function (v) {
            var label = this.getLabelForValue(v);
            return label.length > 26 ? label.slice(0, 25) + '…' : label;
          } } }
        }
      }
    });
    rendered++;
  });
  document.body.setAttribute('data-charts-rendered', String(rendered));
})();
