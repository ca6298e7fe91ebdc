// Package present turns domain values into the text and view models that
// pages and reports show, in one language: numbers, targets as worded,
// statuses, the calculation written out with its inputs, data gaps. The
// web pages (package web) and the reports (package app) share it, so both
// say the same thing the same way.
package present

import (
	"bytes"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"plantrack/indicators"
	"plantrack/web/charts"
	"plantrack/web/i18n"
	"plantrack/web/views"
)

// StatusColour is the one palette of statuses: badges, Counts, table rows and
// chart points all take their colour from here (status.css is generated from it).
var StatusColour = map[indicators.Status]string{
	indicators.StatusAchievedEarly: "#047857",
	indicators.StatusAchieved:      "#059669",
	indicators.StatusAhead:         "#0d9488",
	indicators.StatusOnTrack:       "#2563eb",
	indicators.StatusCompliant:     "#0891b2",
	indicators.StatusBehind:        "#d97706",
	indicators.StatusRegressing:    "#dc2626",
	indicators.StatusNotAchieved:   "#b91c1c",
	indicators.StatusBreached:      "#9f1239",
	indicators.StatusNoBaseline:    "#7c3aed",
	indicators.StatusNoData:        "#6b7280",
	indicators.StatusMonitoring:    "#475569",
	indicators.StatusTargetPending: "#4338ca",
	Stale:                          "#a16207",
}

var cmpSymbol = map[indicators.Comparator]string{
	indicators.GE: "≥", indicators.GT: ">", indicators.LE: "≤", indicators.LT: "<", indicators.Around: "≈",
}

func StatusLabel(l i18n.Lang, s indicators.Status) string { return l.T("status." + string(s)) }

func Num(v float64) string { return i18n.Num(v) }

func OptNum(l i18n.Lang, p *float64) string {
	if p == nil {
		return l.T("unknown")
	}
	return Num(*p)
}

func OptPct(p *float64) string {
	if p == nil {
		return "—"
	}
	return i18n.Pct(*p)
}

// Signed shows a change with its sign: +20, −13.5.
func Signed(v float64) string {
	if v > 0 {
		return "+" + Num(v)
	}
	return Num(v)
}

// Condition is the "met" test as text: x ≥ 39, x ≈ 6 ± 0.5. A growth or
// change target about a figure is met in its own terms (docs/method.md
// §3): a ≈ 6% ± 0.5, C ≈ −13.5% ± 0.5.
func Condition(ind indicators.Indicator, a indicators.Assessment) string {
	switch {
	case a.Comparator == indicators.Around && a.Kind == indicators.KindAvgGrowth:
		return fmt.Sprintf("a ≈ %s%% ± %s", Num(ind.Target.Value), Num(a.Band))
	case a.Comparator == indicators.Around && a.Kind == indicators.KindCumulativeChange:
		return fmt.Sprintf("C ≈ %s%% ± %s", Num(ind.Target.Value), Num(a.Band))
	case a.Kind == indicators.KindRelative:
		c := fmt.Sprintf("ā %s ā_ref", cmpSymbol[a.Comparator])
		if a.Comparator == indicators.Around {
			c = fmt.Sprintf("|ā − ā_ref| ≤ %s", Num(a.Band))
		}
		return c
	case a.XT == nil:
		return "—"
	case a.Comparator == indicators.Around:
		return fmt.Sprintf("x ≈ %s ± %s", Num(*a.XT), Num(a.Band))
	}
	return fmt.Sprintf("x %s %s", cmpSymbol[a.Comparator], Num(*a.XT))
}

// TargetText is the target in the plan's own terms, as a table shows it.
func TargetText(l i18n.Lang, ind indicators.Indicator, a indicators.Assessment) string {
	t := ind.Target
	if t.Pending {
		return l.T("target.pending", t.Text)
	}
	// as planning documents word them: 新增20个, 年均增长6%, 累计下降13.5%, 提高2个百分点
	updown := func(up, down string) string {
		if t.Value < 0 {
			return l.T(down, Num(-t.Value))
		}
		return l.T(up, Num(t.Value))
	}
	switch t.Kind {
	case indicators.KindLevel, indicators.KindCeiling, indicators.KindFloor:
		if t.Comparator == indicators.Around {
			return fmt.Sprintf("≈ %s ± %s", Num(t.Value), Num(t.Band))
		}
		return fmt.Sprintf("%s %s", cmpSymbol[ind.EffectiveComparator()], Num(t.Value))
	case indicators.KindIncreaseBy:
		return tidy(l.T("target.increase_by", Num(t.Value), l.Unit(ind.Unit)))
	case indicators.KindAvgGrowth:
		return updown("target.avg_growth.up", "target.avg_growth.down")
	case indicators.KindCumulativeChange:
		return updown("target.cumulative_change.up", "target.cumulative_change.down")
	case indicators.KindPPChange:
		return updown("target.pp_change.up", "target.pp_change.down")
	case indicators.KindMilestone:
		return tidy(l.T("target.milestone", Num(t.Value), l.Unit(ind.Unit)))
	case indicators.KindRelative:
		ref := ind.Reference
		if r := a.Relative; r != nil {
			ref = l.Pick(r.RefName.Zh, r.RefName.En)
		}
		return l.T("target.relative."+cmpName(ind.EffectiveComparator()), ref)
	case indicators.KindYearly:
		return l.T("target.yearly")
	}
	return "—"
}

