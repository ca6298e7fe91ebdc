package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"plantrack/indicators"
	"plantrack/web/present"
)

// The JSON shapes of the read-only API, /api/v1. Unknown values are null.

type apiPlan struct {
	Code         string  `json:"code"`
	Jurisdiction string  `json:"jurisdiction"`
	NameZh       string  `json:"name_zh"`
	NameEn       string  `json:"name_en"`
	BaseYear     int     `json:"base_year"`
	TargetYear   int     `json:"target_year"`
	Tolerance    float64 `json:"tolerance"`
	Parent       *string `json:"parent"`
	Unit         string  `json:"unit,omitempty"`   // the district whose share of the parent plan this is
	Review       bool    `json:"review,omitempty"` // values count once approved (填报 → 审核)
	Sample       bool    `json:"sample"`
	Source       string  `json:"source"`
	Indicators   string  `json:"indicators_url"`
}

type apiBaseline struct {
	Year   int      `json:"year"`
	Value  *float64 `json:"value"`
	Source string   `json:"source"`
}

type apiTarget struct {
	Kind       string       `json:"kind"`
	Year       int          `json:"year"`
	Value      *float64     `json:"value"` // in the kind's own terms; null for none
	Level      *figure      `json:"level"` // x_T implied, null where unknown
	Comparator string       `json:"comparator"`
	Band       float64      `json:"band,omitempty"`
	FromZero   bool         `json:"from_zero,omitempty"`
	Interim    []apiInterim `json:"interim"`
	Text       string       `json:"text,omitempty"`      // as the plan words it
	Pending    bool         `json:"pending,omitempty"`   // assigned later (待下达): value is null
	Reference  string       `json:"reference,omitempty"` // a relative target's other indicator
	Method     string       `json:"method,omitempty"`    // "log" for the log-ratio completion
}

type apiInterim struct {
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

type apiLatest struct {
	Year      int     `json:"year"`
	Value     float64 `json:"value"`
	Qualifier string  `json:"qualifier"`
	Status    string  `json:"status"`
}

type apiAlt struct {
	Ratio  figure `json:"ratio"`
	Status string `json:"status"`
}

// figure is a computed number, sent rounded to ten significant digits:
// 0.6, not 0.5999999999999996.
type figure float64

// MarshalJSON writes the rounded figure.
func (f figure) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
		return []byte("null"), nil // no figure, never invalid JSON
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(float64(f), 'g', 10, 64), 64)
	return strconv.AppendFloat(nil, v, 'f', -1, 64), nil
}

// fig is p as a figure, nil for nil.
func fig(p *float64) *figure {
	if p == nil {
		return nil
	}
	f := figure(*p)
	return &f
}

type apiAssessment struct {
	Status   string `json:"status"`
	AsOf     int    `json:"as_of"`
	DataYear *int   `json:"data_year"` // the year of the latest value judged
	Stale    bool   `json:"stale"`     // the data lag the as-of year (docs/method.md §4)
	Settled  string `json:"settled,omitempty"`
	// why nothing is projected: "met" or "target_year" (docs/method.md §6)
	Completion           *figure `json:"completion"`
	Elapsed              *figure `json:"elapsed"`
	Tolerance            float64 `json:"tolerance"`
	Projected            *figure `json:"projected"`
	TrendMethod          *string `json:"trend_method"`
	TrendRatio           *figure `json:"trend_ratio"`
	Judgement            *string `json:"judgement"`
	RequiredAnnualChange *figure `json:"required_annual_change"`
	RequiredAnnualRate   *figure `json:"required_annual_rate"`
	ActualAnnualRate     *figure `json:"actual_annual_rate"`
	GrowthRatio          *figure `json:"growth_ratio"`
	CAGRRatio            *apiAlt `json:"cagr_ratio"`
	UNRatio              *apiAlt `json:"un_extrapolation_ratio"`
	Breaches             []int   `json:"breach_years,omitempty"`
	// docs/method.md §9–§12
	ActualChange     *figure      `json:"actual_change,omitempty"` // C in %, of a cumulative change
	LinearCompletion *figure      `json:"linear_completion,omitempty"`
	LogCompletion    *figure      `json:"log_completion,omitempty"`
	Index            *apiIndex    `json:"index,omitempty"`
	Relative         *apiRelative `json:"relative,omitempty"`
	Yearly           *apiYearly   `json:"yearly,omitempty"`
	BreakYear        int          `json:"break_year,omitempty"`
}

