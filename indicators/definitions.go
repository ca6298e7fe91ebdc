package indicators

import (
	"context"
	"slices"
	"strings"
)

// IndicatorChange is one indicator a definitions import creates (Old nil)
// or changes, at Position in the plan's order.
type IndicatorChange struct {
	Row      int
	Position int
	Old      *Indicator
	New      Indicator
}

// ParseIndicatorRow reads one row of a plan-definitions file into an
// indicator of plan p. When the plan already has the indicator (old), the
// columns the file lacks keep their current values, so a file of a few
// columns updates only those. The indicator is validated against p.
func ParseIndicatorRow(h Header, row int, cells []string, p Plan, old *Indicator) (Indicator, []Issue) {
	var ind Indicator
	if old != nil {
		ind = *old
		ind.Interim = slices.Clone(old.Interim)
	} else {
		ind.BaselineYear = p.BaseYear
	}
	var issues []Issue
	bad := func(field, key string, args ...any) {
		issues = append(issues, Issue{Row: row, Column: h.Column(field), Msg: M(key, args...)})
	}
	text := func(field string, dst *string) {
		if h.Has(field) {
			*dst = h.Cell(cells, field)
		}
	}
	word := func(field string, set func(string) bool) {
		if v := h.Cell(cells, field); h.Has(field) && !set(strings.ToLower(v)) {
			bad(field, "imp.invalid", v)
		}
	}
	year := func(field string, dst *int) {
		v := h.Cell(cells, field)
		if !h.Has(field) || v == "" {
			return
		}
		y, ok := parseYear(v)
		if !ok {
			bad(field, "imp.notYear", v)
			return
		}
		*dst = y
	}
	ind.Code = h.Cell(cells, "code")
	text("name_zh", &ind.NameZh)
	text("name_en", &ind.NameEn)
	text("unit", &ind.Unit)
	text("section", &ind.SectionCode)
	text("department", &ind.Department)
	text("source", &ind.BaselineSource)
	word("attribute", func(v string) bool { ind.Attribute = attributeWords[v]; return ind.Attribute != "" })
	word("direction", func(v string) bool { ind.Direction = directionWords[v]; return ind.Direction != "" })
	word("kind", func(v string) bool {
		k := TargetKind(v)
		if !ValidTargetKind(k) {
			k = kindWords[v]
		}
		ind.Target.Kind = k
		return k != ""
	})
	word("comparator", func(v string) bool {
		c := Comparator(normalizeDigits(v))
		switch c {
		case "≥":
			c = GE
		case "≤":
			c = LE
		}
		ind.Target.Comparator = c
		return c == "" || c == GE || c == GT || c == LE || c == LT || c == Around
	})
	year("baseline_year", &ind.BaselineYear)
	year("target_year", &ind.Target.Year)
	if ind.Target.Year == p.TargetYear {
		ind.Target.Year = 0 // the plan's own target year
	}
	number := func(field, unit string, dst *float64, empty func()) {
		if !h.Has(field) {
			return
		}
		pv, err := ParseValue(h.Cell(cells, field), unit)
		switch {
		case err != nil:
			issues = append(issues, issueOf(row, h.Column(field), err))
		case pv.Empty:
			empty()
		default:
			*dst = pv.Value
		}
	}
	if h.Has("baseline_value") {
		var base float64
		ind.BaselineValue = &base
		number("baseline_value", ind.Unit, &base, func() { ind.BaselineValue = nil })
	}
	number("target_value", ind.Target.Unit(ind.Unit), &ind.Target.Value, func() { ind.Target.Value = 0 })
	number("band", ind.Target.Unit(ind.Unit), &ind.Target.Band, func() { ind.Target.Band = 0 })
	if len(issues) > 0 {
		return ind, issues
	}
	for _, e := range ind.Validate(p) {
		issues = append(issues, issueOf(row, h.Column(e.Field), e))
	}
	return ind, issues
}

// Unit is the unit a target's value is written in: growth and change
// kinds are in % or points, a milestone is a count, and the others are in
// the indicator's own unit.
func (t Target) Unit(indicatorUnit string) string {
	switch t.Kind {
	case KindAvgGrowth, KindCumulativeChange:
		return "%"
	case KindPPChange:
		return percentagePoints
	case KindMilestone:
		return ""
	}
	return indicatorUnit
}

