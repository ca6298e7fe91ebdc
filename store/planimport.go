package store

import (
	"context"
	"database/sql"

	"plantrack/indicators"
)

// ImportPlan reads a plan-definitions file (indicators.ImportPlan: one
// indicator per row) into plan p, for an administrator: it creates the
// plan when it does not exist (p must then be complete), updates the
// fields of the plan that p sets, and creates or updates every indicator
// the file lists, keeping the fields the file has no column for.
// Indicators the file does not list are left alone. Like ImportActuals:
// one transaction, nothing written when the file has an error or in a dry
// run, and an unchanged file records nothing.
func (s *Store) ImportPlan(ctx context.Context, p indicators.Plan, src indicators.RowSource, opt indicators.ImportOptions) (indicators.ImportResult, error) {
	var res indicators.ImportResult
	run := s.tx
	if opt.DryRun {
		run = s.view
	}
	err := run(ctx, func(tx *sql.Tx) error {
		if _, err := authorizeAdmin(ctx, tx, opt.Actor); err != nil {
			return err
		}
		pid, cur, err := planID(ctx, tx, p.Code)
		exists := err == nil
		if err != nil && indicators.KindOf(err) != indicators.ErrNotFound {
			return err
		}
		plan := p
		if exists {
			plan = cur.With(p)
		}
		var (
			old  []indicators.Indicator
			secs []indicators.Section
		)
		if exists {
			if old, err = planIndicators(ctx, tx, pid, ""); err != nil {
				return err
			}
			all, err := loadSections(ctx, tx, pid)
			if err != nil {
				return err
			}
			secs = all[pid]
		}
		deps, err := departments(ctx, tx)
		if err != nil {
			return err
		}
		pi := indicators.NewPlanImport(plan, old, secs, deps, opt)
		if err := pi.Run(ctx, src); err != nil {
			return err
		}
		res = pi.Result()
		planChanged := !exists || plan != cur
		if opt.DryRun || !res.OK() || (len(pi.Writes()) == 0 && !planChanged && len(pi.NewSections()) == 0) {
			return errRollback
		}
		id, err := nextImport(ctx, tx)
		if err != nil {
			return err
		}
		if err := recordImport(ctx, tx, id, opt, res); err != nil {
			return err
		}
		actor := opt.Actor.Name
		if planChanged {
			if pid, err = savePlan(ctx, tx, pid, plan); err != nil {
				return err
			}
			var before any
			if exists {
				before = cur
			}
			if err := auditImport(ctx, tx, id, opt.Now, actor, "import", "plan", p.Code, before, plan); err != nil {
				return err
			}
		}
		for _, d := range pi.NewUnits() {
			d.Sample = plan.Sample
			if _, err := saveUnit(ctx, tx, d); err != nil {
				return err
			}
			if err := auditImport(ctx, tx, id, opt.Now, actor, "import", "department", d.Code, nil, d); err != nil {
				return err
			}
		}
		for _, sec := range pi.NewSections() {
			if err := insertSection(ctx, tx, pid, sec); err != nil {
				return err
			}
			if err := auditImport(ctx, tx, id, opt.Now, actor, "import", "section", p.Code+"/"+sec.Code, nil, sec); err != nil {
				return err
			}
		}
		for _, c := range pi.Writes() {
			iid, err := saveIndicator(ctx, tx, pid, nil, c.New, c.Position)
			if err != nil {
				return err
			}
			if err := recordDefinitionChanges(ctx, tx, iid, c.Old, c.New, "", id, actor, opt.Now); err != nil {
				return err
			}
			if err := auditImport(ctx, tx, id, opt.Now, actor, "import", "indicator", p.Code+"/"+c.New.Code, orNil(c.Old), c.New); err != nil {
				return err
			}
		}
		res.ID = id
		return nil
	})
	if err != nil {
		res.ID = 0
	}
	return res, err
}