// apiIndex is the index of yearly rates compounded (x₀ = 100).
type apiIndex struct {
	Points []apiIndexPoint `json:"points"`
	Gap    int             `json:"gap_year,omitempty"` // the first missing year, after which rates do not count
}

type apiIndexPoint struct {
	Year       int    `json:"year"`
	Rate       figure `json:"rate"`
	Index      figure `json:"index"`
	Average    figure `json:"average_rate"`
	Cumulative figure `json:"cumulative_change"`
}

type apiRelative struct {
	Reference string          `json:"reference"`
	OwnAvg    figure          `json:"own_average_rate"`
	RefAvg    figure          `json:"reference_average_rate"`
	Met       bool            `json:"met"`
	Years     []apiRelYearRow `json:"years"`
}

type apiRelYearRow struct {
	Year int    `json:"year"`
	Own  figure `json:"own"`
	Ref  figure `json:"reference"`
}

type apiYearly struct {
	Met    int            `json:"years_met"`
	Judged int            `json:"years_judged"`
	Years  []apiYearCheck `json:"years"`
}

type apiYearCheck struct {
	Year   int      `json:"year"`
	Target *string  `json:"target"` // as worded
	Value  *float64 `json:"value"`
	Met    *bool    `json:"met"`
}

type apiIndicator struct {
	Code       string           `json:"code"`
	NameZh     string           `json:"name_zh"`
	NameEn     string           `json:"name_en"`
	Unit       string           `json:"unit"`
	Section    string           `json:"section"`
	Attribute  string           `json:"attribute"`
	Direction  string           `json:"direction"`
	Department string           `json:"department"`
	Rollup     string           `json:"rollup,omitempty"` // how its districts' figures combine; empty when not decomposed
	UnitsURL   string           `json:"units_url,omitempty"`
	Kind       string           `json:"kind"`
	Baseline   apiBaseline      `json:"baseline"`
	Target     apiTarget        `json:"target"`
	Latest     *apiLatest       `json:"latest"`
	Assessment apiAssessment    `json:"assessment"`
	PlanText   string           `json:"plan_text"`
	Note       string           `json:"note"`
	URL        string           `json:"url"`
	Obs        []apiObservation `json:"observations,omitempty"`
}

