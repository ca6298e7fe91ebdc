package indicators

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParsedValue is a figure as people write it in statistical tables, read
// into the unit of the indicator it belongs to.
type ParsedValue struct {
	Value     float64
	Qualifier Qualifier // what the text's own wording says: 约 → estimate, 超过 → lower bound
	Empty     bool      // "", "—", "-": no value, which is never zero
	Decimals  int       // the decimals as written (67.00: 2); 0 after a unit conversion
}

// splitUnit splits a unit such as 亿元 into its multiplier and base (1e8, 元).
// Units without a leading multiplier are their own base: 件/万人 → (1, 件/万人).
func splitUnit(u string) (float64, string) {
	u = strings.TrimSpace(u)
	mult := 1.0
	for {
		found := false
		for _, m := range magnitudes {
			// 百分点 and 百分比 are units of their own, not hundreds of 分.
			if rest, ok := strings.CutPrefix(u, m.word); ok && !strings.HasPrefix(rest, percentTail) {
				mult *= m.mult
				u = rest
				found = true
				break
			}
		}
		if !found {
			return mult, u
		}
	}
}

// normalizeDigits turns full-width digits and punctuation into ASCII and
// drops spaces, so that “１，８００” reads as “1800”-to-be.
func normalizeDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r >= 0xFF01 && r <= 0xFF5E && r != '（' && r != '）': // full-width ASCII block
			return r - 0xFEE0
		case r == '。' || r == '．':
			return '.'
		case r == ' ' || r == '\u00a0' || r == '\u3000' || r == '\t':
			return -1
		}
		return r
	}, s)
}

// ParseValue reads text as a figure of an indicator measured in unit:
// "1,800", full-width digits, "约1800" or "预计1800" (estimate), ">1150",
// "超过1150" or "突破1150" (lower bound), "2.3%" for a % indicator, and a
// figure with a unit convertible to unit ("1.8万亿" or "1.8万亿元" for 亿元).
// Empty text and dashes are no value. Errors name what is wrong in both
// languages, with field "value".
func ParseValue(text, unit string) (ParsedValue, *Error) {
	if v, ok := plainDecimal(text); ok {
		return ParsedValue{Value: v, Qualifier: Exact, Decimals: extraDecimals(v, decimals(text))}, nil
	}
	raw := strings.TrimSpace(text)
	s := normalizeDigits(raw)
	if emptyValues[s] {
		return ParsedValue{Empty: true}, nil
	}
	if !utf8.ValidString(s) {
		return ParsedValue{}, Invalid("value", "err.value.nan", raw)
	}
	var out ParsedValue
	out.Qualifier = Exact
	for _, p := range qualifierPrefixes {
		if rest, ok := strings.CutPrefix(s, p.word); ok {
			out.Qualifier, s = p.q, rest
			break
		}
	}
	for _, p := range qualifierSuffixes {
		if rest, ok := strings.CutSuffix(s, p.word); ok && rest != "" {
			if out.Qualifier != Exact && out.Qualifier != p.q {
				return ParsedValue{}, Invalid("value", "err.value.qualifiers", raw)
			}
			out.Qualifier, s = p.q, rest
			break
		}
	}
	num, suffix := splitNumber(s)
	if num == "" {
		return ParsedValue{}, Invalid("value", "err.value.nan", raw)
	}
	v, err := parseDecimal(num)
	if errors.Is(err, errComma) {
		return ParsedValue{}, Invalid("value", "err.value.comma", raw)
	}
	if err != nil {
		return ParsedValue{}, Invalid("value", "err.value.nan", raw)
	}
	out.Decimals = decimals(num)
	if suffix != "" {
		factor, ok := convertUnit(suffix, unit)
		if !ok {
			return ParsedValue{}, Invalid("value", "err.value.unit", raw, suffix, unit)
		}
		if factor != 1 {
			v, out.Decimals = roundSig(v*factor), 0 // the figure's precision is that of another unit
		}
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return ParsedValue{}, Invalid("value", "err.value.range", raw)
	}
	out.Value, out.Decimals = v, extraDecimals(v, out.Decimals)
	return out, nil
}

// extraDecimals is d where the value written shortest would show fewer
// decimals (67.00, 3.0), and 0 where it shows them anyway (2.3): only the
// trailing zeros a publication printed are worth keeping.
func extraDecimals(v float64, d int) int {
	if d <= decimals(FormatValue(v)) {
		return 0
	}
	return d
}

// plainDecimal reads the common case fast: an optional minus sign, digits
// and at most one decimal point, nothing else.
func plainDecimal(s string) (float64, bool) {
	if s == "" || len(s) > 20 {
		return 0, false
	}
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		case c == '-' && i == 0:
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// splitNumber splits "1.8万亿元" into "1.8" and "万亿元".
func splitNumber(s string) (string, string) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',' || s[i] == 'e' || s[i] == 'E' ||
		(s[i] == '-' || s[i] == '+') && i > 0 && (s[i-1] == 'e' || s[i-1] == 'E')) {
		i++
	}
	// An 'e' that starts a unit ("em") is not an exponent: give it back.
	for i > 0 && (s[i-1] == 'e' || s[i-1] == 'E' || s[i-1] == '+' || s[i-1] == '-') && i < len(s) {
		i--
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// errComma is a comma that is not a thousands separator: "2,1" may be 2.1
// written the European way or 21 mistyped, and no reader can tell which.
var errComma = errors.New("a comma that does not separate thousands")

// parseDecimal parses a plain decimal with optional thousands separators in
// groups of three ("1,800.5") and an optional exponent. Hex, underscores,
// "Inf" and "NaN" are refused: they are not how tables write figures.
func parseDecimal(s string) (float64, error) {
	if strings.Contains(s, ",") {
		intPart, frac, _ := strings.Cut(s, ".")
		sign := ""
		if intPart != "" && (intPart[0] == '-' || intPart[0] == '+') {
			sign, intPart = intPart[:1], intPart[1:]
		}
		groups := strings.Split(intPart, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return 0, errComma
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, errComma
			}
		}
		s = sign + strings.Join(groups, "")
		if frac != "" || strings.HasSuffix(s, ".") {
			s += "." + frac
		}
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E':
		default:
			return 0, strconv.ErrSyntax
		}
	}
	if digits == 0 {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseFloat(s, 64)
}

