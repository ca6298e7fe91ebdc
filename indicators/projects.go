package indicators

import (
	"slices"
	"strings"
	"time"
)

// ProjectKind says whether a line of a 专栏 box is a key project (重大项目)
// or a key task (重点任务).
type ProjectKind string

// Project kinds.
const (
	KindProject ProjectKind = "project"
	KindTask    ProjectKind = "task"
)

// Stage is where a project or task stands. Projects go 谋划 → 前期 → 在建 →
// 建成 → 投运; tasks 未启动 → 推进中 → 已完成. Empty is unknown.
type Stage string

// Stages.
const (
	StagePlanning  Stage = "planning"     // 谋划
	StagePrep      Stage = "preparation"  // 前期
	StageBuilding  Stage = "construction" // 在建
	StageBuilt     Stage = "completed"    // 建成
	StageOperating Stage = "operating"    // 投运
	StageNotStart  Stage = "not_started"  // 未启动
	StageUnderway  Stage = "underway"     // 推进中
	StageDone      Stage = "done"         // 已完成
)

// Stages lists the stages of a kind, in order.
func (k ProjectKind) Stages() []Stage {
	if k == KindTask {
		return []Stage{StageNotStart, StageUnderway, StageDone}
	}
	return []Stage{StagePlanning, StagePrep, StageBuilding, StageBuilt, StageOperating}
}

// Finished reports whether stage s ends the work of kind k: a project
// built or in operation, a task done.
func (k ProjectKind) Finished(s Stage) bool {
	if k == KindTask {
		return s == StageDone
	}
	return s == StageBuilt || s == StageOperating
}

// Milestone is a step of a project with its planned date and, once
// reached, its actual date.
type Milestone struct {
	Name    string
	Planned time.Time
	Actual  *time.Time
}

// ProjectYear is a project's year: its planned and completed investment
// (亿元; nil where not given) and the year's progress note.
type ProjectYear struct {
	Year               int
	Planned, Completed *float64
	Note               string
}

// Project is a key project or key task of a plan, as its 专栏 box or
// chapter names it.
type Project struct {
	Code        string
	NameZh      string
	NameEn      string
	Kind        ProjectKind
	SectionCode string // the 专栏 box or section it sits in
	Unit        string // the responsible unit's code; empty for none
	Stage       Stage  // empty: unknown
	// Start and End are the planned start and completion dates; zero where
	// no source gives them.
	Start, End time.Time
	// Investment is the planned total investment in 亿元; nil where none
	// is given.
	Investment *float64
	Years      []ProjectYear
	Milestones []Milestone
	Indicators []string // the codes of the plan's indicators it serves
	Source     string   // where its stage and dates come from
	Note       string
}

