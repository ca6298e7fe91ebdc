package indicators

import (
	"context"
	"errors"
	"io"
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
	Refused bool // the row is refused because the user may not write it
	Msg     Msg
}

// Text is the issue as one message, with its column and, for a warning,
// the word saying so: what the command line prints after "FILE:ROW: ".
func (i Issue) Text() Msg {
	m := i.Msg
	if i.Column != "" {
		m = M("issue.column", i.Column, m)
	}
	if i.Warning {
		m = M("issue.warning", m)
	}
	return m
}

// issueOf turns a domain error into an issue at row, in column.
func issueOf(row int, column string, e *Error) Issue {
	return Issue{Row: row, Column: column, Msg: e.Msg}
}

// RowSource yields a file's rows one at a time, so that a file of any size
// is read in constant memory. Next returns the row's number (1-based, as a
// spreadsheet counts) and its cells; io.EOF after the last row.
type RowSource interface {
	Next() (row int, cells []string, err error)
}

// Rows is a file held in memory as rows of cells, the header first: what
// the entry grid and the value form import, and what tests feed the engine.
func Rows(rows [][]string) RowSource { return &memRows{rows: rows} }

type memRows struct {
	rows [][]string
	i    int
}

func (m *memRows) Next() (int, []string, error) {
	if m.i >= len(m.rows) {
		return 0, nil, io.EOF
	}
	m.i++
	return m.i, m.rows[m.i-1], nil
}

// FileError is a file that cannot be read on from a row: bad quoting, an
// encoding that changes midway, a damaged spreadsheet. Readers return it;
// an import reports it as an error at its row.
type FileError struct {
	Row int
	Msg Msg
}

func (e *FileError) Error() string { return "row " + strconv.Itoa(e.Row) + ": " + e.Msg.String() }

