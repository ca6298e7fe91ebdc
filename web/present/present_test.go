package present

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"plantrack/indicators"
	"plantrack/web/i18n"
)

// Targets read as planning documents word them, never as signed figures.
func TestTargetWording(t *testing.T) {
	ind := func(kind indicators.TargetKind, v float64, unit string) indicators.Indicator {
		return indicators.Indicator{Unit: unit, Direction: indicators.Increase, Target: indicators.Target{Kind: kind, Value: v}}
	}
	for _, tc := range []struct {
		ind    indicators.Indicator
		zh, en string
	}{
		{ind(indicators.KindCumulativeChange, -13.5, "%"), "累计下降13.5%", "down 13.5% in total"},
		{ind(indicators.KindAvgGrowth, 6, "%"), "年均增长6%", "growth of 6% a year"},
		{ind(indicators.KindIncreaseBy, 20, "个"), "新增20个", "20 more"},
		{ind(indicators.KindIncreaseBy, 300, "亿元"), "新增300亿元", "300 more 100 million yuan"},
		{ind(indicators.KindPPChange, 2, "%"), "提高2个百分点", "up 2 percentage points"},
		{ind(indicators.KindPPChange, -1.5, "%"), "降低1.5个百分点", "down 1.5 percentage points"},
		{ind(indicators.KindMilestone, 1, "个"), "建成1个", "1 completed"},
	} {
		if got := TargetText(i18n.Zh, tc.ind, indicators.Assessment{}); got != tc.zh {
			t.Errorf("zh %v: %q, want %q", tc.ind.Target, got, tc.zh)
		}
		if got := TargetText(i18n.En, tc.ind, indicators.Assessment{}); got != tc.en {
			t.Errorf("en %v: %q, want %q", tc.ind.Target, got, tc.en)
		}
	}
}

// Statuses of near colours differ in shape too (提前实现, 已实现 and 快于预期
// are three greens), in badges and on charts alike.
func TestNearColoursDifferInShape(t *testing.T) {
	rgb := func(hex string) (r, g, b float64) {
		var x, y, z int
		if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &x, &y, &z); err != nil {
			t.Fatal(hex, err)
		}
		return float64(x), float64(y), float64(z)
	}
	shown := []indicators.Status{indicators.StatusAchievedEarly, indicators.StatusAchieved, indicators.StatusAhead, indicators.StatusOnTrack,
		indicators.StatusCompliant, indicators.StatusBehind, indicators.StatusRegressing, indicators.StatusNotAchieved, indicators.StatusBreached,
		indicators.StatusTargetPending}
	pairs := 0
	for i, a := range shown {
		for _, b := range shown[i+1:] {
			r1, g1, b1 := rgb(StatusColour[a])
			r2, g2, b2 := rgb(StatusColour[b])
			if math.Sqrt((r1-r2)*(r1-r2)+(g1-g2)*(g1-g2)+(b1-b2)*(b1-b2)) > 90 {
				continue
			}
			pairs++
			if StatusShape[a] == StatusShape[b] {
				t.Errorf("%s and %s: near colours, same shape %q", a, b, StatusShape[a])
			}
		}
	}
	if pairs < 3 {
		t.Errorf("only %d near pairs: the three greens should be among them", pairs)
	}
	css := string(StatusCSS())
	for _, s := range shown {
		if _, ok := shapeCSS[StatusShape[s]]; !ok {
			t.Errorf("%s: shape %q has no CSS", s, StatusShape[s])
		}
	}
	if !strings.Contains(css, ".st-achieved_early .dot{background:#047857;border-radius:0;clip-path:polygon(50% 0,100% 50%,50% 100%,0 50%)}") {
		t.Errorf("the badge dot of 提前实现 is not a diamond:\n%s", css)
	}
}
