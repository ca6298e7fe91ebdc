package indicators

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ImportKind says what a file carries.
type ImportKind string

// Import kinds: yearly actual values, or a plan's indicator definitions (its
// 主要指标表).
const (
	ImportActuals ImportKind = "actuals"
	ImportPlan    ImportKind = "plan"
)

// Issue is one problem with an imported file, at a row (1 is the header)
// and a column (as the file names it). Warnings do not stop an import.
type Issue struct {
	Row     int
	Column  string
	Warning bool
	Zh, En  string
}

// Message is the issue in one language, with its column: what the CLI
// prints after "FILE:ROW: ".
func (i Issue) Message(zh bool) string {
	msg := i.En
	if zh {
		msg = i.Zh
	}
	if i.Column != "" {
		if zh {
			msg = "“" + i.Column + "”列:" + msg
		} else {
			msg = "column " + i.Column + ": " + msg
		}
	}
	if i.Warning {
		if zh {
			msg = "警告:" + msg
		} else {
			msg = "warning: " + msg
		}
	}
	return msg
}

// issueOf turns a domain error into an issue at row, in column.
func issueOf(row int, column string, e *Error) Issue {
	return Issue{Row: row, Column: column, Zh: e.Zh, En: e.En}
}

// RowSource yields a file's rows one at a time, so that a file of any size
// is read in constant memory. Next returns the row's number (1-based, as a
// spreadsheet counts) and its cells; io.EOF after the last row.
type RowSource interface {
	Next() (row int, cells []string, err error)
}

// column names a field of an import and the headers that mean it.
type column struct {
	field   string
	aliases []string
}

var actualColumns = []column{
	{"plan", []string{"plan", "plan_code", "规划", "规划代码", "规划编码"}},
	{"indicator", []string{"indicator", "indicator_code", "code", "指标", "指标代码", "指标编码", "代码"}},
	{"year", []string{"year", "年份", "年度", "年"}},
	{"value", []string{"value", "数值", "值", "实际值", "完成值", "实绩"}},
	{"qualifier", []string{"qualifier", "限定", "限定词", "数值性质"}},
	{"status", []string{"status", "状态", "数据状态"}},
	{"source", []string{"source", "来源", "数据来源"}},
	{"note", []string{"note", "备注", "说明"}},
	// Shown in templates for people, not read.
	{"-", []string{"name", "name_zh", "name_en", "unit", "指标名称", "名称", "单位", "英文名称"}},
}

var planColumns = []column{
	{"code", []string{"code", "indicator", "指标代码", "代码", "编码"}},
	{"name_zh", []string{"name_zh", "name", "指标名称", "名称", "中文名称"}},
	{"name_en", []string{"name_en", "英文名称"}},
	{"unit", []string{"unit", "单位"}},
	{"attribute", []string{"attribute", "属性", "指标属性"}},
	{"direction", []string{"direction", "方向"}},
	{"kind", []string{"kind", "target_kind", "目标类型"}},
	{"comparator", []string{"comparator", "比较", "比较方式"}},
	{"band", []string{"band", "幅度", "容许幅度"}},
	{"baseline_year", []string{"baseline_year", "基期年份", "基期年"}},
	{"baseline_value", []string{"baseline_value", "baseline", "基期值", "基期"}},
	{"target_year", []string{"target_year", "目标年份", "目标年"}},
	{"target_value", []string{"target_value", "target", "目标值", "目标"}},
	{"section", []string{"section", "章节", "所属章节"}},
	{"department", []string{"department", "责任单位", "部门"}},
	{"source", []string{"source", "baseline_source", "来源", "数据来源"}},
}

// Header maps a file's header row to fields.
type Header struct {
	Names []string       // as written in the file
	index map[string]int // field → cell
}

// normalizeHeader folds a header cell for matching: case, spaces, full-width
// forms, a unit in brackets ("数值(亿元)"), and the BOM a reader may leave.
func normalizeHeader(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = normalizeDigits(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "(（"); i > 0 {
		s = s[:i]
	}
	return strings.ToLower(s)
}

