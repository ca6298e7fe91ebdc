package charts

import (
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"plantrack/indicators"
)

// FormLabels are the texts of the charts of yearly rates, relative and
// yearly targets, and series breaks, in the page's language.
type FormLabels struct {
	Rate, Average, Cumulative string // a year's rate; the running average and cumulative change
	Own, YearTarget, Break    string // the indicator's growth; a year's target; a series break
	Reference                 string // the reference indicator's name
}

// years is the categories of a chart from first to last.
func years(first, last int) []string {
	out := make([]string, 0, max(0, last-first+1))
	for y := first; y <= last; y++ {
		out = append(out, strconv.Itoa(y))
	}
	return out
}

// table collects what a chart draws as Data while the chart is built.
type table struct {
	Data
	first int
}

func newTable(first, last int) *table {
	return &table{Data: Data{Categories: years(first, last)}, first: first}
}

// series adds a series of values by year to the table and returns it as
// echarts data, "-" where a year has none.
func (t *table) series(name string, byYear map[int]float64, notes map[int]string) []opts.LineData {
	out := make([]opts.LineData, len(t.Categories))
	ds := DataSeries{Name: name, Values: make([]*float64, len(out)), Notes: make([]string, len(out))}
	for i := range out {
		y := t.first + i
		v, ok := byYear[y]
		if !ok {
			out[i] = opts.LineData{Value: missing}
			continue
		}
		v = num(v)
		out[i] = opts.LineData{Value: v}
		ds.Values[i], ds.Notes[i] = &v, notes[y]
	}
	t.Data.Series = append(t.Data.Series, ds)
	return out
}

// bars is series as bar data.
func bars(ls []opts.LineData) []opts.BarData {
	out := make([]opts.BarData, len(ls))
	for i, d := range ls {
		out[i] = opts.BarData{Value: d.Value}
	}
	return out
}

// base sets what every chart of the indicator page shares; scale lets the
// value axis leave out zero (never for bars, which start from it).
func base(id, unit string, scale bool) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Bottom: "3%", Top: "48", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: unit, Scale: opts.Bool(scale)}),
	}
}

// breakLine marks a series break on a series: a vertical line at its year.
func breakLine(a indicators.Assessment, l Labels) []charts.SeriesOpts {
	if a.BreakYear == 0 {
		return nil
	}
	return []charts.SeriesOpts{
		charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: l.Form.Break, XAxis: strconv.Itoa(a.BreakYear)}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Type: "dashed", Color: "#7c3aed"}, Label: &opts.Label{Show: opts.Bool(true), Formatter: l.Form.Break}}),
	}
}

// rates draws values published as yearly rates (docs/method.md §9): each
// year's rate as a bar, and the running average rate (avg_growth) or the
// cumulative change (cumulative_change) as a line, with the target.
func rates(id string, ind indicators.Indicator, a indicators.Assessment, cur []indicators.Observation, l Labels) (Option, Data) {
	first, last := a.T0+1, a.T
	for _, o := range cur {
		if o.Year > a.T0 {
			last = max(last, o.Year)
		}
	}
	t := newTable(first, last)
	rate, notes := map[int]float64{}, map[int]string{}
	for _, o := range cur {
		if o.Year > a.T0 {
			rate[o.Year] = o.Value
			notes[o.Year] = qualNote(o, l)
		}
	}
	running, name := map[int]float64{}, l.Form.Average
	if a.Kind == indicators.KindCumulativeChange {
		name = l.Form.Cumulative
	}
	for _, p := range a.Index.Points {
		running[p.Year] = p.Average
		if a.Kind == indicators.KindCumulativeChange {
			running[p.Year] = p.Cumulative
		}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(base(id, "%", false)...)
	bar.SetXAxis(t.Categories)
	so := append([]charts.SeriesOpts{charts.WithItemStyleOpts(opts.ItemStyle{Color: "#93c5fd"})}, breakLine(a, l)...)
	bar.AddSeries(l.Form.Rate, bars(t.series(l.Form.Rate, rate, notes)), so...)
	line := charts.NewLine()
	line.AddSeries(name, t.series(name, running, nil), charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), SymbolSize: 8}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1f5fa8"}), charts.WithLineStyleOpts(opts.LineStyle{Width: 2.5}))
	if !ind.Target.Pending {
		tg := map[int]float64{a.T: ind.Target.Value}
		line.AddSeries(l.Target, t.series(l.Target, tg, nil), charts.WithItemStyleOpts(opts.ItemStyle{Color: "#b91c1c"}),
			charts.WithLineChartOpts(opts.LineChart{Symbol: "diamond", SymbolSize: 14}))
	}
	bar.Overlap(line)
	return finalize(bar), t.Data
}

