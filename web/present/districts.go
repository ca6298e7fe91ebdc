package present

import (
	"math"
	"net/url"
	"slices"

	"plantrack/indicators"
	"plantrack/web/charts"
	"plantrack/web/i18n"
	"plantrack/web/views"
)

// UnitHref is the page of a district's share of a plan.
func UnitHref(plan, unit string) string { return PlanHref(plan) + "/units/" + url.PathEscape(unit) }

// Districts presents a decomposed indicator of plan: the districts ranked
// by completion, the chart of it, the roll-up check year by year and the
// warnings (targets that do not add up, differences beyond the tolerance).
func Districts(l i18n.Lang, plan string, dec indicators.Decomposition, id, title string) views.DistrictsPanel {
	ind := dec.Indicator
	unit := l.UnitLabel(ind.Unit)
	chartID := id + "-chart"
	out := views.DistrictsPanel{ID: id, Title: title, Rule: l.T("rollup." + string(dec.Rule)),
		Head: []string{l.T("districts.unit"), l.T("col.target"), l.T("col.latest"), l.T("col.completion"), l.T("col.status")}}
	if dec.Rule == indicators.RollupEach || dec.Rule == indicators.RollupCompare {
		out.Rule += " " + l.T("districts.meeting", dec.Meeting, len(dec.Units))
	}
	var bars []charts.Bar
	sample := false
	for _, u := range dec.Units {
		a := u.Assessment
		sample = sample || u.Plan.Sample
		r := views.DistrictRow{Name: l.Pick(u.Unit.NameZh, u.Unit.NameEn), Href: UnitHref(plan, u.Unit.Code),
			Target: TargetText(l, u.Indicator, a), Latest: "—", Completion: OptPct(a.Completion),
			Status: string(a.Status), StatusLabel: StatusLabel(l, a.Status)}
		if a.Latest != nil {
			r.Latest = Figure(*a.Latest) + " (" + l.T("year.suffix", a.Latest.Year) + ")"
		}
		out.Rows = append(out.Rows, r)
		if a.Completion != nil {
			bars = append(bars, charts.Bar{Name: r.Name, Completion: *a.Completion, Colour: StatusColour[a.Status]})
		}
	}
	if sample {
		out.Sample = l.T("districts.sample")
	}
	if len(bars) == 0 {
		out.NoChart = l.T("districts.noCompletion")
	}
	out.Chart = views.ChartBox{ID: chartID, Class: "chart-md", Renderer: "svg", Label: l.T("districts.chart.label"),
		Option: charts.Ranked(chartID, bars, ChartLabels(l)), DescribedBy: id + "-table"}
	if len(bars) > 8 {
		out.Chart.Class = "chart-tall" // a bar a district, readable
	}
	if w := TargetWarning(l, dec); w != "" {
		out.Warnings = append(out.Warnings, w)
	}
	if dec.Rule.Combines() {
		t := &views.DataTable{Caption: l.T("districts.rollup"),
			Head: []string{l.T("col.year"), l.T("districts.combined"), l.T("districts.city"), l.T("districts.diff")}}
		for _, y := range dec.Years {
			row := []string{l.T("year.suffix", y.Year), "—", "—", "—"}
			if y.Combined != nil {
				row[1] = Num(round(*y.Combined, 2))
			} else if len(y.Missing) > 0 {
				row[1] = l.T("districts.missing", len(y.Missing))
			}
			if y.City != nil {
				row[2] = Num(*y.City)
			}
			if y.Diff != nil {
				row[3] = signedPct(*y.Diff)
				if y.Flagged {
					row[3] += " ⚠ " + l.T("districts.flag")
					out.Warnings = append(out.Warnings, l.T("districts.flagged", y.Year, Num(round(*y.Combined, 2)), Num(*y.City), unit,
						signedPct(*y.Diff), i18n.Pct(indicators.RollupTolerance)))
				}
			}
			t.Rows = append(t.Rows, row)
		}
		if len(t.Rows) > 0 {
			out.Rollup = t
		}
	}
	return out
}