// ReadHeader matches a header row against the columns of kind. It returns
// errors for missing required columns or a column given twice, and warnings
// for columns it will not read.
func ReadHeader(kind ImportKind, cells []string) (Header, []Issue) {
	cols, required := actualColumns, []string{"indicator", "year", "value"}
	if kind == ImportPlan {
		// Only the code: a file may update a few columns of existing
		// indicators, and a new indicator without a needed field fails its
		// own validation, at its row.
		cols, required = planColumns, []string{"code"}
	}
	alias := map[string]string{}
	for _, c := range cols {
		for _, a := range c.aliases {
			alias[a] = c.field
		}
	}
	h := Header{Names: append([]string(nil), cells...), index: map[string]int{}} // readers reuse their slices
	var issues []Issue
	for i, c := range cells {
		n := normalizeHeader(c)
		if n == "" {
			continue
		}
		f, ok := alias[n]
		switch {
		case !ok:
			issues = append(issues, Issue{Row: 1, Column: c, Warning: true,
				Zh: "不认识的列,已忽略", En: "unknown column, ignored"})
		case f == "-":
		default:
			if _, dup := h.index[f]; dup {
				issues = append(issues, Issue{Row: 1, Column: c, Zh: "与前面的列重复", En: "repeats an earlier column"})
				continue
			}
			h.index[f] = i
		}
	}
	for _, f := range required {
		if _, ok := h.index[f]; !ok {
			issues = append(issues, Issue{Row: 1, Zh: fmt.Sprintf("缺少必需的列“%s”", f), En: fmt.Sprintf("the required column %q is missing", f)})
		}
	}
	return h, issues
}

// Has reports whether the file has the field's column.
func (h Header) Has(field string) bool { _, ok := h.index[field]; return ok }

// Cell is the trimmed value of field in cells, "" where the file has no such
// column or the row is short. A leading apostrophe that an export put before
// = + - @ (against formula injection) is taken off again.
func (h Header) Cell(cells []string, field string) string {
	i, ok := h.index[field]
	if !ok || i >= len(cells) {
		return ""
	}
	s := strings.TrimSpace(cells[i])
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		s = s[1:]
	}
	return s
}

// Column is the file's own name of field, for messages.
func (h Header) Column(field string) string {
	if i, ok := h.index[field]; ok {
		return h.Names[i]
	}
	return field
}

// Blank reports whether every cell is empty: trailing empty rows are skipped.
func Blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// ActualRow is one row of an actuals file, read but not yet matched to an
// indicator: the value stays text until the indicator's unit is known.
type ActualRow struct {
	Row       int
	Plan      string
	Indicator string
	Year      int
	Value     string
	Qualifier Qualifier // "" when the file does not say
	Status    ObsStatus // "" when the file does not say
	Source    string
	Note      string
}

var qualifierWords = map[string]Qualifier{
	"exact": Exact, "精确": Exact, "实际": Exact, "准确": Exact,
	"lower_bound": LowerBound, "下限": LowerBound, "超过": LowerBound, "以上": LowerBound,
	"upper_bound": UpperBound, "上限": UpperBound, "不足": UpperBound, "以下": UpperBound,
	"estimate": Estimate, "估计": Estimate, "预计": Estimate, "约": Estimate, "估算": Estimate,
}

var statusWords = map[string]ObsStatus{
	"preliminary": Preliminary, "初步": Preliminary, "初步数": Preliminary, "快报": Preliminary, "初步核算": Preliminary,
	"final": Final, "最终": Final, "最终数": Final, "正式": Final, "年报": Final, "最终核实": Final,
}

