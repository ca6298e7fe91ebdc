package web

import (
	"fmt"
	"strings"

	"plantrack/indicators"
	"plantrack/web/i18n"
)

var cmpSymbol = map[indicators.Comparator]string{
	indicators.GE: "≥", indicators.GT: ">", indicators.LE: "≤", indicators.LT: "<", indicators.Around: "≈",
}

func statusLabel(l i18n.Lang, s indicators.Status) string { return l.T("status." + string(s)) }

func num(v float64) string { return i18n.Num(v) }

func optNum(l i18n.Lang, p *float64) string {
	if p == nil {
		return l.T("unknown")
	}
	return num(*p)
}

func optPct(p *float64) string {
	if p == nil {
		return "—"
	}
	return i18n.Pct(*p)
}

// signed shows a change with its sign: +20, −13.5.
func signed(v float64) string {
	if v > 0 {
		return "+" + num(v)
	}
	return num(v)
}

// condition is the "met" test as text: x ≥ 39, x ≈ 6 ± 0.5.
func condition(a indicators.Assessment) string {
	if a.XT == nil {
		return "—"
	}
	if a.Comparator == indicators.Around {
		return fmt.Sprintf("x ≈ %s ± %s", num(*a.XT), num(a.Band))
	}
	return fmt.Sprintf("x %s %s", cmpSymbol[a.Comparator], num(*a.XT))
}

// targetText is the target in the plan's own terms, as a table shows it.
func targetText(l i18n.Lang, ind indicators.Indicator, a indicators.Assessment) string {
	t := ind.Target
	switch t.Kind {
	case indicators.KindLevel, indicators.KindCeiling, indicators.KindFloor:
		if t.Comparator == indicators.Around {
			return fmt.Sprintf("≈ %s ± %s", num(t.Value), num(t.Band))
		}
		return fmt.Sprintf("%s %s", cmpSymbol[t.Comparator], num(t.Value))
	case indicators.KindIncreaseBy:
		if a.XT != nil && !t.FromZero {
			return l.F("target.increase_by", signed(t.Value), num(*a.XT))
		}
		return l.F("target.increase_by.nolevel", signed(t.Value))
	case indicators.KindAvgGrowth:
		return l.F("target.avg_growth", signed(t.Value))
	case indicators.KindCumulativeChange:
		return l.F("target.cumulative_change", signed(t.Value))
	case indicators.KindPPChange:
		return l.F("target.pp_change", signed(t.Value))
	case indicators.KindMilestone:
		return l.F("target.milestone", num(t.Value))
	}
	return "—"
}

// qualShort is the prefix a value carries in tables: 约, 超过; empty for exact.
func qualShort(l i18n.Lang, q indicators.Qualifier) string {
	if q == indicators.Exact || q == "" {
		return ""
	}
	return l.T("qual.short." + string(q))
}

// sectionPath is the printed numbers of a section and its ancestors: 第五篇 第一章.
func sectionPath(secs map[string]indicators.Section, code string) []indicators.Section {
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

func sectionNumbers(path []indicators.Section) string {
	nums := make([]string, 0, len(path))
	for _, s := range path {
		nums = append(nums, s.Number)
	}
	return strings.Join(nums, " ")
}
