package views

import (
	"net/url"
	"strings"

	"plantrack/web/charts"
	"plantrack/web/i18n"
)

// Page is what every page needs.
type Page struct {
	Lang      i18n.Lang
	Title     string
	Asset     func(name string) string // versioned URL of a static file
	LangURL   string                   // switches the language, back to this page
	Sample    bool                     // show the sample-data banner
	Canonical string                   // this page's path
	Viewer    *Viewer                  // the signed-in user; nil for anonymous
	Notice    string                   // a one-line confirmation (saved, signed out)
	Refresh   int                      // reload the page after this many seconds (a running job); 0 for never
}

// T is a shorthand for the page's catalog.
func (p Page) T(key string, args ...any) string { return p.Lang.T(key, args...) }

// LoginURL signs in and comes back to this page (to the plans from the
// sign-in page itself).
func (p Page) LoginURL() string {
	if p.Canonical == "/login" || p.Canonical == "" {
		return "/login?next=/"
	}
	return "/login?next=" + url.QueryEscape(p.Canonical)
}

// StatusCount is one cell of a status summary.
type StatusCount struct {
	Status, Label string
	N             int
	Href          string // the overview filtered by this status
	Active        bool
}

// PlanCard is a plan on the plan list.
type PlanCard struct {
	Href, Name, Jurisdiction, Period, Source string
	Sample                                   bool
	Indicators                               int
	Counts                                   []StatusCount
}

// PlansPage is the plan list.
type PlansPage struct {
	Page
	Plans []PlanCard
	Empty *EmptyState // no plan yet
}

// Row is an indicator on the overview table.
type Row struct {
	Code, Name, Href     string
	Attribute, AttrLabel string
	Unit                 string
	Baseline             string
	BaselineMissing      bool
	Target               string
	Latest, LatestYear   string
	LatestQual           string // short qualifier (约, 超过), empty for exact
	Completion, Elapsed  string
	Status, StatusLabel  string
	Stale                string // says the data lag; empty when current
	Bar                  *Bar
}

// Bar is the small progress bar: completion and the elapsed-time tick, in
// SVG units of a 100-wide box (attributes, not styles, so the CSP holds).
type Bar struct {
	Completion, Elapsed int
	Label               string
}

// Group is the rows of one plan section.
type Group struct {
	Number, Title string
	Reference     bool
	Rows          []Row
}

// Option is a filter choice.
type Option struct {
	Value, Label string
	Selected     bool
}

// Gap is a data gap listed on the overview.
type Gap struct {
	Name, Href, What string
}

// OverviewPage is a plan's dashboard.
type OverviewPage struct {
	Page
	PlanName, Jurisdiction, Period, Source  string
	AsOf                                    string
	Counts                                  []StatusCount
	StatusOptions, AttrOptions, AsOfOptions []Option
	Filtered                                bool
	Shown, Total                            int
	Groups                                  []Group
	Gaps                                    []Gap
	Chart                                   ChartBox
	Clamped                                 string // the points drawn on the chart's edge, with their real figures
	ResetHref                               string
	AdminLinks                              []Link      // for admins: edit the plan, add sections and indicators
	Empty                                   *EmptyState // the plan has no indicator yet: what to do instead of the tables
	SubmissionHref                          string
	ReportsHref                             string
	ExportHref                              string
	// Parent links to the city plan of a district's share; nil otherwise.
	Parent *Link
	// ProjectCounts count the plan's key projects by status; empty for none.
	ProjectCounts []StatusCount
	ProjectsHref  string
	WarningsHref  string
	// Matrix is the district × indicator status matrix of the decomposed
	// indicators; nil for a plan without any.
	Matrix *Matrix
}

// Matrix is a plan's district × indicator status matrix: the heat map,
// its note, and links to each district's page.
type Matrix struct {
	Chart ChartBox
	Note  string // the rules, and that the districts' figures are sample data where they are
	Units []Link
}

// DistrictsPanel is a decomposed indicator's districts: each one's target,
// latest value, completion and status, ranked, with the chart of their
// completion and the roll-up check against the city's figure.
type DistrictsPanel struct {
	ID       string // unique on the page: the heading's, the table's
	Title    string
	Rule     string // how the districts' figures combine
	Sample   string // says the districts' figures are generated sample data; empty when real
	Head     []string
	Rows     []DistrictRow
	Chart    ChartBox
	NoChart  string     // why no district has a completion to rank, instead of the chart
	Rollup   *DataTable // year by year: combined, city, difference
	Warnings []string   // targets that do not add up, differences beyond the tolerance
}