// ParseActualRow reads one data row of an actuals file. Values that need the
// indicator (the value and its unit, the year's range) are checked later by
// Observation.
func ParseActualRow(h Header, row int, cells []string) (ActualRow, []Issue) {
	a := ActualRow{Row: row, Plan: h.Cell(cells, "plan"), Indicator: h.Cell(cells, "indicator"),
		Value: h.Cell(cells, "value"), Source: h.Cell(cells, "source"), Note: h.Cell(cells, "note")}
	var issues []Issue
	if a.Indicator == "" {
		issues = append(issues, Issue{Row: row, Column: h.Column("indicator"), Zh: "缺少指标代码", En: "the indicator code is missing"})
	}
	y := strings.TrimSuffix(normalizeDigits(h.Cell(cells, "year")), "年")
	if f, err := strconv.ParseFloat(y, 64); err == nil && f == float64(int(f)) && f > 1000 && f < 3000 {
		a.Year = int(f)
	} else {
		issues = append(issues, Issue{Row: row, Column: h.Column("year"),
			Zh: fmt.Sprintf("“%s”不是年份", h.Cell(cells, "year")), En: fmt.Sprintf("%q is not a year", h.Cell(cells, "year"))})
	}
	if q := h.Cell(cells, "qualifier"); q != "" {
		if a.Qualifier = qualifierWords[strings.ToLower(q)]; a.Qualifier == "" {
			issues = append(issues, Issue{Row: row, Column: h.Column("qualifier"),
				Zh: fmt.Sprintf("限定词“%s”无效(应为 exact、lower_bound、upper_bound、estimate)", q),
				En: fmt.Sprintf("qualifier %q is invalid (exact, lower_bound, upper_bound, estimate)", q)})
		}
	}
	if s := h.Cell(cells, "status"); s != "" {
		if a.Status = statusWords[strings.ToLower(s)]; a.Status == "" {
			issues = append(issues, Issue{Row: row, Column: h.Column("status"),
				Zh: fmt.Sprintf("数据状态“%s”无效(应为 preliminary 或 final)", s),
				En: fmt.Sprintf("status %q is invalid (preliminary or final)", s)})
		}
	}
	return a, issues
}

// Observation reads the row's value in the unit of ind and checks it
// against plan p. empty is true for a row without a value, which imports
// nothing. Without a status the value is preliminary, as on the form.
func (a ActualRow) Observation(h Header, p Plan, ind Indicator, by string, at time.Time) (o Observation, empty bool, issues []Issue) {
	pv, err := ParseValue(a.Value, ind.Unit)
	if err != nil {
		return o, false, []Issue{issueOf(a.Row, h.Column("value"), err)}
	}
	if pv.Empty {
		return o, true, nil
	}
	q := a.Qualifier
	switch {
	case q == "":
		q = pv.Qualifier
	case pv.Qualifier != Exact && pv.Qualifier != q:
		return o, false, []Issue{{Row: a.Row, Column: h.Column("qualifier"),
			Zh: fmt.Sprintf("限定词“%s”与数值“%s”的写法矛盾", a.Qualifier, a.Value),
			En: fmt.Sprintf("qualifier %q contradicts the value %q", a.Qualifier, a.Value)}}
	}
	st := a.Status
	if st == "" {
		st = Preliminary
	}
	o = Observation{Year: a.Year, Value: pv.Value, Qualifier: q, Status: st, Source: a.Source, Note: a.Note,
		RecordedBy: by, RecordedAt: at}
	for _, e := range o.Validate(p, ind) {
		issues = append(issues, issueOf(a.Row, h.Column(e.Field), e))
	}
	return o, false, issues
}

// MagnitudeIssue warns when v is about a power of ten off the previous
// year's value prev (10× to 10,000×): usually a 万元/亿元 slip.
func MagnitudeIssue(h Header, row int, prevYear int, prev, v float64) (Issue, bool) {
	k := Magnitude(prev, v)
	if k == 0 {
		return Issue{}, false
	}
	f := strconv.FormatFloat(pow10(abs(k)), 'f', -1, 64)
	zh, en := f+" 倍", f+" times"
	if k < 0 {
		zh, en = "1/"+f, "1/"+f+" of"
	}
	return Issue{Row: row, Column: h.Column("value"), Warning: true,
		Zh: fmt.Sprintf("%s 约为 %d 年数值 %s 的 %s,请检查单位(万元/亿元?)", FormatValue(v), prevYear, FormatValue(prev), zh),
		En: fmt.Sprintf("%s is about %s %d's %s; check the unit (万元/亿元?)", FormatValue(v), en, prevYear, FormatValue(prev))}, true
}

