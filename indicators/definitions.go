package indicators

import (
	"context"
	"slices"
	"strconv"
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
	text("baseline_source", &ind.BaselineSource)
	text("source", &ind.Source)
	text("reference", &ind.Reference)
	text("plan_text", &ind.PlanText)
	text("note", &ind.Note)
	text("target_text", &ind.Target.Text)
	word("observed_as", func(v string) bool { o, ok := observedWords[v]; ind.ObservedAs = o; return ok || v == "" })
	word("method", func(v string) bool { m, ok := methodWords[v]; ind.Method = m; return ok || v == "" })
	word("rollup", func(v string) bool { r, ok := rollupWords[v]; ind.Rollup = r; return ok || v == "" })
	text("weight_code", &ind.WeightCode)
	word("from_zero", func(v string) bool { ind.Target.FromZero = yesWords[v]; return v == "" || yesWords[v] || noWords[v] })
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
		if pv, err := ParseValue(h.Cell(cells, "baseline_value"), ind.Unit); err == nil {
			ind.BaselineDecimals = pv.Decimals
		}
		number("baseline_value", ind.Unit, &base, func() { ind.BaselineValue = nil })
	}
	if h.Has("target_value") {
		ind.Target.Pending = false
		number("target_value", ind.Target.Unit(ind.Unit), &ind.Target.Value, func() {
			// no figure: a target the plan assigns later, where its wording says so
			ind.Target.Value = 0
			k := ind.Target.Kind
			ind.Target.Pending = ind.Target.Text != "" && k != KindNone && k != KindRelative && k != KindYearly
		})
	}
	number("band", ind.Target.Unit(ind.Unit), &ind.Target.Band, func() { ind.Target.Band = 0 })
	if h.Has("weight") {
		var w float64
		ind.Weight = &w
		number("weight", "", &w, func() { ind.Weight = nil })
	}
	if h.Has("interim") {
		its, ok := ParseInterim(h.Cell(cells, "interim"), ind.Unit)
		if !ok {
			bad("interim", "imp.interim", h.Cell(cells, "interim"))
		}
		ind.Interim = its
	}
	if len(issues) > 0 {
		return ind, issues
	}
	for _, e := range ind.Validate(p) {
		issues = append(issues, issueOf(row, h.Column(e.Field), e))
	}
	return ind, issues
}

// ParseInterim reads interim targets as a definitions file writes them:
// "2023:1.5;2024:2" (also = for :, and ， , 、 or a new line between).
func ParseInterim(s, unit string) ([]InterimTarget, bool) {
	var out []InterimTarget
	for _, part := range strings.FieldsFunc(normalizeDigits(s), func(r rune) bool {
		return r == ';' || r == ',' || r == '、' || r == '\n' || r == '；'
	}) {
		ys, vs, ok := strings.Cut(strings.ReplaceAll(part, "=", ":"), ":")
		if !ok {
			return nil, false
		}
		y, ok := parseYear(ys)
		pv, err := ParseValue(vs, unit)
		if !ok || err != nil || pv.Empty {
			return nil, false
		}
		out = append(out, InterimTarget{Year: y, Value: pv.Value})
	}
	slices.SortFunc(out, func(a, b InterimTarget) int { return a.Year - b.Year })
	return out, true
}