type apiRevision struct {
	Revision   int       `json:"revision"`
	Value      float64   `json:"value"`
	Qualifier  string    `json:"qualifier"`
	Status     string    `json:"status"`
	Source     string    `json:"source"`
	Note       string    `json:"note"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

type apiObservation struct {
	Year int `json:"year"`
	apiRevision
	Revisions []apiRevision `json:"revisions"` // every revision, oldest first, the current one last
}

func toAPIPlan(p indicators.Plan) apiPlan {
	out := apiPlan{Code: p.Code, Jurisdiction: p.Jurisdiction, NameZh: p.NameZh, NameEn: p.NameEn, BaseYear: p.BaseYear,
		TargetYear: p.TargetYear, Tolerance: p.Tol(), Sample: p.Sample, Source: p.SourceZh, Unit: p.Unit, Review: p.Review,
		Indicators: "/api/v1" + present.PlanHref(p.Code) + "/indicators"}
	if p.ParentCode != "" {
		out.Parent = &p.ParentCode
	}
	return out
}

func toAPIIndicator(p indicators.Plan, x indicators.Assessed) apiIndicator {
	ind, a := x.Indicator, x.Assessment
	out := apiIndicator{Code: ind.Code, NameZh: ind.NameZh, NameEn: ind.NameEn, Unit: ind.Unit, Section: ind.SectionCode,
		Attribute: string(ind.Attribute), Direction: string(ind.Direction), Department: ind.Department,
		Kind: string(ind.Target.Kind), PlanText: ind.PlanText, Note: ind.Note, URL: present.IndicatorHref(p.Code, ind.Code),
		Baseline: apiBaseline{Year: ind.BaselineYear, Value: ind.BaselineValue, Source: ind.BaselineSource},
		Target: apiTarget{Kind: string(ind.Target.Kind), Year: a.T, Level: fig(a.XT), Comparator: string(a.Comparator),
			Band: ind.Target.Band, FromZero: ind.Target.FromZero}, Rollup: string(ind.Rollup)}
	if ind.Rollup != "" {
		out.UnitsURL = "/api/v1" + present.IndicatorHref(p.Code, ind.Code) + "/units"
	}
	out.Target.Interim = []apiInterim{}
	for _, it := range ind.Interim {
		out.Target.Interim = append(out.Target.Interim, apiInterim{Year: it.Year, Value: it.Value})
	}
	t := ind.Target
	out.Target.Text, out.Target.Pending, out.Target.Reference, out.Target.Method = t.Text, t.Pending, ind.Reference, string(ind.Method)
	if t.Kind != indicators.KindNone && t.Kind != indicators.KindRelative && t.Kind != indicators.KindYearly && !t.Pending {
		v := t.Value
		out.Target.Value = &v
	}
	if a.Latest != nil {
		out.Latest = &apiLatest{Year: a.Latest.Year, Value: a.Latest.Value, Qualifier: string(a.Latest.Qualifier), Status: string(a.Latest.Status)}
	}
	as := apiAssessment{Status: string(a.Status), AsOf: a.AsOf, Completion: fig(a.Completion), Elapsed: fig(a.Elapsed),
		Tolerance: a.Tolerance, ActualAnnualRate: fig(a.ActualRate), GrowthRatio: fig(a.GrowthRatio), Breaches: a.Breaches,
		Stale: a.Stale, Settled: string(a.Settled)}
	if a.Latest != nil {
		as.DataYear = &a.Latest.Year
	}
	if tr := a.Trend; tr != nil {
		m := string(tr.Method)
		as.Projected, as.TrendMethod, as.TrendRatio = fig(&tr.Projected), &m, fig(tr.Ratio)
		if tr.Judgement != "" {
			j := string(tr.Judgement)
			as.Judgement = &j
		}
	}
	if pc := a.Pace; pc != nil && !a.Status.Met() {
		as.RequiredAnnualChange, as.RequiredAnnualRate = fig(&pc.AnnualChange), fig(pc.AnnualRate)
	}
	if c := a.CAGR; c != nil {
		as.CAGRRatio = &apiAlt{Ratio: figure(c.Ratio), Status: string(c.Status)}
	}
	if u := a.UN; u != nil {
		as.UNRatio = &apiAlt{Ratio: figure(u.Ratio), Status: string(u.Status)}
	}
	as.ActualChange, as.LinearCompletion, as.LogCompletion, as.BreakYear = fig(a.ActualChange), fig(a.LinearCompletion), fig(a.LogCompletion), a.BreakYear
	if ix := a.Index; ix != nil {
		as.Index = &apiIndex{Gap: ix.Gap, Points: []apiIndexPoint{}}
		for _, p := range ix.Points {
			as.Index.Points = append(as.Index.Points, apiIndexPoint{Year: p.Year, Rate: figure(p.Rate), Index: figure(p.Index),
				Average: figure(p.Average), Cumulative: figure(p.Cumulative)})
		}
	}
	if r := a.Relative; r != nil {
		as.Relative = &apiRelative{Reference: r.Reference, OwnAvg: figure(r.OwnAvg), RefAvg: figure(r.RefAvg), Met: r.Met, Years: []apiRelYearRow{}}
		for _, y := range r.Years {
			as.Relative.Years = append(as.Relative.Years, apiRelYearRow{Year: y.Year, Own: figure(y.Own), Ref: figure(y.Ref)})
		}
	}
	if y := a.Yearly; y != nil {
		as.Yearly = &apiYearly{Met: y.Met, Judged: y.Judged, Years: []apiYearCheck{}}
		for _, c := range y.Years {
			row := apiYearCheck{Year: c.Year, Met: c.Met}
			if c.Target != nil {
				w := c.Target.Written()
				row.Target = &w
			}
			if c.Value != nil {
				v := c.Value.Value
				row.Value = &v
			}
			as.Yearly.Years = append(as.Yearly.Years, row)
		}
	}
	out.Assessment = as
	return out
}

func toAPIObservations(obs []indicators.Observation) []apiObservation {
	var out []apiObservation
	for _, cur := range indicators.Current(obs) {
		o := apiObservation{Year: cur.Year, apiRevision: toAPIRevision(cur), Revisions: []apiRevision{}}
		for _, r := range obs {
			if r.Year == cur.Year {
				o.Revisions = append(o.Revisions, toAPIRevision(r))
			}
		}
		out = append(out, o)
	}
	if out == nil {
		out = []apiObservation{}
	}
	return out
}

func toAPIRevision(o indicators.Observation) apiRevision {
	return apiRevision{Revision: o.Revision, Value: o.Value, Qualifier: string(o.Qualifier), Status: string(o.Status),
		Source: o.Source, Note: o.Note, RecordedBy: o.Actor, RecordedAt: o.At.UTC()}
}

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request) {
	plans, err := s.app.Plans(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := make([]apiPlan, 0, len(plans))
	for _, p := range plans {
		if p.Unit != "" {
			continue // a district's share: under its city plan's indicators' units
		}
		out = append(out, toAPIPlan(p))
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"plans": out})
}

func (s *Server) apiIndicators(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), "")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	asOf, _, err := s.asOf(r, d.Plan)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	all := d.Assess(asOf)
	out := make([]apiIndicator, 0, len(all))
	for _, x := range all {
		out = append(out, toAPIIndicator(d.Plan, x))
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"plan": toAPIPlan(d.Plan), "as_of": asOf, "indicators": out})
}

func (s *Server) apiIndicator(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), r.PathValue("code"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	asOf, _, err := s.asOf(r, d.Plan)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	x := d.Assess(asOf)[0]
	out := toAPIIndicator(d.Plan, x)
	// observations up to the as-of year, every revision
	var obs []indicators.Observation
	for _, o := range d.Observations[x.Indicator.Code] {
		if o.Year <= asOf {
			obs = append(obs, o)
		}
	}
	out.Obs = toAPIObservations(obs)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"plan": toAPIPlan(d.Plan), "as_of": asOf, "indicator": out})
}

func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // served as application/json with nosniff: never parsed as HTML
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		s.log.Error("encode json", "err", err)
		http.Error(w, `{"error":{"code":"internal","message":"internal server error"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	s.write(w, r, status, "application/json; charset=utf-8", buf.Bytes())
}

// apiError answers with {"error": {"code", "message", "field"}} and the matching status.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	status := httpStatus(err)
	switch status {
	case http.StatusInternalServerError:
		s.log.Error("api request failed", "path", r.URL.Path, "err", err)
	case http.StatusServiceUnavailable, http.StatusTooManyRequests:
		s.log.Warn("api request refused for now", "path", r.URL.Path, "err", err)
		retryLater(w)
	}
	body := map[string]any{"code": indicators.KindOf(err).String(), "message": userMessage(err, lang(r))}
	var e *indicators.Error
	if errors.As(err, &e) && e.Field != "" {
		body["field"] = e.Field
	}
	s.writeJSON(w, r, status, map[string]any{"error": body})
}

// apiUnitShare is one district's share of a decomposed indicator.
type apiUnitShare struct {
	Unit       string       `json:"unit"` // the district's unit code
	Kind       string       `json:"unit_kind"`
	NameZh     string       `json:"name_zh"`
	NameEn     string       `json:"name_en"`
	Plan       string       `json:"plan"` // the district's plan, which holds its figures
	Sample     bool         `json:"sample"`
	Weight     *float64     `json:"weight,omitempty"` // a fixed weight in a weighted mean
	Indicator  apiIndicator `json:"indicator"`
	Href       string       `json:"url"`
	UnitValues []apiUnitObs `json:"values"`
}

// apiUnitObs is a district's current value of a year, with its unit.
type apiUnitObs struct {
	Unit      string  `json:"unit"`
	Year      int     `json:"year"`
	Value     float64 `json:"value"`
	Qualifier string  `json:"qualifier"`
	Status    string  `json:"status"`
}

// apiRollupYear is the roll-up check of a year (docs/method.md §13).
type apiRollupYear struct {
	Year     int      `json:"year"`
	Combined *figure  `json:"combined"`
	City     *float64 `json:"city"`
	Diff     *figure  `json:"difference"` // (combined − city) / |city|
	Flagged  bool     `json:"flagged"`
	Missing  []string `json:"missing_units,omitempty"`
}

// apiUnits answers a decomposed indicator's districts: each one's target,
// values and assessment, and the roll-up check against the city's figure.
func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) {
	plan, code := r.PathValue("plan"), r.PathValue("code")
	d, err := s.app.Dataset(r.Context(), plan, code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	asOf, _, err := s.asOf(r, d.Plan)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ds, err := s.app.Districts(r.Context(), plan, asOf)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	dec, ok := ds.ByCode[code]
	if !ok {
		s.apiError(w, r, indicators.NotFound("districts.none"))
		return
	}
	units := make([]apiUnitShare, 0, len(dec.Units))
	for _, u := range dec.Units {
		sh := apiUnitShare{Unit: u.Unit.Code, Kind: string(u.Unit.KindOr()), NameZh: u.Unit.NameZh, NameEn: u.Unit.NameEn,
			Plan: u.Plan.Code, Sample: u.Plan.Sample, Weight: u.Indicator.Weight,
			Indicator: toAPIIndicator(u.Plan, indicators.Assessed{Indicator: u.Indicator, Assessment: u.Assessment, Current: u.Values}),
			Href:      present.UnitHref(plan, u.Unit.Code), UnitValues: []apiUnitObs{}}
		for _, o := range u.Values {
			if o.Year <= asOf {
				sh.UnitValues = append(sh.UnitValues, apiUnitObs{Unit: u.Unit.Code, Year: o.Year, Value: o.Value,
					Qualifier: string(o.Qualifier), Status: string(o.Status)})
			}
		}
		units = append(units, sh)
	}
	years := make([]apiRollupYear, 0, len(dec.Years))
	for _, y := range dec.Years {
		years = append(years, apiRollupYear{Year: y.Year, Combined: fig(y.Combined), City: y.City, Diff: fig(y.Diff),
			Flagged: y.Flagged, Missing: y.Missing})
	}
	out := map[string]any{"plan": toAPIPlan(d.Plan), "as_of": asOf, "indicator": code, "rollup": string(dec.Rule),
		"tolerance": indicators.RollupTolerance, "units": units, "rollup_check": years, "districts_meeting": dec.Meeting}
	if dec.TargetSum != nil {
		out["target_sum"], out["target_sum_off"] = figure(*dec.TargetSum), dec.TargetOff
	}
	if dec.TargetMean != nil {
		out["target_weighted_mean"], out["target_mean_off"] = figure(*dec.TargetMean), dec.TargetOff
	}
	s.writeJSON(w, r, http.StatusOK, out)
}
