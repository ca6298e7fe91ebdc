package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"plantrack/indicators"
)

// SavePlan creates a plan or updates its own fields (not its sections or
// indicators). create says which the caller means, so that a form for a
// new plan cannot overwrite an existing one.
func (s *Store) SavePlan(ctx context.Context, actor string, p indicators.Plan, create bool, now time.Time) error {
	if es := p.Validate(); len(es) > 0 {
		return es
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		pid, before, err := planID(ctx, tx, p.Code)
		exists := err == nil
		if err != nil && indicators.KindOf(err) != indicators.KindNotFound {
			return err
		}
		if create && exists {
			return indicators.Conflict("规划代码“%s”已被使用", "plan code %q is taken", p.Code)
		}
		if !create && !exists {
			return err
		}
		var parent int64
		if p.ParentCode != "" {
			if parent, _, err = planID(ctx, tx, p.ParentCode); err != nil {
				return indicators.Invalid("parent", "上级规划“%s”不存在", "parent plan %q does not exist", p.ParentCode)
			}
		}
		if create {
			_, err = tx.ExecContext(ctx, `INSERT INTO plans (code, jurisdiction, name_zh, name_en, base_year, target_year,
				tolerance, parent_id, sample, source_zh, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COUNT(*) FROM plans))`,
				p.Code, p.Jurisdiction, p.NameZh, p.NameEn, p.BaseYear, p.TargetYear, p.Tol(), nullInt(parent), boolInt(p.Sample), p.SourceZh)
			if err != nil {
				return err
			}
			return audit(ctx, tx, now, actor, "create", "plan", p.Code, nil, p)
		}
		_, err = tx.ExecContext(ctx, `UPDATE plans SET jurisdiction = ?, name_zh = ?, name_en = ?, base_year = ?, target_year = ?,
			tolerance = ?, parent_id = ?, source_zh = ? WHERE id = ?`,
			p.Jurisdiction, p.NameZh, p.NameEn, p.BaseYear, p.TargetYear, p.Tol(), nullInt(parent), p.SourceZh, pid)
		if err != nil {
			return err
		}
		p.Sample = before.Sample // a form cannot turn real data into sample data or back
		return audit(ctx, tx, now, actor, "update", "plan", p.Code, before, p)
	})
}

// SaveSection creates or updates a section of a plan; a new one goes last.
func (s *Store) SaveSection(ctx context.Context, actor, plan string, sec indicators.Section, create bool, now time.Time) error {
	if es := sec.Validate(); len(es) > 0 {
		return es
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		pid, _, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		secs, err := loadSections(ctx, tx, pid)
		if err != nil {
			return err
		}
		var before *indicators.Section
		ids := map[string]int64{}
		rows, err := tx.QueryContext(ctx, `SELECT id, code FROM sections WHERE plan_id = ?`, pid)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var code string
			if err := rows.Scan(&id, &code); err != nil {
				rows.Close()
				return err
			}
			ids[code] = id
		}
		rows.Close()
		for i := range secs {
			if secs[i].Code == sec.Code {
				before = &secs[i]
			}
		}
		if create && before != nil {
			return indicators.Conflict("章节代码“%s”已被使用", "section code %q is taken", sec.Code)
		}
		if !create && before == nil {
			return indicators.NotFound("章节“%s”不存在", "section %q does not exist", sec.Code)
		}
		parent := int64(0)
		if sec.ParentCode != "" {
			var ok bool
			if parent, ok = ids[sec.ParentCode]; !ok {
				return indicators.Invalid("parent", "上级章节“%s”不存在", "parent section %q does not exist", sec.ParentCode)
			}
			// no cycles: the parent may not be this section or below it
			for p := sec.ParentCode; p != ""; {
				if p == sec.Code {
					return indicators.Invalid("parent", "章节不能放在自身或其下级之下", "a section cannot sit under itself or its descendants")
				}
				next := ""
				for _, x := range secs {
					if x.Code == p {
						next = x.ParentCode
					}
				}
				p = next
			}
		}
		if create {
			_, err = tx.ExecContext(ctx, `INSERT INTO sections (plan_id, code, parent_id, level, number, title_zh, title_en, position)
				VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), -1) + 1 FROM sections WHERE plan_id = ?))`,
				pid, sec.Code, nullInt(parent), sec.Level, sec.Number, sec.TitleZh, sec.TitleEn, pid)
			if err != nil {
				return err
			}
			return audit(ctx, tx, now, actor, "create", "section", plan+"/"+sec.Code, nil, sec)
		}
		_, err = tx.ExecContext(ctx, `UPDATE sections SET parent_id = ?, level = ?, number = ?, title_zh = ?, title_en = ?
			WHERE id = ?`, nullInt(parent), sec.Level, sec.Number, sec.TitleZh, sec.TitleEn, ids[sec.Code])
		if err != nil {
			return err
		}
		return audit(ctx, tx, now, actor, "update", "section", plan+"/"+sec.Code, before, sec)
	})
}

// SaveIndicator creates or updates an indicator of a plan; a new one goes last.
func (s *Store) SaveIndicator(ctx context.Context, actor, plan string, ind indicators.Indicator, create bool, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		pid, p, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		if es := ind.Validate(p); len(es) > 0 {
			return es
		}
		old, err := loadIndicators(ctx, tx, pid, ind.Code)
		if err != nil {
			return err
		}
		if create && len(old) > 0 {
			return indicators.Conflict("指标代码“%s”已被使用", "indicator code %q is taken", ind.Code)
		}
		if !create && len(old) == 0 {
			return indicators.NotFound("规划“%s”中没有指标“%s”", "plan %q has no indicator %q", plan, ind.Code)
		}
		secIDs := map[string]int64{}
		if ind.SectionCode != "" {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM sections WHERE plan_id = ? AND code = ?`, pid, ind.SectionCode).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return indicators.Invalid("section", "章节“%s”不存在", "section %q does not exist", ind.SectionCode)
			} else if err != nil {
				return err
			}
			secIDs[ind.SectionCode] = id
		}
		var pos int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT position FROM indicators WHERE plan_id = ? AND code = ?),
			(SELECT COALESCE(MAX(position), -1) + 1 FROM indicators WHERE plan_id = ?))`, pid, ind.Code, pid).Scan(&pos); err != nil {
			return err
		}
		if _, err := saveIndicator(ctx, tx, pid, secIDs, ind, pos); err != nil {
			return err
		}
		var before any
		action := "create"
		if len(old) > 0 {
			before, action = old[0], "update"
		}
		return audit(ctx, tx, now, actor, action, "indicator", plan+"/"+ind.Code, before, ind)
	})
}
