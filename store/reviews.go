package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"plantrack/indicators"
)

// ValueRef names one revision of one value: what a reviewer decides on.
type ValueRef struct {
	Plan, Indicator string
	Year, Revision  int
}

func (v ValueRef) String() string {
	return fmt.Sprintf("%s/%s/%d/r%d", v.Plan, v.Indicator, v.Year, v.Revision)
}

// PendingValue is a value waiting for review, or returned to its
// submitter, with where it belongs.
type PendingValue struct {
	ValueRef
	PlanName, IndicatorName indicators.Name
	Unit                    string // the indicator's unit (责任单位)
	Measure                 string // the indicator's unit of measure
	Value                   indicators.Observation
	Previous                *indicators.Observation // the revision that counts now; nil for none
}

// Review records a reviewer's decision on a submitted value (审核):
// approved, it counts from now on; returned, it goes back to its
// submitter with comment, which a return must have. Only an administrator
// or a reviewer whose units hold the indicator's unit may decide, and only
// on the latest revision of a year while it is submitted.
func (s *Store) Review(ctx context.Context, actor indicators.Actor, v ValueRef, decision indicators.ReviewState,
	comment string, now time.Time) error {
	return s.ReviewMany(ctx, actor, []ValueRef{v}, decision, comment, now)
}