// SameDefinition reports whether two indicators define the same thing, so
// that importing an unchanged definitions file changes nothing.
func SameDefinition(a, b Indicator) bool {
	eqf := func(x, y *float64) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	return a.Code == b.Code && a.NameZh == b.NameZh && a.NameEn == b.NameEn && a.Unit == b.Unit &&
		a.SectionCode == b.SectionCode && a.Attribute == b.Attribute && a.Direction == b.Direction &&
		a.Department == b.Department && a.BaselineYear == b.BaselineYear && eqf(a.BaselineValue, b.BaselineValue) &&
		a.BaselineSource == b.BaselineSource && a.Target == b.Target && a.PlanText == b.PlanText &&
		a.ParentPlan == b.ParentPlan && a.ParentCode == b.ParentCode && a.Note == b.Note &&
		slices.Equal(a.Interim, b.Interim)
}

// PlanImport is a definitions file read against a plan: which indicators it
// creates and changes, every row checked. It reads and decides; the store
// loads what it needs and writes what it decided.
type PlanImport struct {
	plan        Plan
	old         map[string]int // code → position among the plan's indicators
	existing    []Indicator
	sections    map[string]bool
	departments map[string]bool
	res         ImportResult
	writes      []IndicatorChange
	seen        map[string]int
}

// NewPlanImport prepares the import of a definitions file into plan, which
// has the indicators, sections and departments given (none for a new plan).
func NewPlanImport(plan Plan, existing []Indicator, sections []Section, departments []Department, opt ImportOptions) *PlanImport {
	pi := &PlanImport{plan: plan, existing: existing, old: map[string]int{}, sections: map[string]bool{},
		departments: map[string]bool{}, seen: map[string]int{},
		res: ImportResult{Kind: ImportPlan, File: opt.File, SHA256: opt.SHA256, Plans: []string{plan.Code}}}
	for i, ind := range existing {
		pi.old[ind.Code] = i
	}
	for _, s := range sections {
		pi.sections[s.Code] = true
	}
	for _, d := range departments {
		pi.departments[d.Code] = true
	}
	for _, e := range plan.Validate() {
		pi.res.Add(Issue{Msg: e.Msg})
	}
	return pi
}

// Run reads every row.
func (pi *PlanImport) Run(ctx context.Context, src RowSource) error {
	if !pi.res.OK() {
		return nil
	}
	next := len(pi.existing)
	return ReadRows(ctx, src, ImportPlan, &pi.res, nil, func(h Header, row int, cells []string) error {
		var was *Indicator
		pos, exists := pi.old[h.Cell(cells, "code")]
		if exists {
			was = &pi.existing[pos]
		}
		ind, issues := ParseIndicatorRow(h, row, cells, pi.plan, was)
		if first, dup := pi.seen[ind.Code]; dup && ind.Code != "" {
			issues = append(issues, Issue{Row: row, Column: h.Column("code"), Msg: M("imp.codeRepeats", ind.Code, first)})
		}
		pi.seen[ind.Code] = row
		if ind.SectionCode != "" && !pi.sections[ind.SectionCode] {
			issues = append(issues, Issue{Row: row, Column: h.Column("section"), Msg: M("err.section.notFound", ind.SectionCode)})
		}
		if ind.Department != "" && !pi.departments[ind.Department] {
			issues = append(issues, Issue{Row: row, Column: h.Column("department"), Msg: M("err.department.notFound", ind.Department)})
		}
		if len(issues) > 0 {
			pi.res.Add(issues...)
			return nil
		}
		switch {
		case was == nil:
			pi.res.New++
			pos = next
			next++
		case SameDefinition(*was, ind):
			pi.res.Unchanged++
			return nil
		default:
			pi.res.Changed++
		}
		c := IndicatorChange{Row: row, Position: pos, Old: was, New: ind}
		pi.writes = append(pi.writes, c)
		if len(pi.res.Defs) < ListCap {
			pi.res.Defs = append(pi.res.Defs, c)
		}
		return nil
	})
}

// Result is what the file holds and would change.
func (pi *PlanImport) Result() ImportResult { return pi.res }

// Writes are every indicator to create or change, in the file's order.
func (pi *PlanImport) Writes() []IndicatorChange { return pi.writes }
