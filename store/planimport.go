package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"plantrack/indicators"
)

// ImportPlan reads a plan-definitions file (indicators.ImportPlan: one
// indicator per row) into plan p: it creates the plan when it does not
// exist (p must then be complete), updates its names and years when p sets
// them, and creates or updates every indicator the file lists, keeping the
// fields the file has no column for. Indicators the file does not list are
// left alone. Like ImportActuals: one transaction, nothing written when the
// file has an error or in a dry run, and an unchanged file records nothing.
func (s *Store) ImportPlan(ctx context.Context, p indicators.Plan, src indicators.RowSource, opt indicators.ImportOptions) (indicators.ImportResult, error) {
	res := indicators.ImportResult{Kind: indicators.ImportPlan, File: opt.File, SHA256: opt.SHA256, Plans: []string{p.Code}}
	run := s.tx
	if opt.DryRun {
		run = s.view
	}
	errRollback := errors.New("rollback")
	err := run(ctx, func(tx *sql.Tx) error {
		pid, cur, err := planID(ctx, tx, p.Code)
		exists := err == nil
		if err != nil && indicators.KindOf(err) != indicators.KindNotFound {
			return err
		}
		plan := p
		if exists {
			plan = mergePlan(cur, p)
		}
		planChanged := !exists || plan != cur
		for _, e := range plan.Validate() {
			res.Add(indicators.Issue{Zh: e.Zh, En: e.En})
		}
		if !res.OK() {
			return errRollback
		}
		var old []indicators.Indicator
		secs, depts := map[string]bool{}, map[string]bool{}
		if exists {
			if old, err = loadIndicators(ctx, tx, pid, ""); err != nil {
				return err
			}
			ss, err := loadSections(ctx, tx, pid)
			if err != nil {
				return err
			}
			for _, sec := range ss {
				secs[sec.Code] = true
			}
		}
		ds, err := departmentCodes(ctx, tx)
		if err != nil {
			return err
		}
		for _, d := range ds {
			depts[d] = true
		}
		byCode := map[string]*indicators.Indicator{}
		for i := range old {
			byCode[old[i].Code] = &old[i]
		}
		var writes []indicators.IndicatorChange
		seen := map[string]int{}
		err = eachRow(ctx, src, indicators.ImportPlan, &res, nil, func(h indicators.Header, row int, cells []string) error {
			was := byCode[h.Cell(cells, "code")]
			ind, issues := indicators.ParseIndicatorRow(h, row, cells, plan, was)
			if first, dup := seen[ind.Code]; dup && ind.Code != "" {
				issues = append(issues, indicators.Issue{Row: row, Column: h.Column("code"),
					Zh: fmt.Sprintf("指标代码“%s”与第 %d 行重复", ind.Code, first), En: fmt.Sprintf("code %q repeats row %d", ind.Code, first)})
			}
			seen[ind.Code] = row
			if ind.SectionCode != "" && !secs[ind.SectionCode] {
				issues = append(issues, indicators.Issue{Row: row, Column: h.Column("section"),
					Zh: fmt.Sprintf("章节“%s”不存在", ind.SectionCode), En: fmt.Sprintf("section %q does not exist", ind.SectionCode)})
			}
			if ind.Department != "" && !depts[ind.Department] {
				issues = append(issues, indicators.Issue{Row: row, Column: h.Column("department"),
					Zh: fmt.Sprintf("部门“%s”不存在", ind.Department), En: fmt.Sprintf("department %q does not exist", ind.Department)})
			}
			if len(issues) > 0 {
				res.Add(issues...)
				return nil
			}
			switch {
			case was == nil:
				res.New++
			case indicators.SameDefinition(*was, ind):
				res.Unchanged++
				return nil
			default:
				res.Changed++
			}
			c := indicators.IndicatorChange{Row: row, Old: was, New: ind}
			writes = append(writes, c)
			if len(res.Defs) < indicators.ListCap {
				res.Defs = append(res.Defs, c)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if opt.DryRun || !res.OK() || (len(writes) == 0 && !planChanged) {
			return errRollback
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM imports`).Scan(&id); err != nil {
			return err
		}
		if err := recordImport(ctx, tx, id, opt, res); err != nil {
			return err
		}
		if planChanged {
			if pid, err = upsertPlan(ctx, tx, pid, plan); err != nil {
				return err
			}
			var before any
			if exists {
				before = cur
			}
			if err := auditImport(ctx, tx, id, opt.Now, opt.By, "import", "plan", p.Code, before, plan); err != nil {
				return err
			}
		}
		next := len(old)
		for _, c := range writes {
			pos := next
			if c.Old != nil {
				for i := range old {
					if old[i].Code == c.New.Code {
						pos = i
					}
				}
			} else {
				next++
			}
			if _, err := saveIndicatorAt(ctx, tx, pid, c.New, pos); err != nil {
				return err
			}
			var before any
			if c.Old != nil {
				before = c.Old
			}
			if err := auditImport(ctx, tx, id, opt.Now, opt.By, "import", "indicator", p.Code+"/"+c.New.Code, before, c.New); err != nil {
				return err
			}
		}
		res.ID = id
		return nil
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	if err != nil {
		res.ID = 0
	}
	return res, err
}

// mergePlan is the plan as it is, with the fields p sets.
func mergePlan(cur, p indicators.Plan) indicators.Plan {
	if p.NameZh != "" {
		cur.NameZh = p.NameZh
	}
	if p.NameEn != "" {
		cur.NameEn = p.NameEn
	}
	if p.BaseYear != 0 {
		cur.BaseYear = p.BaseYear
	}
	if p.TargetYear != 0 {
		cur.TargetYear = p.TargetYear
	}
	if p.Jurisdiction != "" {
		cur.Jurisdiction = p.Jurisdiction
	}
	return cur
}

// upsertPlan writes a plan's own fields; pid 0 creates it.
func upsertPlan(ctx context.Context, tx *sql.Tx, pid int64, p indicators.Plan) (int64, error) {
	if pid != 0 {
		_, err := tx.ExecContext(ctx, `UPDATE plans SET jurisdiction = ?, name_zh = ?, name_en = ?, base_year = ?,
			target_year = ? WHERE id = ?`, p.Jurisdiction, p.NameZh, p.NameEn, p.BaseYear, p.TargetYear, pid)
		return pid, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO plans (code, jurisdiction, name_zh, name_en, base_year, target_year,
		tolerance, sample, position) VALUES (?, ?, ?, ?, ?, ?, ?, 0, (SELECT COUNT(*) FROM plans))`,
		p.Code, p.Jurisdiction, p.NameZh, p.NameEn, p.BaseYear, p.TargetYear, p.Tol())
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// saveIndicatorAt saves ind at position pos, resolving its section by code.
func saveIndicatorAt(ctx context.Context, tx *sql.Tx, pid int64, ind indicators.Indicator, pos int) (int64, error) {
	secIDs := map[string]int64{}
	if ind.SectionCode != "" {
		var id int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM sections WHERE plan_id = ? AND code = ?`, pid, ind.SectionCode).Scan(&id); err != nil {
			return 0, err
		}
		secIDs[ind.SectionCode] = id
	}
	return saveIndicator(ctx, tx, pid, secIDs, ind, pos)
}

func departmentCodes(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT code FROM departments`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