// cmpName is a comparator's name in catalog keys.
func cmpName(c indicators.Comparator) string {
	return map[indicators.Comparator]string{indicators.GE: "ge", indicators.GT: "gt", indicators.LE: "le", indicators.LT: "lt", indicators.Around: "around"}[c]
}

// tidy drops the spaces a unit English writes as nothing leaves behind.
func tidy(s string) string { return strings.Join(strings.Fields(s), " ") }

// Transition is a field's change as "old → new" ("—" for nothing), or the
// value alone when it does not change.
func Transition(old, new string) string {
	if old == new {
		return new
	}
	dash := func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	}
	return dash(old) + " → " + dash(new)
}

// QualShort is the prefix a value carries in tables: 约, 超过; empty for exact.
func QualShort(l i18n.Lang, q indicators.Qualifier) string {
	if q == indicators.Exact || q == "" {
		return ""
	}
	return l.T("qual.short." + string(q))
}

// SectionPath is the printed numbers of a section and its ancestors: 第五篇 第一章.
func SectionPath(secs map[string]indicators.Section, code string) []indicators.Section {
	var path []indicators.Section
	for code != "" {
		s, ok := secs[code]
		if !ok {
			break
		}
		path = append([]indicators.Section{s}, path...)
		code = s.ParentCode
	}
	return path
}

// SectionNumbers is a section path's printed numbers in the language:
// 第五篇 第一章, Part 5 Chapter 1.
func SectionNumbers(l i18n.Lang, path []indicators.Section) string {
	nums := make([]string, 0, len(path))
	for _, s := range path {
		nums = append(nums, SectionNumber(l, s))
	}
	return strings.Join(nums, " ")
}

// SectionNumber is a section's printed number in the language: as the
// document prints it in Chinese; in English "Chapter 2", "Box 18" where the
// number reads as one, as printed otherwise.
func SectionNumber(l i18n.Lang, s indicators.Section) string {
	if l != i18n.En {
		return s.Number
	}
	n, ok := indicators.SectionNumber(s.Number)
	if !ok {
		return s.Number
	}
	return l.T("level.numbered."+string(s.Level), n)
}

// SectionLabel is a section's number and title in the language.
func SectionLabel(l i18n.Lang, s indicators.Section) string {
	return strings.TrimSpace(SectionNumber(l, s) + " " + l.Pick(s.TitleZh, s.TitleEn))
}

func PlanHref(code string) string { return "/plans/" + url.PathEscape(code) }

func IndicatorHref(plan, code string) string {
	return PlanHref(plan) + "/indicators/" + url.PathEscape(code)
}

func Counts(l i18n.Lang, as []indicators.Assessed, href func(indicators.Status) string, active indicators.Status) []views.StatusCount {
	n := map[indicators.Status]int{}
	for _, a := range as {
		n[a.Assessment.Status]++
	}
	stale := 0
	for _, a := range as {
		if a.Assessment.Stale {
			stale++
		}
	}
	var out []views.StatusCount
	for _, st := range append(indicators.Statuses, Stale) {
		if n[st] == 0 && (st != Stale || stale == 0) {
			continue
		}
		c := views.StatusCount{Status: string(st), Label: StatusLabel(l, st), N: n[st], Active: st == active}
		if st == Stale {
			c.N = stale
		}
		if href != nil {
			c.Href = href(st)
		}
		out = append(out, c)
	}
	return out
}

// Stale is the overview's filter, and the count, of the indicators whose
// data lag (docs/method.md §4): not a status, a mark beside one.
const Stale indicators.Status = "stale"

// StaleNote says that an indicator's judgement speaks of an earlier year,
// "" when its data are current.
func StaleNote(l i18n.Lang, a indicators.Assessment) string {
	if !a.Stale {
		return ""
	}
	return l.T("stale.note", a.DataYear())
}