// Issue is the error as an import reports it.
func (e *FileError) Issue() Issue { return Issue{Row: e.Row, Msg: e.Msg} }

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
	if kind == ImportProjects {
		cols, required = projectColumns, []string{"code"}
	}
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
			issues = append(issues, Issue{Row: 1, Column: c, Warning: true, Msg: M("imp.unknownColumn")})
		case f == "-":
		default:
			if _, dup := h.index[f]; dup {
				issues = append(issues, Issue{Row: 1, Column: c, Msg: M("imp.repeatedColumn")})
				continue
			}
			h.index[f] = i
		}
	}
	for _, f := range required {
		if _, ok := h.index[f]; !ok {
			issues = append(issues, Issue{Row: 1, Msg: M("imp.missingColumn", f)})
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

// parseYear reads a year as files write it: 2024, 2024年, full-width digits.
func parseYear(s string) (int, bool) {
	y := strings.TrimSuffix(normalizeDigits(s), yearSuffix)
	f, err := strconv.ParseFloat(y, 64)
	if err != nil || f != float64(int(f)) || f <= 1000 || f >= 3000 {
		return 0, false
	}
	return int(f), true
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
	Target    string // the year's own target as worded, for a yearly indicator; "" for none
	Band      string // the band of a 左右 target
	Break     bool   // a series break (口径调整)
	BreakSet  bool   // the row says whether it is one; otherwise the year's current mark stays
	// District names the district (by unit code or name) whose share of a
	// decomposed indicator the value is; empty for the plan's own figure.
	District string
}

// ParseActualRow reads one data row of an actuals file. Values that need the
// indicator (the value and its unit, the year's range) are checked later by
// Observation.
func ParseActualRow(h Header, row int, cells []string) (ActualRow, []Issue) {
	a := ActualRow{Row: row, Plan: h.Cell(cells, "plan"), Indicator: h.Cell(cells, "indicator"),
		Value: h.Cell(cells, "value"), Source: h.Cell(cells, "source"), Note: h.Cell(cells, "note"),
		District: h.Cell(cells, "district")}
	var issues []Issue
	if a.Indicator == "" {
		issues = append(issues, Issue{Row: row, Column: h.Column("indicator"), Msg: M("imp.noIndicator")})
	}
	var ok bool
	if a.Year, ok = parseYear(h.Cell(cells, "year")); !ok {
		issues = append(issues, Issue{Row: row, Column: h.Column("year"), Msg: M("imp.notYear", h.Cell(cells, "year"))})
	}
	if q := h.Cell(cells, "qualifier"); q != "" {
		if a.Qualifier = qualifierWords[strings.ToLower(q)]; a.Qualifier == "" {
			issues = append(issues, Issue{Row: row, Column: h.Column("qualifier"), Msg: M("imp.qualifier", q)})
		}
	}
	if s := h.Cell(cells, "status"); s != "" {
		if a.Status = statusWords[strings.ToLower(s)]; a.Status == "" {
			issues = append(issues, Issue{Row: row, Column: h.Column("status"), Msg: M("imp.status", s)})
		}
	}
	a.Target, a.Band = h.Cell(cells, "target"), h.Cell(cells, "band")
	if b := strings.ToLower(h.Cell(cells, "break")); b != "" {
		a.BreakSet = true
		switch {
		case yesWords[b]:
			a.Break = true
		case !noWords[b]:
			issues = append(issues, Issue{Row: row, Column: h.Column("break"), Msg: M("imp.break", b)})
		}
	}
	return a, issues
}

// Observation reads the row's value in the unit of ind and checks it
// against plan p. empty is true for a row without a value, which imports
// nothing. The status is the row's own; the caller fills it (and any other
// field the file does not carry) from the current revision or the default.
func (a ActualRow) Observation(h Header, p Plan, ind Indicator, actor string, at time.Time) (o Observation, empty bool, issues []Issue) {
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
		return o, false, []Issue{{Row: a.Row, Column: h.Column("qualifier"), Msg: M("imp.qualifierContradicts", a.Qualifier, a.Value)}}
	}
	st := a.Status
	if st == "" {
		st = Preliminary
	}
	o = Observation{Year: a.Year, Value: pv.Value, Qualifier: q, Status: st, Source: a.Source, Note: a.Note,
		Actor: actor, At: at, Break: a.Break, Decimals: pv.Decimals}
	for _, e := range o.Validate(p, ind) {
		issues = append(issues, issueOf(a.Row, h.Column(e.Field), e))
	}
	return o, false, issues
}

// MagnitudeIssue warns when v is about a power of ten off an earlier value
// prev (10× to 10,000×): a 万元/亿元 slip, or a misplaced decimal point.
// sameYear says that prev is the year's own current value (a revision),
// otherwise it is the value of year prevYear. The hint suits the unit.
func MagnitudeIssue(h Header, row int, unit string, prevYear int, prev, v float64, sameYear bool) (Issue, bool) {
	k := Magnitude(prev, v)
	if k == 0 {
		return Issue{}, false
	}
	f := FormatValue(pow10(abs(k)))
	times := M("imp.times", f)
	if k < 0 {
		times = M("imp.fraction", f)
	}
	hint := M("imp.hint.decimal")
	if strings.Contains(unit, moneyUnit) {
		hint = M("imp.hint.money")
	}
	key := "imp.magnitude.year"
	if sameYear {
		key = "imp.magnitude.revision"
	}
	return Issue{Row: row, Column: h.Column("value"), Warning: true,
		Msg: M(key, FormatValue(v), prevYear, FormatValue(prev), times, hint)}, true
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

// TargetChange is one year target an import writes, or would write: Old
// is nil for a new one.
type TargetChange struct {
	Row       int
	Plan      string
	Indicator string
	Key       int64
	Old       *YearTarget
	New       YearTarget
}

// Change is one value an import writes, or would write: Old is nil for a
// new value. Key is the store's handle of the indicator.
type Change struct {
	Row       int
	Plan      string
	Indicator string
	Key       int64
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
	// Submitted counts the values written for review (填报 → 审核): they
	// count once approved.
	Submitted int
	Errors    int
	Warnings  int
	Changes   []Change          // new and changed values, first ListCap
	Targets   []TargetChange    // new and changed year targets, first ListCap
	TargetN   int               // year targets written
	Defs      []IndicatorChange // new and changed indicators of a definitions import, first ListCap
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

// AddChange records a new or changed value, and reports whether it is
// listed (one of the first ListCap).
func (r *ImportResult) AddChange(c Change) bool {
	if c.Old == nil {
		r.New++
	} else {
		r.Changed++
	}
	if len(r.Changes) < ListCap {
		r.Changes = append(r.Changes, c)
		return true
	}
	return false
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
	Actor     string
	At        time.Time
	Rows      int
	Empty     int
	New       int
	Changed   int
	Unchanged int
	Warnings  int
}

// ImportOptions says what an import is and who makes it.
type ImportOptions struct {
	Plan   string // plan of rows that name none; "" when the file has a plan column
	File   string // the file's name, as the user gave it
	SHA256 string // of the file's bytes, hex
	Actor  Actor
	Now    time.Time
	DryRun bool
	// ValuesRequired makes a row without a value an error: on a form, an
	// empty value is a mistake; in a file, a gap.
	ValuesRequired bool
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

// ReadRows reads a file of kind: its header (the first row that is not
// blank), then every data row, counted in res.Rows. A file that cannot be
// read on from a row is an error at that row, and so is an empty file.
// header may refuse the file after its columns are known, by returning
// false; a header with errors is refused without asking.
func ReadRows(ctx context.Context, src RowSource, kind ImportKind, res *ImportResult,
	header func(h Header, row int) bool, each func(h Header, row int, cells []string) error) error {
	var h Header
	haveHeader := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		row, cells, err := src.Next()
		if err == io.EOF {
			break
		}
		var fe *FileError
		if errors.As(err, &fe) {
			res.Add(fe.Issue())
			break
		}
		if err != nil {
			return err
		}
		if Blank(cells) {
			continue
		}
		if !haveHeader {
			var issues []Issue
			h, issues = ReadHeader(kind, cells)
			haveHeader = true
			res.Add(issues...)
			if !res.OK() || (header != nil && !header(h, row)) {
				return nil // without its columns, no row can be read
			}
			continue
		}
		res.Rows++
		if err := each(h, row, cells); err != nil {
			return err
		}
	}
	if !haveHeader {
		res.Add(Issue{Row: 1, Msg: M("imp.empty")})
	}
	return nil
}
