package store

import (
	"context"
	"database/sql"
	"time"

	"plantrack/indicators"
)

// Share is one district's part of a decomposed indicator as an
// administrator sets it: its target (in the indicator's kind's terms),
// and optionally its baseline and its fixed weight in a weighted mean.
type Share struct {
	Unit     string
	Target   float64
	Baseline *float64
	Weight   *float64
}

// DecomposeResult says what Decompose did.
type DecomposeResult struct {
	PlansCreated, Shares int
	// TargetSum is the shares' targets added up, for a sum; TargetOff when
	// it differs from the city's target by more than the roll-up tolerance.
	TargetSum *float64
	TargetOff bool
}

// Decompose decomposes a city indicator among districts (指标分解), for an
// administrator: it sets the roll-up rule (and weight indicator) of the
// city's indicator and writes each district's share into the district's
// plan, creating that plan (a child of the city's, for the unit) where it
// does not exist yet. Districts not listed keep what they have. All of it
// in one transaction, audited; targets of a sum that do not add up to the
// city's are saved and reported, not refused (a city often keeps a
// reserve).
func (s *Store) Decompose(ctx context.Context, actor indicators.Actor, plan, code string, rule indicators.Rollup, weightCode string,
	shares []Share, now time.Time) (DecomposeResult, error) {
	var res DecomposeResult
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := authorizeAdmin(ctx, tx, actor); err != nil {
			return err
		}
		pid, p, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		if p.Unit != "" {
			return indicators.Invalid("plan", "err.decompose.ofDistrict", plan)
		}
		old, err := planIndicators(ctx, tx, pid, code)
		if err != nil {
			return err
		}
		if len(old) == 0 {
			return indicators.NotFound("err.indicator.notFound", plan, code)
		}
		city := old[0]
		before := map[string]any{"rollup": city.Rollup, "weight_code": city.WeightCode}
		city.Rollup, city.WeightCode = rule, weightCode
		if rule == "" {
			return indicators.Invalid("rollup", "err.indicator.rollup", rule)
		}
		if es := city.Validate(p); len(es) > 0 {
			return es
		}
		if _, err := tx.ExecContext(ctx, `UPDATE indicators SET rollup = ?, rollup_weight_code = ? WHERE plan_id = ? AND code = ?`,
			string(rule), weightCode, pid, code); err != nil {
			return err
		}
		units, err := departments(ctx, tx)
		if err != nil {
			return err
		}
		byCode := map[string]indicators.Unit{}
		for _, u := range units {
			byCode[u.Code] = u
		}
		var sum float64
		for _, sh := range shares {
			u, ok := byCode[sh.Unit]
			if !ok || !u.KindOr().Area() {
				return indicators.Invalid("unit", "err.decompose.unit", sh.Unit)
			}
			dp := indicators.Plan{Code: plan + "." + u.Code, Jurisdiction: u.NameZh, NameZh: u.NameZh + " · " + p.NameZh,
				NameEn: u.NameEn + " · " + p.NameEn, BaseYear: p.BaseYear, TargetYear: p.TargetYear, Tolerance: p.Tolerance,
				ParentCode: plan, Unit: u.Code, Sample: p.Sample, SourceZh: p.SourceZh}
			dpid, _, err := planID(ctx, tx, dp.Code)
			switch {
			case indicators.KindOf(err) == indicators.ErrNotFound:
				if dpid, err = savePlan(ctx, tx, 0, dp); err != nil {
					return err
				}
				res.PlansCreated++
			case err != nil:
				return err
			}
			di := city
			di.Rollup, di.WeightCode, di.Reference, di.Interim = "", "", "", nil
			di.SectionCode, di.Department, di.ParentPlan, di.ParentCode = "", u.Code, plan, code
			di.NameZh, di.NameEn = city.NameZh+"("+u.NameZh+")", city.NameEn+" ("+u.NameEn+")"
			di.Target.Value, di.BaselineValue, di.Weight = sh.Target, sh.Baseline, sh.Weight
			if es := di.Validate(dp); len(es) > 0 {
				return es
			}
			var pos int
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT position FROM indicators WHERE plan_id = ? AND code = ?),
				(SELECT COALESCE(MAX(position), -1) + 1 FROM indicators WHERE plan_id = ?))`, dpid, code, dpid).Scan(&pos); err != nil {
				return err
			}
			if _, err := saveIndicator(ctx, tx, dpid, nil, di, pos); err != nil {
				return err
			}
			sum += sh.Target
			res.Shares++
		}
		if rule == indicators.RollupSum && len(shares) > 0 {
			res.TargetSum = &sum
			res.TargetOff = indicators.TargetsOff(city, sum)
		}
		return audit(ctx, tx, now, actor.Name, "decompose", "indicator", plan+"/"+code, before,
			map[string]any{"rollup": rule, "weight_code": weightCode, "shares": shares, "plans_created": res.PlansCreated})
	})
	return res, err
}
