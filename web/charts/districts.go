package charts

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Bar is one district on a ranked chart: its completion and status.
type Bar struct {
	Name       string
	Completion float64 // a fraction
	Colour     string  // its status's
}

// Ranked draws districts' completion as horizontal bars, highest first
// (at the top), each in its status's colour, with the 100% line.
func Ranked(id string, bars []Bar, l Labels) Option {
	bc := charts.NewBar()
	bc.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}), // one series: the axis names it
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "8%", Bottom: "3%", Top: "24", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: l.Completion + " %"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
	)
	names := make([]string, len(bars))
	data := make([]opts.BarData, len(bars))
	for i, b := range bars {
		names[i] = b.Name
		data[i] = opts.BarData{Name: b.Name, Value: num(b.Completion * 100), ItemStyle: &opts.ItemStyle{Color: b.Colour}}
	}
	bc.SetXAxis(names)
	bc.AddSeries(l.Completion, data,
		charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: "100%", XAxis: 100}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Type: "dashed", Color: "#9ca3af"}}))
	bc.XYReversal()
	return finalize(bc)
}

// Level is one value of a matrix cell: a status, its label and colour.
type Level struct {
	Label, Colour string
}

// Cell is one cell of a matrix: column (indicator) x, row (district) y,
// and the index of its level.
type Cell struct {
	X, Y, Level int
	Name        string // what the tooltip says
}

// Matrix draws a district × indicator status matrix as a heat map: one
// row a district, one column an indicator, each cell in its status's
// colour, the legend naming the statuses.
func Matrix(id string, columns, rows []string, levels []Level, cells []Cell) Option {
	hm := charts.NewHeatMap()
	hm.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}), // the visual map names the statuses
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "3%", Bottom: "64", Top: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: columns, SplitArea: &opts.SplitArea{Show: opts.Bool(true)},
			AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: 0}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: rows, Inverse: opts.Bool(true),
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)}, AxisLabel: &opts.AxisLabel{Interval: "0"}}),
	)
	data := make([]opts.HeatMapData, len(cells))
	for i, c := range cells {
		data[i] = opts.HeatMapData{Name: c.Name, Value: [3]int{c.X, c.Y, c.Level}}
	}
	hm.AddSeries("status", data, charts.WithItemStyleOpts(opts.ItemStyle{BorderColor: "#fff", BorderWidth: 2}))
	o := finalize(hm)
	// one piece a status: the legend below names them (go-echarts leaves
	// out a zero min, so the pieces are written out here)
	pieces := make([]map[string]any, len(levels))
	for i, lv := range levels {
		pieces[i] = map[string]any{"value": i, "label": lv.Label, "color": lv.Colour}
	}
	o["visualMap"] = map[string]any{"type": "piecewise", "orient": "horizontal", "left": "center", "bottom": 0,
		"dimension": 2, "pieces": pieces}
	return o
}