// ProjectLink is a project named on another page, with its status.
type ProjectLink struct {
	Name, Href, Status, StatusLabel string
}

// DistrictRow is one district of a DistrictsPanel.
type DistrictRow struct {
	Name, Href                 string
	Target, Latest, Completion string
	Status, StatusLabel        string
}

// ChartBox is a chart as a page shows it: the option echarts draws, its
// accessible name, and the same figures as a table for readers who cannot
// see the drawing (or the id of the page's table that has them already).
type ChartBox struct {
	ID, Class, Renderer string
	Label               string // the chart's accessible name: what it shows
	Option              charts.Option
	Table               *DataTable
	DescribedBy         string // the id of the page's table that holds the figures, where Table is nil
}

// DataTable is a chart's figures as a table.
type DataTable struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// EmptyState is what a page says when it has nothing to show yet: why,
// and the next steps, as links.
type EmptyState struct {
	Text  string
	Links []Link
}

// KV is a labelled value.
type KV struct {
	Label, Value string
}

// Step is one line of a calculation: what, the formula with its inputs, and the result.
type Step struct {
	Label, Formula, Result string
}

// Alt is an alternative method's result.
type Alt struct {
	Name, Formula, Result, Verdict string
	Status                         string
}

// ObsRow is one year on the indicator page, with its revision history.
// Sources are shown as text, never as links: pages reference nothing
// outside the server, and the intranet cannot reach them anyway.
type ObsRow struct {
	Year, Value, Qualifier, ObsStatus, Source, Note, Recorded string
	Revision                                                  int
	PreBaseline                                               bool
	Break                                                     string // says the value starts a new series (口径调整); "" otherwise
	History                                                   []ObsRow
}

// HistoryRow is one change of an indicator's baseline or target.
type HistoryRow struct {
	At, Who, Field, Change, Reason string
	Import                         *Link // the definitions import that made it
}

// IndicatorPage is an indicator's page.
type IndicatorPage struct {
	Page
	PlanName, PlanHref, Code, Name, AltName string
	AsOf                                    string // the chosen "data as of" year; empty for the latest data
	Breadcrumb                              []string
	Status, StatusLabel, Verdict            string
	Stale                                   string // says the data lag; empty when current
	Info                                    []KV
	PlanText, BaselineSource, Note          string
	Calc
	Observations   []ObsRow
	Chart          ChartBox
	Entry          *Form // the value form, for users who may write; nil otherwise
	EditHref       string
	DecomposeHref  string // for admins, on a plan of its own: decompose among districts
	NarrativeYear  string
	Narrative      []KV   // 进展, 问题, 举措 of NarrativeYear; empty when none is written
	NarrativeLinks []Link // for users who may write: one a plan year
	History        []HistoryRow
	Districts      *DistrictsPanel // a decomposed indicator's districts; nil otherwise
	// Projects are the key projects serving the indicator, with their status.
	Projects []ProjectLink
	// Evidence lists the files attached to its values, for signed-in readers.
	Evidence *EvidencePanel
	// Pending lists, for those who may enter or review the indicator's
	// values, its values that do not count yet (submitted or returned).
	Pending []KV
}

// Calc is an assessment written out: inputs, each step with its numbers,
// the rule that decided, the trend, the pace and the alternative methods.
type Calc struct {
	Inputs              []KV
	Steps               []Step
	Explain             string
	Notes               []string   // what limits the figures: a gap in yearly rates, a series break
	Table               *DataTable // the year-by-year figures of yearly rates, relative and yearly targets
	Trend, Pace         []Step
	TrendNote, PaceNote string
	Alts                []Alt
}

// ErrorPage is shown for 404 and 500.
type ErrorPage struct {
	Page
	Heading, Body string
	Detail        string // more about the reader's situation (their account, for a refusal)
}

// Viewer is the signed-in user as the header shows them; nil for anonymous.
type Viewer struct {
	Name, Role string
	Admin      bool
	Review     bool // decides on submitted values (审核): a reviewer or an administrator
}

