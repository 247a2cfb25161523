// Draws the model page's charts from the JSON the page carries (no inline script: the page's CSP allows only these files).
(function () {
  const data = JSON.parse(document.getElementById('chart-data').textContent);
  const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
  window.probityCharts = [];

  function canvas(parent, title) {
    const h = document.createElement('h3');
    h.textContent = title;
    parent.appendChild(h);
    const box = document.createElement('div');
    box.className = 'chart';
    const c = document.createElement('canvas');
    box.appendChild(c);
    parent.appendChild(box);
    return c;
  }

  function line(c, labels, datasets, yTitle, extra) {
    const chart = new Chart(c, {
      type: 'line',
      data: { labels: labels, datasets: datasets },
      options: Object.assign({
        animation: false, maintainAspectRatio: false, spanGaps: false,
        interaction: { mode: 'index', intersect: false },
        scales: { y: { title: { display: true, text: yTitle } } },
        plugins: { legend: { labels: { filter: (item) => !item.text.startsWith('_') } } }
      }, extra || {})
    });
    window.probityCharts.push(chart);
    return chart;
  }

  const sel = document.getElementById('selection-charts');
  data.attributes.forEach((a) => {
    const groups = Object.keys(a.selection);
    const ds = groups.map((g, i) => ({
      label: g, data: a.selection[g], borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], tension: 0
    }));
    line(canvas(sel, 'Selection rate by ' + a.attribute), a.windows, ds, 'selection rate', {
      scales: { y: { min: 0, max: 1, title: { display: true, text: 'selection rate' } } },
      plugins: { tooltip: { callbacks: { afterLabel: (ctx) => 'n = ' + a.counts[groups[ctx.datasetIndex]][ctx.dataIndex] } } }
    });
    if (a.reference && a.selection[a.reference]) {
      const ref = a.selection[a.reference];
      const ratios = groups.filter((g) => g !== a.reference).map((g, i) => ({
        label: g + ' / ' + a.reference,
        data: a.selection[g].map((v, k) => (v === null || !ref[k]) ? null : v / ref[k]),
        borderColor: palette[(groups.indexOf(g)) % palette.length], tension: 0
      }));
      ratios.push({ label: 'four-fifths rule (' + data.fourFifths + ')', data: a.windows.map(() => data.fourFifths), borderColor: '#6b7280', borderDash: [6, 4], pointRadius: 0 });
      line(canvas(sel, 'Selection rate relative to ' + a.reference), a.windows, ratios, 'ratio to the reference group');
    }
  });

  const tpr = document.getElementById('tpr-charts');
  if (data.tpr) {
    Object.keys(data.tpr).forEach((attribute) => {
      const groups = Object.keys(data.tpr[attribute]);
      const ds = [];
      groups.forEach((g, i) => {
        const s = data.tpr[attribute][g];
        const color = palette[i % palette.length];
        ds.push({ label: '_low ' + g, data: s.low, borderColor: 'transparent', pointRadius: 0, fill: false });
        ds.push({ label: '_high ' + g, data: s.high, borderColor: 'transparent', pointRadius: 0, backgroundColor: color + '26', fill: '-1' });
        ds.push({ label: g, data: s.value, borderColor: color, backgroundColor: color, tension: 0 });
      });
      line(canvas(tpr, 'True positive rate by ' + attribute), data.tprWindows, ds, 'true positive rate', {
        scales: { y: { min: 0, max: 1, title: { display: true, text: 'true positive rate' } } },
        plugins: { legend: { labels: { filter: (item) => !item.text.startsWith('_') } },
                   tooltip: { filter: (item) => !item.dataset.label.startsWith('_') } }
      });
    });
  }

  const perf = document.getElementById('performance-chart');
  if (perf && data.performance && data.performance.windows.length) {
    const p = data.performance;
    line(canvas(perf, 'Accuracy: estimated from the scores, and realized from labels'), p.windows, [
      { label: '_low', data: p.low, borderColor: 'transparent', pointRadius: 0, fill: false },
      { label: '_high', data: p.high, borderColor: 'transparent', pointRadius: 0, backgroundColor: '#1f77b426', fill: '-1' },
      { label: 'estimated (CBPE)', data: p.estimated, borderColor: '#1f77b4', backgroundColor: '#1f77b4', tension: 0 },
      { label: 'realized (labelled predictions)', data: p.realized, borderColor: '#d62728', backgroundColor: '#d62728', tension: 0 }
    ], 'accuracy', {
      scales: { y: { min: 0, max: 1, title: { display: true, text: 'accuracy' } } },
      plugins: { legend: { labels: { filter: (item) => !item.text.startsWith('_') } },
                 tooltip: { filter: (item) => !item.dataset.label.startsWith('_') } }
    });
  }
})();