// RollupGaps are a decomposition's roll-up differences beyond the
// tolerance and targets that do not add up, as data gaps of a report.
func RollupGaps(l i18n.Lang, dec indicators.Decomposition) []views.Gap {
	var out []views.Gap
	name := l.Pick(dec.Indicator.NameZh, dec.Indicator.NameEn)
	unit := l.UnitLabel(dec.Indicator.Unit)
	for _, y := range dec.Flagged() {
		out = append(out, views.Gap{Name: name, What: l.T("districts.flagged", y.Year, Num(round(*y.Combined, 2)), Num(*y.City), unit,
			signedPct(*y.Diff), i18n.Pct(indicators.RollupTolerance))})
	}
	if w := TargetWarning(l, dec); w != "" {
		out = append(out, views.Gap{Name: name, What: w})
	}
	return out
}

// TargetWarning says that the districts' targets do not make the city's:
// their sum (sum) or their weighted mean (fixed weights) beyond the
// roll-up tolerance; "" when they do or cannot be compared.
func TargetWarning(l i18n.Lang, dec indicators.Decomposition) string {
	if !dec.TargetOff {
		return ""
	}
	c := dec.Indicator.Target.Value
	unit := l.UnitLabel(dec.Indicator.Unit)
	key, got := "districts.targetOff", dec.TargetSum
	if got == nil {
		key, got = "districts.targetMeanOff", dec.TargetMean
	}
	if got == nil || c == 0 {
		return ""
	}
	return l.T(key, Num(round(*got, 2)), Num(c), unit, i18n.Pct(math.Abs(*got-c)/math.Abs(c)), i18n.Pct(indicators.RollupTolerance))
}

func round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

func signedPct(f float64) string {
	if f > 0 {
		return "+" + i18n.Pct(f)
	}
	return i18n.Pct(f)
}

// Matrix presents the district × indicator status matrix of a plan's
// decomposed indicators: one row a district, one column an indicator.
func Matrix(l i18n.Lang, plan string, units []indicators.Unit, decs []indicators.Decomposition, sample bool) views.Matrix {
	cols := make([]string, len(decs))
	for i, d := range decs {
		cols[i] = l.Pick(d.Indicator.NameZh, d.Indicator.NameEn)
	}
	rows := make([]string, len(units))
	rowOf := map[string]int{}
	m := views.Matrix{Note: l.T("matrix.note")}
	for i, u := range units {
		rows[i], rowOf[u.Code] = l.Pick(u.NameZh, u.NameEn), i
		m.Units = append(m.Units, views.Link{Label: rows[i], Href: UnitHref(plan, u.Code)})
	}
	levelOf := map[indicators.Status]int{}
	var levels []charts.Level
	var seen []indicators.Status
	for _, d := range decs {
		for _, u := range d.Units {
			if !slices.Contains(seen, u.Assessment.Status) {
				seen = append(seen, u.Assessment.Status)
			}
		}
	}
	for _, st := range indicators.Statuses { // the legend in the statuses' own order
		if slices.Contains(seen, st) {
			levelOf[st] = len(levels)
			levels = append(levels, charts.Level{Label: StatusLabel(l, st), Colour: StatusColour[st]})
		}
	}
	table := &views.DataTable{Caption: l.T("matrix.table"), Head: append([]string{l.T("districts.unit")}, cols...)}
	cells := make([][]string, len(units))
	for i := range cells {
		cells[i] = make([]string, len(cols)+1)
		cells[i][0] = rows[i]
		for j := range cols {
			cells[i][j+1] = "—"
		}
	}
	var data []charts.Cell
	for x, d := range decs {
		for _, u := range d.Units {
			y, ok := rowOf[u.Unit.Code]
			if !ok {
				continue
			}
			a := u.Assessment
			label := StatusLabel(l, a.Status)
			name := rows[y] + " · " + cols[x] + ": " + label
			if a.Completion != nil {
				name += " " + i18n.Pct(*a.Completion)
			}
			data = append(data, charts.Cell{X: x, Y: y, Level: levelOf[a.Status], Name: name})
			cells[y][x+1] = label
		}
	}
	table.Rows = cells
	if sample {
		m.Note = l.T("districts.sample") + " " + m.Note
	}
	m.Chart = views.ChartBox{ID: "matrix-chart", Class: "chart-matrix", Renderer: "svg", Label: l.T("matrix.label", len(units), len(cols)),
		Option: charts.Matrix("matrix-chart", cols, rows, levels, data), Table: table}
	return m
}
