package indicators

// The words plantrack reads in files and forms, as statistics offices and
// planning documents write them. They are input vocabulary, not UI text:
// the catalog (web/i18n) holds what plantrack says; this file holds what
// it understands. A test checks that no other non-test file of the
// project outside the catalog and the seed data has Chinese in its
// string literals.

import "strings"

// qualifierWords are the markers of statistical prose, longest first so that
// "不低于" wins over "低于". Prefixes and suffixes are listed apart.
var qualifierPrefixes = []struct {
	word string
	q    Qualifier
}{
	{">=", LowerBound}, {"<=", UpperBound}, {"≥", LowerBound}, {"≤", UpperBound},
	{"不低于", LowerBound}, {"不少于", LowerBound}, {"不超过", UpperBound}, {"不高于", UpperBound},
	{"超过", LowerBound}, {"突破", LowerBound}, {"大于", LowerBound}, {"高于", LowerBound}, {"逾", LowerBound},
	{"不足", UpperBound}, {"不到", UpperBound}, {"低于", UpperBound}, {"小于", UpperBound},
	{"大约", Estimate}, {"预计", Estimate}, {"估计", Estimate}, {"约", Estimate}, {"≈", Estimate}, {"~", Estimate},
	{">", LowerBound}, {"<", UpperBound},
}

var qualifierSuffixes = []struct {
	word string
	q    Qualifier
}{
	{"以上", LowerBound}, {"多", LowerBound}, {"余", LowerBound}, {"以下", UpperBound}, {"以内", UpperBound}, {"左右", Estimate},
}

// targetPrefixes and targetSuffixes are how a year's target is worded,
// longest first: 不低于6, 6以上, 5.5左右, 控制在3%以内.
var targetPrefixes = []struct {
	word string
	c    Comparator
}{
	{">=", GE}, {"<=", LE}, {"≥", GE}, {"≤", LE},
	{"不低于", GE}, {"不少于", GE}, {"不超过", LE}, {"不高于", LE}, {"控制在", LE},
	{"至少", GE}, {"达到", GE}, {"超过", GT}, {"高于", GT}, {"大于", GT}, {"低于", LT}, {"小于", LT},
	{"约", Around}, {"≈", Around}, {"~", Around}, {">", GT}, {"<", LT},
}

var targetSuffixes = []struct {
	word string
	c    Comparator
}{
	{"以上", GE}, {"以下", LE}, {"以内", LE}, {"左右", Around}, {"上下", Around},
}

// emptyValues are what tables put where there is no figure.
var emptyValues = map[string]bool{"": true, "-": true, "--": true, "—": true, "——": true, "–": true,
	"/": true, "…": true, "...": true, "n/a": true, "N/A": true, "NA": true, "无": true, "暂无": true}

// magnitudes are the Chinese multipliers a unit or a figure may carry,
// longest first.
var magnitudes = []struct {
	word string
	mult float64
}{
	{"万亿", 1e12}, {"千亿", 1e11}, {"百亿", 1e10}, {"十亿", 1e9}, {"千万", 1e7}, {"百万", 1e6},
	{"亿", 1e8}, {"万", 1e4}, {"千", 1e3}, {"百", 1e2},
}

// column names a field of an import and the headers that mean it.
type column struct {
	field   string
	aliases []string
}

var actualColumns = []column{
	{"plan", []string{"plan", "plan_code", "规划", "规划代码", "规划编码"}},
	{"indicator", []string{"indicator", "indicator_code", "code", "指标", "指标代码", "指标编码", "代码"}},
	{"year", []string{"year", "年份", "年度", "年"}},
	{"value", []string{"value", "数值", "值", "实际值", "完成值", "实绩"}},
	{"qualifier", []string{"qualifier", "限定", "限定词", "数值性质"}},
	{"status", []string{"status", "状态", "数据状态"}},
	{"source", []string{"source", "来源", "数据来源"}},
	{"note", []string{"note", "备注", "说明"}},
	{"target", []string{"target", "year_target", "目标", "年度目标", "本年目标", "当年目标"}},
	{"band", []string{"band", "幅度", "容许幅度"}},
	{"break", []string{"break", "series_break", "口径调整", "口径变化", "断点"}},
	{"district", []string{"district", "district_code", "区县", "区(市)县", "区（市）县", "区县代码", "区县名称", "分解单位"}},
	// Shown in templates for people, not read.
	{"-", []string{"name", "name_zh", "name_en", "unit", "指标名称", "名称", "单位", "英文名称"}},
}

