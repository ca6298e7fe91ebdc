package indicators

import (
	"math"
	"time"
)

// Plan is a development plan with a base year and a target year, for
// example Chengdu's 14th Five-Year Plan (2020 → 2025).
type Plan struct {
	Code         string
	Jurisdiction string // 成都市
	Organisation string // 编制单位: who compiles the plan's reports (成都市发展和改革委员会)
	NameZh       string
	NameEn       string
	BaseYear     int     // t0 for indicators whose baseline year is not stated
	TargetYear   int     // T
	Tolerance    float64 // δ of the progress maths; 0.05 by default
	ParentCode   string  // a district plan's city plan; empty for none
	Sample       bool    // generated sample data, labelled as such on every page
	SourceZh     string  // the document the plan is taken from
	// Unit is the district whose share of the parent plan this plan holds
	// (指标分解); empty for a plan of its own.
	Unit string `json:",omitempty"`
	// Review turns on 填报 → 审核: an editor's value counts once a reviewer
	// approves it. A district plan follows its parent's setting.
	Review bool `json:",omitempty"`
	// DataDue is the day of the following year a year's values are due
	// (MM-DD, 03-31); missing ones after it are warned of. Empty for none.
	DataDue string `json:",omitempty"`
}

// With is the plan with the fields that p sets (names, years, jurisdiction,
// tolerance, parent, source): what an import that names a few of them
// changes.
func (pl Plan) With(p Plan) Plan {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&pl.NameZh, p.NameZh)
	set(&pl.NameEn, p.NameEn)
	set(&pl.Jurisdiction, p.Jurisdiction)
	set(&pl.Organisation, p.Organisation)
	set(&pl.ParentCode, p.ParentCode)
	set(&pl.SourceZh, p.SourceZh)
	set(&pl.DataDue, p.DataDue)
	if p.BaseYear != 0 {
		pl.BaseYear = p.BaseYear
	}
	if p.TargetYear != 0 {
		pl.TargetYear = p.TargetYear
	}
	if p.Tolerance != 0 {
		pl.Tolerance = p.Tolerance
	}
	return pl
}

// DefaultTolerance is δ when a plan sets none.
const DefaultTolerance = 0.05

// SectionLevel is a level of the plan document's structure.
type SectionLevel string

// Section levels: 篇 > 章 > 节, and 专栏 boxes that may sit at any level.
const (
	LevelPart    SectionLevel = "part"    // 篇
	LevelChapter SectionLevel = "chapter" // 章
	LevelSection SectionLevel = "section" // 节
	LevelBox     SectionLevel = "box"     // 专栏
)

// Section is a node of a plan's document tree.
type Section struct {
	Code       string // stable within the plan, e.g. "p5.c2"
	ParentCode string // empty at the top
	Level      SectionLevel
	Number     string // as printed: 第五篇, 第二章, 第一节, 专栏18
	TitleZh    string
	TitleEn    string
}

// Attribute is an indicator's legal force in the plan.
type Attribute string

// Attributes. Reference indicators are public figures tracked for context
// that the plan itself does not set a target for.
const (
	Expected  Attribute = "expected"  // 预期性
	Binding   Attribute = "binding"   // 约束性
	Reference Attribute = "reference" // 参考(非规划指标)
)

// Direction says whether higher or lower values are better.
type Direction string

// Directions.
const (
	Increase Direction = "increase"
	Decrease Direction = "decrease"
)

// TargetKind selects the progress maths of a target (docs/method.md §3).
type TargetKind string

// Target kinds.
const (
	KindLevel            TargetKind = "level"             // 达到 39件: Value is xT
	KindIncreaseBy       TargetKind = "increase_by"       // 新增 20个: Value is the delta
	KindAvgGrowth        TargetKind = "avg_growth"        // 年均增长 7%: Value is g in %
	KindCumulativeChange TargetKind = "cumulative_change" // 累计下降 13.5%: Value is p in % (negative for a fall)
	KindPPChange         TargetKind = "pp_change"         // 提高 2 个百分点: Value is the points
	KindCeiling          TargetKind = "ceiling"           // 控制在…以内: Value is the bound
	KindFloor            TargetKind = "floor"             // 不低于: Value is the bound
	KindMilestone        TargetKind = "milestone"         // 建成 1个: Value is the count N
	KindRelative         TargetKind = "relative"          // 高于GDP增长: Reference names the other indicator
	KindYearly           TargetKind = "yearly"            // 各年度视情提出: each year's target comes with the data
	KindNone             TargetKind = "none"              // monitoring only
)