// Field is one input of a generic form.
type Field struct {
	Name, Label, Help string
	Type              string   // text, number, password, select, multi, textarea, checkbox, hidden, file
	Accept            string   // of a file field: the file types offered
	Busy              []string // of a file field: what to say while uploading, then while checking
	Value             string
	Values            []string // chosen values of a multi
	Options           []Option
	Error             string
	Warning           string // a value that looks wrong but may be confirmed
	Required          bool
	ReadOnly          bool
}

// describedBy lists the ids of a field's error, warning and help texts,
// for its input's aria-describedby ("" when it has none).
func describedBy(fl Field) string {
	var ids []string
	for _, x := range []struct{ prefix, text string }{{"e-", fl.Error}, {"w-", fl.Warning}, {"h-", fl.Help}} {
		if x.text != "" {
			ids = append(ids, x.prefix+fl.Name)
		}
	}
	return strings.Join(ids, " ")
}

// Form is a generic form: the admin pages and the value entry use it.
type Form struct {
	ID, Action, Submit string
	Fields             []Field
	Error              string // a message not tied to one field
	Warning            string // a warning not tied to one field
	Multipart          bool   // the form uploads a file
}

// Place puts an error message next to the field named, or at the top of
// the form when it has no such field.
func (f *Form) Place(field, msg string) { f.put(field, msg, false) }

// Warn puts a warning next to the field named, or at the top of the form.
func (f *Form) Warn(field, msg string) { f.put(field, msg, true) }

func (f *Form) put(field, msg string, warning bool) {
	add := func(dst *string) {
		if *dst != "" {
			*dst += " "
		}
		*dst += msg
	}
	for i := range f.Fields {
		if fl := &f.Fields[i]; fl.Name == field && fl.Type != "hidden" {
			if warning {
				add(&fl.Warning)
			} else {
				add(&fl.Error)
			}
			return
		}
	}
	if warning {
		add(&f.Warning)
	} else {
		add(&f.Error)
	}
}

// HasErrors reports whether the form carries any message.
func (f Form) HasErrors() bool {
	if f.Error != "" {
		return true
	}
	for _, fl := range f.Fields {
		if fl.Error != "" {
			return true
		}
	}
	return false
}

// FormPage is a page holding one form.
type FormPage struct {
	Page
	Heading, Intro string
	Back, BackHref string
	Form           Form
}

// Link is a labelled address.
type Link struct {
	Label, Href, Note string
}

// TablePage is a page holding one table, with optional links above it and a form below.
type TablePage struct {
	Page
	Heading, Intro string
	Links          []Link
	TableHeading   string // a heading above the table, where it needs one
	Head           []string
	Rows           []TableRow
	Empty          string
	Next           *Link
	Form           *Form
	FormHeading    string
	FormFirst      bool // the form is what the page is for: show it above the table
	Second         *TableSection
}

// TableSection is a second table of a TablePage, under the first.
type TableSection struct {
	Heading, Intro string
	Head           []string
	Rows           []TableRow
}

// Cell is one cell of a table: its text, and where it links to ("" for nowhere).
type Cell struct {
	Text, Href string
}

// TableRow is one row of a TablePage.
type TableRow struct {
	Cells []Cell
}

// LinkedRow is a row of texts whose first cell links to href ("" for none).
func LinkedRow(href string, texts ...string) TableRow {
	r := TableRow{Cells: make([]Cell, len(texts))}
	for i, t := range texts {
		r.Cells[i].Text = t
	}
	if len(r.Cells) > 0 {
		r.Cells[0].Href = href
	}
	return r
}

// ReportPage is a printable evaluation report. It is a pure function of an
// issued snapshot (or of live data, for a draft): no clock, no request.
type ReportPage struct {
	Lang                              i18n.Lang
	Asset                             func(string) string
	Title                             string
	Draft                             bool
	DraftNote                         string
	ID                                string
	Jurisdiction, PlanName, KindLabel string
	YearLabel, IssueDate, DataAsOf    string
	Sample                            bool
	Cover                             []KV
	Counts                            []StatusCount
	Sentences                         []string
	Blocked                           []string // binding, off track, unexplained (drafts only)
	TableHead                         []string
	TableRows                         []ReportRow
	Sections                          []ReportIndicator
	Districts                         []DistrictsPanel // 分区县完成情况 of the decomposed indicators
	Projects                          []ReportRow      // 重大项目进展: name, box, stage, investment, completed, rate, status
	Warnings                          []Gap            // early warning, in annual and mid-term reports
	Gaps                              []Gap
	Method                            []string
	Sources                           []string
}