// convertUnit is the factor that turns a figure written in unit from into
// the indicator's unit to: "万亿" or "万亿元" into 亿元 is 1e4, "%" into % is 1.
func convertUnit(from, to string) (float64, bool) {
	from, to = normalizeDigits(from), normalizeDigits(to)
	if from == to {
		return 1, true
	}
	fm, fb := splitUnit(from)
	tm, tb := splitUnit(to)
	if fb != "" && fb != tb {
		return 0, false
	}
	return fm / tm, true
}

// roundSig rounds away the binary noise of a unit conversion (1.8×1e4) at
// twelve significant digits, far below any statistical precision.
func roundSig(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// FormatValue writes v so that ParseValue reads back exactly v.
func FormatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// FormatDecimals writes v with at least the decimals it was published
// with: 67 with 2 is "67.00", 3 with 1 is "3.0". It never cuts digits.
func FormatDecimals(v float64, decimals int) string {
	s := FormatValue(v)
	if decimals <= 0 || strings.ContainsAny(s, "eE") {
		return s
	}
	have := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		have = len(s) - i - 1
	} else {
		s += "."
	}
	return s + strings.Repeat("0", max(0, decimals-have))
}

// decimals counts the digits after the decimal point of a number as
// written; 0 for none or an exponent.
func decimals(num string) int {
	if strings.ContainsAny(num, "eE") {
		return 0
	}
	if i := strings.IndexByte(num, '.'); i >= 0 {
		n := 0
		for _, c := range num[i+1:] {
			if c < '0' || c > '9' {
				break
			}
			n++
		}
		return min(n, 12)
	}
	return 0
}

// ParseTarget reads a year's target as a plan or a government work report
// words it: "6以上", ">6", "5.5左右", "5%左右", "≤5.5", "控制在3%以内", or a
// bare figure (judged by the indicator's direction). band, when not
// empty, is the band of a 左右 target; without it the default applies
// (docs/method.md §10).
func ParseTarget(text, band, unit string) (YearTarget, *Error) {
	raw := strings.TrimSpace(text)
	t := YearTarget{Text: raw}
	s := normalizeDigits(raw)
	set := func(c Comparator) bool {
		if t.Comparator != "" && t.Comparator != c {
			return false
		}
		t.Comparator = c
		return true
	}
	for _, p := range targetPrefixes {
		if rest, ok := strings.CutPrefix(s, p.word); ok {
			set(p.c)
			s = rest
			break
		}
	}
	for _, p := range targetSuffixes {
		if rest, ok := strings.CutSuffix(s, p.word); ok && rest != "" {
			if !set(p.c) {
				return t, Invalid("target", "err.target.words", raw)
			}
			s = rest
			break
		}
	}
	pv, err := ParseValue(s, unit)
	switch {
	case err != nil:
		return t, Invalid("target", "err.target.nan", raw)
	case pv.Empty:
		return t, Invalid("target", "err.target.nan", raw)
	case pv.Qualifier != Exact:
		return t, Invalid("target", "err.target.words", raw)
	}
	t.Value = pv.Value
	if b := strings.TrimSpace(band); b != "" {
		bv, err := ParseValue(b, unit)
		if err != nil || bv.Empty || bv.Value < 0 {
			return t, Invalid("band", "err.target.band", b)
		}
		t.Band = bv.Value
		if t.Comparator == "" {
			t.Comparator = Around // a band says "about"
		}
	}
	return t, nil
}

// Written is the target as worded, or, where it has no wording, in the
// notation ParseTarget reads: ">=6", "~5.5".
func (t YearTarget) Written() string {
	if t.Text != "" {
		return t.Text
	}
	return string(t.Comparator) + FormatValue(t.Value)
}

// SameTarget reports whether two year targets say the same thing.
func SameTarget(a, b YearTarget) bool {
	return a.Year == b.Year && a.Comparator == b.Comparator && a.Value == b.Value && a.Band == b.Band && a.Text == b.Text
}

// Magnitude compares a value with the previous year's: when one is about
// 10, 100, 1,000 or 10,000 times the other (the classic 万元/亿元 slip), it
// returns that power of ten, signed (+4: 10,000 times larger); otherwise 0.
func Magnitude(prev, v float64) int {
	if prev == 0 || v == 0 || math.Signbit(prev) != math.Signbit(v) {
		return 0
	}
	l := math.Log10(math.Abs(v / prev))
	k := math.Round(l)
	if k == 0 || math.Abs(l-k) > 0.2 {
		return 0
	}
	return int(k)
}

// Written is the value as a grid shows it for editing, in the notation
// ParseValue reads back: ">39" for a lower bound, "<3" for an upper
// bound, "约39" for an estimate.
func (o Observation) Written() string {
	v := FormatDecimals(o.Value, o.Decimals)
	switch o.Qualifier {
	case LowerBound:
		return ">" + v
	case UpperBound:
		return "<" + v
	case Estimate:
		return estimateMark + v
	}
	return v
}