func abs(k int) int {
	if k < 0 {
		return -k
	}
	return k
}

func pow10(k int) float64 {
	f := 1.0
	for range k {
		f *= 10
	}
	return f
}

// Change is one value an import writes, or would write: Old is nil for a
// new value.
type Change struct {
	Row       int
	Plan      string
	Indicator string
	Year      int
	Old       *Observation
	New       Observation
}

// ImportResult is what an import found in a file and did, or would do in a
// dry run. Lists are capped (ListCap) so that a huge file's preview stays
// small; the counts are exact.
type ImportResult struct {
	ID        int64 // the import's number once committed; 0 for a dry run or no change
	Kind      ImportKind
	File      string
	SHA256    string
	Rows      int // data rows read, blank rows not counted
	Empty     int // rows without a value
	New       int
	Changed   int
	Unchanged int
	Errors    int
	Warnings  int
	Changes   []Change          // new and changed values, first ListCap
	Defs      []IndicatorChange // new and changed indicators of a definitions import
	Issues    []Issue           // errors and warnings, first ListCap of each
	Plans     []string          // plans the file touches
}

// ListCap bounds the changes and issues an ImportResult lists.
const ListCap = 1000

// Add records an issue, counting it and keeping it while under ListCap.
func (r *ImportResult) Add(is ...Issue) {
	for _, i := range is {
		n := &r.Errors
		if i.Warning {
			n = &r.Warnings
		}
		*n++
		if *n <= ListCap {
			r.Issues = append(r.Issues, i)
		}
	}
}

// AddChange records a new or changed value.
func (r *ImportResult) AddChange(c Change) {
	if c.Old == nil {
		r.New++
	} else {
		r.Changed++
	}
	if len(r.Changes) < ListCap {
		r.Changes = append(r.Changes, c)
	}
}

// OK reports whether the file can be committed: no errors.
func (r ImportResult) OK() bool { return r.Errors == 0 }

// ImportRecord is one committed import, as the history lists it.
type ImportRecord struct {
	ID        int64
	Kind      ImportKind
	File      string
	SHA256    string
	Plans     []string
	By        string
	At        time.Time
	Rows      int
	New       int
	Changed   int
	Unchanged int
	Warnings  int
}

var attributeWords = map[string]Attribute{"binding": Binding, "约束性": Binding, "约束": Binding,
	"expected": Expected, "预期性": Expected, "预期": Expected, "reference": Reference, "参考": Reference, "参考性": Reference}

var directionWords = map[string]Direction{"increase": Increase, "上升": Increase, "增加": Increase, "提高": Increase, "正向": Increase,
	"decrease": Decrease, "下降": Decrease, "减少": Decrease, "降低": Decrease, "逆向": Decrease}

var kindWords = map[string]TargetKind{"达到": KindLevel, "水平": KindLevel, "新增": KindIncreaseBy, "年均增长": KindAvgGrowth,
	"累计": KindCumulativeChange, "累计变化": KindCumulativeChange, "百分点": KindPPChange, "上限": KindCeiling,
	"下限": KindFloor, "里程碑": KindMilestone, "无": KindNone, "监测": KindNone}