// ReviewMany records one decision on several submitted values (a
// reviewer approving a district's round at once): all of them, or, when
// any one may not be decided by the actor or is not waiting, none.
func (s *Store) ReviewMany(ctx context.Context, actor indicators.Actor, vs []ValueRef, decision indicators.ReviewState,
	comment string, now time.Time) error {
	comment = strings.TrimSpace(comment)
	switch {
	case decision != indicators.Approved && decision != indicators.Returned:
		return indicators.Invalid("decision", "err.review.decision", decision)
	case decision == indicators.Returned && comment == "":
		return indicators.Invalid("comment", "err.review.comment")
	case len(vs) == 0:
		return indicators.Invalid("values", "err.review.none")
	}
	if e := indicators.CheckText("comment", comment, indicators.MaxNote); e != nil {
		return e
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := authorize(ctx, tx, actor)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if err := review(ctx, tx, u, actor, v, decision, comment, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// review records one decision inside the transaction tx.
func review(ctx context.Context, tx *sql.Tx, u indicators.User, actor indicators.Actor, v ValueRef, decision indicators.ReviewState,
	comment string, now time.Time) error {
	var (
		obsID, latest int64
		dept          string
		state         sql.NullString
	)
	err := tx.QueryRowContext(ctx, `SELECT o.id, COALESCE(d.code, ''),
			(SELECT MAX(o2.revision) FROM observations o2 WHERE o2.indicator_id = o.indicator_id AND o2.year = o.year),
			(SELECT r.state FROM reviews r WHERE r.observation_id = o.id ORDER BY r.id DESC LIMIT 1)
		FROM observations o JOIN indicators i ON i.id = o.indicator_id JOIN plans p ON p.id = i.plan_id
		LEFT JOIN departments d ON d.id = i.department_id
		WHERE p.code = ? AND i.code = ? AND o.year = ? AND o.revision = ?`,
		v.Plan, v.Indicator, v.Year, v.Revision).Scan(&obsID, &dept, &latest, &state)
	if errors.Is(err, sql.ErrNoRows) {
		return indicators.NotFound("err.review.notFound", v.Indicator, v.Year, v.Revision)
	} else if err != nil {
		return err
	}
	if !u.CanReview(indicators.Indicator{Department: dept}) {
		return indicators.ForbiddenIndicator(v.Indicator, departmentName(ctx, tx, dept))
	}
	if latest != int64(v.Revision) || state.String != string(indicators.Submitted) {
		return indicators.Conflict("err.review.notSubmitted", v.Indicator, v.Year, v.Revision)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO reviews (observation_id, state, actor, at, comment) VALUES (?, ?, ?, ?, ?)`,
		obsID, decision, actor.Name, stamp(now), comment); err != nil {
		return err
	}
	action := "approve"
	if decision == indicators.Returned {
		action = "return"
	}
	return audit(ctx, tx, now, actor.Name, action, "observation", v.String(),
		map[string]any{"review": indicators.Submitted}, map[string]any{"review": decision, "comment": comment})
}

// Pending lists the values whose latest revision of their year is
// submitted or returned, of every plan, oldest first, for those u may see
// them: a reviewer or administrator the submitted values they may decide
// on, an editor their own units' submitted and returned values.
func (s *Store) Pending(ctx context.Context, u indicators.User, limit int) ([]PendingValue, error) {
	var out []PendingValue
	err := s.view(ctx, func(tx *sql.Tx) error {
		// prev: the revision of the same year that counts now, for the
		// reviewer to compare with
		rows, err := tx.QueryContext(ctx, `SELECT p.code, p.name_zh, p.name_en, i.code, i.name_zh, i.name_en, COALESCE(d.code, ''),
				i.unit, o.year, o.revision, o.value, o.qualifier, o.status, o.source, o.note, o.decimals,
				COALESCE(im.actor, o.recorded_by), COALESCE(im.at, o.recorded_at), rv.state, rv.comment,
				prev.revision, prev.value, prev.decimals
			FROM reviews rv
			JOIN observations o ON o.id = rv.observation_id
			JOIN indicators i ON i.id = o.indicator_id JOIN plans p ON p.id = i.plan_id
			LEFT JOIN departments d ON d.id = i.department_id
			LEFT JOIN imports im ON im.id = o.import_id
			LEFT JOIN observations prev ON prev.id = (SELECT o3.id FROM observations o3
				WHERE o3.indicator_id = o.indicator_id AND o3.year = o.year AND o3.id <> o.id
				  AND COALESCE((SELECT r.state FROM reviews r WHERE r.observation_id = o3.id ORDER BY r.id DESC LIMIT 1), 'approved') = 'approved'
				ORDER BY o3.revision DESC LIMIT 1)
			WHERE rv.id = (SELECT MAX(r2.id) FROM reviews r2 WHERE r2.observation_id = o.id)
			  AND rv.state IN ('submitted', 'returned')
			  AND o.revision = (SELECT MAX(o2.revision) FROM observations o2 WHERE o2.indicator_id = o.indicator_id AND o2.year = o.year)
			ORDER BY o.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				pv              PendingValue
				o               = &pv.Value
				prevRev, prevDp sql.NullInt64
				prevValue       sql.NullFloat64
			)
			if err := rows.Scan(&pv.Plan, &pv.PlanName.Zh, &pv.PlanName.En, &pv.Indicator, &pv.IndicatorName.Zh, &pv.IndicatorName.En,
				&pv.Unit, &pv.Measure, &o.Year, &o.Revision, &o.Value, &o.Qualifier, &o.Status, &o.Source, &o.Note, &o.Decimals,
				&o.Actor, timeCol{&o.At}, &o.Review, &o.ReviewNote, &prevRev, &prevValue, &prevDp); err != nil {
				return err
			}
			pv.Year, pv.Revision = o.Year, o.Revision
			if prevRev.Valid {
				pv.Previous = &indicators.Observation{Year: o.Year, Revision: int(prevRev.Int64), Value: prevValue.Float64,
					Decimals: int(prevDp.Int64)}
			}
			ind := indicators.Indicator{Department: pv.Unit}
			mine := u.CanEdit(ind) && u.Role != indicators.Admin
			if (o.Review == indicators.Submitted && u.CanReview(ind)) || mine {
				out = append(out, pv)
			}
			if limit > 0 && len(out) >= limit {
				break
			}
		}
		return rows.Err()
	})
	return out, err
}