// relative draws a relative target's two series of yearly growth (docs/method.md §10).
func relative(id string, a indicators.Assessment, l Labels) (Option, Data) {
	r := a.Relative
	first, last := a.T0+1, a.T
	t := newTable(first, last)
	own, ref := map[int]float64{}, map[int]float64{}
	for _, y := range r.Years {
		own[y.Year], ref[y.Year] = y.Own, y.Ref
	}
	line := charts.NewLine()
	line.SetGlobalOptions(base(id, "%", true)...)
	line.SetXAxis(t.Categories)
	line.AddSeries(l.Form.Own, t.series(l.Form.Own, own, nil), charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), SymbolSize: 8}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1f5fa8"}), charts.WithLineStyleOpts(opts.LineStyle{Width: 2.5}))
	line.AddSeries(l.Form.Reference, t.series(l.Form.Reference, ref, nil), charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), Symbol: "rect", SymbolSize: 8}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#6b7280"}), charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 2}))
	return finalize(line), t.Data
}

// yearly draws a yearly target: each year's value, and each year's target
// as a marker (docs/method.md §10).
func yearly(id string, ind indicators.Indicator, a indicators.Assessment, cur []indicators.Observation, l Labels) (Option, Data) {
	first, last := a.T0+1, a.T
	for _, o := range cur {
		if o.Year > a.T0 {
			last = max(last, o.Year)
		}
	}
	t := newTable(first, last)
	vals, notes, targets, words := map[int]float64{}, map[int]string{}, map[int]float64{}, map[int]string{}
	for _, o := range cur {
		if o.Year > a.T0 {
			vals[o.Year], notes[o.Year] = o.Value, qualNote(o, l)
		}
	}
	for _, c := range a.Yearly.Years {
		if c.Target != nil {
			targets[c.Year], words[c.Year] = c.Target.Value, c.Target.Written()
		}
	}
	line := charts.NewLine()
	line.SetGlobalOptions(base(id, l.Unit(ind.Unit), true)...)
	line.SetXAxis(t.Categories)
	so := append([]charts.SeriesOpts{charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), SymbolSize: 8, ConnectNulls: opts.Bool(true)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1f5fa8"}), charts.WithLineStyleOpts(opts.LineStyle{Width: 2.5})}, breakLine(a, l)...)
	line.AddSeries(l.Actual, t.series(l.Actual, vals, notes), so...)
	tg := t.series(l.Form.YearTarget, targets, words)
	for i := range tg {
		if tg[i].Value != missing {
			tg[i].Symbol, tg[i].SymbolSize, tg[i].Name = "diamond", 12, words[first+i]
		}
	}
	line.AddSeries(l.Form.YearTarget, tg, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#b91c1c"}),
		charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}))
	return finalize(line), t.Data
}

// qualNote is what a value's qualifier says beside it in a table.
func qualNote(o indicators.Observation, l Labels) string {
	switch o.Qualifier {
	case indicators.Estimate:
		return l.Estimate
	case indicators.LowerBound:
		return l.LowerBound
	case indicators.UpperBound:
		return l.UpperBound
	}
	return ""
}
