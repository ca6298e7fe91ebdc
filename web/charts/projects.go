package charts

import (
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Span is one project on the timeline: its planned period and the part of
// it passed (or taken, once finished), in fractional years (2023.5 is
// mid-2023).
type Span struct {
	Name              string
	Start, End, Until float64
	Colour            string // its status's
}

// Timeline draws each project's planned period as a light bar and the time
// passed as a bar in its status's colour, on a shared axis of years.
func Timeline(id string, spans []Span, planned, passed string) Option {
	bc := charts.NewBar()
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range spans {
		lo, hi = math.Min(lo, s.Start), math.Max(hi, s.End)
	}
	// echarts writes a value axis's numbers with thousands separators
	// (2,021), whatever the template; years are drawn as years since 2000
	// under the template "20{value}", which reads 2021
	shift, label := 2000.0, "20{value}"
	if lo < 2000 || hi >= 2100 {
		shift, label = 0, "{value}"
	}
	bc.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", Data: []string{planned, passed}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Bottom: "3%", Top: "32", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
	)
	names := make([]string, len(spans))
	offset := make([]opts.BarData, len(spans)) // both stacks start each bar at the project's start
	length := make([]opts.BarData, len(spans))
	done := make([]opts.BarData, len(spans))
	for i, s := range spans {
		names[i] = s.Name
		offset[i] = opts.BarData{Value: num(s.Start - shift)}
		length[i] = opts.BarData{Value: num(s.End - s.Start)}
		done[i] = opts.BarData{Value: num(math.Max(0, math.Min(s.Until, s.End)-s.Start)), ItemStyle: &opts.ItemStyle{Color: s.Colour}}
	}
	bc.SetXAxis(names)
	none := charts.WithItemStyleOpts(opts.ItemStyle{Color: "transparent"})
	bc.AddSeries("offset", offset, charts.WithBarChartOpts(opts.BarChart{Stack: "planned"}), none)
	bc.AddSeries(planned, length, charts.WithBarChartOpts(opts.BarChart{Stack: "planned", BarGap: "-100%"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#d1d5db"}))
	bc.AddSeries("offset2", offset, charts.WithBarChartOpts(opts.BarChart{Stack: "passed", BarWidth: "40%"}), none)
	bc.AddSeries(passed, done, charts.WithBarChartOpts(opts.BarChart{Stack: "passed", BarWidth: "40%"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#2563eb"}))
	bc.XYReversal()
	o := finalize(bc)
	// whole years, every one where the span allows; on a phone the
	// overlapping labels hide (written out: go-echarts has no minInterval)
	axis := map[string]any{"type": "value", "min": math.Floor(lo) - shift, "max": math.Ceil(hi) - shift, "minInterval": 1,
		"axisLabel": map[string]any{"formatter": label, "hideOverlap": true}}
	if math.Ceil(hi)-math.Floor(lo) <= 12 {
		axis["interval"] = 1
	}
	o["xAxis"] = []map[string]any{axis}
	return o
}

// Investment draws a project's planned and completed investment by year.
func Investment(id string, years []string, planned, completed []*float64, plannedName, completedName, unit string) Option {
	bc := charts.NewBar()
	bc.SetGlobalOptions(base(id, unit, false)...)
	bars := func(vs []*float64) []opts.BarData {
		out := make([]opts.BarData, len(vs))
		for i, v := range vs {
			out[i] = opts.BarData{Value: missing}
			if v != nil {
				out[i] = opts.BarData{Value: num(*v)}
			}
		}
		return out
	}
	bc.SetXAxis(years)
	bc.AddSeries(plannedName, bars(planned), charts.WithItemStyleOpts(opts.ItemStyle{Color: "#9ca3af"}))
	bc.AddSeries(completedName, bars(completed), charts.WithItemStyleOpts(opts.ItemStyle{Color: "#2563eb"}))
	return finalize(bc)
}