// Validate checks a project against its plan: code, name, kind and stage,
// dates inside the plan's period (from its base year to its target year's
// end) with completion after start, milestones inside the period too.
func (pr Project) Validate(p Plan) Errors {
	var es Errors
	if e := checkCode("code", pr.Code); e != nil {
		es = append(es, e)
	}
	if strings.TrimSpace(pr.NameZh) == "" {
		es = append(es, Invalid("name_zh", "err.project.name", pr.Code))
	}
	if pr.Kind != KindProject && pr.Kind != KindTask {
		es = append(es, Invalid("kind", "err.project.kind", pr.Kind))
	}
	if pr.Stage != "" && !slices.Contains(pr.Kind.Stages(), pr.Stage) {
		es = append(es, Invalid("stage", "err.project.stage", pr.Stage, M("project.kind."+string(pr.Kind))))
	}
	first := time.Date(p.BaseYear, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(p.TargetYear+5, 12, 31, 0, 0, 0, 0, time.UTC) // a facility may open after the period
	inside := func(t time.Time) bool { return t.IsZero() || (!t.Before(first) && !t.After(last)) }
	if !inside(pr.Start) {
		es = append(es, Invalid("start", "err.project.date", pr.Start.Format(time.DateOnly), p.BaseYear, p.TargetYear+5))
	}
	if !inside(pr.End) {
		es = append(es, Invalid("end", "err.project.date", pr.End.Format(time.DateOnly), p.BaseYear, p.TargetYear+5))
	}
	if !pr.Start.IsZero() && !pr.End.IsZero() && pr.End.Before(pr.Start) {
		es = append(es, Invalid("end", "err.project.endBeforeStart", pr.End.Format(time.DateOnly), pr.Start.Format(time.DateOnly)))
	}
	if pr.Investment != nil && (!finite(*pr.Investment) || *pr.Investment < 0) {
		es = append(es, Invalid("investment", "err.project.investment"))
	}
	for _, m := range pr.Milestones {
		if strings.TrimSpace(m.Name) == "" {
			es = append(es, Invalid("milestones", "err.project.milestoneName"))
		}
		if m.Planned.IsZero() || !inside(m.Planned) {
			es = append(es, Invalid("milestones", "err.project.milestoneDate", m.Name, p.BaseYear, p.TargetYear+5))
		}
	}
	for _, y := range pr.Years {
		for _, v := range []*float64{y.Planned, y.Completed} {
			if v != nil && (!finite(*v) || *v < 0) {
				es = append(es, Invalid("investment", "err.project.investment"))
			}
		}
	}
	return texts(es, textField{"name_zh", pr.NameZh, MaxName, false}, textField{"name_en", pr.NameEn, MaxName, false},
		textField{"source", pr.Source, MaxSource, true}, textField{"note", pr.Note, MaxNote, true})
}

// ProjectStatus is how a project stands as of a date (docs/method.md §15).
type ProjectStatus string

// Project statuses, worst first after completed.
const (
	ProjectCompleted ProjectStatus = "completed"   // 已完成
	ProjectDelayed   ProjectStatus = "delayed"     // 滞后
	ProjectAtRisk    ProjectStatus = "at_risk"     // 有风险
	ProjectOnTrack   ProjectStatus = "on_schedule" // 按计划推进
	ProjectUnknown   ProjectStatus = "unknown"     // 无计划日期, 无法判断
)

// ProjectStatuses lists the statuses in the order pages count them.
var ProjectStatuses = []ProjectStatus{ProjectDelayed, ProjectAtRisk, ProjectOnTrack, ProjectCompleted, ProjectUnknown}

// WarnWithin is how far ahead a milestone not yet reached puts its project
// at risk: 90 days.
const WarnWithin = 90 * 24 * time.Hour

// ProjectAssessment is a project's status as of a date, with why.
type ProjectAssessment struct {
	Status ProjectStatus
	// Elapsed is the share of the planned duration passed at the date;
	// InvestmentRate the completed investment over the planned total.
	// Nil where the dates or the figures are not given.
	Elapsed, InvestmentRate *float64
	Overdue                 []Milestone // planned before the date, not reached
	Due                     []Milestone // planned within WarnWithin after the date, not reached
	Late                    bool        // planned completion passed, not finished
	Behind                  bool        // investment completion below the elapsed share minus δ
}

// Assess judges a project as of date at, with tolerance delta on the
// investment rate (docs/method.md §15):
//   - completed: its stage finishes it;
//   - delayed: a milestone planned before at is not reached, or the
//     planned completion date has passed;
//   - at risk: a milestone planned within 90 days after at is not reached,
//     or the completed investment over the planned total is below the
//     elapsed share of the planned duration minus delta;
//   - on schedule: otherwise, where it has planned dates or milestones;
//   - unknown: a project without any planned date.
func (pr Project) Assess(at time.Time, delta float64) ProjectAssessment {
	var a ProjectAssessment
	if pr.Kind.Finished(pr.Stage) {
		a.Status = ProjectCompleted
		return a
	}
	for _, m := range pr.Milestones {
		if m.Actual != nil {
			continue
		}
		switch {
		case m.Planned.Before(at):
			a.Overdue = append(a.Overdue, m)
		case !m.Planned.After(at.Add(WarnWithin)):
			a.Due = append(a.Due, m)
		}
	}
	if !pr.Start.IsZero() && !pr.End.IsZero() && pr.End.After(pr.Start) {
		s := float64(at.Sub(pr.Start)) / float64(pr.End.Sub(pr.Start))
		s = min(max(s, 0), 1)
		a.Elapsed = &s
	}
	a.Late = !pr.End.IsZero() && pr.End.Before(at)
	if pr.Investment != nil && *pr.Investment > 0 {
		var done float64
		reported := false // no completed figure at all is no figure, not zero
		for _, y := range pr.Years {
			if y.Completed != nil && y.Year <= at.Year() {
				done += *y.Completed
				reported = true
			}
		}
		if reported {
			r := done / *pr.Investment
			a.InvestmentRate = &r
			a.Behind = a.Elapsed != nil && r < *a.Elapsed-delta-1e-12
		}
	}
	switch {
	case len(a.Overdue) > 0 || a.Late:
		a.Status = ProjectDelayed
	case len(a.Due) > 0 || a.Behind:
		a.Status = ProjectAtRisk
	case pr.Start.IsZero() && pr.End.IsZero() && len(pr.Milestones) == 0:
		a.Status = ProjectUnknown
	default:
		a.Status = ProjectOnTrack
	}
	return a
}
