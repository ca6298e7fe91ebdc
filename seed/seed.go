package seed

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"

	"plantrack/indicators"
)

//go:embed data/*.json
var files embed.FS

// file is the JSON form of a seeded plan.
type file struct {
	Departments []struct {
		Code   string `json:"code"`
		NameZh string `json:"name_zh"`
		NameEn string `json:"name_en"`
	} `json:"departments"`
	Plan struct {
		Code         string  `json:"code"`
		Jurisdiction string  `json:"jurisdiction"`
		Organisation string  `json:"organisation"`
		NameZh       string  `json:"name_zh"`
		NameEn       string  `json:"name_en"`
		BaseYear     int     `json:"base_year"`
		TargetYear   int     `json:"target_year"`
		Tolerance    float64 `json:"tolerance"`
		Parent       string  `json:"parent"`
		SourceZh     string  `json:"source_zh"`
	} `json:"plan"`
	Sections []struct {
		Code    string `json:"code"`
		Parent  string `json:"parent"`
		Level   string `json:"level"`
		Number  string `json:"number"`
		TitleZh string `json:"title_zh"`
		TitleEn string `json:"title_en"`
	} `json:"sections"`
	Indicators []struct {
		Code           string   `json:"code"`
		NameZh         string   `json:"name_zh"`
		NameEn         string   `json:"name_en"`
		Unit           string   `json:"unit"`
		Section        string   `json:"section"`
		Attribute      string   `json:"attribute"`
		Direction      string   `json:"direction"`
		Department     string   `json:"department"`
		BaselineYear   int      `json:"baseline_year"`
		BaselineValue  *float64 `json:"baseline_value"`
		BaselineSource string   `json:"baseline_source"`
		Kind           string   `json:"kind"`
		TargetYear     int      `json:"target_year"`
		TargetValue    float64  `json:"target_value"`
		Comparator     string   `json:"comparator"`
		Band           float64  `json:"band"`
		FromZero       bool     `json:"from_zero"`
		PlanText       string   `json:"plan_text"`
		Note           string   `json:"note"`
		ObservedAs     string   `json:"observed_as"`
		Reference      string   `json:"reference"`
		Method         string   `json:"method"`
		TargetText     string   `json:"target_text"`
		TargetPending  bool     `json:"target_pending"`
		Source         string   `json:"source"`
		Interim        []struct {
			Year  int     `json:"year"`
			Value float64 `json:"value"`
		} `json:"interim"`
	} `json:"indicators"`
	Observations []struct {
		Indicator string  `json:"indicator"`
		Year      int     `json:"year"`
		Value     float64 `json:"value"`
		Qualifier string  `json:"qualifier"`
		Status    string  `json:"status"`
		Source    string  `json:"source"`
		Note      string  `json:"note"`
		Break     bool    `json:"break"`
		Decimals  int     `json:"decimals"` // decimals as published where JSON's number drops them (6.0)
	} `json:"observations"`
}

// Parse reads a plan file and validates it.
func Parse(name string, data []byte) (indicators.Dataset, error) {
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return indicators.Dataset{}, fmt.Errorf("%s: %w", name, err)
	}
	p := f.Plan
	d := indicators.Dataset{
		Plan: indicators.Plan{Code: p.Code, Jurisdiction: p.Jurisdiction, Organisation: p.Organisation, NameZh: p.NameZh, NameEn: p.NameEn,
			BaseYear: p.BaseYear, TargetYear: p.TargetYear, Tolerance: p.Tolerance, ParentCode: p.Parent, SourceZh: p.SourceZh},
		Observations: map[string][]indicators.Observation{},
	}
	for _, dep := range f.Departments {
		d.Departments = append(d.Departments, indicators.Unit{Code: dep.Code, NameZh: dep.NameZh, NameEn: dep.NameEn})
	}
	for _, s := range f.Sections {
		d.Sections = append(d.Sections, indicators.Section{Code: s.Code, ParentCode: s.Parent,
			Level: indicators.SectionLevel(s.Level), Number: s.Number, TitleZh: s.TitleZh, TitleEn: s.TitleEn})
	}
	for _, i := range f.Indicators {
		var interim []indicators.InterimTarget
		for _, it := range i.Interim {
			interim = append(interim, indicators.InterimTarget{Year: it.Year, Value: it.Value})
		}
		d.Indicators = append(d.Indicators, indicators.Indicator{Interim: interim, Code: i.Code, NameZh: i.NameZh, NameEn: i.NameEn,
			Unit: i.Unit, SectionCode: i.Section, Attribute: indicators.Attribute(i.Attribute),
			Direction: indicators.Direction(i.Direction), Department: i.Department, BaselineYear: i.BaselineYear,
			BaselineValue: i.BaselineValue, BaselineSource: i.BaselineSource,
			Target: indicators.Target{Kind: indicators.TargetKind(i.Kind), Year: i.TargetYear, Value: i.TargetValue,
				Comparator: indicators.Comparator(i.Comparator), Band: i.Band, FromZero: i.FromZero,
				Text: i.TargetText, Pending: i.TargetPending},
			PlanText: i.PlanText, Note: i.Note, ObservedAs: indicators.ObservedAs(i.ObservedAs), Reference: i.Reference,
			Method: indicators.Method(i.Method), Source: i.Source})
	}
	for _, o := range f.Observations {
		q, st := indicators.Qualifier(o.Qualifier), indicators.ObsStatus(o.Status)
		if q == "" {
			q = indicators.Exact
		}
		if st == "" {
			// Figures quoted by the press are the first published ones, not yearbook figures.
			st = indicators.Preliminary
		}
		d.Observations[o.Indicator] = append(d.Observations[o.Indicator], indicators.Observation{
			Year: o.Year, Value: o.Value, Qualifier: q, Status: st, Source: o.Source, Note: o.Note, Break: o.Break, Decimals: o.Decimals})
	}
	if es := d.Validate(); len(es) > 0 {
		return d, fmt.Errorf("%s: %w", name, es)
	}
	return d, nil
}

// ChengduCode is the code of the plan of Chengdu the seed carries.
const ChengduCode = "chengdu-14-st"

// Datasets returns every seeded plan: the data files in name order, each
// followed by the sample plans of its districts where the seed decomposes
// it, then the generated demo plan. Units lists the units they name.
func Datasets() ([]indicators.Dataset, error) {
	names, err := fs.Glob(files, "data/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []indicators.Dataset
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		d, err := Parse(n, b)
		if err != nil {
			return nil, err
		}
		var parts []indicators.Dataset
		if d.Plan.Code == ChengduCode {
			parts = decompose(&d)
			d.Projects = chengduProjects()
		}
		out = append(append(out, d), parts...)
	}
	return append(out, Demo()), nil
}
