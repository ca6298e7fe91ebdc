package indicators

import (
	"math"
	"time"
)

// WarningKind says what an early warning (预警) is about (docs/method.md §16).
type WarningKind string

// Kinds of early warning, most severe first.
const (
	WarnBinding        WarningKind = "binding"         // a binding indicator off track or judged unlikely
	WarnPace           WarningKind = "pace"            // the pace required exceeds any year's so far
	WarnProjectDelayed WarningKind = "project_delayed" // a key project or task delayed
	WarnProjectAtRisk  WarningKind = "project_at_risk" // a key project or task at risk
	WarnMissing        WarningKind = "missing"         // a value missing after the plan's due date
)

// WarningKinds lists the kinds in the order pages group them.
var WarningKinds = []WarningKind{WarnBinding, WarnPace, WarnProjectDelayed, WarnProjectAtRisk, WarnMissing}

// Warning is one early warning: what it is about and why.
type Warning struct {
	Kind      WarningKind
	Indicator *Indicator // for indicator warnings
	Project   *Project   // for project warnings
	Status    Status     // the indicator's status, where it is one
	// ProjectAssessment is the project's status with why, for a project's
	// warning.
	ProjectAssessment *ProjectAssessment
	Why               Msg
}

// Warnings lists what needs attention in plan d as of year asOf and date
// at (docs/method.md §16):
//   - a binding indicator whose status is off track (behind, regressing,
//     not achieved, breached) or whose trend is judged unlikely;
//   - an indicator whose pace required for the rest of the period is above
//     the largest year-on-year change achieved since the baseline;
//   - a project delayed or at risk (§15);
//   - an indicator without a value for the last complete year after the
//     plan's due date for it.
func Warnings(d Dataset, asOf int, projects []Project, at time.Time) []Warning {
	var out []Warning
	for _, x := range d.Assess(asOf) {
		ind, a := x.Indicator, x.Assessment
		if ind.Attribute == Binding {
			switch {
			case a.Status.OffTrack():
				out = append(out, Warning{Kind: WarnBinding, Indicator: &ind, Status: a.Status, Why: M("warn.binding.status", M("status."+string(a.Status)))})
			case a.Trend != nil && a.Trend.Judgement == Unlikely:
				out = append(out, Warning{Kind: WarnBinding, Indicator: &ind, Status: a.Status, Why: M("warn.binding.unlikely", FormatValue(round2(a.Trend.Projected)))})
			}
		}
		if w, ok := paceWarning(ind, a, x.Current); ok {
			out = append(out, w)
		}
	}
	for i := range projects {
		pr := &projects[i]
		switch a := pr.Assess(at, d.Plan.Tol()); a.Status {
		case ProjectDelayed:
			out = append(out, Warning{Kind: WarnProjectDelayed, Project: pr, ProjectAssessment: &a, Why: M("warn.project.delayed")})
		case ProjectAtRisk:
			out = append(out, Warning{Kind: WarnProjectAtRisk, Project: pr, ProjectAssessment: &a, Why: M("warn.project.atRisk")})
		}
	}
	if y := at.Year() - 1; y > d.Plan.BaseYear && y <= d.Plan.TargetYear {
		if due, ok := d.Plan.DueDate(y); ok && !at.Before(due) {
			for i := range d.Indicators {
				ind := &d.Indicators[i]
				if ind.Attribute == Reference || y > ind.TargetYear(d.Plan) {
					continue
				}
				has := false
				for _, o := range d.Observations[ind.Code] {
					has = has || o.Year == y
				}
				if !has {
					out = append(out, Warning{Kind: WarnMissing, Indicator: ind, Why: M("warn.missing", y, due.Format(time.DateOnly))})
				}
			}
		}
	}
	return out
}

// paceWarning warns when the change a year the rest of the period needs
// is above every year-on-year change achieved so far (the baseline
// included), in the indicator's better direction.
func paceWarning(ind Indicator, a Assessment, cur []Observation) (Warning, bool) {
	if a.Pace == nil || a.Index != nil || a.Status.Met() || ind.ObservedAs == YearlyRate {
		return Warning{}, false
	}
	sign := 1.0
	if ind.Direction == Decrease {
		sign = -1
	}
	need := sign * a.Pace.AnnualChange
	if need <= 0 {
		return Warning{}, false
	}
	type pt struct {
		year int
		v    float64
	}
	var pts []pt
	if ind.BaselineValue != nil {
		pts = append(pts, pt{ind.BaselineYear, *ind.BaselineValue})
	}
	for _, o := range cur {
		if o.Year > ind.BaselineYear && o.Year <= a.AsOf {
			pts = append(pts, pt{o.Year, o.Value})
		}
	}
	best := math.Inf(-1)
	for i := 1; i < len(pts); i++ {
		if gap := pts[i].year - pts[i-1].year; gap > 0 {
			best = math.Max(best, sign*(pts[i].v-pts[i-1].v)/float64(gap))
		}
	}
	if math.IsInf(best, -1) || need <= best+1e-12 {
		return Warning{}, false
	}
	return Warning{Kind: WarnPace, Indicator: &ind, Status: a.Status, Why: M("warn.pace", FormatValue(round2(need)), FormatValue(round2(best)))}, true
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
