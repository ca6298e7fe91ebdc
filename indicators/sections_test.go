package indicators

import (
	"slices"
	"testing"
)

func TestSectionNumber(t *testing.T) {
	for in, want := range map[string]int{"第五篇": 5, "第二章": 2, "第十一节": 11, "第二十章": 20, "第二十三章": 23, "专栏18": 18,
		"专栏 7": 7, "(三)": 3, "(十)": 10, "四、": 4, "2": 2, " 第十章 ": 10} {
		if got, ok := SectionNumber(in); !ok || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "附录", "第章", "十十", "零", "一十一十"} {
		if got, ok := SectionNumber(in); ok {
			t.Errorf("%q read as %d", in, got)
		}
	}
}

// Sections come in the document's order whatever order they were added
// in: a chapter added after the second goes first, a box keeps its place
// after the section it follows, children follow their parent.
func TestDocumentOrder(t *testing.T) {
	added := []Section{
		{Code: "p5", Level: LevelPart, Number: "第五篇"},
		{Code: "c2", ParentCode: "p5", Level: LevelChapter, Number: "第二章"},
		{Code: "c2s1", ParentCode: "c2", Level: LevelSection, Number: "第一节"},
		{Code: "box21", ParentCode: "c2", Level: LevelBox, Number: "专栏21"},
		{Code: "c2s3", ParentCode: "c2", Level: LevelSection, Number: "第三节"},
		{Code: "p2", Level: LevelPart, Number: "第二篇"},
		{Code: "c1", ParentCode: "p5", Level: LevelChapter, Number: "第一章"},   // added late
		{Code: "c2s2", ParentCode: "c2", Level: LevelSection, Number: "第二节"}, // added late
		{Code: "misc", ParentCode: "p5", Level: LevelChapter, Number: ""},
		{Code: "lost", ParentCode: "gone", Level: LevelChapter, Number: "第九章"},
	}
	var got []string
	for _, s := range DocumentOrder(added) {
		got = append(got, s.Code)
	}
	want := []string{"p2", "p5", "c1", "c2", "c2s1", "box21", "c2s2", "c2s3", "misc", "lost"}
	if !slices.Equal(got, want) {
		t.Errorf("order\n got %v\nwant %v", got, want)
	}
	// a cycle in stored data loses nothing
	cyc := []Section{{Code: "a", ParentCode: "b"}, {Code: "b", ParentCode: "a"}}
	if n := len(DocumentOrder(cyc)); n != 2 {
		t.Errorf("cycle: %d sections", n)
	}
}
