package indicators

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

var (
	codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)
	// letters of the alphabet or Chinese characters, digits, . _ -: 张三, li.hua
	userNamePattern = regexp.MustCompile(`^[\p{Han}A-Za-z0-9][\p{Han}A-Za-z0-9_.-]{1,31}$`)
)

// The longest texts a field may hold, in characters (README, "Limits"):
// a file or a form cannot store a 300 MB source that every reader of the
// page or the API then pays for.
const (
	MaxDisplayName = 40   // an account's display name
	MaxName        = 200  // names and titles of plans, sections, indicators, departments
	MaxUnit        = 50   // a unit
	MaxSource      = 1000 // the source of a value or a baseline, the document a plan is taken from
	MaxNote        = 2000 // a value's or an indicator's note
	MaxLongText    = 5000 // the plan's wording, a narrative's three texts
	MaxTargetText  = 200  // a target as worded
)

// CheckLine checks a one-line text of at most max characters: no control
// characters (line breaks, NUL) and no bidirectional overrides, which
// could make a name read as something it is not.
func CheckLine(field, s string, max int) *Error {
	return checkText(field, s, max, false)
}

// CheckText checks a text of at most max characters that may run over
// lines: no NUL or other control characters but line breaks and tabs, no
// bidirectional overrides.
func CheckText(field, s string, max int) *Error {
	return checkText(field, s, max, true)
}

func checkText(field, s string, max int, lines bool) *Error {
	if len(s) > max*utf8.UTFMax || utf8.RuneCountInString(s) > max {
		return Invalid(field, "err.text.long", max)
	}
	for _, r := range s {
		if lines && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') || r == '\u200e' || r == '\u200f' || r == '\u061c' {
			return Invalid(field, "err.text.control")
		}
	}
	return nil
}

// texts checks fields at once, appending the errors to es.
func texts(es Errors, fields ...textField) Errors {
	for _, f := range fields {
		if e := checkText(f.field, f.text, f.max, f.lines); e != nil {
			es = append(es, e)
		}
	}
	return es
}

type textField struct {
	field, text string
	max         int
	lines       bool
}

