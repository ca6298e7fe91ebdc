package indicators

import (
	"strings"
	"time"
)

// MethodVersion names the progress maths an issued report was made with;
// it changes whenever Assess would judge the same data differently.
// docs/method.md is the method of each version.
const MethodVersion = "plantrack-progress/4"

// ReportKind is the kind of an evaluation report.
type ReportKind string

// Report kinds.
const (
	AnnualReport  ReportKind = "annual"  // 年度监测报告
	MidtermReport ReportKind = "midterm" // 中期评估报告
	FinalReport   ReportKind = "final"   // 总结评估报告
)

// ReportKinds lists the kinds in the order a form offers them.
var ReportKinds = []ReportKind{AnnualReport, MidtermReport, FinalReport}

// Valid reports whether k is a known kind.
func (k ReportKind) Valid() bool { return k == AnnualReport || k == MidtermReport || k == FinalReport }

// Years are the report years that make sense for a kind in plan p: an
// annual report for every year of the period; a mid-term evaluation for
// the years about its middle (2022 and 2023 of 2021–2025); a final
// evaluation for its last two years (the target year, and the year before
// while its data are still coming).
func (k ReportKind) Years(p Plan) []int {
	lo, hi := p.BaseYear+1, p.TargetYear
	span := p.TargetYear - p.BaseYear
	switch k {
	case MidtermReport:
		lo, hi = p.BaseYear+span/2, p.BaseYear+(span+1)/2
		lo = max(lo, p.BaseYear+1)
	case FinalReport:
		lo = max(p.TargetYear-1, p.BaseYear+1)
	case AnnualReport:
	default:
		return nil
	}
	var out []int
	for y := lo; y <= hi; y++ {
		out = append(out, y)
	}
	return out
}

// Allows reports whether a report of kind k for year makes sense in plan p.
func (k ReportKind) Allows(p Plan, year int) bool {
	for _, y := range k.Years(p) {
		if y == year {
			return true
		}
	}
	return false
}

// Withdrawal is the withdrawal (撤回) of an issued report: the report
// stays readable, marked withdrawn, with who withdrew it, when and why.
type Withdrawal struct {
	Actor  string
	At     time.Time
	Reason string
}

// MaxReasonRunes bounds a withdrawal's reason.
const MaxReasonRunes = 2000

// Narrative is what the responsible department writes about an indicator
// for a year: progress made (进展), problems (问题) and measures (举措).
type Narrative struct {
	Year     int
	Progress string
	Problems string
	Measures string
	// Actor last wrote it, at At (JSON names as in the first snapshots).
	Actor string    `json:"UpdatedBy"`
	At    time.Time `json:"UpdatedAt"`
}

// Empty reports whether nothing is written.
func (n Narrative) Empty() bool {
	return strings.TrimSpace(n.Progress+n.Problems+n.Measures) == ""
}

// MaxNarrativeRunes bounds each of a narrative's three texts.
const MaxNarrativeRunes = MaxLongText

// Validate checks a narrative against its plan.
func (n Narrative) Validate(p Plan) Errors {
	var es Errors
	if n.Year <= p.BaseYear || n.Year > p.TargetYear {
		es = append(es, Invalid("year", "err.narrative.year", n.Year, p.BaseYear+1, p.TargetYear))
	}
	return texts(es, textField{"progress", n.Progress, MaxLongText, true}, textField{"problems", n.Problems, MaxLongText, true},
		textField{"measures", n.Measures, MaxLongText, true})
}

// Unexplained lists the binding indicators that are off track as of the
// report year and have no explanation (an empty 问题) for that year: an
// issued report must not go to the congress without one.
func Unexplained(as []Assessed, narratives map[string]Narrative) []Indicator {
	var out []Indicator
	for _, x := range as {
		if x.Indicator.Attribute != Binding || !x.Assessment.Status.OffTrack() {
			continue
		}
		if n, ok := narratives[x.Indicator.Code]; !ok || strings.TrimSpace(n.Problems) == "" {
			out = append(out, x.Indicator)
		}
	}
	return out
}

// ReportSnapshot is everything an issued report was made from, frozen at
// issue: the plan as it stood, the current revision of every value up to
// the report year, the narratives of that year and the method.
type ReportSnapshot struct {
	ID            string
	Kind          ReportKind
	Year          int
	IssuedAt      time.Time
	Actor         string `json:"IssuedBy"` // who issued it
	MethodVersion string
	Dataset       Dataset
	// Districts are the plans of the districts the plan is decomposed
	// among, each with its unit first in Departments, values up to Year.
	Districts []Dataset `json:",omitempty"`
	// Projects are the plan's key projects and tasks as they stood when
	// the snapshot was taken.
	Projects   []Project `json:",omitempty"`
	Narratives map[string]Narrative
	// Withdrawn is set once the report is withdrawn; it is not part of
	// what was frozen at issue.
	Withdrawn *Withdrawal `json:"-"`
}
