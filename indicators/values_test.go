package indicators

import (
	"math"
	"strings"
	"testing"
)

func TestParseValue(t *testing.T) {
	tests := []struct {
		text, unit string
		want       float64
		q          Qualifier
		empty, bad bool
	}{
		{"1800", "件", 1800, Exact, false, false},
		{"1,800", "件", 1800, Exact, false, false},
		{"1,234,567.25", "件", 1234567.25, Exact, false, false},
		{"１，８００", "件", 1800, Exact, false, false},
		{"１８００．５", "件", 1800.5, Exact, false, false},
		{" 2.3 ", "%", 2.3, Exact, false, false},
		{"2.3%", "%", 2.3, Exact, false, false},
		{"2.3％", "%", 2.3, Exact, false, false},
		{"-13.5", "%", -13.5, Exact, false, false},
		{"约1800", "件", 1800, Estimate, false, false},
		{"预计1800", "件", 1800, Estimate, false, false},
		{"1800左右", "件", 1800, Estimate, false, false},
		{">1150", "件", 1150, LowerBound, false, false},
		{"＞1150", "件", 1150, LowerBound, false, false},
		{"超过1150", "件", 1150, LowerBound, false, false},
		{"突破1150", "件", 1150, LowerBound, false, false},
		{"1150以上", "件", 1150, LowerBound, false, false},
		{"<3", "%", 3, UpperBound, false, false},
		{"不足3", "%", 3, UpperBound, false, false},
		{"不低于3", "%", 3, LowerBound, false, false},
		{"1.8万亿", "亿元", 18000, Exact, false, false},
		{"1.8万亿元", "亿元", 18000, Exact, false, false},
		{"约1.8万亿元", "亿元", 18000, Estimate, false, false},
		{"2500万元", "亿元", 0.25, Exact, false, false},
		{"1800亿元", "亿元", 1800, Exact, false, false},
		{"12.5件/万人", "件/万人", 12.5, Exact, false, false},
		{"3万平方米", "万平方米", 3, Exact, false, false},
		{"3000平方米", "万平方米", 0.3, Exact, false, false},
		{"2个百分点", "个百分点", 2, Exact, false, false},
		{"", "件", 0, Exact, true, false},
		{"—", "件", 0, Exact, true, false},
		{"-", "件", 0, Exact, true, false},
		{"——", "件", 0, Exact, true, false},
		{"abc", "件", 0, "", false, true},
		{"1,8", "件", 0, "", false, true},
		{"2,1", "%", 0, "", false, true},
		{"1,8000", "件", 0, "", false, true},
		{"2，1", "%", 0, "", false, true},
		{"12,34,567", "件", 0, "", false, true},
		{"18件", "亿元", 0, "", false, true},
		{"2.3%", "亿元", 0, "", false, true},
		{"0x10", "件", 0, "", false, true},
		{"NaN", "件", 0, "", false, true},
		{"Inf", "件", 0, "", false, true},
		{"1e400", "件", 0, "", false, true},
		{"约超过3", "件", 0, "", false, true},
		{"约3以上", "件", 0, "", false, true},
		{"1_000", "件", 0, "", false, true},
	}
	for _, tc := range tests {
		pv, err := ParseValue(tc.text, tc.unit)
		if tc.bad && err != nil && strings.Contains(tc.text, ",") && err.Msg.Key != "err.value.comma" {
			t.Errorf("%q: %s, want the message that says the comma is ambiguous", tc.text, err.Msg.Key)
		}
		if tc.bad {
			if err == nil {
				t.Errorf("%q (%s): read as %v, want an error", tc.text, tc.unit, pv)
			} else if err.Msg.Key == "" || err.Field != "value" {
				t.Errorf("%q: message %+v", tc.text, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q (%s): %v", tc.text, tc.unit, err)
			continue
		}
		if pv.Empty != tc.empty || (!tc.empty && (pv.Value != tc.want || pv.Qualifier != tc.q)) {
			t.Errorf("%q (%s) = %+v, want %v %s empty=%v", tc.text, tc.unit, pv, tc.want, tc.q, tc.empty)
		}
	}
}

func TestMagnitude(t *testing.T) {
	for _, tc := range []struct {
		prev, v float64
		want    int
	}{{1800, 18000, 1}, {1800, 1800_0000, 4}, {1800, 0.18, -4}, {1800, 2000, 0}, {1800, 5000, 0},
		{1800, 95000, 0}, {0, 5, 0}, {-3, 30, 0}, {2.3, 230, 2}} {
		if got := Magnitude(tc.prev, tc.v); got != tc.want {
			t.Errorf("Magnitude(%v, %v) = %d, want %d", tc.prev, tc.v, got, tc.want)
		}
	}
}

// FuzzParseValue: no panic; a value read is finite; and what FormatValue
// writes, ParseValue reads back exactly (export then import is a no-op).
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"1,800", "约1800", "超过1150", "2.3%", "1.8万亿", "—", "１，８００", "-0", "1e-7", "12,34", ">=5", "3以下"} {
		f.Add(s, "亿元")
	}
	f.Fuzz(func(t *testing.T, s, unit string) {
		pv, err := ParseValue(s, unit)
		if err != nil || pv.Empty {
			return
		}
		if math.IsNaN(pv.Value) || math.IsInf(pv.Value, 0) {
			t.Fatalf("%q read as %v", s, pv.Value)
		}
		back, err := ParseValue(FormatValue(pv.Value), unit)
		if err != nil || back.Value != pv.Value {
			t.Fatalf("%v written %q read back as %v (%v)", pv.Value, FormatValue(pv.Value), back.Value, err)
		}
	})
}
