package charts

import (
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"plantrack/indicators"
)

// Option is an echarts option, ready for json.Marshal.
type Option = map[string]any

// Labels are the legend and axis texts, in the page's language.
type Labels struct {
	Actual, Estimate, LowerBound, UpperBound string
	Baseline, Expected, Projection, Target   string
	Interim                                  string
	Completion, Elapsed, Diagonal            string
	Unit                                     func(string) string // a unit in the language
	Form                                     FormLabels
}

const missing = "-" // echarts' marker for a gap in a series

func finalize(c interface {
	Validate()
	JSON() map[string]interface{}
}) Option {
	c.Validate()
	o := c.JSON()
	o["animation"] = false
	return o
}

func num(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// Data is what a chart draws, as a table can show it: the categories
// (years) and each series' value in each (nil where it has none).
type Data struct {
	Categories []string
	Series     []DataSeries
}

// DataSeries is one series of a chart's Data.
type DataSeries struct {
	Name   string
	Values []*float64
	Notes  []string // what a value's symbol says (an estimate, a lower bound); "" for none
}

// Indicator draws one indicator from t0 to T: the baseline, the expected
// path from baseline to target, the actuals (estimates and bounds with their
// own symbols), the trend projection to T and the target.
//
// Values published as yearly rates, relative and yearly targets have
// charts of their own (forms.go).
func Indicator(id string, ind indicators.Indicator, a indicators.Assessment, cur []indicators.Observation, l Labels) (Option, Data) {
	switch {
	case a.Index != nil:
		return rates(id, ind, a, cur, l)
	case a.Relative != nil:
		return relative(id, a, l)
	case a.Yearly != nil:
		return yearly(id, ind, a, cur, l)
	}
	first, last := a.T0, a.T
	for _, o := range cur {
		first = min(first, o.Year)
		last = max(last, o.Year)
	}
	years := make([]string, 0, last-first+1)
	for y := first; y <= last; y++ {
		years = append(years, strconv.Itoa(y))
	}
	series := func() []opts.LineData {
		s := make([]opts.LineData, len(years))
		for i := range s {
			s[i] = opts.LineData{Value: missing}
		}
		return s
	}
	at := func(y int) int { return y - first }
	line := charts.NewLine()
	data := Data{Categories: years}
	add := func(name string, s []opts.LineData, o ...charts.SeriesOpts) {
		line.AddSeries(name, s, o...)
		vs, notes := make([]*float64, len(s)), make([]string, len(s))
		for i, d := range s {
			if v, ok := d.Value.(float64); ok {
				vs[i], notes[i] = &v, d.Name
			}
		}
		data.Series = append(data.Series, DataSeries{Name: name, Values: vs, Notes: notes})
	}

	line.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Bottom: "3%", Top: "48", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: "", Data: years}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: l.Unit(ind.Unit), Scale: opts.Bool(true)}),
	)
	line.SetXAxis(years)

	act := series()
	for _, o := range cur {
		d := opts.LineData{Value: num(o.Value)}
		switch o.Qualifier {
		case indicators.Estimate:
			d.Symbol, d.Name = "emptyCircle", l.Estimate
		case indicators.LowerBound:
			d.Symbol, d.Name, d.SymbolSize = "triangle", l.LowerBound, 10
		case indicators.UpperBound:
			d.Symbol, d.Name, d.SymbolSize = "path://M0,0 L10,0 L5,10 Z", l.UpperBound, 10
		}
		act[at(o.Year)] = d
	}
	add(l.Actual, act, append([]charts.SeriesOpts{charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), SymbolSize: 8, ConnectNulls: opts.Bool(true)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1f5fa8"}), charts.WithLineStyleOpts(opts.LineStyle{Width: 2.5})}, breakLine(a, l)...)...)

	if a.X0 != nil {
		b := series()
		b[at(a.T0)] = opts.LineData{Value: num(*a.X0), Symbol: "rect", SymbolSize: 10}
		add(l.Baseline, b, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#6b7280"}))
	}
	if a.X0 != nil && a.XT != nil && a.Kind != indicators.KindCeiling && a.Kind != indicators.KindFloor {
		e := series()
		x0, xT, n := *a.X0, *a.XT, float64(a.T-a.T0)
		for y := a.T0; y <= a.T; y++ {
			k := float64(y - a.T0)
			v := x0 + (xT-x0)*k/n
			if a.Kind == indicators.KindAvgGrowth && x0 > 0 {
				v = x0 * math.Pow(xT/x0, k/n)
			}
			e[at(y)] = opts.LineData{Value: num(v)}
		}
		add(l.Expected, e, charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: "#9ca3af"}), charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 1.5}))
	}
	if a.Trend != nil && a.Latest != nil && a.Latest.Year < a.T {
		p := series()
		t, xt := a.Latest.Year, a.Latest.Value
		for y := t; y <= a.T; y++ {
			p[at(y)] = opts.LineData{Value: num(xt + (a.Trend.Projected-xt)*float64(y-t)/float64(a.T-t))}
		}
		add(l.Projection, p, charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: "#d97706"}), charts.WithLineStyleOpts(opts.LineStyle{Type: "dotted", Width: 2}))
	}
	if len(ind.Interim) > 0 {
		it := series()
		for _, x := range ind.Interim {
			if y := at(x.Year); y >= 0 && y < len(it) {
				it[y] = opts.LineData{Value: num(x.Value), Symbol: "diamond", SymbolSize: 9}
			}
		}
		add(l.Interim, it, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#f97316"}))
	}
	if a.XT != nil {
		tg := series()
		if a.Kind == indicators.KindCeiling || a.Kind == indicators.KindFloor {
			for y := a.T0 + 1; y <= a.T; y++ {
				tg[at(y)] = opts.LineData{Value: num(*a.XT)}
			}
			add(l.Target, tg, charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
				charts.WithItemStyleOpts(opts.ItemStyle{Color: "#b91c1c"}), charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 1.5}))
		} else {
			tg[at(a.T)] = opts.LineData{Value: num(*a.XT), Symbol: "diamond", SymbolSize: 14}
			add(l.Target, tg, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#b91c1c"}))
		}
	}
	return finalize(line), data
}