var planColumns = []column{
	{"code", []string{"code", "indicator", "指标代码", "代码", "编码"}},
	{"name_zh", []string{"name_zh", "name", "指标名称", "名称", "中文名称"}},
	{"name_en", []string{"name_en", "英文名称"}},
	{"unit", []string{"unit", "单位"}},
	{"attribute", []string{"attribute", "属性", "指标属性"}},
	{"direction", []string{"direction", "方向"}},
	{"kind", []string{"kind", "target_kind", "目标类型"}},
	{"comparator", []string{"comparator", "比较", "比较方式"}},
	{"band", []string{"band", "幅度", "容许幅度"}},
	{"observed_as", []string{"observed_as", "数据形式", "数值形式", "取值方式"}},
	{"reference", []string{"reference", "参照指标", "参照", "比较对象"}},
	{"method", []string{"method", "测算方法", "计算方法", "完成度方法"}},
	{"rollup", []string{"rollup", "decomposition", "分解方式", "汇总方式"}},
	{"weight_code", []string{"weight_code", "权重指标"}},
	{"weight", []string{"weight", "权重"}},
	{"baseline_year", []string{"baseline_year", "基期年份", "基期年"}},
	{"baseline_value", []string{"baseline_value", "baseline", "基期值", "基期"}},
	{"baseline_source", []string{"baseline_source", "基期值来源", "基期来源"}},
	{"target_year", []string{"target_year", "目标年份", "目标年"}},
	{"target_value", []string{"target_value", "target", "目标值", "目标"}},
	{"target_text", []string{"target_text", "目标表述", "目标原文"}},
	{"plan_text", []string{"plan_text", "规划原文", "规划表述"}},
	{"from_zero", []string{"from_zero", "从零起算", "只计新增"}},
	{"interim", []string{"interim", "阶段目标", "年度节点"}},
	{"section", []string{"section", "章节", "所属章节", "类别", "领域"}},
	{"department", []string{"department", "责任单位", "责任部门", "部门"}},
	{"source", []string{"source", "来源", "数据来源"}},
	{"note", []string{"note", "备注", "说明"}},
}

var observedWords = map[string]ObservedAs{"level": "", "水平": "", "水平值": "", "总量": "",
	"yearly_rate": YearlyRate, "rate": YearlyRate, "增速": YearlyRate, "增长率": YearlyRate, "年增长率": YearlyRate,
	"年度增速": YearlyRate, "比上年增长": YearlyRate, "年度变化率": YearlyRate}

var methodWords = map[string]Method{"linear": "", "线性": "", "log": MethodLog, "对数": MethodLog, "对数法": MethodLog}

// pathSeparator joins the titles of a section path: 第五篇 … / 第二章 ….
const pathSeparator = " / "

// yesWords mark a flag as set (a series break); anything else non-empty
// that is not a no word is an error.
var (
	yesWords = map[string]bool{"1": true, "true": true, "yes": true, "y": true, "是": true, "有": true, "√": true, "✓": true, "x": true}
	noWords  = map[string]bool{"0": true, "false": true, "no": true, "n": true, "否": true, "无": true}
)

var qualifierWords = map[string]Qualifier{
	"exact": Exact, "精确": Exact, "实际": Exact, "准确": Exact,
	"lower_bound": LowerBound, "下限": LowerBound, "超过": LowerBound, "以上": LowerBound,
	"upper_bound": UpperBound, "上限": UpperBound, "不足": UpperBound, "以下": UpperBound,
	"estimate": Estimate, "估计": Estimate, "预计": Estimate, "约": Estimate, "估算": Estimate,
}

var statusWords = map[string]ObsStatus{
	"preliminary": Preliminary, "初步": Preliminary, "初步数": Preliminary, "快报": Preliminary, "初步核算": Preliminary,
	"final": Final, "最终": Final, "最终数": Final, "正式": Final, "年报": Final, "最终核实": Final,
}

var attributeWords = map[string]Attribute{"binding": Binding, "约束性": Binding, "约束": Binding,
	"expected": Expected, "预期性": Expected, "预期": Expected, "reference": Reference, "参考": Reference, "参考性": Reference}

var directionWords = map[string]Direction{"increase": Increase, "上升": Increase, "增加": Increase, "提高": Increase, "正向": Increase,
	"decrease": Decrease, "下降": Decrease, "减少": Decrease, "降低": Decrease, "逆向": Decrease}

