package present

import (
	"slices"
	"testing"

	"plantrack/web/i18n"
)

// An audit entry reads as the changes an auditor looks for: the fields
// that differ, in the record's order, with names and coded values in the
// language; an import's figures one line each, last.
func TestAuditChanges(t *testing.T) {
	before := `{"Code":"gdp","NameZh":"地区生产总值","Attribute":"expected","Target":{"Kind":"level","Value":100},"Interim":null,"Note":"x"}`
	after := `{"Code":"gdp","NameZh":"地区生产总值(亿元)","Attribute":"binding","Target":{"Kind":"avg_growth","Value":6},"Interim":[{"Year":2027,"Value":110}]}`
	got := AuditChanges(i18n.Zh, before, after)
	want := []string{"中文名称:地区生产总值 → 地区生产总值(亿元)", "属性:预期性 → 约束性", "目标类型:达到水平 → 年均增长",
		"目标值:100 → 6", "阶段目标:— → 2027: 110", "备注:x → —"}
	if !slices.Equal(got, want) {
		t.Errorf("changes:\n got %q\nwant %q", got, want)
	}
	if got := AuditChanges(i18n.En, before, after); got[1] != "Attribute: Expected → Binding" {
		t.Errorf("English: %q", got)
	}
	// a new record: its fields with a value, times as local times
	got = AuditChanges(i18n.Zh, "", `{"Name":"li","Departments":null,"Disabled":false,"UpdatedAt":"2026-11-27T10:00:00Z"}`)
	if len(got) != 3 || got[0] != "账号名:li" || got[1] != "已停用:✗" {
		t.Errorf("a new record: %q", got)
	}
	// a small import: its summary, then one line per figure
	got = AuditChanges(i18n.Zh, "", `{"file":"2025.csv","changes":[{"indicator":"gdp","year":2025,"new":24800},{"indicator":"gdp","year":2024,"old":23000,"new":23500}],"new":1}`)
	want = []string{"文件:2025.csv", "新增数据:1", "gdp 2025:— → 24800", "gdp 2024:23000 → 23500"}
	if !slices.Equal(got, want) {
		t.Errorf("an import:\n got %q\nwant %q", got, want)
	}
	// what is not JSON is shown as it is, clipped
	if got := AuditChanges(i18n.Zh, "", "not json"); len(got) != 1 || got[0] != "not json" {
		t.Errorf("not JSON: %q", got)
	}
}