// TargetKinds lists every kind, in the order forms offer them.
var TargetKinds = []TargetKind{KindLevel, KindIncreaseBy, KindAvgGrowth, KindCumulativeChange,
	KindPPChange, KindCeiling, KindFloor, KindMilestone, KindRelative, KindYearly, KindNone}

// ObservedAs says what an indicator's values are: levels (the default), or
// yearly rates of change as statistics offices publish GDP growth or the
// fall of energy intensity (5.2 for growth of 5.2%, −2.7 for a fall of
// 2.7%). docs/method.md §9.
type ObservedAs string

// What values are.
const (
	ObservedLevel ObservedAs = "level"
	YearlyRate    ObservedAs = "yearly_rate"
)

// Method is how the completion of a cumulative change is measured.
type Method string

// Methods: linear c = C/p, or the log ratio ln(1+C)/ln(1+p), customary
// for energy and carbon intensity (docs/method.md §11).
const (
	MethodLinear Method = "linear"
	MethodLog    Method = "log"
)

// Comparator says how an actual is compared with the target level.
type Comparator string

// Comparators.
const (
	GE     Comparator = ">=" // 达到, 以上
	GT     Comparator = ">"  // 超过
	LE     Comparator = "<=" // 不高于, 以内
	LT     Comparator = "<"  // 低于
	Around Comparator = "~"  // 左右: within ± Band
)

// Target is what a plan sets for an indicator, in the kind's own terms.
type Target struct {
	Kind       TargetKind
	Year       int // T; the plan's target year when zero
	Value      float64
	Comparator Comparator
	Band       float64 // for Around
	// FromZero: an increase_by target counts new items only, so x0 = 0
	// whatever the stock at the baseline.
	FromZero bool
	// Pending: the plan leaves the figure to be assigned later (完成省下达
	// 目标); Text says so and Value means nothing until it is set.
	Pending bool
	// Text is the target as the plan words it where no figure says it all.
	Text string
}

// DefaultBand is the band of a 左右 (≈) target that states none: half a
// percentage point for targets in % or points, 1% of the target otherwise
// (docs/method.md §3).
func DefaultBand(unit string, value float64) float64 {
	if unit == "%" || unit == percentagePoints {
		return 0.5
	}
	return math.Abs(value) / 100
}

// InterimTarget is an optional yearly milestone on the way to the target.
type InterimTarget struct {
	Year  int
	Value float64
}

// Indicator is one measurable line of a plan.
type Indicator struct {
	Code        string
	NameZh      string
	NameEn      string
	Unit        string
	SectionCode string
	Attribute   Attribute
	Direction   Direction
	Department  string // code of the responsible department (责任单位); empty for none
	// BaselineYear is t0; BaselineValue is nil where no source gives it.
	BaselineYear   int
	BaselineValue  *float64
	BaselineSource string
	// BaselineDecimals is how many decimals the baseline was published with.
	BaselineDecimals int
	Target           Target
	Interim          []InterimTarget
	PlanText         string // the sentence of the plan the target comes from
	// ObservedAs says whether values are levels or yearly rates ("" is levels).
	ObservedAs ObservedAs
	// Reference is the code of the plan's indicator a relative target
	// compares with (高于GDP增长: gdp_growth).
	Reference string
	// Method measures the completion of a cumulative change ("" is linear).
	Method Method
	// Source is where the indicator's figures come from (数据来源: 市统计局).
	Source string
	// ParentPlan and ParentCode name the parent plan's indicator this one
	// decomposes (指标分解); empty for none.
	ParentPlan string
	ParentCode string
	Note       string
	// Rollup says how the districts' figures of a decomposed indicator
	// combine into this one's (docs/method.md §13); empty when it is not
	// decomposed.
	Rollup Rollup `json:",omitempty"`
	// WeightCode names the indicator of each district's plan whose value
	// weighs the district in a weighted mean (常住人口); empty for the
	// districts' fixed weights.
	WeightCode string `json:",omitempty"`
	// Weight is a district indicator's fixed weight in its parent's
	// weighted mean; nil for none.
	Weight *float64 `json:",omitempty"`
}

// Qualifier says how exact an observed value is.
type Qualifier string

// Qualifiers.
const (
	Exact      Qualifier = "exact"
	LowerBound Qualifier = "lower_bound" // 超过, 突破, >
	UpperBound Qualifier = "upper_bound" // 不到, <
	Estimate   Qualifier = "estimate"    // 约, 预计
)

// ObsStatus is the statistical status of a value.
type ObsStatus string

// Observation statuses.
const (
	Preliminary ObsStatus = "preliminary" // 初步数, 快报
	Final       ObsStatus = "final"       // 年报
)