func Period(p indicators.Plan) string {
	return strconv.Itoa(p.BaseYear+1) + "–" + strconv.Itoa(p.TargetYear)
}

// Gaps lists the plan indicators whose data cannot support a full judgement.
func Gaps(l i18n.Lang, p indicators.Plan, all []indicators.Assessed, asOf int) []views.Gap {
	var out []views.Gap
	for _, x := range all {
		ind, a := x.Indicator, x.Assessment
		if ind.Attribute == indicators.Reference || ind.Target.Kind == indicators.KindNone {
			continue
		}
		var what []string
		if a.Status == indicators.StatusNoBaseline { // only where the judgement needs one
			what = append(what, l.T("overview.gap.nobaseline"))
		}
		if a.Index != nil && a.Index.Gap != 0 {
			what = append(what, l.T("overview.gap.rateGap", a.Index.Gap))
		}
		if a.Latest == nil {
			what = append(what, l.T("overview.gap.nodata"))
		} else if a.Latest.Year < min(asOf, a.T)-1 && a.Status != indicators.StatusAchievedEarly && a.Status != indicators.StatusAchieved {
			what = append(what, l.T("overview.gap.stale", a.Latest.Year))
		}
		if len(what) > 0 {
			out = append(out, views.Gap{Name: l.Pick(ind.NameZh, ind.NameEn), Href: IndicatorHref(p.Code, ind.Code), What: l.List(what)})
		}
	}
	return out
}

// IndicatorChart is an indicator's chart with its name and its figures
// as a table.
func IndicatorChart(l i18n.Lang, id, class, renderer string, ind indicators.Indicator, a indicators.Assessment, cur []indicators.Observation) views.ChartBox {
	labels := ChartLabels(l)
	if r := a.Relative; r != nil {
		labels.Form.Reference = l.Pick(r.RefName.Zh, r.RefName.En)
	}
	opt, data := charts.Indicator(id, ind, a, cur, labels)
	name := l.Pick(ind.NameZh, ind.NameEn)
	return views.ChartBox{ID: id, Class: class, Renderer: renderer, Option: opt,
		Label: l.T("chart.indicator.label", name, a.T0, a.T), Table: ChartTable(l, l.T("chart.data", name), data)}
}

