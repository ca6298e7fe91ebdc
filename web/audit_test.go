package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"plantrack/indicators"
)

// An auditor reads the log in words: operations and objects in the
// language chosen, changes field by field, and finds entries by who, what,
// which object and when, a page at a time.
func TestAuditLogForAnAuditor(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	ctx := context.Background()
	admin := e.client(t, "admin")
	editor := accounts["editor"]
	adminActor := indicators.As(accounts["admin"].Name)

	// an administrator renames an indicator and makes it binding
	d, err := e.store.Dataset(ctx, "demo", "rd_intensity")
	if err != nil {
		t.Fatal(err)
	}
	ind := d.Indicators[0]
	oldName := ind.NameZh
	ind.NameZh, ind.Attribute = "研发投入强度(改)", indicators.Binding
	if err := e.app.SaveIndicator(ctx, adminActor, "demo", ind, "", false); err != nil {
		t.Fatal(err)
	}
	// an editor enters a value by form
	e.put(t, indicators.As(editor.Name), "demo", "rd_intensity", indicators.Observation{Year: 2024, Value: 3.4,
		Qualifier: indicators.Exact, Status: indicators.Final, Source: "统计公报"})

	read := func(query string) *goquery.Document {
		t.Helper()
		resp, err := admin.Get(e.URL + "/admin/audit" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", query, resp.StatusCode)
		}
		doc, err := goquery.NewDocumentFromReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	rows := func(doc *goquery.Document) []string {
		var out []string
		doc.Find("table.audit tbody tr").Each(func(_ int, s *goquery.Selection) {
			out = append(out, strings.Join(strings.Fields(s.Text()), " "))
		})
		return out
	}

	doc := read("?entity=indicator&action=update")
	got := rows(doc)
	if len(got) != 1 {
		t.Fatalf("indicator changes: %q", got)
	}
	for _, want := range []string{"ada", "修改", "指标", "demo/rd_intensity", "中文名称:" + oldName + " → 研发投入强度(改)", "属性:预期性 → 约束性"} {
		if !strings.Contains(got[0], want) {
			t.Errorf("the entry lacks %q: %s", want, got[0])
		}
	}
	if strings.Contains(got[0], "目标值") {
		t.Errorf("an unchanged field is listed: %s", got[0])
	}
	if href, _ := doc.Find("table.audit tbody tr a").Attr("href"); href != "/plans/demo/indicators/rd_intensity" {
		t.Errorf("the object links to %q", href)
	}
	if sel := doc.Find(`select[name="entity"] option[selected]`).AttrOr("value", ""); sel != "indicator" {
		t.Errorf("the filter does not keep its choice: %q", sel)
	}

	// the editor's figure: who, what, the figure's old and new value
	got = rows(read("?actor=" + editor.Name + "&action=import"))
	if len(got) != 1 || !strings.Contains(got[0], "导入") || !strings.Contains(got[0], "指标数据") || !strings.Contains(got[0], "rd_intensity 2024:") ||
		!strings.Contains(got[0], "→ 3.4") {
		t.Errorf("the editor's entry: %q", got)
	}
	// in English
	got = rows(read("?actor=" + editor.Name + "&action=import&lang=en"))
	if len(got) != 1 || !strings.Contains(got[0], "imported") || !strings.Contains(got[0], "figures") {
		t.Errorf("in English: %q", got)
	}
	// an object's key, matched as text (wildcards are letters)
	if got := rows(read("?key=rd_intensity")); len(got) != 1 {
		t.Errorf("by key: %q", got)
	}
	if got := rows(read("?key=rd%25intensity")); len(got) != 0 {
		t.Errorf("%% is a wildcard: %q", got)
	}

	// by day: the day of the entries includes them, the next day does not
	es, err := e.store.Audit(ctx, indicators.AuditFilter{Actor: editor.Name}, 1)
	if err != nil || len(es) != 1 {
		t.Fatal(es, err)
	}
	day := es[0].At.Local()
	if got := rows(read("?actor=" + editor.Name + "&from=" + day.Format("2006-01-02") + "&to=" + day.Format("2006-01-02"))); len(got) != 1 {
		t.Errorf("the day of the entry: %q", got)
	}
	if got := rows(read("?actor=" + editor.Name + "&from=" + day.AddDate(0, 0, 1).Format("2006-01-02"))); len(got) != 0 {
		t.Errorf("the day after: %q", got)
	}
	// a date that is not one is said, and the page still lists
	doc = read("?from=31/12/2026")
	if msg := doc.Find(".form-error").Text(); !strings.Contains(msg, "31/12/2026") || len(rows(doc)) == 0 {
		t.Errorf("bad date: %q, %d rows", msg, len(rows(doc)))
	}

	// paging keeps the filters
	for y := range 105 {
		e.put(t, indicators.As(editor.Name), "demo", "rd_intensity", indicators.Observation{Year: 2021, Value: float64(y) + 2,
			Qualifier: indicators.Exact, Status: indicators.Final, Source: "统计公报"})
	}
	doc = read("?actor=" + editor.Name)
	if n := len(rows(doc)); n != 100 {
		t.Fatalf("first page: %d rows", n)
	}
	next, ok := doc.Find(`.pager a[href*="before="]`).Attr("href")
	if !ok || !strings.Contains(next, "actor="+url.QueryEscape(editor.Name)) {
		t.Fatalf("next page link %q", next)
	}
	doc = read(strings.TrimPrefix(next, "/admin/audit"))
	if n := len(rows(doc)); n != 6 {
		t.Errorf("second page: %d rows, want %d", n, 6)
	}
	if doc.Find(`.pager a[href*="before="]`).Length() != 0 || doc.Find(".pager a").Length() != 1 {
		t.Error("the last page offers more, or not the way back to the newest")
	}
	for _, r := range rows(doc) {
		if !strings.Contains(r, editor.Name) {
			t.Errorf("another actor's entry on the filtered page: %s", r)
		}
	}
}
