package indicators

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ImportProjects is the kind of a file of key projects and tasks: one a
// row (docs/method.md §15, README "Getting data in").
const ImportProjects ImportKind = "projects"

// ProjectChange is a project a projects import creates or changes.
type ProjectChange struct {
	Row      int
	Old      *Project
	New      Project
	Position int
}

// ProjectsImport reads a projects file against a plan: every row checked
// (code, name, kind, box, unit, stage, dates, investment, milestones,
// years, indicators), nothing decided for a file with any error.
type ProjectsImport struct {
	plan       Plan
	old        map[string]int
	existing   []Project
	sections   map[string]Section
	units      []Unit
	indicators map[string]bool
	seen       map[string]int
	res        ImportResult
	writes     []ProjectChange
}

// NewProjectsImport prepares the import of a projects file into plan, whose
// projects, sections, indicator codes and the units are as given.
func NewProjectsImport(plan Plan, existing []Project, sections []Section, units []Unit, indicatorCodes []string, opt ImportOptions) *ProjectsImport {
	pi := &ProjectsImport{plan: plan, existing: existing, old: map[string]int{}, sections: map[string]Section{}, units: units,
		indicators: map[string]bool{}, seen: map[string]int{},
		res: ImportResult{Kind: ImportProjects, File: opt.File, SHA256: opt.SHA256, Plans: []string{plan.Code}}}
	for i, p := range existing {
		pi.old[p.Code] = i
	}
	for _, s := range sections {
		pi.sections[s.Code] = s
	}
	for _, c := range indicatorCodes {
		pi.indicators[c] = true
	}
	return pi
}

// Result is what the file holds and what was, or would be, written.
func (pi *ProjectsImport) Result() ImportResult { return pi.res }

// Writes are the projects to create or change, in the file's order.
func (pi *ProjectsImport) Writes() []ProjectChange { return pi.writes }

// Run reads every row.
func (pi *ProjectsImport) Run(ctx context.Context, src RowSource) error {
	next := len(pi.existing)
	return ReadRows(ctx, src, ImportProjects, &pi.res, nil, func(h Header, row int, cells []string) error {
		code := h.Cell(cells, "code")
		var was *Project
		pos, exists := pi.old[code]
		if exists {
			was = &pi.existing[pos]
		}
		pr, issues := pi.parse(h, row, cells, was)
		if first, dup := pi.seen[code]; dup && code != "" {
			issues = append(issues, Issue{Row: row, Column: h.Column("code"), Msg: M("imp.codeRepeats", code, first)})
		}
		pi.seen[code] = row
		if len(issues) > 0 {
			pi.res.Add(issues...)
			return nil
		}
		if was != nil && reflect.DeepEqual(*was, pr) {
			pi.res.Unchanged++
			return nil
		}
		c := ProjectChange{Row: row, New: pr, Position: pos}
		if was != nil {
			c.Old = was
			pi.res.Changed++
		} else {
			c.Position = next
			next++
			pi.res.New++
		}
		pi.writes = append(pi.writes, c)
		return nil
	})
}

// parse reads one row over the project it updates (nil for a new one):
// fields the file has no column for keep their values.
func (pi *ProjectsImport) parse(h Header, row int, cells []string, was *Project) (Project, []Issue) {
	var pr Project
	if was != nil {
		pr = *was
	}
	var issues []Issue
	bad := func(field, key string, args ...any) {
		issues = append(issues, Issue{Row: row, Column: h.Column(field), Msg: M(key, args...)})
	}
	has := func(field string) (string, bool) { return h.Cell(cells, field), h.Has(field) }
	pr.Code = h.Cell(cells, "code")
	if v, ok := has("name_zh"); ok {
		pr.NameZh = v
	}
	if v, ok := has("name_en"); ok {
		pr.NameEn = v
	}
	if v, ok := has("source"); ok {
		pr.Source = v
	}
	if v, ok := has("note"); ok {
		pr.Note = v
	}
	if v, ok := has("kind"); ok {
		switch k := projectKindWords[strings.ToLower(v)]; {
		case k != "":
			pr.Kind = k
		default:
			bad("kind", "imp.invalid", v)
		}
	}
	if pr.Kind == "" {
		pr.Kind = KindProject
	}
	if v, ok := has("stage"); ok {
		s, known := stageWords[strings.ToLower(v)]
		if !known && v != "" {
			bad("stage", "imp.invalid", v)
		}
		pr.Stage = s
	}
	if v, ok := has("box"); ok {
		pr.SectionCode = ""
		if v != "" {
			code, found := pi.box(v)
			if !found {
				bad("box", "imp.project.box", v)
			}
			pr.SectionCode = code
		}
	}
	if v, ok := has("unit"); ok {
		pr.Unit = ""
		if v != "" {
			code, found := pi.unit(v)
			if !found {
				bad("unit", "imp.project.unit", v)
			}
			pr.Unit = code
		}
	}
	date := func(field string, dst *time.Time) {
		v, ok := has(field)
		if !ok {
			return
		}
		*dst = time.Time{}
		if v == "" {
			return
		}
		t, err := ParseDate(v)
		if err != nil {
			bad(field, "imp.project.date", v)
			return
		}
		*dst = t
	}
	date("start", &pr.Start)
	date("end", &pr.End)
	if v, ok := has("investment"); ok {
		pr.Investment = nil
		if v != "" {
			pv, err := ParseValue(v, InvestmentUnit)
			switch {
			case err != nil:
				issues = append(issues, issueOf(row, h.Column("investment"), err))
			case !pv.Empty:
				x := pv.Value
				pr.Investment = &x
			}
		}
	}
	if v, ok := has("indicators"); ok {
		pr.Indicators = nil
		for _, c := range splitList(v) {
			if !pi.indicators[c] {
				bad("indicators", "err.indicator.notFound", pi.plan.Code, c)
				continue
			}
			if !slices.Contains(pr.Indicators, c) {
				pr.Indicators = append(pr.Indicators, c)
			}
		}
	}
	if v, ok := has("milestones"); ok {
		ms, err := ParseMilestones(v)
		if err != nil {
			bad("milestones", "imp.project.milestones", v)
		}
		pr.Milestones = ms
	}
	if v, ok := has("years"); ok {
		ys, err := ParseProjectYears(v, pr.Years)
		if err != nil {
			bad("years", "imp.project.years", v)
		}
		pr.Years = ys
	}
	if len(issues) > 0 {
		return pr, issues
	}
	for _, e := range pr.Validate(pi.plan) {
		issues = append(issues, issueOf(row, h.Column(e.Field), e))
	}
	return pr, issues
}

