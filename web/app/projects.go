package app

import (
	"context"

	"plantrack/indicators"
	"plantrack/store"
)

// ReviewMany records one decision on several values, all or none

// Pending lists the values waiting for review, or returned, that u may

// Projects lists a plan's key projects and tasks (store.Projects).
func (a *App) Projects(ctx context.Context, plan string) ([]indicators.Project, error) {
	return a.store.Projects(ctx, plan)
}

// AddEvidence attaches an evidence file (store.AddEvidence).
func (a *App) AddEvidence(ctx context.Context, actor indicators.Actor, plan string, e indicators.Evidence, data []byte) (int64, error) {
	return a.store.AddEvidence(ctx, actor, plan, e, data, a.now())
}

// Evidence lists the evidence files of an indicator or a project.
func (a *App) Evidence(ctx context.Context, plan, indicator, project string) ([]indicators.Evidence, error) {
	return a.store.Evidence(ctx, plan, indicator, project)
}

// EvidenceFile returns one evidence file with its content.
func (a *App) EvidenceFile(ctx context.Context, id int64) (indicators.Evidence, []byte, error) {
	return a.store.EvidenceFile(ctx, id)
}

// ReportProgress records a project's progress (store.ReportProgress).
func (a *App) ReportProgress(ctx context.Context, actor indicators.Actor, plan, code string, pg store.ProjectProgress) error {
	return a.store.ReportProgress(ctx, actor, plan, code, pg, a.now())
}