// FormatInterim writes interim targets as ParseInterim reads them.
func FormatInterim(its []InterimTarget) string {
	parts := make([]string, len(its))
	for i, it := range its {
		parts[i] = strconv.Itoa(it.Year) + ":" + FormatValue(it.Value)
	}
	return strings.Join(parts, ";")
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

// DefinitionDiff lists the changes of an indicator's baseline and target
// from old to ind, field by field, as the history keeps them.
func DefinitionDiff(old, ind Indicator) []DefinitionChange {
	opt := func(p *float64) string {
		if p == nil {
			return ""
		}
		return FormatValue(*p)
	}
	target := func(t Target) string {
		if t.Pending {
			return ""
		}
		return FormatValue(t.Value)
	}
	var out []DefinitionChange
	add := func(field, a, b string) {
		if a != b {
			out = append(out, DefinitionChange{Indicator: ind.Code, Field: field, Old: a, New: b})
		}
	}
	add("baseline_year", strconv.Itoa(old.BaselineYear), strconv.Itoa(ind.BaselineYear))
	add("baseline_value", opt(old.BaselineValue), opt(ind.BaselineValue))
	add("target_kind", string(old.Target.Kind), string(ind.Target.Kind))
	add("target_value", target(old.Target), target(ind.Target))
	add("target_text", old.Target.Text, ind.Target.Text)
	add("target_year", strconv.Itoa(old.Target.Year), strconv.Itoa(ind.Target.Year))
	add("comparator", string(old.Target.Comparator), string(ind.Target.Comparator))
	add("band", FormatValue(old.Target.Band), FormatValue(ind.Target.Band))
	return out
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
		slices.Equal(a.Interim, b.Interim) && a.ObservedAs == b.ObservedAs && a.Reference == b.Reference &&
		a.Method == b.Method && a.Source == b.Source && a.BaselineDecimals == b.BaselineDecimals &&
		a.Rollup == b.Rollup && a.WeightCode == b.WeightCode && eqf(a.Weight, b.Weight)
}

// PlanImport is a definitions file read against a plan: which indicators it
// creates and changes, and the sections and departments they need that do
// not exist yet, every row checked. It reads and decides; the store loads
// what it needs and writes what it decided.
type PlanImport struct {
	plan        Plan
	old         map[string]int // code → position among the plan's indicators
	existing    []Indicator
	sections    []Section // the plan's, then those the file creates
	departments []Unit
	newSecs     []Section
	newDeps     []Unit
	res         ImportResult
	writes      []IndicatorChange
	seen        map[string]int
	refs        []refCheck
	header      Header
}

// refCheck is a relative target's reference, checked once every row is read.
type refCheck struct {
	row       int
	code, ref string
}

// NewPlanImport prepares the import of a definitions file into plan, which
// has the indicators, sections and departments given (none for a new plan).
func NewPlanImport(plan Plan, existing []Indicator, sections []Section, departments []Unit, opt ImportOptions) *PlanImport {
	pi := &PlanImport{plan: plan, existing: existing, old: map[string]int{}, sections: slices.Clone(sections),
		departments: slices.Clone(departments), seen: map[string]int{},
		res: ImportResult{Kind: ImportPlan, File: opt.File, SHA256: opt.SHA256, Plans: []string{plan.Code}}}
	for i, ind := range existing {
		pi.old[ind.Code] = i
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
	err := ReadRows(ctx, src, ImportPlan, &pi.res, func(h Header, _ int) bool { pi.header = h; return true },
		func(h Header, row int, cells []string) error {
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
			if ind.SectionCode != "" && (was == nil || ind.SectionCode != was.SectionCode) {
				code, e := pi.section(ind.SectionCode)
				if e != nil {
					issues = append(issues, issueOf(row, h.Column("section"), e))
				}
				ind.SectionCode = code
			}
			if ind.Department != "" && (was == nil || ind.Department != was.Department) {
				if e := CheckLine("department", ind.Department, MaxName); e != nil {
					issues = append(issues, issueOf(row, h.Column("department"), e))
				} else {
					ind.Department = pi.department(ind.Department)
				}
			}
			if ind.Target.Kind == KindRelative && ind.Reference != "" && ind.Reference != ind.Code {
				pi.refs = append(pi.refs, refCheck{row: row, code: ind.Code, ref: ind.Reference})
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
	if err != nil {
		return err
	}
	// a relative target may name an indicator further down the file
	for _, r := range pi.refs {
		if _, old := pi.old[r.ref]; !old && pi.seen[r.ref] == 0 {
			pi.res.Add(Issue{Row: r.row, Column: pi.header.Column("reference"), Msg: M("err.indicator.referenceUnknown", r.code, r.ref)})
		}
	}
	slices.SortStableFunc(pi.res.Issues, func(a, b Issue) int { return a.Row - b.Row })
	return nil
}

// section resolves a section column: an existing section's code, or a path
// of numbers and titles joined by " / " (第五篇 … / 第二章 …), whose sections
// that do not exist yet are created, in the file's order.
func (pi *PlanImport) section(s string) (string, *Error) {
	for _, sec := range pi.sections {
		if sec.Code == s {
			return s, nil
		}
	}
	parent := ""
	for depth, part := range strings.Split(s, strings.TrimSpace(pathSeparator)) {
		part = strings.TrimSpace(part)
		if part == "" {
			return "", Invalid("section", "imp.sectionPath", s)
		}
		if e := CheckLine("section", part, MaxName); e != nil {
			return "", e
		}
		number, title := splitSectionTitle(part)
		found := ""
		for _, sec := range pi.sections {
			if sec.ParentCode == parent && ((number != "" && sec.Number == number) || (title != "" && sec.TitleZh == title) ||
				(number == "" && title == "" && sec.TitleZh == part)) {
				found = sec.Code
				break
			}
		}
		if found == "" {
			sec := Section{ParentCode: parent, Number: number, TitleZh: title, Level: levelOf(number, depth)}
			if title == "" {
				sec.TitleZh = part
			}
			sec.Code = pi.sectionCode(sec)
			pi.sections = append(pi.sections, sec)
			pi.newSecs = append(pi.newSecs, sec)
			found = sec.Code
		}
		parent = found
	}
	return parent, nil
}

// splitSectionTitle splits "第二章 加快打造创新生态链" into its number and
// title; a part without a number is all title.
func splitSectionTitle(part string) (number, title string) {
	fields := strings.Fields(part)
	if len(fields) > 0 {
		if _, ok := SectionNumber(fields[0]); ok {
			return fields[0], strings.TrimSpace(strings.TrimPrefix(part, fields[0]))
		}
	}
	// 第二章加快…: the number runs into the title
	for suffix := range sectionLevels {
		if i := strings.Index(part, suffix); i > 0 && strings.HasPrefix(part, numberPrefixes[0]) {
			n := part[:i+len(suffix)]
			if _, ok := SectionNumber(n); ok {
				return n, strings.TrimSpace(part[i+len(suffix):])
			}
		}
	}
	return "", part
}

// levelOf is the level a printed number names (篇, 章, 节, 专栏), or by depth
// where there is no number.
func levelOf(number string, depth int) SectionLevel {
	for suffix, lv := range sectionLevels {
		if strings.HasSuffix(number, suffix) || strings.HasPrefix(number, suffix) {
			return lv
		}
	}
	return []SectionLevel{LevelPart, LevelChapter, LevelSection}[min(depth, 2)]
}

// sectionCode makes a code for a new section from its parent and number
// (p5, p5.c2, p5.c2.s1, p5.c2.box21), unique in the plan.
func (pi *PlanImport) sectionCode(sec Section) string {
	prefix := map[SectionLevel]string{LevelPart: "p", LevelChapter: "c", LevelSection: "s", LevelBox: "box"}[sec.Level]
	base := prefix
	if n, ok := SectionNumber(sec.Number); ok {
		base += strconv.Itoa(n)
	} else {
		base += strconv.Itoa(len(pi.sections) + 1)
	}
	if sec.ParentCode != "" {
		base = sec.ParentCode + "." + base
	}
	code := base
	for k := 2; pi.sectionTaken(code); k++ {
		code = base + "-" + strconv.Itoa(k)
	}
	return code
}

func (pi *PlanImport) sectionTaken(code string) bool {
	return slices.ContainsFunc(pi.sections, func(s Section) bool { return s.Code == code })
}

// department resolves a department column: a code, or a name (Chinese or
// English) of an existing department, or the name of a new one, created.
func (pi *PlanImport) department(s string) string {
	for _, d := range pi.departments {
		if d.Code == s || d.NameZh == s || (d.NameEn != "" && d.NameEn == s) {
			return d.Code
		}
	}
	d := Unit{Code: UnitCode(s), NameZh: s}
	pi.departments = append(pi.departments, d)
	pi.newDeps = append(pi.newDeps, d)
	return d.Code
}

// UnitCode is the code given to a department created from its name
// alone: stable, so that the same name always makes the same code.
func UnitCode(name string) string {
	return "dept-" + strconv.FormatUint(textHash(name)&0xffffffff, 16)
}

// Result is what the file holds and would change.
func (pi *PlanImport) Result() ImportResult { return pi.res }

// Writes are every indicator to create or change, in the file's order.
func (pi *PlanImport) Writes() []IndicatorChange { return pi.writes }

// NewSections are the sections the file's section paths create, parents first.
func (pi *PlanImport) NewSections() []Section { return pi.newSecs }

// NewUnits are the departments the file names that do not exist yet.
func (pi *PlanImport) NewUnits() []Unit { return pi.newDeps }