var kindWords = map[string]TargetKind{"达到": KindLevel, "水平": KindLevel, "新增": KindIncreaseBy, "年均增长": KindAvgGrowth,
	"累计": KindCumulativeChange, "累计变化": KindCumulativeChange, "百分点": KindPPChange, "上限": KindCeiling,
	"下限": KindFloor, "里程碑": KindMilestone, "相对": KindRelative, "相对目标": KindRelative, "比较": KindRelative,
	"年度": KindYearly, "各年度": KindYearly, "年度目标": KindYearly, "无": KindNone, "监测": KindNone}

// sectionLevels are the levels the number of a section path names.
var sectionLevels = map[string]SectionLevel{"篇": LevelPart, "章": LevelChapter, "节": LevelSection, "专栏": LevelBox}

// yearSuffix is what may follow a year: 2024年.
const yearSuffix = "年"

// percentagePoints is the unit of a pp_change target.
const percentagePoints = "百分点"

// moneyUnit marks units of money, whose 万元/亿元 slips a warning names.
const moneyUnit = "元"

// estimateMark is what marks an estimate when a value is written for editing.
const estimateMark = "约"

// percentTail follows 百 in 百分点 and 百分比: units of their own, not hundreds.
const percentTail = "分"

// How a plan document numbers its parts: 第五篇, 第二章, 第一节, 专栏18,
// (三), 四、.
var (
	numberPrefixes = []string{"第", "专栏", "(", "("}
	numberSuffixes = []string{"篇", "章", "节", ")", ")", "、", "."}
	chineseDigits  = []rune("零一二三四五六七八九")
)

const chineseTen = '十'

// rollupWords are the words a definitions file may name a roll-up rule by.
var rollupWords = map[string]Rollup{
	"sum": RollupSum, "求和": RollupSum, "加总": RollupSum,
	"weighted_mean": RollupWeightedMean, "加权平均": RollupWeightedMean,
	"each": RollupEach, "逐一达标": RollupEach, "各自达标": RollupEach,
	"none": RollupCompare, "仅比较": RollupCompare, "不汇总": RollupCompare,
}

// InvestmentUnit is the unit of projects' investment figures: 亿元.
const InvestmentUnit = "亿元"

// projectColumns are the columns of a projects file.
var projectColumns = []column{
	{"code", []string{"code", "project", "项目代码", "代码", "编码"}},
	{"name_zh", []string{"name_zh", "name", "项目名称", "名称", "任务名称"}},
	{"name_en", []string{"name_en", "英文名称"}},
	{"kind", []string{"kind", "类型", "项目类型"}},
	{"box", []string{"box", "section", "专栏", "所属专栏", "章节"}},
	{"unit", []string{"unit", "responsible", "责任单位", "牵头单位"}},
	{"stage", []string{"stage", "阶段", "项目阶段", "进展阶段"}},
	{"start", []string{"start", "planned_start", "计划开工", "计划开始", "开工时间"}},
	{"end", []string{"end", "planned_end", "计划完成", "计划竣工", "完成时间"}},
	{"investment", []string{"investment", "planned_investment", "计划总投资", "总投资"}},
	{"years", []string{"years", "yearly_investment", "年度投资"}},
	{"milestones", []string{"milestones", "里程碑"}},
	{"indicators", []string{"indicators", "相关指标", "服务指标"}},
	{"source", []string{"source", "来源", "资料来源"}},
	{"note", []string{"note", "备注", "说明"}},
}

// projectKindWords name the kinds of key work.
var projectKindWords = map[string]ProjectKind{
	"project": KindProject, "项目": KindProject, "重大项目": KindProject,
	"task": KindTask, "任务": KindTask, "重点任务": KindTask,
}

// stageWords name the stages of projects and tasks ("" and 未知 unknown).
var stageWords = map[string]Stage{
	"": "", "未知": "", "unknown": "",
	"planning": StagePlanning, "谋划": StagePlanning, "preparation": StagePrep, "前期": StagePrep,
	"construction": StageBuilding, "在建": StageBuilding, "completed": StageBuilt, "建成": StageBuilt,
	"operating": StageOperating, "投运": StageOperating, "not_started": StageNotStart, "未启动": StageNotStart,
	"underway": StageUnderway, "推进中": StageUnderway, "done": StageDone, "已完成": StageDone,
}

// dateSeparators turn the ways offices write a date (2024年6月30日,
// 2024/6/30, 2024.6.30) into 2024-6-30.
var dateSeparators = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-")
