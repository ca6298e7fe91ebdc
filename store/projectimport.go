package store

import (
	"context"
	"database/sql"

	"plantrack/indicators"
)

// ImportProjects reads a projects file (indicators.ImportProjects: one key
// project or task a row) into a plan, for an administrator: it creates or
// updates each project the file lists, keeping the fields the file has no
// column for; projects it does not list are left alone. Like the other
// imports: one transaction, nothing written when the file has an error or
// in a dry run, an unchanged file records nothing.
func (s *Store) ImportProjects(ctx context.Context, plan string, src indicators.RowSource, opt indicators.ImportOptions) (indicators.ImportResult, error) {
	var res indicators.ImportResult
	run := s.tx
	if opt.DryRun {
		run = s.view
	}
	err := run(ctx, func(tx *sql.Tx) error {
		if _, err := authorizeAdmin(ctx, tx, opt.Actor); err != nil {
			return err
		}
		pid, p, old, err := planProjects(ctx, tx, plan)
		if err != nil {
			return err
		}
		secs, err := loadSections(ctx, tx, pid)
		if err != nil {
			return err
		}
		units, err := departments(ctx, tx)
		if err != nil {
			return err
		}
		inds, err := planIndicators(ctx, tx, pid, "")
		if err != nil {
			return err
		}
		codes := make([]string, len(inds))
		for i, ind := range inds {
			codes[i] = ind.Code
		}
		pi := indicators.NewProjectsImport(p, old, secs[pid], units, codes, opt)
		if err := pi.Run(ctx, src); err != nil {
			return err
		}
		res = pi.Result()
		if opt.DryRun || !res.OK() || len(pi.Writes()) == 0 {
			return errRollback
		}
		id, err := nextImport(ctx, tx)
		if err != nil {
			return err
		}
		if err := recordImport(ctx, tx, id, opt, res); err != nil {
			return err
		}
		for _, c := range pi.Writes() {
			if err := saveProject(ctx, tx, pid, p, c.New, c.Position); err != nil {
				return err
			}
			if err := auditImport(ctx, tx, id, opt.Now, opt.Actor.Name, "import", "project", plan+"/"+c.New.Code, orNil(c.Old), c.New); err != nil {
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
