package seed

import (
	"fmt"
	"time"

	"plantrack/indicators"
)

// box is one group of lines of a 专栏 box as the plan document lists them.
type box struct {
	section    string
	kind       indicators.ProjectKind
	prefix     string
	indicators []string
	names      []string
}

// chengduBoxes are the key projects and tasks the seed document's 专栏
// boxes name, in the document's order and words.
var chengduBoxes = []box{
	{"p5.c1.box18", indicators.KindProject, "facility", []string{"major_sci_facilities"}, []string{
		"第四代先进核能技术铅铋快堆研发及应用工程", "自由电子激光极紫外光刻光源", "跨尺度矢量光场时空调控验证装置",
		"极端复杂电磁环境大科学装置", "西部光源(红外太赫兹自由电子激光装置)", "柔性基底微纳结构成像系统研究装置", "转化医学研究设施"}},
	{"p5.c1.box18", indicators.KindProject, "frontier", nil, []string{
		"国际深地科学研究中心", "四川国家应用数学中心", "多态耦合轨道交通动模试验平台", "高海拔宇宙线观测站"}},
	{"p5.c1.box19", indicators.KindProject, "tianfu_lab", nil, []string{
		"光电科学与技术实验室", "电磁空间与泛在互联实验室", "生命健康实验室"}},
	{"p5.c1.box20", indicators.KindTask, "enterprise", nil, []string{
		"创新型领军企业提能行动", "高新技术企业倍增行动", "科技型中小企业培育行动"}},
	{"p5.c2.box21", indicators.KindProject, "platform", []string{"new_national_platforms"}, []string{
		"国家川藏铁路技术创新中心", "生物治疗国家重点实验室", "牵引动力国家重点实验室",
		"省部共建西南作物基因资源挖掘与利用国家重点实验室", "省部共建西南特色中药资源国家重点实验室",
		"先进微处理器技术国家工程实验室", "手性药物国家工程研究中心"}},
	{"p5.c2.box22", indicators.KindTask, "ecosystem", nil, []string{
		"环高校知识经济圈建设行动", "创业品牌提升行动", "创新力量汇聚行动", "创新氛围营造行动"}},
}

// chengduKnown are the stages a public source gives, each with its address
// and the quote and grade in its note, as the seeded values carry theirs;
// every other project's stage and dates are unknown and shown so, never
// invented (docs/method.md §15).
var chengduKnown = map[string]struct {
	stage      indicators.Stage
	source     string
	note       string
	indicators []string
}{
	"跨尺度矢量光场时空调控验证装置": {indicators.StageBuilding, "https://bbs.netbig.top/thread-36205-7-1.html",
		"“2023年,成都揭牌建设成渝(兴隆湖)综合性科学中心、跨尺度矢量光场等5个国省级重大科技基础设施”。可信度V", nil},
	"国家川藏铁路技术创新中心": {indicators.StageOperating, "https://www.netbig.top/thread-36205-7-1.html",
		"“国家川藏铁路技术创新中心一期建成投运”(2023年)。一期,可信度B(转载),待核实", []string{"national_tech_innovation_center"}},
}

// chengduProjects are the Chengdu plan's key projects and tasks.
func chengduProjects() []indicators.Project {
	var out []indicators.Project
	for _, b := range chengduBoxes {
		for i, name := range b.names {
			p := indicators.Project{Code: fmt.Sprintf("%s_%02d", b.prefix, i+1), NameZh: name, Kind: b.kind, SectionCode: b.section,
				Indicators: b.indicators}
			if k, ok := chengduKnown[name]; ok {
				p.Stage, p.Source, p.Note = k.stage, k.source, k.note
				p.Indicators = append(append([]string(nil), p.Indicators...), k.indicators...)
			}
			out = append(out, p)
		}
	}
	return out
}

// demoProjects are the sample plan's made-up projects, one for each status
// as of late 2026 (docs/method.md §15): labelled sample data.
func demoProjects() []indicators.Project {
	f := func(v float64) *float64 { return &v }
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	reached := d(2022, 6, 30)
	years := func(planned, done []float64) []indicators.ProjectYear {
		var ys []indicators.ProjectYear
		for i := range planned {
			y := indicators.ProjectYear{Year: 2021 + i, Planned: f(planned[i]), Note: fmt.Sprintf("示例数据:%d年进展说明", 2021+i)}
			if i < len(done) {
				y.Completed = f(done[i])
			}
			ys = append(ys, y)
		}
		return ys
	}
	const note = "示例数据:程序生成,用于演示项目状态"
	return []indicators.Project{
		{Code: "sample_lab", NameZh: "示例实验室(示例)", NameEn: "Sample laboratory (sample)", Kind: indicators.KindProject,
			SectionCode: "a.2", Unit: "sample-sci", Stage: indicators.StageOperating, Start: d(2021, 3, 1), End: d(2024, 12, 31),
			Investment: f(12), Years: years([]float64{3, 4, 5}, []float64{3, 4, 5}), Indicators: []string{"sci_facilities"},
			Milestones: []indicators.Milestone{{Name: "开工", Planned: d(2021, 3, 1), Actual: &reached}}, Note: note},
		{Code: "sample_facility", NameZh: "示例大科学装置(示例)", NameEn: "Sample science facility (sample)", Kind: indicators.KindProject,
			SectionCode: "a.2", Unit: "sample-sci", Stage: indicators.StageBuilding, Start: d(2022, 1, 1), End: d(2027, 12, 31),
			Investment: f(40), Years: years([]float64{0, 8, 10, 10, 8, 4}, []float64{0, 8, 6, 4, 3}), Indicators: []string{"sci_facilities"},
			Milestones: []indicators.Milestone{{Name: "主体结构封顶", Planned: d(2024, 6, 30)}, {Name: "设备安装", Planned: d(2026, 6, 30)}}, Note: note},
		{Code: "sample_platform", NameZh: "示例创新平台(示例)", NameEn: "Sample innovation platform (sample)", Kind: indicators.KindProject,
			SectionCode: "a.2", Unit: "sample-sci", Stage: indicators.StageBuilding, Start: d(2021, 1, 1), End: d(2029, 12, 31),
			Investment: f(20), Years: years([]float64{2, 2, 3, 3, 3, 3}, []float64{1, 1, 1, 1, 1, 1}), Indicators: []string{"new_platforms"},
			Milestones: []indicators.Milestone{{Name: "立项", Planned: d(2021, 6, 30), Actual: &reached}}, Note: note},
		{Code: "sample_park", NameZh: "示例科创园区(示例)", NameEn: "Sample innovation park (sample)", Kind: indicators.KindProject,
			SectionCode: "a.2", Unit: "sample-dev", Stage: indicators.StageBuilding, Start: d(2023, 1, 1), End: d(2030, 12, 31),
			Investment: f(30), Years: years([]float64{0, 0, 5, 6, 6, 6}, []float64{0, 0, 5, 6, 6, 5}), Indicators: []string{"sci_space"},
			Milestones: []indicators.Milestone{{Name: "一期交付", Planned: d(2028, 6, 30)}}, Note: note},
		{Code: "sample_task", NameZh: "示例重点任务(示例)", NameEn: "Sample key task (sample)", Kind: indicators.KindTask,
			SectionCode: "a.1", Unit: "sample-sci", Stage: indicators.StageUnderway, Note: note + ";故意不给计划日期"},
	}
}