// Point is one indicator on the overview chart.
type Point struct {
	Name                string
	Elapsed, Completion float64 // fractions
	Status              indicators.Status
	StatusLabel, Colour string
	Symbol              string // an echarts symbol: the status's shape
}

// Completion axis bounds of the overview chart, in percent: a point beyond
// them is drawn on the edge as an arrow pointing out, its real figure in
// its name (Clamped lists them for the page to say so).
const (
	MinCompletion = -20.0
	MaxCompletion = 150.0
)

// Clamped reports whether a point's completion lies beyond the chart's axis.
func (p Point) Clamped() bool {
	c := p.Completion * 100
	return c < MinCompletion || c > MaxCompletion
}

// Overview plots each indicator's completion against the elapsed share of
// the plan period, one series per status so the legend explains the colours,
// with the diagonal where completion equals elapsed time.
func Overview(id string, pts []Point, l Labels) Option {
	yMin := 0
	for _, p := range pts {
		if p.Completion < 0 {
			yMin = int(MinCompletion) // regressing indicators sit below zero; the axis floor keeps them visible
		}
	}
	sc := charts.NewScatter()
	sc.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "6%", Bottom: "36", Top: "56", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: l.Elapsed + " %", Min: 0, Max: 100, NameLocation: "middle", NameGap: 28}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: l.Completion + " %", Min: yMin}),
	)
	byStatus := map[indicators.Status][]opts.ScatterData{}
	var order []indicators.Status
	first := map[indicators.Status]Point{}
	for _, p := range pts {
		if _, ok := byStatus[p.Status]; !ok {
			order = append(order, p.Status)
			first[p.Status] = p
		}
		d := opts.ScatterData{Name: p.Name, Value: []float64{num(p.Elapsed * 100), num(p.Completion * 100)}, SymbolSize: 12}
		if p.Clamped() {
			// on the edge, an arrow pointing the way the figure lies; the name carries the real figure
			c, rot := MaxCompletion, 0
			if p.Completion*100 < MinCompletion {
				c, rot = MinCompletion, 180
			}
			d.Value, d.Symbol, d.SymbolRotate, d.SymbolSize = []float64{num(p.Elapsed * 100), c}, "arrow", rot, 16
		}
		byStatus[p.Status] = append(byStatus[p.Status], d)
	}
	for _, s := range order {
		p := first[s]
		sc.AddSeries(p.StatusLabel, byStatus[s], charts.WithItemStyleOpts(opts.ItemStyle{Color: p.Colour}),
			charts.WithScatterChartOpts(opts.ScatterChart{Symbol: p.Symbol}))
	}
	diag := charts.NewLine()
	diag.AddSeries(l.Diagonal, []opts.LineData{{Value: []float64{0, 0}}, {Value: []float64{100, 100}}},
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#9ca3af"}), charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed"}))
	sc.Overlap(diag)
	return finalize(sc)
}
