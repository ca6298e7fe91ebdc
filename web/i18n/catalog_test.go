package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"plantrack/indicators"
)

// moduleRoot is the repository's root, two levels up.
const moduleRoot = "../.."

// literals yields every string literal of the project's non-test Go files
// (generated templ code aside) and the keys its templ files ask for, with
// where they stand.
func literals(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	fset := token.NewFileSet()
	templKey := regexp.MustCompile(`\.T\("([^"]+)"`)
	err := filepath.WalkDir(moduleRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		switch {
		case strings.HasSuffix(path, ".templ"):
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range templKey.FindAllStringSubmatch(string(b), -1) {
				out[m[1]] = append(out[m[1]], path)
			}
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") && !strings.HasSuffix(path, "_templ.go"):
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						out[s] = append(out[s], fset.Position(lit.Pos()).String())
					}
				}
				if call, ok := n.(*ast.CallExpr); ok {
					if s, ok := keyArg(call); ok {
						out[keyMark+s] = append(out[keyMark+s], fset.Position(call.Pos()).String())
					}
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// keyMark marks, in what literals returns, a literal passed as the key of
// a message: to T, M, or an error of package indicators.
const keyMark = "\x00key:"

// keyArg is the literal key a call passes, if it is a message call.
func keyArg(call *ast.CallExpr) (string, bool) {
	var name string
	switch f := call.Fun.(type) {
	case *ast.SelectorExpr:
		name = f.Sel.Name
	case *ast.Ident:
		name = f.Name
	}
	pos := 0
	switch name {
	case "T", "M", "NotFound", "Conflict", "Unauthorized", "TooMany":
	case "Invalid":
		pos = 1
	default:
		return "", false
	}
	if len(call.Args) <= pos {
		return "", false
	}
	lit, ok := call.Args[pos].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// Every text of the catalog exists in both languages, and every string
// literal of the code that is shaped like a key of the catalog (a
// namespace the catalog uses, a dot, a name) is in it: a key misspelt, or
// added to the code and not to the catalog, fails here.
func TestEveryKeyIsInTheCatalog(t *testing.T) {
	spaces := map[string]bool{}
	for k, v := range catalog {
		if v[0] == "" || v[1] == "" {
			t.Errorf("%s: empty text", k)
		}
		spaces[k[:strings.Index(k+".", ".")]] = true
	}
	shape := regexp.MustCompile(`^[a-z]+(\.[a-zA-Z0-9_]+)+$`)
	files := regexp.MustCompile(`\.(css|js|svg|csv|xlsx|json|db|pdf|html|md|ico|txt|sql)$`)
	used := 0
	for s, where := range literals(t) {
		if k, ok := strings.CutPrefix(s, keyMark); ok {
			s = k // passed as a key: whatever its shape, it must be in the catalog
			if strings.HasSuffix(s, ".") {
				continue // a prefix, completed at run time (status., kind.)
			}
		} else if !shape.MatchString(s) || files.MatchString(s) || !spaces[s[:strings.Index(s, ".")]] {
			continue
		}
		used++
		if _, ok := catalog[s]; !ok {
			t.Errorf("key %q is used (%s) but not in the catalog", s, where[0])
		}
	}
	if used < 200 {
		t.Fatalf("found only %d catalog keys in the code", used)
	}
}

// UI text is in the catalog, not in the code: no string literal outside
// the catalog has Chinese in it, except the seed data (the plans
// themselves) and the input vocabulary that the parsers read.
func TestNoChineseOutsideTheCatalog(t *testing.T) {
	allowed := []string{"web/i18n/", "seed/", "indicators/vocabulary.go"}
	for s, where := range literals(t) {
		if strings.HasPrefix(s, keyMark) {
			continue
		}
		if !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			continue
		}
		for _, w := range where {
			rel := strings.TrimPrefix(filepath.ToSlash(w), moduleRoot+"/")
			if !slices.ContainsFunc(allowed, func(a string) bool { return strings.HasPrefix(rel, a) }) {
				t.Errorf("%s: UI text outside the catalog: %q", rel, s)
			}
		}
	}
}

// The keys the code builds at run time (a family's prefix and a value of
// the domain) are in the catalog, for every value.
func TestFamiliesAreInTheCatalog(t *testing.T) {
	var used []string
	for _, s := range indicators.Statuses {
		used = append(used, "status."+string(s))
	}
	for _, k := range indicators.TargetKinds {
		used = append(used, "kind."+string(k))
	}
	for _, k := range indicators.ReportKinds {
		used = append(used, "report.kind."+string(k))
	}
	for _, q := range []string{"exact", "lower_bound", "upper_bound", "estimate"} {
		used = append(used, "qual."+q)
	}
	for _, q := range []string{"lower_bound", "upper_bound", "estimate"} {
		used = append(used, "qual.short."+q)
	}
	for _, r := range []indicators.Role{indicators.Admin, indicators.Editor, indicators.Viewer} {
		used = append(used, "role."+string(r))
	}
	for _, k := range []indicators.ImportKind{indicators.ImportActuals, indicators.ImportPlan} {
		used = append(used, "import.kind."+string(k))
	}
	for _, a := range indicators.AuditActions {
		used = append(used, "audit.action."+a)
	}
	for _, e := range indicators.AuditEntities {
		used = append(used, "audit.entity."+e)
	}
	used = append(used, "attr.expected", "attr.binding", "attr.reference", "dir.increase", "dir.decrease",
		"obsstatus.preliminary", "obsstatus.final", "judgement.likely", "judgement.at_risk", "judgement.unlikely",
		"alt.on_track", "alt.accelerate", "alt.limited", "alt.deterioration",
		"level.part", "level.chapter", "level.section", "level.box",
		"level.numbered.part", "level.numbered.chapter", "level.numbered.section", "level.numbered.box",
		"f.yearMet.true", "f.yearMet.false", "observed.level", "observed.yearly_rate")
	for _, c := range []string{"ge", "gt", "le", "lt", "around"} {
		used = append(used, "target.relative."+c)
	}
	for _, k := range used {
		if _, ok := catalog[k]; !ok {
			t.Errorf("key %q is built by the code but not in the catalog", k)
		}
	}
}

func TestNumberFormats(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 17716.7: "17,716.7", 135000: "135,000", 2.3: "2.3", -13.5: "−13.5",
		0.472: "0.472", 0.0012: "0.0012", 1800: "1,800", 1234567.891: "1,234,567.89"} {
		if got := Num(v); got != want {
			t.Errorf("Num(%v) = %q, want %q", v, got, want)
		}
	}
	if got := Pct(0.6); got != "60.0%" {
		t.Errorf("Pct %q", got)
	}
	if got := Rate(0.042572); got != "4.26%" {
		t.Errorf("Rate %q", got)
	}
}

// A message's arguments that are messages or names are put into the
// language; data stays as it is.
func TestMessages(t *testing.T) {
	names := indicators.NameList{{Zh: "森林覆盖率", En: "Forest cover"}, {Zh: "耕地"}}
	m := indicators.M("err.report.unexplained", names, 2024)
	if got := Zh.M(m); !strings.Contains(got, "森林覆盖率、耕地") || !strings.Contains(got, "2024年") {
		t.Errorf("zh: %q", got)
	}
	if got := En.M(m); !strings.Contains(got, "Forest cover; 耕地") {
		t.Errorf("en: %q", got)
	}
	issue := indicators.Issue{Row: 3, Column: "数值", Warning: true, Msg: indicators.M("imp.noSource")}
	if got := En.M(issue.Text()); got != "warning: column 数值: no source given" {
		t.Errorf("issue: %q", got)
	}
	if args := m.Args; args[0].(indicators.NameList)[0].Zh != "森林覆盖率" {
		t.Error("rendering changed the message's arguments")
	}
}