// T is a shorthand for the report's catalog.
func (p ReportPage) T(key string) string { return p.Lang.T(key) }

// ReportRow is a row of the main indicator table.
type ReportRow struct {
	Cells       []string
	Status      string
	StatusLabel string
	Stale       string // says the data lag; empty when current
	Binding     bool
}

// ReportIndicator is an indicator's section of a report.
type ReportIndicator struct {
	Number, Name, Code, Meta string
	Status, StatusLabel      string
	Stale                    string
	Verdict                  string
	Chart                    ChartBox
	Calc
	Progress, Problems, Measures string
	NoNarrative                  string
	Unexplained                  bool
	Sources                      []string
}

// IssueRow is an import's error or warning as the preview lists it.
type IssueRow struct {
	Row     int
	Column  string
	Message string
}

// ChangeRow is a value an import writes, or would write.
type ChangeRow struct {
	Row                  int
	Plan, Indicator      string
	Href                 string // the indicator's page
	Year                 int
	Old, New, Qualifier  string // Old is "" for a new value
	Status, Source, Note string
}

// ImportPreview is the result of a dry run (Commit set: the form that
// commits it) or of a committed import.
type ImportPreview struct {
	Page
	Heading, Intro string
	BackHref, Back string
	Summary        []KV
	Errors         []IssueRow
	Warnings       []IssueRow
	Changes        []ChangeRow
	More           string // says the lists are cut short
	Commit         *Form
	Again          *Link    // upload another file
	Job            *JobView // a job still running: its progress instead of a preview
	Written        bool     // a committed import: its values were written, not to be
}

// JobView is an import job in progress.
type JobView struct {
	Label     string // checking, writing, waiting
	Rows      string // how far it has got
	StatusURL string // its progress as JSON, for the page's script
	Cancel    *Form
}

// GridCell is one indicator and year of the entry grid.
type GridCell struct {
	Name, Value, Original string // input names and values
	Label                 string // what a screen reader says of the input: the indicator and the year
	Error                 string
}

// GridRow is one indicator of the entry grid.
type GridRow struct {
	Code, Name, Unit, Href string
	Cells                  []GridCell
	Targets                []GridCell // a yearly indicator's target of each year; nil for other kinds
	TargetLabel            string
}

// GridPage is the plan-wide entry grid: indicators × years.
type GridPage struct {
	Page
	Heading, Intro, Action string
	BackHref, Back         string
	Years                  []int
	Rows                   []GridRow
	Fields                 []Field // source, status, note for the whole round
	Error                  string
	Submit                 string
}

// DocPage is one of the project's documents (the method), already HTML.
type DocPage struct {
	Page
	HTML string
}

// ReportsPage is a plan's reports: drafts to preview and issued reports.
type ReportsPage struct {
	Page
	Heading, Intro string
	Back, BackHref string
	NoPDF          string // says why PDFs cannot be made here; "" when they can
	Drafts         []DraftLink
	Issued         []IssuedReport
	CanWithdraw    bool
	Form           *Form // issuing, for administrators
}

// DraftLink is a draft report a plan offers: a kind and a year that make sense.
type DraftLink struct {
	Kind, Year, Title string
	Href, PDFHref     string // PDFHref is "" where PDFs cannot be made
}

// IssuedReport is an issued report on the list.
type IssuedReport struct {
	ID, Href, PDFHref    string
	Kind, Year, IssuedAt string
	Actor, State         string
	Withdrawn            bool
}

// AuditPage is the audit log as an auditor reads it: filters (who, what,
// which object, when), then the entries, newest first, a page at a time.
type AuditPage struct {
	Page
	Actor, Key, From, To string
	Actors               []string // the accounts, offered as the actor is typed
	Actions, Entities    []Option
	Error                string // a filter that could not be read
	Filtered             bool
	Entries              []AuditRow
	Newest, Next         *Link
}

// AuditRow is one entry of the audit log, in words.
type AuditRow struct {
	At, Actor, Action, Entity string
	Object                    Cell
	Changes                   []string
}
