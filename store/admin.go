package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"plantrack/indicators"
)

// SavePlan creates a plan or updates its own fields (not its sections or
// indicators), for an administrator. create says which the caller means, so
// that a form for a new plan cannot overwrite an existing one.
func (s *Store) SavePlan(ctx context.Context, actor indicators.Actor, p indicators.Plan, create bool, now time.Time) error {
	if es := p.Validate(); len(es) > 0 {
		return es
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := authorizeAdmin(ctx, tx, actor); err != nil {
			return err
		}
		pid, before, err := planID(ctx, tx, p.Code)
		exists := err == nil
		if err != nil && indicators.KindOf(err) != indicators.ErrNotFound {
			return err
		}
		if create && exists {
			return indicators.Conflict("err.plan.taken", p.Code)
		}
		if !create && !exists {
			return err
		}
		if exists && p.Unit == "" {
			p.Unit = before.Unit // the form does not move a district's share to another district
		}
		if _, err := savePlan(ctx, tx, pid, p); err != nil {
			return err
		}
		if create {
			return audit(ctx, tx, now, actor.Name, "create", "plan", p.Code, nil, p)
		}
		p.Sample = before.Sample // as savePlan keeps it
		return audit(ctx, tx, now, actor.Name, "update", "plan", p.Code, before, p)
	})
}

// SaveSection creates or updates a section of a plan, for an
// administrator; a new one goes last.
func (s *Store) SaveSection(ctx context.Context, actor indicators.Actor, plan string, sec indicators.Section, create bool, now time.Time) error {
	if es := sec.Validate(); len(es) > 0 {
		return es
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := authorizeAdmin(ctx, tx, actor); err != nil {
			return err
		}
		pid, _, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		ids := map[string]int64{}
		parents := map[string]string{}
		var before *indicators.Section
		rows, err := tx.QueryContext(ctx, `SELECT s.id, s.code, COALESCE(ps.code, ''), s.level, s.number, s.title_zh, s.title_en
			FROM sections s LEFT JOIN sections ps ON ps.id = s.parent_id WHERE s.plan_id = ?`, pid)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var x indicators.Section
			if err := rows.Scan(&id, &x.Code, &x.ParentCode, &x.Level, &x.Number, &x.TitleZh, &x.TitleEn); err != nil {
				rows.Close()
				return err
			}
			ids[x.Code], parents[x.Code] = id, x.ParentCode
			if x.Code == sec.Code {
				before = &x
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if create && before != nil {
			return indicators.Conflict("err.section.taken", sec.Code)
		}
		if !create && before == nil {
			return indicators.NotFound("err.section.notFound", sec.Code)
		}
		var parent int64
		if sec.ParentCode != "" {
			var ok bool
			if parent, ok = ids[sec.ParentCode]; !ok {
				return indicators.Invalid("parent", "err.section.parentNotFound", sec.ParentCode)
			}
			// no cycles: the parent may not be this section or below it
			for p := sec.ParentCode; p != ""; p = parents[p] {
				if p == sec.Code {
					return indicators.Invalid("parent", "err.section.cycle")
				}
			}
		}
		if create {
			if err := insertSection(ctx, tx, pid, sec); err != nil {
				return err
			}
			return audit(ctx, tx, now, actor.Name, "create", "section", plan+"/"+sec.Code, nil, sec)
		}
		_, err = tx.ExecContext(ctx, `UPDATE sections SET parent_id = ?, level = ?, number = ?, title_zh = ?, title_en = ?
			WHERE id = ?`, nullInt(parent), sec.Level, sec.Number, sec.TitleZh, sec.TitleEn, ids[sec.Code])
		if err != nil {
			return err
		}
		return audit(ctx, tx, now, actor.Name, "update", "section", plan+"/"+sec.Code, before, sec)
	})
}