// ChartTable is a chart's figures as a table: a row a year, a column a
// series, what a symbol says beside its figure.
func ChartTable(l i18n.Lang, caption string, d charts.Data) *views.DataTable {
	t := &views.DataTable{Caption: caption, Head: []string{l.T("col.year")}}
	for _, s := range d.Series {
		t.Head = append(t.Head, s.Name)
	}
	for i, c := range d.Categories {
		row := []string{c}
		for _, s := range d.Series {
			cell := ""
			if v := s.Values[i]; v != nil {
				cell = Num(*v)
				if s.Notes[i] != "" {
					cell += " (" + s.Notes[i] + ")"
				}
			}
			row = append(row, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// ChartLabels are the charts' texts in the language.
func ChartLabels(l i18n.Lang) charts.Labels {
	return charts.Labels{Actual: l.T("chart.actual"), Estimate: l.T("qual.estimate"), LowerBound: l.T("qual.lower_bound"),
		UpperBound: l.T("qual.upper_bound"), Baseline: l.T("col.baseline"), Expected: l.T("chart.expected"),
		Projection: l.T("chart.projection"), Target: l.T("col.target"), Interim: l.T("col.interim"), Completion: l.T("col.completion"),
		Elapsed: l.T("col.elapsed"), Diagonal: l.T("chart.diagonal"), Unit: l.UnitLabel,
		Form: charts.FormLabels{Rate: l.T("chart.rate"), Average: l.T("chart.average"), Cumulative: l.T("chart.cumulative"),
			Own: l.T("chart.own"), YearTarget: l.T("chart.yearTarget"), Break: l.T("chart.break")}}
}

// Person is how a history names the holder of account name: the display
// name with the account, 张三(zhang.san), or the account alone where it has
// no display name or the account is not known (the seed, the command line).
func Person(people map[string]string, name string) string {
	d := people[name]
	switch {
	case d == "":
		return name
	case strings.Contains(d, name):
		return d
	}
	return d + "(" + name + ")"
}

// DepartmentName is a department's name from names, the code where it has
// none, and "—" for no department.
func DepartmentName(names map[string]string, code string) string {
	if code == "" {
		return "—"
	}
	if n, ok := names[code]; ok {
		return n
	}
	return code
}

// Calculation writes out the assessment with its inputs, so that a reader
// can check every figure by hand. Pages and reports show the same.
func Calculation(l i18n.Lang, ind indicators.Indicator, a indicators.Assessment) views.Calc {
	var vm views.Calc
	latest := "—"
	if a.Latest != nil {
		latest = FigureText(l, *a.Latest)
	}
	latestLabel := l.T("f.latest.none")
	if a.Latest != nil {
		latestLabel = l.T("f.latest", a.Latest.Year)
	}
	base := OptNum(l, a.X0)
	switch {
	case a.Index != nil:
		base = l.T("f.indexBase")
	case ind.Target.Kind == indicators.KindRelative || ind.Target.Kind == indicators.KindYearly:
		base = l.T("f.noBaselineNeeded")
	case ind.BaselineValue != nil && ind.BaselineDecimals > 0:
		base = Baseline(l, ind, a)
	}
	vm.Inputs = []views.KV{
		{Label: l.T("f.baseline", a.T0), Value: base},
		{Label: l.T("f.target", a.T), Value: TargetText(l, ind, a)},
		{Label: latestLabel, Value: latest},
	}
	k := ind.Target.Kind
	judged := !ind.Target.Pending && k != indicators.KindNone && k != indicators.KindYearly
	if judged {
		vm.Inputs = append(vm.Inputs, views.KV{Label: l.T("f.comparator"), Value: Condition(ind, a)})
	}
	if judged && k != indicators.KindCeiling && k != indicators.KindFloor && k != indicators.KindRelative {
		vm.Inputs = append(vm.Inputs, views.KV{Label: l.T("f.tolerance"), Value: i18n.Pct(a.Tolerance)})
	}

	x0s := OptNum(l, a.X0)
	t := ind.Target
	if a.XT != nil && a.X0 != nil {
		switch t.Kind {
		case indicators.KindIncreaseBy:
			vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.xT"), Formula: fmt.Sprintf("x_T = x₀ + Δ = %s + %s", x0s, Num(t.Value)), Result: Num(*a.XT)})
		case indicators.KindAvgGrowth:
			vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.xT"), Formula: fmt.Sprintf("x_T = x₀·(1 + g)^(T − t₀) = %s × (1 + %s%%)^%d", x0s, Num(t.Value), a.T-a.T0), Result: Num(*a.XT)})
		case indicators.KindCumulativeChange:
			vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.xT"), Formula: fmt.Sprintf("x_T = x₀·(1 + p) = %s × (1 %s %s%%)", x0s, sign(t.Value), Num(abs(t.Value))), Result: Num(*a.XT)})
		case indicators.KindPPChange:
			vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.xT"), Formula: fmt.Sprintf("x_T = x₀ + Δpp = %s %s %s", x0s, sign(t.Value), Num(abs(t.Value))), Result: Num(*a.XT)})
		}
	}
	if a.Latest != nil && a.Completion != nil {
		vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.completion"),
			Formula: fmt.Sprintf("(x_t − x₀)/(x_T − x₀) = (%s − %s)/(%s − %s)", Num(xt(a)), x0s, Num(*a.XT), x0s),
			Result:  i18n.Pct(*a.Completion)})
	}
	if a.Latest != nil && a.Elapsed != nil {
		vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.elapsed"),
			Formula: fmt.Sprintf("(t − t₀)/(T − t₀) = (%d − %d)/(%d − %d)", a.Latest.Year, a.T0, a.T, a.T0),
			Result:  i18n.Pct(*a.Elapsed)})
	}
	if a.ActualRate != nil {
		vm.Steps = append(vm.Steps,
			views.Step{Label: l.T("f.actualRate"), Formula: fmt.Sprintf("(x_t/x₀)^(1/(t − t₀)) − 1 = (%s/%s)^(1/%d) − 1", Num(xt(a)), x0s, a.Latest.Year-a.T0), Result: i18n.Rate(*a.ActualRate)},
			views.Step{Label: l.T("f.ratio"), Formula: fmt.Sprintf("%s / %s%%", i18n.Pct(*a.ActualRate), Num(t.Value)), Result: Num(*a.GrowthRatio)})
	}
	formCalc(l, ind, a, &vm)
	vm.Explain = explain(l, ind, a)

	if tr := a.Trend; tr != nil {
		method := l.T("trend.compound")
		slope := i18n.Rate(tr.Slope) + l.T("unit.perYear")
		if tr.Method == indicators.TrendLinear {
			method = l.T("trend.linear", tr.Points)
			slope = Signed(tr.Slope) + l.T("unit.perYear")
		}
		if a.BreakYear != 0 {
			method = l.T("trend.afterBreak", a.BreakYear, tr.Points)
		}
		vm.Trend = append(vm.Trend, views.Step{Label: method, Formula: "", Result: slope},
			views.Step{Label: l.T("trend.projected", a.T), Formula: "x_T′", Result: Num(tr.Projected)})
		if tr.Ratio != nil {
			vm.Trend = append(vm.Trend, views.Step{Label: l.T("trend.P"),
				Formula: fmt.Sprintf("(%s − %s)/(%s − %s)", Num(tr.Projected), x0s, Num(*a.XT), x0s),
				Result:  i18n.Pct(*tr.Ratio) + " → " + l.T("judgement."+string(tr.Judgement))})
		}
	} else if a.Settled != "" {
		vm.TrendNote = l.T("settled."+string(a.Settled), a.DataYear())
	} else {
		vm.TrendNote = l.T("trend.none")
	}
	bounded := a.Kind == indicators.KindCeiling || a.Kind == indicators.KindFloor || a.Kind == indicators.KindNone ||
		a.Kind == indicators.KindRelative || a.Kind == indicators.KindYearly || ind.Target.Pending
	switch pc := a.Pace; {
	case bounded:
		vm.PaceNote = l.T("pace.na")
	case a.Latest == nil:
		vm.PaceNote = l.T("pace.nodata")
	case a.Settled != "":
		vm.PaceNote = l.T("settled."+string(a.Settled), a.DataYear())
	case a.XT == nil:
		vm.PaceNote = l.T("pace.nolevel")
	case pc == nil:
		vm.PaceNote = l.T("pace.passed")
	default:
		if a.Index != nil {
			// the rates that remain to compound: a yearly rate, not a change of the index
			if pc.AnnualRate != nil {
				vm.Pace = append(vm.Pace, views.Step{Label: l.T("pace.rate"),
					Formula: fmt.Sprintf("(%s/%s)^(1/%d) − 1", Num(*a.XT), Num(xt(a)), pc.YearsLeft), Result: i18n.Rate(*pc.AnnualRate)})
			}
			break
		}
		vm.Pace = append(vm.Pace, views.Step{Label: l.T("pace.change"),
			Formula: fmt.Sprintf("(%s − %s)/(%d − %d)", Num(*a.XT), Num(xt(a)), a.T, a.Latest.Year),
			Result:  Signed(pc.AnnualChange) + l.T("unit.perYear")})
		if pc.AnnualRate != nil {
			vm.Pace = append(vm.Pace, views.Step{Label: l.T("pace.rate"),
				Formula: fmt.Sprintf("(%s/%s)^(1/%d) − 1", Num(*a.XT), Num(xt(a)), pc.YearsLeft),
				Result:  i18n.Rate(*pc.AnnualRate)})
		}
	}

	cagr := views.Alt{Name: l.T("alt.cagr"), Formula: l.T("alt.cagr.formula"), Verdict: l.T("alt.na")}
	if c := a.CAGR; c != nil {
		cagr.Formula += fmt.Sprintf(" = %s / %s", i18n.Rate(c.Actual), i18n.Rate(c.Required))
		cagr.Result, cagr.Status, cagr.Verdict = strconv.FormatFloat(c.Ratio, 'f', 3, 64), string(c.Status), altVerdict(l, a, c.Status)
	}
	un := views.Alt{Name: l.T("alt.un"), Formula: l.T("alt.un.formula"), Verdict: l.T("alt.na.un")}
	if u := a.UN; u != nil {
		un.Result, un.Status, un.Verdict = strconv.FormatFloat(u.Ratio, 'f', 3, 64), string(u.Status), altVerdict(l, a, u.Status)
	}
	switch {
	case bounded:
		cagr.Verdict, un.Verdict = l.T("alt.na.kind"), l.T("alt.na.kind")
	case a.Settled != "":
		cagr.Verdict = l.T("settled."+string(a.Settled), a.DataYear())
		un.Verdict = cagr.Verdict
	}
	vm.Alts = []views.Alt{cagr, un}
	if a.LinearCompletion != nil || a.LogCompletion != nil {
		// both measures of a cumulative change, whichever the indicator uses (docs/method.md §11)
		for _, m := range []struct {
			key string
			c   *float64
			own bool
		}{{"alt.linear", a.LinearCompletion, a.Method != indicators.MethodLog}, {"alt.log", a.LogCompletion, a.Method == indicators.MethodLog}} {
			alt := views.Alt{Name: l.T(m.key), Formula: l.T(m.key + ".formula"), Verdict: l.T("alt.na")}
			if m.c != nil {
				alt.Result, alt.Verdict = i18n.Pct(*m.c), l.T("alt.completion.other")
				if m.own {
					alt.Verdict = l.T("alt.completion.own")
				}
			}
			vm.Alts = append(vm.Alts, alt)
		}
	}
	return vm
}

