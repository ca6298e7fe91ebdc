package indicators

import (
	"math"
	"regexp"
	"strings"
)

var (
	codePattern     = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)
	userNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$`)
)

func checkCode(field, code string) *Error {
	if !codePattern.MatchString(code) {
		return Invalid(field, "代码“%s”无效:只能用小写字母、数字、下划线、点和连字符,最长64个字符",
			"code %q is invalid: use lower-case letters, digits, _ . - (at most 64)", code)
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
		es = append(es, Invalid("name_zh", "规划名称不能为空", "the plan needs a name"))
	}
	if p.BaseYear < 1900 || p.BaseYear > 2200 {
		es = append(es, Invalid("base_year", "基期年份 %d 无效", "base year %d is invalid", p.BaseYear))
	}
	if p.TargetYear <= p.BaseYear || p.TargetYear > 2200 {
		es = append(es, Invalid("target_year", "目标年份 %d 必须晚于基期年份 %d", "target year %d must be after the base year %d", p.TargetYear, p.BaseYear))
	}
	if p.Tolerance < 0 || p.Tolerance >= 1 || !finite(p.Tolerance) {
		es = append(es, Invalid("tolerance", "容差必须在0到1之间", "the tolerance must be between 0 and 1"))
	}
	if p.ParentCode == p.Code && p.Code != "" {
		es = append(es, Invalid("parent", "规划不能以自身为上级规划", "a plan cannot be its own parent"))
	}
	return es
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
		es = append(es, Invalid("level", "章节层级“%s”无效(应为 part/chapter/section/box)", "section level %q is invalid (part, chapter, section or box)", s.Level))
	}
	if strings.TrimSpace(s.TitleZh) == "" {
		es = append(es, Invalid("title_zh", "章节“%s”缺少标题", "section %q has no title", s.Code))
	}
	return es
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
		es = append(es, Invalid("name_zh", "指标“%s”缺少中文名称", "indicator %q has no Chinese name", ind.Code))
	}
	switch ind.Attribute {
	case Expected, Binding, Reference:
	default:
		es = append(es, Invalid("attribute", "属性“%s”无效(应为约束性或预期性)", "attribute %q is invalid (binding or expected)", ind.Attribute))
	}
	switch ind.Direction {
	case Increase, Decrease:
	default:
		es = append(es, Invalid("direction", "方向“%s”无效(应为 increase 或 decrease)", "direction %q is invalid (increase or decrease)", ind.Direction))
	}
	if ind.BaselineYear < p.BaseYear-30 || ind.BaselineYear > p.TargetYear {
		es = append(es, Invalid("baseline_year", "基期年份 %d 不在规划期内", "baseline year %d is outside the plan", ind.BaselineYear))
	}
	if ind.BaselineValue != nil && !finite(*ind.BaselineValue) {
		es = append(es, Invalid("baseline_value", "基期值不是有效数字", "the baseline is not a number"))
	}
	t := ind.Target
	if !ValidTargetKind(t.Kind) {
		es = append(es, Invalid("kind", "目标类型“%s”无效", "target kind %q is invalid", t.Kind))
		return es
	}
	if !finite(t.Value) || !finite(t.Band) || t.Band < 0 {
		es = append(es, Invalid("target_value", "目标值不是有效数字", "the target value is not a number"))
	}
	if t.Kind != KindNone {
		if ty := ind.TargetYear(p); ty <= ind.BaselineYear || ty > p.TargetYear+15 {
			es = append(es, Invalid("target_year", "目标年份 %d 必须晚于基期年份 %d", "target year %d must be after the baseline year %d", ty, ind.BaselineYear))
		}
	}
	switch t.Comparator {
	case GE, GT, LE, LT:
	case Around:
		if t.Band <= 0 {
			es = append(es, Invalid("band", "“左右”目标需要正的容许幅度", "an “around” target needs a positive band"))
		}
	case "":
		if t.Kind == KindLevel || t.Kind == KindCeiling || t.Kind == KindFloor {
			es = append(es, Invalid("comparator", "目标缺少比较方式(>=、>、<=、<、~)", "the target needs a comparator (>=, >, <=, <, ~)"))
		}
	default:
		es = append(es, Invalid("comparator", "比较方式“%s”无效(应为 >=、>、<=、<、~)", "comparator %q is invalid (>=, >, <=, <, ~)", t.Comparator))
	}
	switch t.Kind {
	case KindCeiling:
		if t.Comparator != LE && t.Comparator != LT {
			es = append(es, Invalid("comparator", "上限目标的比较方式应为 <= 或 <", "a ceiling takes <= or <"))
		}
	case KindFloor:
		if t.Comparator != GE && t.Comparator != GT {
			es = append(es, Invalid("comparator", "下限目标的比较方式应为 >= 或 >", "a floor takes >= or >"))
		}
	case KindMilestone:
		if t.Value <= 0 || t.Value != math.Trunc(t.Value) {
			es = append(es, Invalid("target_value", "里程碑目标应为正整数个数", "a milestone target is a positive whole count"))
		}
	case KindAvgGrowth:
		if t.Value <= -100 {
			es = append(es, Invalid("target_value", "年均增速必须大于 -100%%", "an average growth rate must be above -100%%"))
		}
	case KindCumulativeChange:
		if t.Value <= -100 {
			es = append(es, Invalid("target_value", "累计变化必须大于 -100%%", "a cumulative change must be above -100%%"))
		}
	}
	for _, it := range ind.Interim {
		if it.Year <= ind.BaselineYear || it.Year > ind.TargetYear(p) || !finite(it.Value) {
			es = append(es, Invalid("interim", "年度目标 %d 不在基期与目标年之间", "interim target %d is not between the baseline and target years", it.Year))
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
		es = append(es, Invalid("year", "年份 %d 超出规划“%s”的范围(%d–%d年)", "year %d is outside plan %q (%d–%d)",
			o.Year, p.Code, p.BaseYear-10, ind.TargetYear(p)))
	}
	if !finite(o.Value) {
		es = append(es, Invalid("value", "数值不是有效数字", "the value is not a number"))
	}
	switch o.Qualifier {
	case Exact, LowerBound, UpperBound, Estimate:
	default:
		es = append(es, Invalid("qualifier", "限定词“%s”无效", "qualifier %q is invalid", o.Qualifier))
	}
	switch o.Status {
	case Preliminary, Final:
	default:
		es = append(es, Invalid("status", "数据状态“%s”无效", "status %q is invalid", o.Status))
	}
	return es
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
			es = append(es, Invalid("section", "章节代码“%s”重复", "section code %q is repeated", s.Code))
		}
		if s.ParentCode != "" && !secs[s.ParentCode] {
			es = append(es, Invalid("section", "章节“%s”的上级“%s”不存在或排在其后", "section %q: parent %q is unknown or comes later", s.Code, s.ParentCode))
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
			es = append(es, Invalid("code", "指标代码“%s”重复", "indicator code %q is repeated", ind.Code))
		}
		if ind.SectionCode != "" && !secs[ind.SectionCode] {
			es = append(es, Invalid("section", "指标“%s”的章节“%s”不存在", "indicator %q: section %q is unknown", ind.Code, ind.SectionCode))
		}
		inds[ind.Code] = ind
	}
	for code, obs := range d.Observations {
		ind, ok := inds[code]
		if !ok {
			es = append(es, NotFound("未知指标“%s”", "unknown indicator %q", code))
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
