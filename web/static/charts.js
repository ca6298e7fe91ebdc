// Draws every chart of the page from its JSON option block. The options are
// built on the server (go-echarts) and embedded as application/json, so no
// inline script is needed and the Content-Security-Policy stays strict.
(function () {
  'use strict';

  function draw(el) {
    var src = document.getElementById(el.getAttribute('data-chart'));
    if (!src || typeof echarts === 'undefined') {
      return;
    }
    var option = JSON.parse(src.textContent);
    // The HTML tooltip uses inline styles, which the CSP forbids.
    option.tooltip = Object.assign({}, option.tooltip, { renderMode: 'richText', confine: true });
    option.animation = false;
    var chart = echarts.init(el, null, { renderer: el.getAttribute('data-renderer') || 'canvas' });
    chart.setOption(option);
    el.setAttribute('data-drawn', 'true');
    window.addEventListener('resize', function () { chart.resize(); });
  }

  document.querySelectorAll('[data-chart]').forEach(draw);
})();
