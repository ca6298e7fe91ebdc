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
    if (el.clientWidth < 520 && option.legend) {
      // a phone: one scrolling line of legend, clear of the axis names below it
      option.legend = Object.assign({}, option.legend, { type: 'scroll', top: 0 });
      var grids = [].concat(option.grid || {});
      option.grid = grids.map(function (g) { return Object.assign({}, g, { top: 56, left: 8, right: 12 }); });
    }
    var chart = echarts.init(el, null, { renderer: el.getAttribute('data-renderer') || 'canvas' });
    chart.setOption(option);
    el.setAttribute('data-drawn', 'true');
    window.addEventListener('resize', function () { chart.resize(); });
  }

  document.querySelectorAll('[data-chart]').forEach(draw);
})();