// SaveIndicator creates or updates an indicator of a plan, for an
// administrator; a new one goes last.
//
// A change of an existing indicator's baseline or target is kept in its
// history with reason, which such a change needs (docs/method.md §12).
func (s *Store) SaveIndicator(ctx context.Context, actor indicators.Actor, plan string, ind indicators.Indicator, reason string, create bool, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := authorizeAdmin(ctx, tx, actor); err != nil {
			return err
		}
		pid, p, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		if es := ind.Validate(p); len(es) > 0 {
			return es
		}
		old, err := planIndicators(ctx, tx, pid, ind.Code)
		if err != nil {
			return err
		}
		if create && len(old) > 0 {
			return indicators.Conflict("err.indicator.taken", ind.Code)
		}
		if !create && len(old) == 0 {
			return indicators.NotFound("err.indicator.notFound", plan, ind.Code)
		}
		if len(old) > 0 {
			// the decomposition is set on its own page (Decompose), never by this form
			ind.Rollup, ind.WeightCode, ind.Weight = old[0].Rollup, old[0].WeightCode, old[0].Weight
		}
		var pos int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT position FROM indicators WHERE plan_id = ? AND code = ?),
			(SELECT COALESCE(MAX(position), -1) + 1 FROM indicators WHERE plan_id = ?))`, pid, ind.Code, pid).Scan(&pos); err != nil {
			return err
		}
		if !create && strings.TrimSpace(reason) == "" && len(indicators.DefinitionDiff(old[0], ind)) > 0 {
			return indicators.Invalid("reason", "err.indicator.reason")
		}
		if err := indicators.CheckLine("reason", reason, 500); err != nil {
			return err
		}
		id, err := saveIndicator(ctx, tx, pid, nil, ind, pos)
		if err != nil {
			return err
		}
		var before any
		action := "create"
		if len(old) > 0 {
			before, action = old[0], "update"
			if err := recordDefinitionChanges(ctx, tx, id, &old[0], ind, strings.TrimSpace(reason), 0, actor.Name, now); err != nil {
				return err
			}
		}
		return audit(ctx, tx, now, actor.Name, action, "indicator", plan+"/"+ind.Code, before, ind)
	})
}

// insertSection adds a section to plan pid after its others; its parent,
// when it has one, exists.
func insertSection(ctx context.Context, tx *sql.Tx, pid int64, sec indicators.Section) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sections (plan_id, code, parent_id, level, number, title_zh, title_en, position)
		VALUES (?, ?, (SELECT id FROM sections WHERE plan_id = ? AND code = ?), ?, ?, ?, ?,
			(SELECT COALESCE(MAX(position), -1) + 1 FROM sections WHERE plan_id = ?))`,
		pid, sec.Code, pid, sec.ParentCode, sec.Level, sec.Number, sec.TitleZh, sec.TitleEn, pid)
	return err
}

// recordDefinitionChanges keeps the history of an indicator's baseline and
// target (docs/method.md §12): a field that changes from old to ind is a
// row, with the reason given and the import that made it (0 for a form).
// A new indicator has no history yet.
func recordDefinitionChanges(ctx context.Context, tx *sql.Tx, id int64, old *indicators.Indicator, ind indicators.Indicator,
	reason string, importID int64, actor string, at time.Time) error {
	if old == nil {
		return nil
	}
	for _, c := range indicators.DefinitionDiff(*old, ind) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO definition_changes (indicator_id, field, old, new, reason, actor, at, import_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, c.Field, c.Old, c.New, reason, actor, stamp(at), nullInt(importID)); err != nil {
			return err
		}
	}
	return nil
}

// DefinitionHistory lists the changes of an indicator's baseline and
// target, oldest first.
func (s *Store) DefinitionHistory(ctx context.Context, plan, indicator string) ([]indicators.DefinitionChange, error) {
	var out []indicators.DefinitionChange
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT c.field, c.old, c.new, c.reason, c.actor, c.at, COALESCE(c.import_id, 0)
			FROM definition_changes c JOIN indicators i ON i.id = c.indicator_id JOIN plans p ON p.id = i.plan_id
			WHERE p.code = ? AND i.code = ? ORDER BY c.id`, plan, indicator)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c := indicators.DefinitionChange{Indicator: indicator}
			if err := rows.Scan(&c.Field, &c.Old, &c.New, &c.Reason, &c.Actor, timeCol{&c.At}, &c.Import); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}
