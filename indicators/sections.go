package indicators

import (
	"slices"
	"strconv"
	"strings"
)

// SectionNumber reads a section's printed number: 第五篇 → 5, 第二章 → 2,
// 第十一节 → 11, 专栏18 → 18, (三) → 3, 2 → 2; ok is false for anything else.
func SectionNumber(printed string) (n int, ok bool) {
	s := strings.TrimSpace(printed)
	for _, p := range numberPrefixes {
		s = strings.TrimPrefix(s, p)
	}
	for _, q := range numberSuffixes {
		s = strings.TrimSuffix(s, q)
	}
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n, n > 0
	}
	return chineseNumber(s)
}

// chineseNumber reads a numeral up to 九十九 (一, 十, 十二, 二十, 二十三).
func chineseNumber(s string) (int, bool) {
	digit := func(r rune) int { return slices.Index(chineseDigits, r) }
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == chineseTen:
		return 10, true
	case len(rs) == 1:
		d := digit(rs[0])
		return d, d > 0
	case len(rs) == 2 && rs[0] == chineseTen:
		d := digit(rs[1])
		return 10 + d, d > 0
	case len(rs) == 2 && rs[1] == chineseTen:
		d := digit(rs[0])
		return d * 10, d > 1
	case len(rs) == 3 && rs[1] == chineseTen:
		t, d := digit(rs[0]), digit(rs[2])
		return t*10 + d, t > 1 && d > 0
	}
	return 0, false
}

// DocumentOrder puts sections in the order of the plan document: each
// after its parent and before the parent's next sibling; among siblings of
// one level, by printed number where they have one. Sections of different
// levels under one parent (节 and 专栏) keep the places they were given,
// so a box stays after the section it follows; a section added later takes
// its place by its number, not by when it was added.
func DocumentOrder(secs []Section) []Section {
	known := make(map[string]bool, len(secs))
	for _, s := range secs {
		known[s.Code] = true
	}
	children := map[string][]Section{}
	var parents []string
	for _, s := range secs {
		p := s.ParentCode
		if !known[p] {
			p = "" // an orphan goes to the top rather than out of sight
		}
		if _, ok := children[p]; !ok {
			parents = append(parents, p)
		}
		children[p] = append(children[p], s)
	}
	for _, p := range parents {
		sortByNumber(children[p])
	}
	out := make([]Section, 0, len(secs))
	seen := make(map[string]bool, len(secs))
	var walk func(parent string)
	walk = func(parent string) {
		for _, s := range children[parent] {
			if seen[s.Code] {
				continue // a cycle in stored data: each section once
			}
			seen[s.Code] = true
			out = append(out, s)
			walk(s.Code)
		}
	}
	walk("")
	for _, s := range secs { // what a cycle cut off from the top
		if !seen[s.Code] {
			seen[s.Code] = true
			out = append(out, s)
			walk(s.Code)
		}
	}
	return out
}

// sortByNumber orders the numbered siblings of each level among the places
// that level holds.
func sortByNumber(sibs []Section) {
	byLevel := map[SectionLevel][]int{}
	for i, s := range sibs {
		byLevel[s.Level] = append(byLevel[s.Level], i)
	}
	for _, idx := range byLevel {
		group := make([]Section, len(idx))
		for k, i := range idx {
			group[k] = sibs[i]
		}
		slices.SortStableFunc(group, func(a, b Section) int {
			na, oka := SectionNumber(a.Number)
			nb, okb := SectionNumber(b.Number)
			switch {
			case oka && okb:
				return na - nb
			case oka != okb: // the numbered first, the unnumbered after them as they came
				return boolInt(okb) - boolInt(oka)
			}
			return 0
		})
		for k, i := range idx {
			sibs[i] = group[k]
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