// ParseIndicatorRow reads one row of a plan-definitions file into an
// indicator of plan p. When the plan already has the indicator (old), the
// columns the file lacks keep their current values, so a file of a few
// columns updates only those. The indicator is validated against p.
func ParseIndicatorRow(h Header, row int, cells []string, p Plan, old *Indicator) (Indicator, []Issue) {
	var ind Indicator
	if old != nil {
		ind = *old
		ind.Interim = append([]InterimTarget(nil), old.Interim...)
	} else {
		ind.BaselineYear = p.BaseYear
	}
	var issues []Issue
	bad := func(field, zh, en string, args ...any) {
		issues = append(issues, Issue{Row: row, Column: h.Column(field), Zh: fmt.Sprintf(zh, args...), En: fmt.Sprintf(en, args...)})
	}
	text := func(field string, dst *string) {
		if h.Has(field) {
			*dst = h.Cell(cells, field)
		}
	}
	word := func(field string, set func(string) bool) {
		if v := h.Cell(cells, field); h.Has(field) && !set(strings.ToLower(v)) {
			bad(field, "“%s”无效", "%q is invalid", v)
		}
	}
	year := func(field string, dst *int) {
		v := strings.TrimSuffix(normalizeDigits(h.Cell(cells, field)), "年")
		if !h.Has(field) || v == "" {
			return
		}
		y, err := strconv.Atoi(v)
		if err != nil {
			bad(field, "“%s”不是年份", "%q is not a year", v)
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
	// A target in the kind's own terms: growth and change kinds are in %
	// or points, whatever the indicator's unit.
	tunit := ind.Unit
	switch ind.Target.Kind {
	case KindAvgGrowth, KindCumulativeChange:
		tunit = "%"
	case KindPPChange:
		tunit = "百分点"
	case KindMilestone:
		tunit = ""
	}
	number("target_value", tunit, &ind.Target.Value, func() { ind.Target.Value = 0 })
	number("band", tunit, &ind.Target.Band, func() { ind.Target.Band = 0 })
	if len(issues) > 0 {
		return ind, issues
	}
	for _, e := range ind.Validate(p) {
		issues = append(issues, issueOf(row, h.Column(e.Field), e))
	}
	return ind, issues
}

// SameDefinition reports whether two indicators define the same thing, so
// that importing an unchanged definitions file changes nothing.
func SameDefinition(a, b Indicator) bool {
	eqf := func(x, y *float64) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	if len(a.Interim) != len(b.Interim) {
		return false
	}
	for i := range a.Interim {
		if a.Interim[i] != b.Interim[i] {
			return false
		}
	}
	return a.Code == b.Code && a.NameZh == b.NameZh && a.NameEn == b.NameEn && a.Unit == b.Unit &&
		a.SectionCode == b.SectionCode && a.Attribute == b.Attribute && a.Direction == b.Direction &&
		a.Department == b.Department && a.BaselineYear == b.BaselineYear && eqf(a.BaselineValue, b.BaselineValue) &&
		a.BaselineSource == b.BaselineSource && a.Target == b.Target && a.PlanText == b.PlanText &&
		a.ParentPlan == b.ParentPlan && a.ParentCode == b.ParentCode && a.Note == b.Note
}

// FileError is a file that cannot be read on from a row: bad quoting, an
// encoding that changes midway, a damaged spreadsheet. Readers return it;
// an import reports it as an error at its row.
type FileError struct {
	Row    int
	Zh, En string
}

func (e *FileError) Error() string { return fmt.Sprintf("row %d: %s", e.Row, e.En) }

// Issue is the error as an import reports it.
func (e *FileError) Issue() Issue { return Issue{Row: e.Row, Zh: e.Zh, En: e.En} }

// IndicatorChange is one indicator a definitions import creates (Old nil)
// or changes.
type IndicatorChange struct {
	Row int
	Old *Indicator
	New Indicator
}

// ImportOptions says what an import is and who makes it.
type ImportOptions struct {
	Plan   string // plan of rows that name none; "" when the file has a plan column
	File   string // the file's name, as the user gave it
	SHA256 string // of the file's bytes, hex
	By     string
	// User limits what may be written to the indicators the user may edit;
	// nil imports as a local administrator (the command line).
	User   *User
	Now    time.Time
	DryRun bool
	// Progress, when set, is called with the number of rows read so far,
	// every ProgressEvery rows (50,000 when zero) and once at the end.
	Progress      func(rows int)
	ProgressEvery int
}

// ImportDetail is one import with what it wrote: values (an actuals
// import) or the audit entries of the indicators it created or changed (a
// definitions import).
type ImportDetail struct {
	Record  ImportRecord
	Changes []Change
	Entries []AuditEntry
}