// altVerdict is an alternative method's category, said so that it never
// reads kinder than the status that counts: "on track" beside a status
// that is off track says that the default method decides.
func altVerdict(l i18n.Lang, a indicators.Assessment, s indicators.AltStatus) string {
	v := l.T("alt." + string(s))
	if s == indicators.AltOnTrack && a.Status.OffTrack() {
		return l.T("alt.kinder", v, StatusLabel(l, a.Status))
	}
	return v
}

func sign(v float64) string {
	if v < 0 {
		return "−"
	}
	return "+"
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// explain is the rule that decided the status, with its numbers.
func explain(l i18n.Lang, ind indicators.Indicator, a indicators.Assessment) string {
	st := StatusLabel(l, a.Status)
	switch {
	case a.Status == indicators.StatusTargetPending:
		return l.T("f.pendingRule", ind.Target.Text)
	case a.Relative != nil && a.Status == indicators.StatusNoData:
		return l.T("f.relative.none", l.Pick(a.Relative.RefName.Zh, a.Relative.RefName.En))
	case a.Relative != nil:
		r := a.Relative
		key := "f.relative.met"
		if !r.Met {
			key = "f.relative.unmet"
		}
		return l.T(key, Num(round2(r.OwnAvg))+"%", Num(round2(r.RefAvg))+"%", Condition(ind, a), st)
	case a.Yearly != nil && a.Status == indicators.StatusNoData:
		return l.T("f.yearly.none")
	case a.Yearly != nil:
		var last indicators.YearCheck
		for _, c := range a.Yearly.Years {
			if c.Met != nil {
				last = c
			}
		}
		key := "f.yearly.met"
		if !*last.Met {
			key = "f.yearly.unmet"
		}
		return l.T(key, last.Year, last.Target.Written(), FigureText(l, *last.Value), st)
	case a.Status == indicators.StatusMonitoring:
		return l.T("f.monitoring")
	case a.Status == indicators.StatusNoData:
		return l.T("f.nodata", a.T0)
	case a.Kind == indicators.KindCeiling || a.Kind == indicators.KindFloor:
		rule := "f.metRule"
		if a.Status == indicators.StatusBreached {
			rule = "f.unmetRule"
		}
		s := l.T("f.bound") + " " + l.T(rule, Num(a.Latest.Value), Condition(ind, a), st)
		if len(a.Breaches) > 0 {
			ys := make([]string, len(a.Breaches))
			for i, y := range a.Breaches {
				ys[i] = strconv.Itoa(y)
			}
			s += " " + l.T("ind.breaches") + l.T("punct.colon") + l.List(ys)
		}
		return s
	case a.Status.Met():
		return l.T("f.metRule", Num(xt(a)), Condition(ind, a), st)
	case a.Status == indicators.StatusNoBaseline:
		return l.T("f.nobaseline") + " → " + st
	case a.Status == indicators.StatusNotAchieved:
		return l.T("f.passedT", st)
	case a.GrowthRatio != nil:
		rule := map[indicators.Status]string{indicators.StatusRegressing: "f.rule.rneg", indicators.StatusAhead: "f.rule.rahead",
			indicators.StatusOnTrack: "f.rule.ron", indicators.StatusBehind: "f.rule.rbehind"}[a.Status]
		return l.T("f.rule.r", Num(*a.GrowthRatio), i18n.Pct(a.Tolerance), l.T(rule), st)
	case a.Completion == nil:
		return l.T("f.rule.flat") + " → " + st
	default:
		rule := map[indicators.Status]string{indicators.StatusRegressing: "f.rule.neg", indicators.StatusAhead: "f.rule.ahead",
			indicators.StatusOnTrack: "f.rule.on", indicators.StatusBehind: "f.rule.behind"}[a.Status]
		return l.T("f.rule.c", i18n.Pct(*a.Completion), i18n.Pct(*a.Elapsed), i18n.Pct(a.Tolerance), l.T(rule), st)
	}
}

// StatusShape gives each status a shape as well as a colour, in badges and
// chart points alike, so that statuses of near colours (the greens of
// 提前实现, 已实现 and 快于预期) differ for a reader who does not see
// colours well and on a grey print. ChartSymbol draws them in echarts.
var StatusShape = map[indicators.Status]string{
	indicators.StatusAchievedEarly: "diamond",
	indicators.StatusAchieved:      "rect",
	indicators.StatusAhead:         "triangle",
	indicators.StatusOnTrack:       "circle",
	indicators.StatusCompliant:     "roundRect",
	indicators.StatusBehind:        "circle",
	indicators.StatusRegressing:    "triangleDown",
	indicators.StatusNotAchieved:   "rect",
	indicators.StatusBreached:      "diamond",
	indicators.StatusNoBaseline:    "circle",
	indicators.StatusNoData:        "circle",
	indicators.StatusMonitoring:    "circle",
	indicators.StatusTargetPending: "roundRect",
	Stale:                          "circle",
}

// ChartSymbol is a status shape as an echarts symbol.
func ChartSymbol(shape string) string {
	if shape == "triangleDown" {
		return "path://M0,0 L10,0 L5,10 Z"
	}
	return shape
}

// shapeCSS draws an echarts symbol name as a badge's dot.
var shapeCSS = map[string]string{
	"circle":       "border-radius:50%",
	"rect":         "border-radius:0",
	"roundRect":    "border-radius:3px",
	"diamond":      "border-radius:0;clip-path:polygon(50% 0,100% 50%,50% 100%,0 50%)",
	"triangle":     "border-radius:0;clip-path:polygon(50% 0,100% 100%,0 100%)",
	"triangleDown": "border-radius:0;clip-path:polygon(0 0,100% 0,50% 100%)",
}

// StatusCSS is the stylesheet of the statuses' colours and shapes.
func StatusCSS() []byte {
	var b bytes.Buffer
	b.WriteString("/* generated from web/present (StatusColour, StatusShape) */\n")
	for _, s := range append(indicators.Statuses, Stale) {
		c := StatusColour[s]
		fmt.Fprintf(&b, ".st-%[1]s .dot{background:%[2]s;%[3]s}.badge.st-%[1]s{color:%[2]s}.counts li.st-%[1]s{border-left-color:%[2]s}\n",
			s, c, shapeCSS[StatusShape[s]])
	}
	for _, s := range indicators.ProjectStatuses {
		fmt.Fprintf(&b, ".st-%[1]s .dot{background:%[2]s;%[3]s}.badge.st-%[1]s{color:%[2]s}.counts li.st-%[1]s{border-left-color:%[2]s}\n",
			ProjectClass(s), ProjectColour[s], shapeCSS[projectShape[s]])
	}
	return b.Bytes()
}

// formCalc adds what the forms of docs/method.md §9–§12 show: the index of
// yearly rates, the comparison of a relative target, the years of a yearly
// target, both completions of a cumulative change, a pending target, a
// series break.
func formCalc(l i18n.Lang, ind indicators.Indicator, a indicators.Assessment, vm *views.Calc) {
	pct := func(v float64) string { return Num(round2(v)) + "%" }
	if a.Status == indicators.StatusTargetPending {
		vm.Notes = append(vm.Notes, l.T("f.pending", ind.Target.Text))
	}
	if a.BreakYear != 0 {
		vm.Notes = append(vm.Notes, l.T("f.break", a.BreakYear))
	}
	if ix := a.Index; ix != nil {
		vm.Inputs = append(vm.Inputs, views.KV{Label: l.T("f.observedAs"), Value: l.T("observed.yearly_rate")})
		if ix.Gap != 0 {
			vm.Notes = append(vm.Notes, l.T("f.rateGap", ix.Gap))
		}
		cum := a.Kind == indicators.KindCumulativeChange
		head := []string{l.T("col.year"), l.T("chart.rate"), l.T("f.index")}
		if cum {
			head = append(head, l.T("chart.cumulative"))
		} else {
			head = append(head, l.T("chart.average"))
		}
		vm.Table = &views.DataTable{Caption: l.T("f.indexTable", a.T0), Head: head}
		for _, p := range ix.Points {
			run := pct(p.Average)
			if cum {
				run = pct(p.Cumulative)
			}
			vm.Table.Rows = append(vm.Table.Rows, []string{strconv.Itoa(p.Year), pct(p.Rate), Num(round2(p.Index)), run})
		}
		if n := len(ix.Points); n > 0 {
			last := ix.Points[n-1]
			formula := "100 × Π(1 + rᵢ/100)"
			if n <= 6 {
				parts := make([]string, n)
				for i, p := range ix.Points {
					parts[i] = "(1 " + sign(p.Rate) + " " + Num(abs(p.Rate)) + "%)"
				}
				formula += " = 100 × " + strings.Join(parts, " × ")
			}
			vm.Steps = append([]views.Step{{Label: l.T("f.indexStep", last.Year), Formula: formula, Result: Num(round2(last.Index))}}, vm.Steps...)
		}
	}
	if a.Kind == indicators.KindCumulativeChange && a.ActualChange != nil {
		vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.cumulative"), Formula: "C = x_t/x₀ − 1", Result: pct(*a.ActualChange)})
		if a.LogCompletion != nil && a.XT != nil && a.Latest != nil {
			vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.logCompletion"),
				Formula: fmt.Sprintf("ln(1 + C)/ln(1 + p) = ln(%s)/ln(%s)", Num(round4(1+*a.ActualChange/100)), Num(round4(1+ind.Target.Value/100))),
				Result:  i18n.Pct(*a.LogCompletion)})
		}
	}
	if r := a.Relative; r != nil {
		ref := l.Pick(r.RefName.Zh, r.RefName.En)
		vm.Inputs = append(vm.Inputs, views.KV{Label: l.T("f.reference"), Value: ref})
		vm.Table = &views.DataTable{Caption: l.T("f.relativeTable"), Head: []string{l.T("col.year"), l.T("chart.own"), ref, l.T("f.difference")}}
		for _, y := range r.Years {
			vm.Table.Rows = append(vm.Table.Rows, []string{strconv.Itoa(y.Year), pct(y.Own), pct(y.Ref), Signed(round2(y.Own - y.Ref))})
		}
		if len(r.Years) > 0 {
			vm.Steps = append(vm.Steps,
				views.Step{Label: l.T("f.ownAverage", len(r.Years)), Formula: "(Π(1 + rᵢ/100))^(1/n) − 1", Result: pct(r.OwnAvg)},
				views.Step{Label: l.T("f.refAverage", ref), Formula: "(Π(1 + rᵢ/100))^(1/n) − 1", Result: pct(r.RefAvg)})
		}
		if !r.OwnRate {
			vm.Notes = append(vm.Notes, l.T("f.growthFromLevels"))
		}
	}
	if y := a.Yearly; y != nil {
		vm.Table = &views.DataTable{Caption: l.T("f.yearlyTable", y.Met, y.Judged), Head: []string{l.T("col.year"), l.T("chart.yearTarget"), l.T("chart.actual"), l.T("f.yearMet")}}
		for _, c := range y.Years {
			row := []string{strconv.Itoa(c.Year), "—", "—", "—"}
			if c.Target != nil {
				row[1] = c.Target.Written()
			}
			if c.Value != nil {
				row[2] = FigureText(l, *c.Value)
			}
			if c.Met != nil {
				row[3] = l.T("f.yearMet." + strconv.FormatBool(*c.Met))
			}
			vm.Table.Rows = append(vm.Table.Rows, row)
		}
		vm.Inputs = append(vm.Inputs, views.KV{Label: l.T("f.yearsMet"), Value: l.T("f.yearsMetValue", y.Met, y.Judged)})
	}
}