// Observation is one revision of an actual value of an indicator for a year.
// Observations are never overwritten: a new value for the same year is a
// new revision, and the highest revision is current.
type Observation struct {
	Year      int
	Value     float64
	Qualifier Qualifier
	Status    ObsStatus
	Source    string
	Note      string
	Revision  int
	// Actor recorded the revision at At. (The JSON names are those of the
	// first snapshots of issued reports, which keep them.)
	Actor string    `json:"RecordedBy"`
	At    time.Time `json:"RecordedAt"`
	// Break marks a series break (口径调整): the value is not comparable
	// with the years before; trends start again from it (docs/method.md §12).
	Break bool `json:",omitempty"`
	// Decimals is how many decimals the value was published with (67.00:
	// 2), so that it is shown as published; 0 shows it as short as it goes.
	Decimals int `json:",omitempty"`
	// Review is where the value stands in 填报 → 审核: empty for a value
	// that counts without review (a plan without review, an
	// administrator's entry).
	Review ReviewState `json:",omitempty"`
	// ReviewNote is the reviewer's comment of the latest step (why it
	// was returned).
	ReviewNote string `json:",omitempty"`
}

// ReviewState is a value's step in 填报 → 审核.
type ReviewState string

// Review states. Only approved values, and values that needed no review,
// count in assessments, public pages, the API and reports.
const (
	Submitted ReviewState = "submitted" // 待审核
	Approved  ReviewState = "approved"  // 已审核
	Returned  ReviewState = "returned"  // 已退回
)

// Counts reports whether the value counts: approved, or never reviewed.
func (o Observation) Counts() bool { return o.Review == "" || o.Review == Approved }

// YearTarget is a year's own target of a yearly indicator (各年度视情提出),
// as worded (6以上, 5.5左右) and as read. Like values, year targets are
// kept as revisions.
type YearTarget struct {
	Year       int
	Comparator Comparator
	Value      float64
	Band       float64 // of ≈; the default band when the wording states none
	Text       string  // as worded
	Revision   int
	Actor      string
	At         time.Time
}

// DefinitionChange is a change of an indicator's baseline or target after
// the plan was set up: assigning a pending target, re-basing a baseline
// after a change of statistical scope (口径调整). The history stays
// visible beside the indicator.
type DefinitionChange struct {
	Indicator string
	Field     string // baseline_value, baseline_year, target_value, target_text, …
	Old, New  string
	Reason    string
	Actor     string
	At        time.Time
	Import    int64 // the definitions import that made it; 0 for a form
}

// SameContent reports whether two observations say the same thing, so that
// re-entering an unchanged value does not make a new revision.
func (o Observation) SameContent(p Observation) bool {
	return o.Year == p.Year && o.Value == p.Value && o.Qualifier == p.Qualifier &&
		o.Status == p.Status && o.Source == p.Source && o.Note == p.Note && o.Break == p.Break && o.Decimals == p.Decimals
}

// Dataset is a whole plan: definition and data, as seeded or imported.
// Departments lists the departments its indicators name, created or updated
// when the dataset is saved.
type Dataset struct {
	Departments  []Unit
	Plan         Plan
	Sections     []Section
	Indicators   []Indicator
	Observations map[string][]Observation // by indicator code
	YearTargets  map[string][]YearTarget  // by indicator code: the yearly kind's targets, every revision
	// Context holds indicators outside Indicators that their assessment
	// reads (the reference of a relative target, where the dataset was
	// loaded for one indicator); their values are in Observations.
	Context []Indicator
	// Projects are the plan's key projects and tasks, as seeded or saved
	// with the dataset; reads of values leave them out (store.Projects).
	Projects []Project `json:",omitempty"`
	// Pending holds, by indicator code, the values that do not count yet:
	// each year's latest revision where it is submitted or returned
	// (docs/method.md §14). Observations never holds them.
	Pending map[string][]Observation
}

// Split sorts one indicator's revisions, in year and revision order, into
// those that count and each year's latest revision where it does not.
// obs comes back unchanged (not copied) when every revision counts.
func Split(obs []Observation) (counted, pending []Observation) {
	all := true
	for _, o := range obs {
		all = all && o.Counts()
	}
	if all {
		return obs, nil
	}
	counted = make([]Observation, 0, len(obs))
	for i, o := range obs {
		if o.Counts() {
			counted = append(counted, o)
		} else if i == len(obs)-1 || obs[i+1].Year != o.Year {
			pending = append(pending, o)
		}
	}
	return counted, pending
}