// box finds a section by code, by number as printed (专栏18) or by title.
func (pi *ProjectsImport) box(v string) (string, bool) {
	if _, ok := pi.sections[v]; ok {
		return v, true
	}
	for code, s := range pi.sections {
		if s.Number == v || s.TitleZh == v || (s.Number+" "+s.TitleZh) == v {
			return code, true
		}
	}
	return "", false
}

// unit finds a unit by code or name.
func (pi *ProjectsImport) unit(v string) (string, bool) {
	for _, u := range pi.units {
		if u.Code == v || u.NameZh == v || (u.NameEn != "" && u.NameEn == v) {
			return u.Code, true
		}
	}
	return "", false
}

// splitList splits a cell listing codes by ; , 、 or spaces.
func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ',' || r == '、' || r == '；' || r == '，' || r == ' ' })
}

// ParseDate reads a date as offices write it: 2024-06-30, 2024/6/30,
// 2024年6月30日, or a month (2024-06, 2024年6月: its first day).
func ParseDate(v string) (time.Time, error) {
	s := strings.TrimSpace(normalizeDigits(v))
	s = dateSeparators.Replace(s)
	s = strings.TrimSuffix(s, "-")
	parts := strings.Split(s, "-")
	if len(parts) < 2 || len(parts) > 3 {
		return time.Time{}, fmt.Errorf("not a date: %q", v)
	}
	n := make([]int, 3)
	n[2] = 1
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil {
			return time.Time{}, fmt.Errorf("not a date: %q", v)
		}
		n[i] = x
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.UTC)
	if t.Year() != n[0] || int(t.Month()) != n[1] || t.Day() != n[2] {
		return time.Time{}, fmt.Errorf("no such day: %q", v)
	}
	return t, nil
}

// ParseMilestones reads "name@planned[=actual]" items separated by ; —
// 主体封顶@2024-06-30=2024-07-15; 设备安装@2026-06-30.
func ParseMilestones(v string) ([]Milestone, error) {
	var out []Milestone
	for _, item := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '；' }) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, dates, ok := strings.Cut(item, "@")
		if !ok || strings.TrimSpace(name) == "" {
			return out, fmt.Errorf("milestone %q: name@date", item)
		}
		planned, actual, reached := strings.Cut(dates, "=")
		m := Milestone{Name: strings.TrimSpace(name)}
		t, err := ParseDate(planned)
		if err != nil {
			return out, err
		}
		m.Planned = t
		if reached && strings.TrimSpace(actual) != "" {
			a, err := ParseDate(actual)
			if err != nil {
				return out, err
			}
			m.Actual = &a
		}
		out = append(out, m)
	}
	return out, nil
}

// FormatMilestones writes milestones as ParseMilestones reads them.
func FormatMilestones(ms []Milestone) string {
	var out []string
	for _, m := range ms {
		s := m.Name + "@" + m.Planned.Format(time.DateOnly)
		if m.Actual != nil {
			s += "=" + m.Actual.Format(time.DateOnly)
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

// ParseProjectYears reads "year:planned/completed" items separated by ; —
// 2023:10/6; 2024:10 — keeping each year's progress note from old (notes
// are entered on the project, not in the file).
func ParseProjectYears(v string, old []ProjectYear) ([]ProjectYear, error) {
	notes := map[int]string{}
	for _, y := range old {
		notes[y.Year] = y.Note
	}
	var out []ProjectYear
	for _, item := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '；' }) {
		item = strings.TrimSpace(normalizeDigits(item))
		if item == "" {
			continue
		}
		ys, figs, ok := strings.Cut(item, ":")
		if !ok {
			return out, fmt.Errorf("year %q: year:planned/completed", item)
		}
		year, err := strconv.Atoi(strings.TrimSpace(ys))
		if err != nil {
			return out, err
		}
		y := ProjectYear{Year: year, Note: notes[year]}
		planned, completed, _ := strings.Cut(figs, "/")
		for _, f := range []struct {
			text string
			dst  **float64
		}{{planned, &y.Planned}, {completed, &y.Completed}} {
			if t := strings.TrimSpace(f.text); t != "" {
				x, err := strconv.ParseFloat(t, 64)
				if err != nil || !finite(x) {
					return out, fmt.Errorf("year %d: %q", year, t)
				}
				*f.dst = &x
			}
		}
		out = append(out, y)
	}
	return out, nil
}

// FormatProjectYears writes years as ParseProjectYears reads them.
func FormatProjectYears(ys []ProjectYear) string {
	var out []string
	for _, y := range ys {
		f := func(v *float64) string {
			if v == nil {
				return ""
			}
			return FormatValue(*v)
		}
		out = append(out, fmt.Sprintf("%d:%s/%s", y.Year, f(y.Planned), f(y.Completed)))
	}
	return strings.Join(out, "; ")
}
