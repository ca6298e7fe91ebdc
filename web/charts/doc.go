// Package charts builds echarts options with go-echarts and returns them as
// plain JSON-ready maps. Pages embed them as JSON data blocks and the static
// charts.js draws them: no inline script, so user text in a chart (an
// indicator's name, say) can never run as code.
package charts