// xt is the latest value the maths ran on: the index where yearly rates
// were compounded (docs/method.md §9), the latest value otherwise.
func xt(a indicators.Assessment) float64 {
	if a.Index != nil && len(a.Index.Points) > 0 {
		return round4(a.Index.Points[len(a.Index.Points)-1].Index)
	}
	return a.Latest.Value
}

// FigureText is a value as published: its decimals kept, its qualifier
// before it (约 2.40).
func FigureText(l i18n.Lang, o indicators.Observation) string {
	if q := QualShort(l, o.Qualifier); q != "" {
		return q + " " + Figure(o)
	}
	return Figure(o)
}

// Figure is a value with the decimals it was published with (67.00).
func Figure(o indicators.Observation) string {
	if o.Decimals > 0 {
		return i18n.NumDecimals(o.Value, o.Decimals)
	}
	return Num(o.Value)
}

// Baseline is an indicator's baseline as tables show it: as published,
// "—" where the values are yearly rates (their index starts at 100).
func Baseline(l i18n.Lang, ind indicators.Indicator, a indicators.Assessment) string {
	switch {
	case a.Index != nil || ind.ObservedAs == indicators.YearlyRate:
		return "—"
	case ind.BaselineValue != nil && ind.BaselineDecimals > 0:
		return i18n.NumDecimals(*ind.BaselineValue, ind.BaselineDecimals)
	}
	return OptNum(l, a.X0)
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
func round4(v float64) float64 { return math.Round(v*10000) / 10000 }
