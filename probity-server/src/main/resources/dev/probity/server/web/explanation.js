// Draws one decision's SHAP contributions as horizontal bars (no inline script: the page's CSP allows only these files).
(function () {
  const data = JSON.parse(document.getElementById('chart-data').textContent);
  const order = data.values.map((v, i) => i).sort((a, b) => Math.abs(data.values[b]) - Math.abs(data.values[a]));
  const labels = order.map((i) => data.features[i]);
  const values = order.map((i) => data.values[i]);
  window.probityCharts = [new Chart(document.getElementById('contributions'), {
    type: 'bar',
    data: { labels: labels, datasets: [{ label: 'contribution', data: values,
      backgroundColor: values.map((v) => (v >= 0 ? '#d62728' : '#1f77b4')) }] },
    options: { indexAxis: 'y', animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } },
      scales: { x: { title: { display: true, text: 'change in the probability of the positive class' } } } }
  })];
}());