func checkCode(field, code string) *Error {
	if strings.TrimSpace(code) == "" {
		return Invalid(field, "err.code.empty")
	}
	if !codePattern.MatchString(code) {
		return Invalid(field, "err.code", code)
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Validate checks a plan's own fields.
func (p Plan) Validate() Errors {
	var es Errors
	if e := checkCode("code", p.Code); e != nil {
		es = append(es, e)
	}
	if strings.TrimSpace(p.NameZh) == "" {
		es = append(es, Invalid("name_zh", "err.plan.name"))
	}
	if p.BaseYear < 1900 || p.BaseYear > 2200 {
		es = append(es, Invalid("base_year", "err.plan.baseYear", p.BaseYear))
	}
	if p.TargetYear <= p.BaseYear || p.TargetYear > 2200 {
		es = append(es, Invalid("target_year", "err.plan.targetYear", p.TargetYear, p.BaseYear))
	}
	if p.Tolerance < 0 || p.Tolerance >= 1 || !finite(p.Tolerance) {
		es = append(es, Invalid("tolerance", "err.plan.tolerance"))
	}
	if p.ParentCode == p.Code && p.Code != "" {
		es = append(es, Invalid("parent", "err.plan.parentSelf"))
	}
	if _, ok := p.DueDate(2024); p.DataDue != "" && !ok {
		es = append(es, Invalid("data_due", "err.plan.dataDue", p.DataDue))
	}
	return texts(es, textField{"name_zh", p.NameZh, MaxName, false}, textField{"name_en", p.NameEn, MaxName, false},
		textField{"jurisdiction", p.Jurisdiction, MaxName, false}, textField{"organisation", p.Organisation, MaxName, false},
		textField{"source_zh", p.SourceZh, MaxSource, true})
}

// DueDate is the day a year's values are due (the plan's DataDue, MM-DD,
// in the year after); false where the plan sets none or it does not read.
func (p Plan) DueDate(year int) (time.Time, bool) {
	if p.DataDue == "" {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", fmt.Sprintf("%d-%s", year+1, p.DataDue))
	return t, err == nil
}

// Tol returns the plan's tolerance δ, the default where none is set.
func (p Plan) Tol() float64 {
	if p.Tolerance == 0 {
		return DefaultTolerance
	}
	return p.Tolerance
}

// Validate checks a section's fields.
func (s Section) Validate() Errors {
	var es Errors
	if e := checkCode("section", s.Code); e != nil {
		es = append(es, e)
	}
	switch s.Level {
	case LevelPart, LevelChapter, LevelSection, LevelBox:
	default:
		es = append(es, Invalid("level", "err.section.level", s.Level))
	}
	if strings.TrimSpace(s.TitleZh) == "" {
		es = append(es, Invalid("title_zh", "err.section.title", s.Code))
	}
	return texts(es, textField{"title_zh", s.TitleZh, MaxName, false}, textField{"title_en", s.TitleEn, MaxName, false},
		textField{"number", s.Number, 20, false})
}

// ValidTargetKind reports whether k is one of TargetKinds.
func ValidTargetKind(k TargetKind) bool {
	for _, x := range TargetKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Validate checks an indicator against its plan.
func (ind Indicator) Validate(p Plan) Errors {
	var es Errors
	if e := checkCode("code", ind.Code); e != nil {
		es = append(es, e)
	}
	if strings.TrimSpace(ind.NameZh) == "" {
		es = append(es, Invalid("name_zh", "err.indicator.name", ind.Code))
	}
	switch ind.Attribute {
	case Expected, Binding, Reference:
	default:
		es = append(es, Invalid("attribute", "err.indicator.attribute", ind.Attribute))
	}
	switch ind.Direction {
	case Increase, Decrease:
	default:
		es = append(es, Invalid("direction", "err.indicator.direction", ind.Direction))
	}
	if ind.BaselineYear < p.BaseYear-30 || ind.BaselineYear > p.TargetYear {
		es = append(es, Invalid("baseline_year", "err.indicator.baselineYear", ind.BaselineYear))
	}
	if ind.BaselineValue != nil && !finite(*ind.BaselineValue) {
		es = append(es, Invalid("baseline_value", "err.indicator.baselineValue"))
	}
	if ind.Rollup != "" && !slices.Contains(Rollups, ind.Rollup) {
		es = append(es, Invalid("rollup", "err.indicator.rollup", ind.Rollup))
	}
	if ind.WeightCode != "" && ind.Rollup != RollupWeightedMean {
		es = append(es, Invalid("weight_code", "err.indicator.weightRule"))
	}
	if ind.Weight != nil && (!finite(*ind.Weight) || *ind.Weight <= 0) {
		es = append(es, Invalid("weight", "err.indicator.weight"))
	}
	t := ind.Target
	if !ValidTargetKind(t.Kind) {
		es = append(es, Invalid("kind", "err.indicator.kind", t.Kind))
		return es
	}
	if !finite(t.Value) || !finite(t.Band) || t.Band < 0 {
		es = append(es, Invalid("target_value", "err.indicator.targetValue"))
	}
	es = append(es, ind.validateForm()...)
	es = texts(es, textField{"name_zh", ind.NameZh, MaxName, false}, textField{"name_en", ind.NameEn, MaxName, false},
		textField{"unit", ind.Unit, MaxUnit, false}, textField{"baseline_source", ind.BaselineSource, MaxSource, true},
		textField{"source", ind.Source, MaxSource, true}, textField{"plan_text", ind.PlanText, MaxLongText, true},
		textField{"note", ind.Note, MaxNote, true}, textField{"target_text", ind.Target.Text, MaxTargetText, false})
	if t.Kind != KindNone {
		if ty := ind.TargetYear(p); ty <= ind.BaselineYear || ty > p.TargetYear+15 {
			es = append(es, Invalid("target_year", "err.indicator.targetYear", ty, ind.BaselineYear))
		}
	}
	switch t.Comparator {
	case GE, GT, LE, LT, Around: // ≈ without a band takes the default band (DefaultBand)
	case "": // the kind or the direction decides (EffectiveComparator)
	default:
		es = append(es, Invalid("comparator", "err.indicator.comparator", t.Comparator))
	}
	if e := ind.ComparatorConflict(); e != nil {
		es = append(es, e)
	}
	switch t.Kind {
	case KindCeiling:
		if t.Comparator != "" && t.Comparator != LE && t.Comparator != LT {
			es = append(es, Invalid("comparator", "err.indicator.ceiling"))
		}
	case KindFloor:
		if t.Comparator != "" && t.Comparator != GE && t.Comparator != GT {
			es = append(es, Invalid("comparator", "err.indicator.floor"))
		}
	case KindMilestone:
		if !t.Pending && (t.Value <= 0 || t.Value != math.Trunc(t.Value)) {
			es = append(es, Invalid("target_value", "err.indicator.milestone"))
		}
	case KindAvgGrowth:
		if t.Value <= -100 {
			es = append(es, Invalid("target_value", "err.indicator.avgGrowth"))
		}
	case KindCumulativeChange:
		if t.Value <= -100 {
			es = append(es, Invalid("target_value", "err.indicator.cumulative"))
		}
	}
	for _, it := range ind.Interim {
		if it.Year <= ind.BaselineYear || it.Year > ind.TargetYear(p) || !finite(it.Value) {
			es = append(es, Invalid("interim", "err.indicator.interim", it.Year))
		}
	}
	return es
}

// validateForm checks what values are and how they are judged: yearly
// rates compound only into growth and change targets; a relative target
// names another indicator; the log method measures cumulative changes; a
// pending target says what the plan says instead of a figure.
func (ind Indicator) validateForm() Errors {
	var es Errors
	t := ind.Target
	switch ind.ObservedAs {
	case "", ObservedLevel:
	case YearlyRate:
		switch t.Kind {
		case KindIncreaseBy, KindPPChange, KindMilestone:
			es = append(es, Invalid("observed_as", "err.indicator.rateKind", M("kind."+string(t.Kind))))
		}
	default:
		es = append(es, Invalid("observed_as", "err.indicator.observedAs", ind.ObservedAs))
	}
	switch ind.Method {
	case "", MethodLinear:
	case MethodLog:
		if t.Kind != KindCumulativeChange {
			es = append(es, Invalid("method", "err.indicator.logKind"))
		}
	default:
		es = append(es, Invalid("method", "err.indicator.method", ind.Method))
	}
	switch {
	case t.Kind == KindRelative && ind.Reference == "":
		es = append(es, Invalid("reference", "err.indicator.noReference"))
	case t.Kind == KindRelative && ind.Reference == ind.Code:
		es = append(es, Invalid("reference", "err.indicator.selfReference"))
	case t.Kind != KindRelative && ind.Reference != "":
		es = append(es, Invalid("reference", "err.indicator.referenceKind"))
	}
	if t.Pending {
		switch {
		case strings.TrimSpace(t.Text) == "":
			es = append(es, Invalid("target_text", "err.indicator.pendingText"))
		case t.Kind == KindNone || t.Kind == KindRelative || t.Kind == KindYearly:
			es = append(es, Invalid("target_value", "err.indicator.pendingKind", M("kind."+string(t.Kind))))
		}
	}
	return es
}

// TargetYear is T for the indicator: its own, or the plan's.
func (ind Indicator) TargetYear(p Plan) int {
	if ind.Target.Year != 0 {
		return ind.Target.Year
	}
	return p.TargetYear
}

// Validate checks an observation of ind in plan p.
func (o Observation) Validate(p Plan, ind Indicator) Errors {
	var es Errors
	// Up to ten years before the base year are kept as context; nothing after the target year.
	if o.Year < p.BaseYear-10 || o.Year > ind.TargetYear(p) {
		es = append(es, Invalid("year", "err.obs.year", o.Year, p.Code, p.BaseYear-10, ind.TargetYear(p)))
	}
	if !finite(o.Value) {
		es = append(es, Invalid("value", "err.obs.value"))
	}
	if ind.ObservedAs == YearlyRate && o.Value <= -100 {
		es = append(es, Invalid("value", "err.obs.rate", FormatValue(o.Value)))
	}
	switch o.Qualifier {
	case Exact, LowerBound, UpperBound, Estimate:
	default:
		es = append(es, Invalid("qualifier", "err.obs.qualifier", o.Qualifier))
	}
	switch o.Status {
	case Preliminary, Final:
	default:
		es = append(es, Invalid("status", "err.obs.status", o.Status))
	}
	return texts(es, textField{"source", o.Source, MaxSource, true}, textField{"note", o.Note, MaxNote, true})
}

// Validate checks a whole dataset: every part, section references, unique
// codes and observations of known indicators.
func (d Dataset) Validate() Errors {
	es := d.Plan.Validate()
	for _, dep := range d.Departments {
		es = append(es, dep.Validate()...)
	}
	secs := map[string]bool{}
	for _, s := range d.Sections {
		es = append(es, s.Validate()...)
		if secs[s.Code] {
			es = append(es, Invalid("section", "err.section.repeated", s.Code))
		}
		if s.ParentCode != "" && !secs[s.ParentCode] {
			es = append(es, Invalid("section", "err.section.parentUnknown", s.Code, s.ParentCode))
		}
		secs[s.Code] = true
	}
	inds := map[string]Indicator{}
	for _, ind := range d.Indicators {
		for _, e := range ind.Validate(d.Plan) {
			e.Field = ind.Code + "." + e.Field
			es = append(es, e)
		}
		if _, dup := inds[ind.Code]; dup {
			es = append(es, Invalid("code", "err.indicator.repeated", ind.Code))
		}
		if ind.SectionCode != "" && !secs[ind.SectionCode] {
			es = append(es, Invalid("section", "err.indicator.sectionUnknown", ind.Code, ind.SectionCode))
		}
		inds[ind.Code] = ind
	}
	for _, ind := range d.Indicators {
		if ind.Reference != "" {
			if _, ok := inds[ind.Reference]; !ok {
				es = append(es, Invalid("reference", "err.indicator.referenceUnknown", ind.Code, ind.Reference))
			}
		}
	}
	for code, obs := range d.Observations {
		ind, ok := inds[code]
		if !ok {
			es = append(es, NotFound("err.indicator.unknown", code))
			continue
		}
		for _, o := range obs {
			for _, e := range o.Validate(d.Plan, ind) {
				e.Field = code + "." + e.Field
				es = append(es, e)
			}
		}
	}
	return es
}
