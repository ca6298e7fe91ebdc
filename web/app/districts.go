package app

import (
	"context"

	"plantrack/indicators"
	"plantrack/store"
	"plantrack/web/memo"
)

// Districts is a plan's decomposition among its districts (指标分解), as
// of a year: the districts' plans and, for each decomposed indicator, the
// roll-up check and the districts ranked (docs/method.md §13).
type Districts struct {
	Plan indicators.Plan
	// Units are the districts the plan is decomposed among, in the tree's
	// order; Parts their plans, by unit code.
	Units []indicators.Unit
	Parts map[string]indicators.Dataset
	// Indicators are the decomposed indicators, in the plan's order, and
	// ByCode their decomposition.
	Indicators []indicators.Indicator
	ByCode     map[string]indicators.Decomposition
}

// Decomposed reports whether the plan has any decomposed indicator.
func (d *Districts) Decomposed() bool { return d != nil && len(d.Indicators) > 0 }

// districtsKey keys the roll-ups kept: one per plan, year and version.
type districtsKey struct {
	plan    string
	asOf    int
	version int64
}

// newDistrictsCache keeps 64 roll-ups: a few plans, a few years each.
func newDistrictsCache() *memo.Cache[districtsKey, *Districts] {
	return memo.New[districtsKey](64, 64<<20, func(*Districts) int64 { return 64 << 10 })
}

// Districts is the decomposition of plan as of a year, worked out once
// for each version of the data and kept: the overview, the indicator
// pages, the API and reports of that version share it.
func (a *App) Districts(ctx context.Context, plan string, asOf int) (*Districts, error) {
	v, err := a.store.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	return a.districts.Get(ctx, districtsKey{plan, asOf, v}, func() (*Districts, bool, error) {
		d, err := a.makeDistricts(ctx, plan, asOf)
		return d, err == nil, err
	})
}

func (a *App) makeDistricts(ctx context.Context, plan string, asOf int) (*Districts, error) {
	city, parts, err := a.store.Family(ctx, plan)
	if err != nil {
		return nil, err
	}
	return DistrictsOf(city, parts, asOf), nil
}

// DistrictsOf works out the decomposition of city among parts, its
// districts' plans (each naming its unit first in Departments), as of a
// year: what the pages read from the kept roll-up and a report from its
// snapshot.
func DistrictsOf(city indicators.Dataset, parts []indicators.Dataset, asOf int) *Districts {
	out := &Districts{Plan: city.Plan, Parts: map[string]indicators.Dataset{}, ByCode: map[string]indicators.Decomposition{}}
	for _, p := range parts {
		if len(p.Departments) == 0 || p.Departments[0].Code != p.Plan.Unit {
			continue
		}
		u := p.Departments[0]
		out.Units = append(out.Units, u)
		out.Parts[u.Code] = p
	}
	for _, ind := range city.Indicators {
		if ind.Rollup == "" {
			continue
		}
		out.Indicators = append(out.Indicators, ind)
		var figs []indicators.UnitFigures
		for _, u := range out.Units {
			p := out.Parts[u.Code]
			for _, di := range p.Indicators {
				if di.ParentPlan != city.Plan.Code || di.ParentCode != ind.Code {
					continue
				}
				f := indicators.UnitFigures{Unit: u, Plan: p.Plan, Indicator: di,
					Values:     indicators.Current(p.Observations[di.Code]),
					Assessment: indicators.AssessWith(p.Plan, di, p.Observations[di.Code], p.Inputs(di), asOf)}
				if ind.WeightCode != "" {
					f.Weights = indicators.Current(p.Observations[ind.WeightCode])
				}
				figs = append(figs, f)
			}
		}
		out.ByCode[ind.Code] = indicators.Decompose(ind, indicators.Current(city.Observations[ind.Code]), figs)
	}
	return out
}

// Decompose decomposes a city indicator among districts (store.Decompose).
func (a *App) Decompose(ctx context.Context, actor indicators.Actor, plan, code string, rule indicators.Rollup, weightCode string,
	shares []store.Share) (store.DecomposeResult, error) {
	return a.store.Decompose(ctx, actor, plan, code, rule, weightCode, shares, a.now())
}
