package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"plantrack/indicators"
	"plantrack/web/i18n"
)

// Every text the code asks for exists in both languages.
func TestCatalogIsComplete(t *testing.T) {
	keys := i18n.Keys()
	for _, k := range keys {
		if i18n.Zh.T(k) == "" || i18n.En.T(k) == "" {
			t.Errorf("%s: empty text", k)
		}
	}
	var used []string
	literal := regexp.MustCompile(`\.(?:T|F)\("([a-zA-Z_.]*[a-zA-Z_])"`) // a key ending in "." is a prefix, checked below
	for _, pattern := range []string{"*.go", "views/*.templ"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
				used = append(used, m[1])
			}
		}
	}
	if len(used) < 50 {
		t.Fatalf("found only %d catalog keys in the code", len(used))
	}
	for _, s := range indicators.Statuses {
		used = append(used, "status."+string(s))
	}
	for _, k := range indicators.TargetKinds {
		used = append(used, "kind."+string(k))
	}
	for _, q := range []string{"exact", "lower_bound", "upper_bound", "estimate"} {
		used = append(used, "qual."+q)
	}
	for _, q := range []string{"lower_bound", "upper_bound", "estimate"} {
		used = append(used, "qual.short."+q)
	}
	used = append(used, "attr.expected", "attr.binding", "attr.reference", "dir.increase", "dir.decrease",
		"obsstatus.preliminary", "obsstatus.final", "judgement.likely", "judgement.at_risk", "judgement.unlikely",
		"alt.on_track", "alt.accelerate", "alt.limited", "alt.deterioration")
	for _, k := range used {
		if !slices.Contains(keys, k) {
			t.Errorf("key %q is used but not in the catalog", k)
		}
	}
}

func TestNumberFormats(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 17716.7: "17,716.7", 135000: "135,000", 2.3: "2.3", -13.5: "−13.5",
		0.472: "0.472", 0.0012: "0.0012", 1800: "1,800", 1234567.891: "1,234,567.89"} {
		if got := i18n.Num(v); got != want {
			t.Errorf("Num(%v) = %q, want %q", v, got, want)
		}
	}
	if got := i18n.Pct(0.6); got != "60.0%" {
		t.Errorf("Pct %q", got)
	}
	if got := i18n.Rate(0.042572); got != "4.26%" {
		t.Errorf("Rate %q", got)
	}
}
