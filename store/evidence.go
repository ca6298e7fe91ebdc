package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"plantrack/indicators"
)

// AddEvidence attaches a file to an indicator's value of a year (e.Indicator
// set) or to a project's year (e.Project set), for an editor of the
// indicator's or project's unit or an administrator. The type comes from
// the content (indicators.SniffEvidence), never the name; the name kept is
// made safe. It returns the file's id.
func (s *Store) AddEvidence(ctx context.Context, actor indicators.Actor, plan string, e indicators.Evidence, data []byte, now time.Time) (int64, error) {
	if len(data) > indicators.MaxEvidence {
		return 0, indicators.Invalid("file", "err.evidence.tooLarge", indicators.MaxEvidence>>20)
	}
	t, ok := indicators.SniffEvidence(data)
	if !ok {
		return 0, indicators.Invalid("file", "err.evidence.type", e.Name)
	}
	e.Type, e.Name, e.Size = t, indicators.SafeFileName(e.Name, t), len(data)
	sum := sha256.Sum256(data)
	e.SHA256 = hex.EncodeToString(sum[:])
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		u, err := authorize(ctx, tx, actor)
		if err != nil {
			return err
		}
		pid, p, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		if e.Year <= p.BaseYear || e.Year > p.TargetYear+5 {
			return indicators.Invalid("year", "err.report.year", p.BaseYear+1, p.TargetYear)
		}
		var indID, prID any
		var unit string
		switch {
		case e.Indicator != "" && e.Project == "":
			var iid int64
			err = tx.QueryRowContext(ctx, `SELECT i.id, COALESCE(d.code, '') FROM indicators i LEFT JOIN departments d ON d.id = i.department_id
				WHERE i.plan_id = ? AND i.code = ?`, pid, e.Indicator).Scan(&iid, &unit)
			if errors.Is(err, sql.ErrNoRows) {
				return indicators.NotFound("err.indicator.notFound", plan, e.Indicator)
			}
			indID = iid
		case e.Project != "" && e.Indicator == "":
			var prid int64
			err = tx.QueryRowContext(ctx, `SELECT pr.id, COALESCE(d.code, '') FROM projects pr LEFT JOIN departments d ON d.id = pr.unit_id
				WHERE pr.plan_id = ? AND pr.code = ?`, pid, e.Project).Scan(&prid, &unit)
			if errors.Is(err, sql.ErrNoRows) {
				return indicators.NotFound("project.notFound", plan, e.Project)
			}
			prID = prid
		default:
			return indicators.Invalid("target", "err.evidence.target")
		}
		if err != nil {
			return err
		}
		if !u.CanEdit(indicators.Indicator{Department: unit}) {
			return indicators.ForbiddenIndicator(e.Indicator+e.Project, departmentName(ctx, tx, unit))
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO evidence (plan_id, indicator_id, project_id, year, name, content_type, size, sha256, data, actor, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, pid, indID, prID, e.Year, e.Name, t.ContentType, e.Size, e.SHA256,
			data, actor.Name, stamp(now)).Scan(&id)
		if err != nil {
			return err
		}
		return audit(ctx, tx, now, actor.Name, "attach", "evidence", fmt.Sprintf("%s/%s%s/%d", plan, e.Indicator, e.Project, e.Year), nil,
			map[string]any{"id": id, "name": e.Name, "type": t.ContentType, "size": e.Size, "sha256": e.SHA256})
	})
	return id, err
}

// Evidence lists the files attached to an indicator's values or a
// project's years of plan (one of the two named), without their content,
// oldest first.
func (s *Store) Evidence(ctx context.Context, plan, indicator, project string) ([]indicators.Evidence, error) {
	var out []indicators.Evidence
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT e.id, COALESCE(i.code, ''), COALESCE(pr.code, ''), e.year, e.name, e.content_type, e.size,
				e.sha256, e.actor, e.at
			FROM evidence e JOIN plans p ON p.id = e.plan_id
			LEFT JOIN indicators i ON i.id = e.indicator_id LEFT JOIN projects pr ON pr.id = e.project_id
			WHERE p.code = ? AND ((? <> '' AND i.code = ?) OR (? <> '' AND pr.code = ?)) ORDER BY e.year, e.id`,
			plan, indicator, indicator, project, project)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e indicators.Evidence
			if err := rows.Scan(&e.ID, &e.Indicator, &e.Project, &e.Year, &e.Name, &e.Type.ContentType, &e.Size, &e.SHA256, &e.Actor,
				timeCol{&e.At}); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// EvidenceFile returns one evidence file with its content.
func (s *Store) EvidenceFile(ctx context.Context, id int64) (indicators.Evidence, []byte, error) {
	var (
		e    indicators.Evidence
		data []byte
	)
	err := s.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, year, name, content_type, size, sha256, actor, at, data FROM evidence WHERE id = ?`, id).
			Scan(&e.ID, &e.Year, &e.Name, &e.Type.ContentType, &e.Size, &e.SHA256, &e.Actor, timeCol{&e.At}, &data)
		if errors.Is(err, sql.ErrNoRows) {
			return indicators.NotFound("err.evidence.notFound", id)
		}
		return err
	})
	return e, data, err
}
