package indicators

import (
	"slices"
	"strings"
)

// UnitKind is what an organisational unit is.
type UnitKind string

// Unit kinds: the city, the 区(市)县 and functional zones under it, and the
// departments (责任单位) under the city or a district.
const (
	KindCity       UnitKind = "city"        // 市
	KindDistrict   UnitKind = "district"    // 区
	KindCountyCity UnitKind = "county_city" // 县级市
	KindCounty     UnitKind = "county"      // 县
	KindZone       UnitKind = "zone"        // 功能区: 四川天府新区成都直管区…
	KindDepartment UnitKind = "department"  // 部门
)

// UnitKinds lists every kind, in the order forms offer them.
var UnitKinds = []UnitKind{KindCity, KindDistrict, KindCountyCity, KindCounty, KindZone, KindDepartment}

// Area reports whether units of kind k carry a plan's figures of their own
// (区(市)县 and functional zones), as departments do not.
func (k UnitKind) Area() bool {
	return k == KindDistrict || k == KindCountyCity || k == KindCounty || k == KindZone
}

// Unit is an organisational unit: the city, a district, a department. Units
// form a tree by Parent; indicators name the unit responsible for them
// (责任单位), and accounts the units they work for.
type Unit struct {
	Code   string
	NameZh string
	NameEn string
	Kind   UnitKind `json:",omitempty"` // department when empty
	Parent string   `json:",omitempty"` // the unit above; empty at the top
	Sample bool     `json:",omitempty"` // made up for a sample plan: not offered for real plans
}

// KindOr is the unit's kind, department when it states none.
func (d Unit) KindOr() UnitKind {
	if d.Kind == "" {
		return KindDepartment
	}
	return d.Kind
}

// Validate checks a unit's fields.
func (d Unit) Validate() Errors {
	var es Errors
	if e := checkCode("code", d.Code); e != nil {
		es = append(es, e)
	}
	if strings.TrimSpace(d.NameZh) == "" {
		es = append(es, Invalid("name_zh", "err.department.name"))
	}
	if d.Kind != "" && !slices.Contains(UnitKinds, d.Kind) {
		es = append(es, Invalid("kind", "err.unit.kind", d.Kind))
	}
	if d.Parent != "" && d.Parent == d.Code {
		es = append(es, Invalid("parent", "err.unit.parentSelf", d.Code))
	}
	return texts(es, textField{"name_zh", d.NameZh, MaxName, false}, textField{"name_en", d.NameEn, MaxName, false})
}

// Scope is the codes of roots and of every unit under them in units,
// each once, roots first: what an account working for roots may touch.
func Scope(units []Unit, roots []string) []string {
	children := map[string][]string{}
	for _, u := range units {
		if u.Parent != "" {
			children[u.Parent] = append(children[u.Parent], u.Code)
		}
	}
	seen := map[string]bool{}
	var out []string
	var walk func(string)
	walk = func(c string) {
		if seen[c] {
			return // a cycle the database refuses, but never loop
		}
		seen[c] = true
		out = append(out, c)
		for _, k := range children[c] {
			walk(k)
		}
	}
	for _, r := range roots {
		walk(r)
	}
	return out
}

// Cycle reports whether giving unit code the parent would make a loop in
// the tree of units.
func Cycle(units []Unit, code, parent string) bool {
	up := map[string]string{}
	for _, u := range units {
		up[u.Code] = u.Parent
	}
	for p, n := parent, 0; p != "" && n <= len(units); p, n = up[p], n+1 {
		if p == code {
			return true
		}
	}
	return false
}
