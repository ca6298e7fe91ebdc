package i18n

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"plantrack/indicators"
)

// Lang is a UI language.
type Lang string

// The UI languages.
const (
	Zh Lang = "zh"
	En Lang = "en"
)

// Parse returns the language named by s, Chinese for anything else.
func Parse(s string) Lang {
	if strings.HasPrefix(strings.ToLower(s), "en") {
		return En
	}
	return Zh
}

// Other is the language a switch link offers.
func (l Lang) Other() Lang {
	if l == En {
		return Zh
	}
	return En
}

// HTMLLang is the value of the html lang attribute.
func (l Lang) HTMLLang() string {
	if l == En {
		return "en"
	}
	return "zh-Hans"
}

// T returns the text for key, formatted with args when there are any (an
// argument that is an indicators.Msg is put into the language first). A
// missing key shows itself, and a test checks that every key used has both
// languages.
func (l Lang) T(key string, args ...any) string {
	m, ok := catalog[key]
	if !ok {
		return key
	}
	text := m[0]
	if l == En {
		text = m[1]
	}
	if len(args) == 0 {
		return text
	}
	out := args
	for i, a := range args {
		var s string
		switch v := a.(type) {
		case indicators.Msg:
			s = l.M(v)
		case indicators.Name:
			s = l.Pick(v.Zh, v.En)
		case indicators.NameList:
			names := make([]string, len(v))
			for k, n := range v {
				names[k] = l.Pick(n.Zh, n.En)
			}
			s = l.List(names)
		default:
			continue
		}
		if &out[0] == &args[0] { // copy before the first change: the caller's slice stays as it was
			out = append([]any(nil), args...)
		}
		out[i] = s
	}
	return fmt.Sprintf(text, out...)
}

// M is a domain message in the language.
func (l Lang) M(m indicators.Msg) string { return l.T(m.Key, m.Args...) }

// Pick returns zh or en by language, en falling back to zh when empty.
func (l Lang) Pick(zh, en string) string {
	if l == En && en != "" {
		return en
	}
	return zh
}

// Unit is a unit of measure as the language writes it: English where the
// catalog knows the unit (亿元 → 100 million yuan), as written otherwise.
func (l Lang) Unit(u string) string {
	if l == En {
		if e, ok := units[u]; ok {
			return e
		}
	}
	return u
}

// units are the English forms of the units plans use.
var units = map[string]string{
	"个": "", "件": "", "项": "", "家": "firms", "所": "", "座": "",
	"%": "%", "个百分点": "percentage points", "百分点": "percentage points",
	"件/万人": "per 10,000 people", "人/万人": "per 10,000 people",
	"亿元": "100 million yuan", "万亿元": "trillion yuan", "万元": "10,000 yuan", "元": "yuan",
	"万人": "10,000 people", "人": "people", "万个": "10,000", "万户": "10,000 households",
	"万平方米": "10,000 m²", "平方米": "m²", "万亩": "10,000 mu", "亩": "mu", "公里": "km",
	"吨标准煤/万元": "t of standard coal per 10,000 yuan", "吨/万元": "t per 10,000 yuan",
	"立方米/万元": "m³ per 10,000 yuan", "微克/立方米": "µg/m³", "岁": "years", "年": "years",
}

// UnitLabel is a unit shown on its own (a table's unit column, an axis):
// Unit, and a word for a plain count, which English writes without a unit.
func (l Lang) UnitLabel(u string) string {
	if s := l.Unit(u); s != "" || u == "" {
		return s
	}
	return l.T("unit.count")
}

// List joins items as the language writes a list: 甲、乙 or a; b.
func (l Lang) List(items []string) string { return strings.Join(items, l.T("punct.list")) }

// Keys lists every key of the catalog, for tests.
func Keys() []string {
	out := make([]string, 0, len(catalog))
	for k := range catalog {
		out = append(out, k)
	}
	return out
}

// Num formats a number for people: thousands separated, at most four
// significant decimals, no trailing zeros.
func Num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	dec := 2
	switch a := math.Abs(v); {
	case a == 0:
		dec = 0
	case a < 0.01:
		dec = 4
	case a < 1:
		dec = 3
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return group(s)
}

// NumDecimals formats a value as it was published, with at least its
// decimals (67.00, 3.0), thousands separated.
func NumDecimals(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	have := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		have = len(s) - i - 1
	} else if decimals > 0 {
		s += "."
	}
	return group(s + strings.Repeat("0", max(0, decimals-have)))
}

// group separates the thousands of a plain decimal and writes its minus
// sign as a typographer would.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	s = b.String()
	if frac != "" {
		s += "." + frac
	}
	if neg && strings.Trim(s, "0.,") != "" {
		s = "−" + s
	}
	return s
}

// Pct formats a fraction as a percentage with one decimal.
func Pct(f float64) string { return pct(f, 1) }

// Rate formats a growth rate (a fraction) as a percentage with two decimals.
func Rate(f float64) string { return pct(f, 2) }

func pct(f float64, dec int) string {
	s := strconv.FormatFloat(f*100, 'f', dec, 64)
	if strings.HasPrefix(s, "-") {
		s = "−" + s[1:]
	}
	return s + "%"
}

var catalog = map[string][2]string{
	"sheet.tooBig":                {"XLSX 文件中的“%s”解压后超过 %d MB,拒绝读取(文件可能被构造为压缩炸弹)", "part %q of the XLSX unpacks to more than %d MB and is refused"},
	"sheet.longString":            {"XLSX 文件的共享字符串中有超过 %d KB 的文字,拒绝读取", "a shared string of the XLSX is longer than %d KB and is refused"},
	"sheet.longCell":              {"这一行有超过 %d KB 的单元格或标记,拒绝读取", "this row holds a cell or tag longer than %d KB and is refused"},
	"sheet.longLine":              {"这一行超过 %d KB,拒绝读取", "this line is longer than %d KB and is refused"},
	"sheet.longRecord":            {"这一行的引号内换行超过 %d 行,可能缺少结束引号", "this row runs over more than %d lines inside quotes: a closing quote may be missing"},
	"sheet.tooManyCells":          {"这一行超过 %d 个单元格", "this row has more than %d cells"},
	"sheet.tooManyRows":           {"文件超过 %d 行", "the file has more than %d rows"},
	"sheet.mixedEncodingGB":       {"文件按 GB18030 读取,这一行却是 UTF-8 编码;请整体另存为一种编码后重新上传", "the file reads as GB18030 but this row is UTF-8; save the whole file in one encoding"},
	"err.signin.wait":             {"登录失败次数过多,请 %d 秒后再试;如确需立即登录,请管理员运行 plantrack user unlock", "too many failed sign-ins: try again in %d seconds, or ask an administrator to run plantrack user unlock"},
	"err.upload.quota":            {"您已有 %d 个待确认的上传(或合计超过 %d MB):请先确认导入或取消后再上传", "you have %d uploads waiting (or more than %d MB): commit or cancel one first"},
	"sheet.xls":                   {"不支持旧版 .xls 文件,请在 Excel 中另存为 .xlsx 或 CSV", "old .xls files are not supported; save as .xlsx or CSV in Excel"},
	"sheet.csv":                   {"CSV 格式错误(第 %d 行第 %d 个字符):%s", "bad CSV (line %d, character %d): %s"},
	"sheet.quote":                 {"引号不配对", "unmatched quote"},
	"sheet.unparsable":            {"无法解析", "cannot be parsed"},
	"sheet.mixedEncoding":         {"文件前面是 UTF-8 编码,这一行却不是;请整体另存为 UTF-8 或 GB18030 后重新上传", "the file starts as UTF-8 but this row is not UTF-8; save the whole file in one encoding"},
	"sheet.xlsx":                  {"无法读取 XLSX 文件(文件损坏或加密?)", "the XLSX file cannot be read (damaged or encrypted?)"},
	"sheet.noSheet":               {"XLSX 文件中没有可读的工作表", "the XLSX file has no readable sheet"},
	"sheet.unreadable":            {"XLSX 工作表无法读取", "the XLSX sheet cannot be read"},
	"sheet.badRow":                {"XLSX 工作表这一行无法读取", "this row of the XLSX sheet cannot be read"},
	"err.report.kind":             {"报告类型“%s”无效(annual、midterm 或 final)", "report kind %q is invalid (annual, midterm or final)"},
	"err.report.year":             {"年份必须在%d到%d年之间", "the year must be from %d to %d"},
	"err.report.notFound":         {"报告“%s”不存在", "report %q does not exist"},
	"err.report.unexplained":      {"以下约束性指标进度未达要求,但没有填写“问题”说明,不能印发:%s。请先填写这些指标%d年的进展/问题/举措。", "These binding indicators are off track without an explanation in “problems”, so the report cannot be issued: %s. Write their %d narratives first."},
	"err.upload.expired":          {"这次上传已过期或不存在,请重新上传", "this upload has expired or does not exist; upload the file again"},
	"err.upload.gone":             {"上传的文件已不存在,请重新上传", "the uploaded file is gone; upload it again"},
	"err.upload.kind":             {"请选择文件内容", "choose what the file contains"},
	"err.upload.oneFile":          {"一次只能上传一个文件", "upload one file at a time"},
	"err.upload.notReady":         {"这个文件还没有检查完,或检查出了错误,不能导入", "this file has not been checked yet, or has errors: it cannot be imported"},
	"err.upload.definitions":      {"只有管理员可以导入指标定义", "only administrators may import indicator definitions"},
	"err.api.notFound":            {"没有这个接口", "no such endpoint"},
	"err.user.notFound":           {"用户不存在", "no such user"},
	"err.user.exists":             {"用户“%s”已存在", "user %q already exists"},
	"err.user.lastAdmin":          {"不能取消最后一个管理员", "the last admin cannot be demoted or disabled"},
	"err.signin.wrong":            {"用户名或密码不正确", "wrong user name or password"},
	"err.session.ended":           {"登录已过期,请重新登录", "your session has ended: please sign in again"},
	"err.plan.taken":              {"规划代码“%s”已被使用", "plan code %q is taken"},
	"err.plan.notFound":           {"规划“%s”不存在", "plan %q does not exist"},
	"err.plan.parentUnknown":      {"上级规划“%s”不存在", "parent plan %q does not exist"},
	"err.section.taken":           {"章节代码“%s”已被使用", "section code %q is taken"},
	"err.section.cycle":           {"章节不能放在自身或其下级之下", "a section cannot sit under itself or its descendants"},
	"err.section.parentNotFound":  {"上级章节“%s”不存在", "parent section %q does not exist"},
	"err.indicator.taken":         {"指标代码“%s”已被使用", "indicator code %q is taken"},
	"err.indicator.parentUnknown": {"上级指标“%s/%s”不存在", "parent indicator %s/%s does not exist"},
	"err.import.notFound":         {"导入记录 #%v 不存在", "import #%v does not exist"},
	"err.dataset.values":          {"规划“%s”的数值有 %d 处错误", "plan %q has %d errors in its values"},
	"err.crossSite":               {"跨站请求已被拒绝:请在本系统的页面上提交表单", "cross-site request refused: submit forms from this site's own pages"},
	"err.form.unreadable":         {"表单无法读取(可能过大)", "the form could not be read (too large?)"},
	"err.form.notInteger":         {"“%s”不是整数", "%q is not a whole number"},
	"err.form.chooseYear":         {"请选择年份", "choose a year"},
	"err.form.interim":            {"第%d行“%s”应写成“年份=数值”", "line %d %q should read YEAR=VALUE"},
	"err.form.parent":             {"上级指标应写成“规划代码/指标代码”", "the parent indicator reads PLAN/INDICATOR"},
	"err.forbidden.plan":          {"本规划没有由您的部门负责的指标", "none of this plan's indicators is your department's"},
	"err.printer.busy":            {"打印队列已满,请稍后再试", "the printer is busy: try again in a moment"},
	"err.busy":                    {"数据库正忙(可能有大批量导入正在写入),本次操作未保存,请稍后再试", "the database is busy (a large import may be writing): nothing was saved, try again in a moment"},
	"imp.noValue":                 {"请填写数值", "enter a value"},
	"entry.qualifier.asWritten":   {"按数值的写法", "as the value is written"},
	"entry.status.keep":           {"不变(新值为初步数)", "unchanged (a new value is preliminary)"},
	"entry.confirm":               {"确认无误,保存", "Confirmed: save"},
	"entry.file":                  {"网页填报", "value form"},
	"import.job.checking":         {"正在检查文件…", "Checking the file…"},
	"import.job.writing":          {"正在写入…", "Writing…"},
	"import.job.queued":           {"排队等候中…", "Waiting for a free slot…"},
	"import.job.rows":             {"已读取 %s 行", "%s rows read"},
	"import.job.cancel":           {"取消", "Cancel"},
	"import.job.cancelled":        {"已取消,什么也没有写入。", "Cancelled: nothing was written."},
	"import.written":              {"已写入的数值", "Values written"},
	"date.layout":                 {"2006年1月2日", "2 January 2006"},
	// domain checks (package indicators)
	"err.code.empty":                  {"请填写代码:小写字母、数字、下划线、点或连字符,如 rd_intensity", "enter a code: lower-case letters, digits, _ . -, e.g. rd_intensity"},
	"err.code":                        {"代码“%s”无效:只能用小写字母、数字、下划线、点和连字符,最长64个字符", "code %q is invalid: use lower-case letters, digits, _ . - (at most 64)"},
	"err.plan.name":                   {"规划名称不能为空", "the plan needs a name"},
	"err.plan.baseYear":               {"基期年份 %d 无效", "base year %d is invalid"},
	"err.plan.targetYear":             {"目标年份 %d 必须晚于基期年份 %d", "target year %d must be after the base year %d"},
	"err.plan.tolerance":              {"容差必须在0到1之间", "the tolerance must be between 0 and 1"},
	"err.plan.parentSelf":             {"规划不能以自身为上级规划", "a plan cannot be its own parent"},
	"err.section.level":               {"章节层级“%s”无效(应为 part/chapter/section/box)", "section level %q is invalid (part, chapter, section or box)"},
	"err.section.title":               {"章节“%s”缺少标题", "section %q has no title"},
	"err.indicator.name":              {"指标“%s”缺少中文名称", "indicator %q has no Chinese name"},
	"err.indicator.attribute":         {"属性“%s”无效(应为约束性或预期性)", "attribute %q is invalid (binding or expected)"},
	"err.indicator.direction":         {"方向“%s”无效(应为 increase 或 decrease)", "direction %q is invalid (increase or decrease)"},
	"err.indicator.baselineYear":      {"基期年份 %d 不在规划期内", "baseline year %d is outside the plan"},
	"err.indicator.baselineValue":     {"基期值不是有效数字", "the baseline is not a number"},
	"err.indicator.kind":              {"目标类型“%s”无效", "target kind %q is invalid"},
	"err.indicator.targetValue":       {"目标值不是有效数字", "the target value is not a number"},
	"err.indicator.targetYear":        {"目标年份 %d 必须晚于基期年份 %d", "target year %d must be after the baseline year %d"},
	"err.indicator.band":              {"“左右”目标需要正的容许幅度", "an “around” target needs a positive band"},
	"err.indicator.comparatorMissing": {"目标缺少比较方式(>=、>、<=、<、~)", "the target needs a comparator (>=, >, <=, <, ~)"},
	"err.indicator.comparator":        {"比较方式“%s”无效(应为 >=、>、<=、<、~)", "comparator %q is invalid (>=, >, <=, <, ~)"},
	"err.indicator.ceiling":           {"上限目标的比较方式应为 <= 或 <", "a ceiling takes <= or <"},
	"err.indicator.floor":             {"下限目标的比较方式应为 >= 或 >", "a floor takes >= or >"},
	"err.indicator.milestone":         {"里程碑目标应为正整数个数", "a milestone target is a positive whole count"},
	"err.indicator.avgGrowth":         {"年均增速必须大于 -100%", "an average growth rate must be above -100%"},
	"err.indicator.cumulative":        {"累计变化必须大于 -100%", "a cumulative change must be above -100%"},
	"err.indicator.interim":           {"年度目标 %d 不在基期与目标年之间", "interim target %d is not between the baseline and target years"},
	"err.obs.year":                    {"年份 %d 超出规划“%s”的范围(%d–%d年)", "year %d is outside plan %q (%d–%d)"},
	"err.obs.value":                   {"数值不是有效数字", "the value is not a number"},
	"err.obs.qualifier":               {"限定词“%s”无效", "qualifier %q is invalid"},
	"err.obs.status":                  {"数据状态“%s”无效", "status %q is invalid"},
	"err.section.repeated":            {"章节代码“%s”重复", "section code %q is repeated"},
	"err.section.parentUnknown":       {"章节“%s”的上级“%s”不存在或排在其后", "section %q: parent %q is unknown or comes later"},
	"err.indicator.repeated":          {"指标代码“%s”重复", "indicator code %q is repeated"},
	"err.indicator.sectionUnknown":    {"指标“%s”的章节“%s”不存在", "indicator %q: section %q is unknown"},
	"err.indicator.unknown":           {"未知指标“%s”", "unknown indicator %q"},
	"err.department.name":             {"部门名称不能为空", "the department needs a name"},
	"err.user.name":                   {"用户名“%s”无效:2–32个字符,只能用汉字、字母、数字、点、下划线和连字符", "user name %q is invalid: 2–32 Chinese characters, letters, digits, . _ -"},
	"err.text.long":                   {"不能超过%d个字", "at most %d characters"},
	"err.text.control":                {"含有不可见的控制字符(如换行、方向控制符),请删去", "contains invisible control characters (line breaks, direction marks); remove them"},
	"err.user.role":                   {"角色“%s”无效(应为 admin、editor 或 viewer)", "role %q is invalid (admin, editor or viewer)"},
	"err.user.departments":            {"填报员至少要属于一个部门", "an editor needs at least one department"},
	"err.password.short":              {"密码至少需要%d个字符", "the password needs at least %d characters"},
	"err.password.long":               {"密码不能超过72个字节", "the password cannot be longer than 72 bytes"},
	"err.forbidden":                   {"您的账号没有进行此操作的权限;如需要,请联系系统管理员", "Your account may not do this; ask an administrator if it should"},
	"err.forbidden.indicator":         {"您不能填报指标“%s”:它由%s负责,不属于您的部门。如需修改,请联系该部门或系统管理员", "you may not enter values for %q: %s is responsible for it, not your department. Ask that department or an administrator"},
	"err.forbidden.indicator.nodept":  {"您不能填报指标“%s”:它没有指定责任部门,只有管理员可以填报", "you may not enter values for %q: it has no responsible department, so only an administrator may"},
	"err.forbidden.title":             {"无权操作", "Not allowed"},
	"err.forbidden.you":               {"您的账号“%s”(%s)负责:%s。", "Your account “%s” (%s) is responsible for: %s."},
	"err.forbidden.you.none":          {"您的账号“%s”(%s)没有负责的部门。", "Your account “%s” (%s) has no department."},
	"err.value.comma":                 {"“%s”含义不清:逗号只用作千位分隔(如 1,800);小数请用小数点(如 2.1)", "“%s” is ambiguous: a comma only separates thousands (1,800); write decimals with a point (2.1)"},
	"err.value.nan":                   {"“%s”不是数字", "%q is not a number"},
	"err.value.qualifiers":            {"“%s”的前后限定词相互矛盾", "%q is qualified two contradicting ways"},
	"err.value.unit":                  {"“%s”的单位“%s”无法换算为指标单位“%s”", "%q: the unit %q cannot be converted to the indicator's unit %q"},
	"err.value.range":                 {"“%s”超出数值范围", "%q is out of range"},
	"err.narrative.year":              {"年份 %d 不在规划期内(%d–%d年)", "year %d is outside the plan period (%d–%d)"},
	"err.text.tooLong":                {"不能超过%d个字符", "at most %d characters"},
	// imports
	"issue.column":             {"“%s”列:%s", "column %s: %s"},
	"issue.warning":            {"警告:%s", "warning: %s"},
	"imp.unknownColumn":        {"不认识的列,已忽略", "unknown column, ignored"},
	"imp.repeatedColumn":       {"与前面的列重复", "repeats an earlier column"},
	"imp.missingColumn":        {"缺少必需的列“%s”", "the required column %q is missing"},
	"imp.noIndicator":          {"缺少指标代码", "the indicator code is missing"},
	"imp.notYear":              {"“%s”不是年份", "%q is not a year"},
	"imp.qualifier":            {"限定词“%s”无效(应为 exact、lower_bound、upper_bound、estimate)", "qualifier %q is invalid (exact, lower_bound, upper_bound, estimate)"},
	"imp.status":               {"数据状态“%s”无效(应为 preliminary 或 final)", "status %q is invalid (preliminary or final)"},
	"imp.qualifierContradicts": {"限定词“%s”与数值“%s”的写法矛盾", "qualifier %q contradicts the value %q"},
	"imp.times":                {"%s 倍", "%s times"},
	"imp.fraction":             {"1/%s", "1/%s of"},
	"imp.hint.money":           {"请检查单位(万元/亿元?)", "check the unit (万元/亿元?)"},
	"imp.hint.decimal":         {"请检查单位或小数点", "check the unit or the decimal point"},
	"imp.magnitude.year":       {"%[1]s 约为 %[2]d 年数值 %[3]s 的 %[4]s,%[5]s", "%[1]s is about %[4]s %[2]d's %[3]s; %[5]s"},
	"imp.magnitude.revision":   {"%[1]s 约为 %[2]d 年现值 %[3]s 的 %[4]s,%[5]s", "%[1]s is about %[4]s the current %[2]d value %[3]s; %[5]s"},
	"imp.repeatsRow":           {"与第 %d 行重复,已忽略", "repeats row %d; ignored"},
	"imp.conflictRow":          {"指标“%s”%d 年在第 %d 行已有不同的数值", "%s %d already has a different value on row %d"},
	"imp.noPlanColumn":         {"文件没有“plan”列,请指定规划", "the file has no plan column; choose a plan"},
	"imp.noSourceColumn":       {"文件没有来源列:新的数值将没有来源,修改的数值保留原来源", "the file has no source column: new values will have no source, changed ones keep theirs"},
	"imp.noSource":             {"没有注明数据来源", "no source given"},
	"imp.unknownPlan":          {"没有代码为“%s”的规划", "there is no plan %q"},
	"err.indicator.notFound":   {"规划“%s”中没有指标“%s”", "plan %q has no indicator %q"},
	"imp.empty":                {"文件是空的", "the file is empty"},
	"imp.invalid":              {"“%s”无效", "%q is invalid"},
	"imp.codeRepeats":          {"指标代码“%s”与第 %d 行重复", "code %q repeats row %d"},
	"err.section.notFound":     {"章节“%s”不存在", "section %q does not exist"},
	"err.department.notFound":  {"部门“%s”不存在", "department %q does not exist"},
	// imports and the entry grid
	"col.plan":                {"规划", "Plan"},
	"col.indicator":           {"指标", "Indicator"},
	"nav.back.plan":           {"返回规划总览", "Back to the plan"},
	"import.heading":          {"导入数据", "Import data"},
	"import.intro":            {"上传 CSV 或 Excel(.xlsx)文件:先检查并预览将要写入的内容,确认后才一次性写入;有任何错误则什么也不写入。同一文件重复导入不会产生变化。", "Upload a CSV or Excel (.xlsx) file: it is checked and previewed first, and written in one go only when you confirm; a file with any error writes nothing. Importing the same file twice changes nothing."},
	"import.upload":           {"上传文件", "Upload a file"},
	"import.kind":             {"内容", "Contents"},
	"import.kind.actuals":     {"年度实际值", "Yearly actual values"},
	"import.kind.plan":        {"指标定义(主要指标表)", "Indicator definitions (indicator table)"},
	"import.file":             {"文件", "File"},
	"import.file.help":        {"CSV(UTF-8、带 BOM 的 UTF-8 或 Excel 另存的 GB18030/GBK)或 .xlsx;列名可用中文(指标代码、年份、数值、来源、备注)。数值可写 1,800、约1800、超过1150、2.3%、1.8万亿。", "CSV (UTF-8, UTF-8 with BOM, or GB18030/GBK as Excel saves it) or .xlsx; Chinese headers are fine. Values may be written 1,800, 约1800, 超过1150, 2.3%, 1.8万亿."},
	"import.check":            {"上传并检查", "Upload and check"},
	"import.uploading":        {"正在上传", "Uploading"},
	"import.checking":         {"上传完成,正在检查…", "Uploaded; checking…"},
	"import.template":         {"下载填报模板", "Download the entry template"},
	"import.template.note":    {"已填好本规划的指标代码、名称、单位和年份,只需填写数值。", "with this plan's indicator codes, names, units and years filled in: add the values."},
	"import.export":           {"导出全部现值", "Export all current values"},
	"import.export.note":      {"导出后原样导入不会产生任何变化。", "importing the export back changes nothing."},
	"import.definitions":      {"导出指标定义(可编辑后导入)", "Export the indicator definitions (edit and import back)"},
	"import.definitions.note": {"XLSX;也可使用 definitions.csv。", "XLSX; definitions.csv also works."},
	"import.history":          {"导入记录", "Import history"},
	"import.history.intro":    {"每次导入写入的数值都是新的修订版本,记录文件名、SHA-256、导入人和时间。", "Every value an import writes is a new revision recording the file name, its SHA-256, who imported it and when."},
	"import.targets":          {"年度目标", "Year targets"},
	"import.targetChange":     {"目标 %s", "target %s"},
	"import.none":             {"还没有导入记录。", "Nothing imported yet."},
	"import.when":             {"时间", "When"},
	"import.who":              {"导入人", "By"},
	"import.rows":             {"数据行", "Data rows"},
	"import.new":              {"新增", "New"},
	"import.changedN":         {"修改", "Changed"},
	"import.unchanged":        {"未变", "Unchanged"},
	"import.empty":            {"无数值的行", "Rows without a value"},
	"import.errors":           {"错误", "Errors"},
	"import.warnings":         {"警告", "Warnings"},
	"import.changes":          {"将写入的数值", "Values written"},
	"import.row":              {"行", "Row"},
	"import.column":           {"列", "Column"},
	"import.message":          {"问题", "Problem"},
	"import.old":              {"原值", "Old"},
	"import.new.value":        {"新值", "New"},
	"import.isNew":            {"新增", "new"},
	"import.defChanged":       {"已修改", "changed"},
	"import.defSaved":         {"已保存", "saved"},
	"import.preview":          {"导入预览", "Import preview"},
	"import.hasErrors":        {"文件有错误,什么也没有写入。请按下表修改文件后重新上传。", "The file has errors and nothing was written. Correct them as listed below and upload it again."},
	"import.nothing":          {"文件中的数值与现有数据完全一致,无需导入。", "Every value in the file is already current: there is nothing to import."},
	"import.ready":            {"检查通过。请核对下列变化(含警告),确认后一次性写入。", "The file checks out. Review the changes (and any warnings) below, then confirm to write them in one go."},
	"import.commit":           {"确认导入:新增 %d 个、修改 %d 个", "Import: %d new, %d changed"},
	"import.again":            {"重新上传文件", "Upload a file again"},
	"import.more":             {"列表只显示前 %d 条,计数为全部。", "The lists show the first %d; the counts are complete."},
	"import.detail":           {"导入 #%d", "Import #%d"},
	"import.saved":            {"已导入:新增 %d 个、修改 %d 个数值。", "Imported: %d new and %d changed values."},
	"import.unchangedNotice":  {"“%s”中的数值均已是现值,没有写入任何内容。", "Every value in %q was already current: nothing was written."},
	"import.err.nofile":       {"请选择要上传的文件", "Choose a file to upload"},
	"import.err.kind":         {"请选择文件内容", "Choose what the file contains"},
	"import.err.toolarge":     {"文件过大(上限 %d MB)", "The file is too large (limit %d MB)"},
	"grid.cell":               {"%s %d年", "%s, %d"},
	"grid.heading":            {"批量填报", "Entry grid"},
	"grid.intro":              {"一次填报多个指标、多个年份:只保存改动过的格子,每个改动都是新的修订版本。数值可写 1,800、约1800、>1150;不能删除已有数值。", "Enter many indicators and years at once: only the cells you change are saved, each as a new revision. Values may be written 1,800, 约1800, >1150; existing values cannot be removed."},
	"grid.submit":             {"保存改动", "Save changes"},
	"grid.file":               {"网页批量填报", "entry grid"},
	"grid.err":                {"有格子需要修改,什么也没有保存。", "Some cells need correcting; nothing was saved."},
	"grid.warn":               {"有数值看起来不太对(见标出的格子)。请核对;确认无误后再次点击保存。", "Some values look suspicious (see the marked cells). Check them, then save again to confirm."},
	"grid.err.clear":          {"已有数值不能清空;如有误请填写更正后的数值", "An existing value cannot be cleared; enter the corrected value instead"},
	"grid.err.source":         {"请注明数据来源", "Give the source of the figures"},
	"grid.unchanged":          {"没有改动,未保存任何内容。", "Nothing changed; nothing was saved."},

	"app.name":           {"规划指标监测", "Plan indicator tracker"},
	"app.tagline":        {"五年规划指标进度跟踪", "Tracking the indicators of five-year plans"},
	"lang.switch":        {"English", "中文"},
	"nav.plans":          {"规划列表", "Plans"},
	"nav.api":            {"数据接口", "JSON API"},
	"sample.banner":      {"示例数据:本规划的数字由程序生成,用于演示,不是任何城市的真实统计。", "Sample data: the figures of this plan are generated for demonstration and are not real statistics of any city."},
	"sample.tag":         {"示例数据", "sample data"},
	"plans.title":        {"规划列表", "Plans"},
	"plans.empty":        {"还没有规划。", "There are no plans yet."},
	"plans.period":       {"规划期", "Period"},
	"plans.count":        {"指标数", "Indicators"},
	"plans.jurisdiction": {"地区", "Jurisdiction"},
	"plans.name":         {"规划", "Plan"},
	"plans.summary":      {"进度概况", "Progress"},
	"plans.source":       {"依据", "Source"},

	"overview.counts":                {"进度状态统计", "Indicators by status"},
	"overview.chart":                 {"完成度与时序进度", "Completion against elapsed time"},
	"overview.chart.note":            {"每个点是一个指标;虚线上方表示完成度快于时间进度。", "Each point is an indicator; above the dashed line, completion is ahead of elapsed time."},
	"overview.table":                 {"指标一览", "All indicators"},
	"overview.nosection":             {"未归入章节", "Not in a section"},
	"overview.reference":             {"参考指标(公开数据,非规划目标)", "Reference figures (public data, not plan targets)"},
	"punct.list":                     {"、", "; "},
	"unit.perYear":                   {"/年", "/year"},
	"punct.colon":                    {":", ": "},
	"overview.gaps":                  {"数据缺口", "Data gaps"},
	"overview.gap.nobaseline":        {"缺基期值", "no baseline"},
	"overview.gap.nodata":            {"规划期内无实际值", "no actual in the plan period"},
	"overview.gap.stale":             {"最新值为%d年", "latest value is for %d"},
	"overview.nogaps":                {"没有数据缺口。", "No data gaps."},
	"overview.filtered":              {"显示 %d / %d 个指标", "Showing %d of %d indicators"},
	"overview.none":                  {"没有符合条件的指标。", "No indicator matches."},
	"overview.clamped":               {"%d个指标的完成度超出纵轴范围(%s 至 %s),以箭头画在图边缘:%s。", "%d indicators lie beyond the axis (%s to %s) and are drawn as arrows on its edge: %s."},
	"overview.chart.label":           {"各指标完成度与时间进度对照散点图,数据见下方指标表", "Scatter chart of each indicator's completion against time elapsed; the figures are in the indicator table below"},
	"chart.indicator.label":          {"%s:%d–%d年实际值、预期路径、趋势外推与目标", "%s: actual values, expected path, trend projection and target, %d–%d"},
	"chart.data":                     {"图表数据:%s(表格)", "Chart figures: %s (table)"},
	"overview.gap.rateGap":           {"%d年缺增速数据,此后累计值无法计算", "no rate for %d: the cumulative figure stops there"},
	"alt.linear":                     {"线性完成度", "Linear completion"},
	"alt.linear.formula":             {"c = C/p = (x_t − x₀)/(x_T − x₀)", "c = C/p = (x_t − x₀)/(x_T − x₀)"},
	"alt.log":                        {"对数完成度", "Log-ratio completion"},
	"alt.log.formula":                {"c = ln(1 + C)/ln(1 + p)", "c = ln(1 + C)/ln(1 + p)"},
	"alt.completion.own":             {"本指标采用此方法", "the method this indicator uses"},
	"alt.completion.other":           {"供比较", "for comparison"},
	"chart.rate":                     {"当年增速", "Yearly rate"},
	"chart.average":                  {"年均增速(累计)", "Average rate so far"},
	"chart.cumulative":               {"累计变化", "Cumulative change"},
	"chart.own":                      {"本指标增速", "This indicator's growth"},
	"chart.yearTarget":               {"年度目标", "Year's target"},
	"chart.break":                    {"口径调整", "Series break"},
	"entry.break":                    {"口径调整(与以前年份不可比)", "Series break (not comparable with earlier years)"},
	"entry.break.help":               {"统计口径变化时勾选:趋势从这一年重新计算。", "Tick when the statistical scope changed: the trend starts again from this year."},
	"entry.target":                   {"本年目标", "This year's target"},
	"entry.target.help":              {"按文件原文填写,如“6以上”“5.5左右”“控制在3%以内”;可只填目标、暂不填数值。", "As the document words it: 6以上, 5.5左右, 控制在3%以内; a target may come before its value."},
	"entry.band.help":                {"“左右”的容许幅度;不填时百分比按±0.5个百分点,其他按目标值的±1%。", "The band of 左右; without it ±0.5 points for %, ±1% of the target otherwise."},
	"err.indicator.logKind":          {"对数法只用于“累计变化”类目标", "the log method applies to cumulative changes only"},
	"err.indicator.method":           {"测算方法“%s”无效:可填 linear(线性)或 log(对数)", "method %q is invalid: linear or log"},
	"err.indicator.noReference":      {"相对目标须指明参照指标(如 gdp_growth)", "a relative target needs the indicator it compares with (e.g. gdp_growth)"},
	"err.indicator.observedAs":       {"数据形式“%s”无效:可填 level(水平值)或 yearly_rate(年度增速)", "observed_as %q is invalid: level or yearly_rate"},
	"err.indicator.pendingKind":      {"“%s”类目标没有待下达的数值", "a %s target has no figure to be assigned"},
	"err.indicator.pendingText":      {"目标值暂缺时,请在“目标表述”中写明规划原文,如“完成省下达目标”", "without a target figure, write the plan's words in target_text, e.g. 完成省下达目标"},
	"err.indicator.rateKind":         {"以年度增速填报的指标不能设“%s”目标:请用年均增长、累计变化、各年度目标或相对目标", "values published as yearly rates cannot have a %s target: use average growth, cumulative change, yearly or relative targets"},
	"err.indicator.reason":           {"修改基期值或目标时请填写理由,它将记入变更记录", "give a reason when changing the baseline or the target: the history keeps it"},
	"err.indicator.referenceKind":    {"只有相对目标才有参照指标", "only a relative target has a reference indicator"},
	"err.indicator.referenceUnknown": {"指标%s的参照指标“%s”在本规划中不存在", "indicator %s compares with %q, which this plan does not have"},
	"err.indicator.selfReference":    {"相对目标不能以指标自身为参照", "a relative target cannot compare an indicator with itself"},
	"err.obs.rate":                   {"增速%s%%意味着下降100%%以上,不可能", "a rate of %s%% means a fall of 100%% or more, which cannot be"},
	"err.target.band":                {"幅度“%s”不是非负数", "band %q is not a non-negative number"},
	"err.target.nan":                 {"目标“%s”读不出数值:请写成“6以上”“5.5左右”“≤5.5”“控制在3%%以内”这类形式", "target %q has no figure: write it like 6以上, 5.5左右, ≤5.5, 控制在3%%以内"},
	"err.target.words":               {"目标“%s”的限定词相互矛盾", "the words of target %q contradict each other"},
	"f.break":                        {"%d年起口径调整,与以前年份不可比:趋势从该年重新拟合。", "A series break in %d: not comparable with earlier years; the trend is fitted again from that year."},
	"f.cumulative":                   {"累计变化 C", "Cumulative change C"},
	"f.difference":                   {"差(百分点)", "Difference (points)"},
	"f.growthFromLevels":             {"本指标按水平值填报,各年增速由相邻年份数值算出。", "This indicator's values are levels; each year's growth is computed from the year before."},
	"f.index":                        {"累计指数(基期=100)", "Index (baseline = 100)"},
	"f.indexStep":                    {"%d年累计指数", "Index in %d"},
	"f.indexTable":                   {"各年增速与累计指数(%d年=100)", "Yearly rates and the index (%d = 100)"},
	"f.logCompletion":                {"对数完成度", "Log-ratio completion"},
	"f.observedAs":                   {"数据形式", "Values are"},
	"f.ownAverage":                   {"本指标年均增速(%d个共同年份)", "This indicator's average rate (%d common years)"},
	"f.pending":                      {"目标待下达:%s。下达后由管理员填入目标值,变更记入记录。", "Target pending: %s. An administrator enters the figure once assigned; the change is kept in the history."},
	"f.pendingRule":                  {"目标尚待下达(%s),暂不判断进度", "The target is yet to be assigned (%s): progress is not judged"},
	"f.rateGap":                      {"%d年缺少增速数据,此后各年的累计值无法计算,判断以缺数前一年为准。", "No rate for %d: the cumulative figure cannot go on, and the judgement rests on the year before."},
	"f.refAverage":                   {"%s年均增速", "%s, average rate"},
	"f.reference":                    {"参照指标", "Compared with"},
	"f.relative.met":                 {"本指标年均增长%s,参照指标%s,满足 %s → %s", "This indicator averages %s a year against %s: %s holds → %s"},
	"f.relative.none":                {"本指标与“%s”还没有共同年份的数据,无法比较", "This indicator and “%s” have no year of data in common yet"},
	"f.relative.unmet":               {"本指标年均增长%s,参照指标%s,不满足 %s → %s", "This indicator averages %s a year against %s: %s does not hold → %s"},
	"f.relativeTable":                {"逐年比较", "Year by year"},
	"f.yearMet":                      {"是否完成", "Met"},
	"f.yearMet.true":                 {"完成", "met"},
	"f.yearMet.false":                {"未完成", "not met"},
	"f.yearly.met":                   {"%d年目标%s,实际%s,完成 → %s", "%d: target %s, actual %s, met → %s"},
	"f.yearly.none":                  {"还没有既有年度目标又有实际值的年份", "No year has both a target and a value yet"},
	"f.yearly.unmet":                 {"%d年目标%s,实际%s,未完成 → %s", "%d: target %s, actual %s, not met → %s"},
	"f.yearlyTable":                  {"各年度目标完成情况(%d/%d年完成)", "Years' targets (%d of %d years met)"},
	"f.yearsMet":                     {"完成年份", "Years met"},
	"f.yearsMetValue":                {"%d/%d", "%d of %d"},
	"grid.targetCell":                {"%s %d年目标", "%s, target for %d"},
	"history.heading":                {"基期值与目标变更记录", "Changes of baseline and target"},
	"history.intro":                  {"目标下达、口径调整等对基期值和目标的修改都记录在此,原值保留。", "Every change of the baseline or the target (a target assigned, a change of scope) is kept here, the old value with it."},
	"history.field":                  {"项目", "Field"},
	"history.change":                 {"修改", "Change"},
	"history.reason":                 {"理由", "Reason"},
	"history.import":                 {"导入 #%d", "import #%d"},
	"imp.bandWithoutTarget":          {"有幅度而没有目标", "a band without a target"},
	"imp.break":                      {"“%s”不是是/否:口径调整列请填 1、是 或留空", "%q is not yes or no: write 1, 是, or leave it empty"},
	"imp.conflictTargetRow":          {"%s %d年的目标与第%d行不同", "%s %d: a target different from row %d's"},
	"imp.interim":                    {"阶段目标“%s”读不出:请写成 2023:1.5;2024:2", "interim targets %q cannot be read: write 2023:1.5;2024:2"},
	"imp.sectionPath":                {"章节“%s”有空的一级:请写成“第五篇 … / 第二章 …”", "section %q has an empty part: write 第五篇 … / 第二章 …"},
	"imp.targetNotYearly":            {"指标%s不是“各年度目标”类,本行的目标已忽略", "indicator %s has no yearly targets: the row's target is ignored"},
	"ind.methodField":                {"完成度测算方法", "Completion method"},
	"ind.methodField.help":           {"累计变化类目标可选对数法 ln(1+C)/ln(1+p)(能耗、碳排放强度常用);两种结果都会显示。", "A cumulative change may use the log ratio ln(1+C)/ln(1+p), customary for energy and carbon intensity; both are shown."},
	"ind.observedAs":                 {"数据形式", "Values are"},
	"ind.observedAs.help":            {"统计部门公布的是当年比上年增速(如GDP增长5.2)时选“年度增速”:年均增长和累计变化目标将按增速连乘计算。", "Choose yearly rates where statistics publish each year's change (GDP growth 5.2): average-growth and cumulative targets then compound them."},
	"ind.reason":                     {"修改理由", "Reason for the change"},
	"ind.reason.help":                {"修改基期值或目标时必填(如“省下达目标”“统计口径调整”),记入变更记录。", "Needed when the baseline or the target changes (a target assigned, a change of scope); kept in the history."},
	"ind.reference":                  {"参照指标", "Compared with"},
	"ind.reference.help":             {"相对目标比较的另一指标,如“与经济增长基本同步”比较地区生产总值增长。", "The indicator a relative target compares with, e.g. GDP growth for “in step with economic growth”."},
	"ind.source":                     {"数据来源", "Source of figures"},
	"ind.source.help":                {"本指标数据的出处,如“市统计局统计公报”。", "Where this indicator's figures come from, e.g. the city statistics bulletin."},
	"ind.targetText":                 {"目标表述", "Target as worded"},
	"ind.targetText.help":            {"规划原文的目标表述;目标值暂缺(如“完成省下达目标”)时必填,状态为待下达。", "The plan's words; needed when the figure is yet to come (完成省下达目标), which makes the target pending."},
	"method.linear":                  {"线性(C/p)", "Linear (C/p)"},
	"method.log":                     {"对数(ln(1+C)/ln(1+p))", "Log ratio (ln(1+C)/ln(1+p))"},
	"observed.level":                 {"水平值", "Levels"},
	"observed.yearly_rate":           {"年度增速(比上年)", "Yearly rates (on the year before)"},
	"target.pending":                 {"待下达(%s)", "pending (%s)"},
	"target.yearly":                  {"各年度目标", "yearly targets"},
	"target.relative.ge":             {"不低于%s", "at least %s"},
	"target.relative.gt":             {"高于%s", "above %s"},
	"target.relative.le":             {"不高于%s", "at most %s"},
	"target.relative.lt":             {"低于%s", "below %s"},
	"target.relative.around":         {"与%s基本同步", "in step with %s"},
	"field.baseline_year":            {"基期年份", "Baseline year"},
	"field.baseline_value":           {"基期值", "Baseline value"},
	"field.target_kind":              {"目标类型", "Target kind"},
	"field.target_value":             {"目标值", "Target value"},
	"field.target_text":              {"目标表述", "Target as worded"},
	"field.target_year":              {"目标年份", "Target year"},
	"field.comparator":               {"比较方式", "Comparator"},
	"field.band":                     {"容许幅度", "Band"},
	"field.targets":                  {"年度目标", "Year targets"},
	"overview.empty":                 {"本规划还没有指标。", "This plan has no indicators yet."},
	"overview.empty.ask":             {"管理员录入指标后,这里将显示各指标的进展。", "Once an administrator enters its indicators, their progress shows here."},
	"overview.empty.import":          {"导入指标表", "Import an indicator table"},
	"overview.empty.import.note":     {"从 Excel 或 CSV 一次录入全部指标;表头见“导出指标定义”。", "All indicators at once from Excel or CSV; the columns are those of the definitions export."},
	"plans.empty.ask":                {"请联系管理员新建规划。", "Ask an administrator to create one."},
	"overview.binding.note":          {"约束性指标列在各组前面。", "Binding indicators are listed first in each group."},

	"filter.status":    {"进度判断", "Status"},
	"filter.attribute": {"属性", "Attribute"},
	"filter.all":       {"全部", "All"},
	"filter.apply":     {"筛选", "Filter"},
	"filter.reset":     {"清除筛选", "Clear filters"},
	"filter.asof":      {"数据截至", "Data as of"},

	"col.code":       {"代码", "Code"},
	"col.name":       {"指标", "Indicator"},
	"col.attribute":  {"属性", "Attribute"},
	"col.unit":       {"单位", "Unit"},
	"col.baseline":   {"基期值", "Baseline"},
	"col.target":     {"目标值", "Target"},
	"col.latest":     {"最新值", "Latest"},
	"col.completion": {"完成度", "Completion"},
	"col.elapsed":    {"时序进度", "Elapsed"},
	"col.status":     {"进度判断", "Status"},
	"col.progress":   {"进度", "Progress"},
	"col.year":       {"年份", "Year"},
	"col.value":      {"数值", "Value"},
	"col.qualifier":  {"限定", "Qualifier"},
	"col.obsstatus":  {"数据状态", "Data status"},
	"col.source":     {"来源", "Source"},
	"col.note":       {"备注", "Note"},
	"col.revision":   {"修订", "Revision"},
	"col.recorded":   {"录入", "Recorded"},
	"col.department": {"责任单位", "Department"},
	"col.kind":       {"目标类型", "Target kind"},
	"col.section":    {"所属章节", "Section"},
	"col.interim":    {"阶段目标", "Interim targets"},
	"col.direction":  {"方向", "Direction"},

	"unknown":     {"未知", "unknown"},
	"none":        {"无", "none"},
	"year.suffix": {"%d年", "%d"},

	"status.no_data":        {"无数据", "No data"},
	"status.achieved_early": {"提前实现", "Achieved early"},
	"status.achieved":       {"已实现", "Achieved"},
	"status.no_baseline":    {"缺基期值", "No baseline"},
	"status.not_achieved":   {"未完成", "Not achieved"},
	"status.regressing":     {"逆向变化", "Regressing"},
	"status.ahead":          {"快于预期", "Ahead"},
	"status.on_track":       {"基本符合预期", "On track"},
	"status.behind":         {"滞后", "Behind"},
	"status.compliant":      {"符合", "Compliant"},
	"status.target_pending": {"待下达", "Target pending"},
	"status.breached":       {"越限", "Out of bounds"},
	"status.monitoring":     {"监测", "Monitoring"},

	"kind.level":             {"达到水平", "Level"},
	"kind.increase_by":       {"新增(增量)", "Increase by"},
	"kind.avg_growth":        {"年均增长", "Average annual growth"},
	"kind.cumulative_change": {"累计变化", "Cumulative change"},
	"kind.pp_change":         {"提高/降低百分点", "Percentage-point change"},
	"kind.ceiling":           {"上限(控制在以内)", "Ceiling"},
	"kind.floor":             {"下限(不低于)", "Floor"},
	"kind.milestone":         {"建成(里程碑)", "Milestone"},
	"kind.relative":          {"相对目标(与另一指标比较)", "Relative (compared with another indicator)"},
	"kind.yearly":            {"各年度目标", "Yearly targets"},
	"kind.none":              {"仅监测,无目标", "Monitoring only"},

	"attr.expected":  {"预期性", "Expected"},
	"attr.binding":   {"约束性", "Binding"},
	"attr.reference": {"参考", "Reference"},

	"dir.increase": {"越高越好", "higher is better"},
	"dir.decrease": {"越低越好", "lower is better"},

	"qual.exact":             {"不加限定", "no qualifier"},
	"qual.lower_bound":       {"下限(超过)", "lower bound (more than)"},
	"qual.upper_bound":       {"上限(不到)", "upper bound (less than)"},
	"qual.estimate":          {"估计值(约)", "estimate (about)"},
	"qual.short.lower_bound": {"超过", "over"},
	"qual.short.upper_bound": {"不到", "under"},
	"qual.short.estimate":    {"约", "about"},

	"obsstatus.preliminary": {"初步数", "preliminary"},
	"obsstatus.final":       {"最终数", "final"},

	"target.increase_by":                {"新增%s%s", "%s more %s"},
	"target.avg_growth.up":              {"年均增长%s%%", "growth of %s%% a year"},
	"target.avg_growth.down":            {"年均下降%s%%", "a fall of %s%% a year"},
	"target.cumulative_change.up":       {"累计增长%s%%", "up %s%% in total"},
	"target.cumulative_change.down":     {"累计下降%s%%", "down %s%% in total"},
	"target.pp_change.up":               {"提高%s个百分点", "up %s percentage points"},
	"target.pp_change.down":             {"降低%s个百分点", "down %s percentage points"},
	"target.milestone":                  {"建成%s%s", "%s %s completed"},
	"err.indicator.comparatorDirection": {"比较方式“%s”与方向(%s)矛盾:请选择“按方向”或与方向一致的比较方式", "comparator %q contradicts the direction (%s): choose “by direction” or a comparator that agrees with it"},
	"err.indicator.ceilingDirection":    {"上限(控制在以内)目标只适用于越低越好的指标", "a ceiling applies only where lower is better"},
	"err.indicator.floorDirection":      {"下限(不低于)目标只适用于越高越好的指标", "a floor applies only where higher is better"},
	"stale.label":                       {"数据滞后", "Data lag"},
	"stale.note":                        {"数据滞后:依据%d年数据", "data lag: judged on %d data"},
	"status.stale":                      {"数据滞后", "Data lag"},
	"report.s.stale":                    {"数据滞后 %d 个(最新数据早于%d年,下列判断以较早年份的数据作出,不计入进展顺利的指标):%s。", "%d indicators have lagging data (nothing for %d or later; their judgements below rest on earlier years and are not counted as on course): %s."},
	"report.s.staleItem":                {"%s(%d年数据,%s)", "%s (%d data, %s)"},
	"admin.conflicts":                   {"定义自相矛盾的指标(请先修正:比较方式与方向相反,会把变差判为已实现)", "Indicators whose definition contradicts itself (fix these first: a comparator against the direction calls a worsening achieved)"},
	"admin.conflict":                    {"问题", "Problem"},
	"report.drafts":                     {"可预览的报告草稿", "Drafts you can preview"},
	"report.preview.col":                {"草稿(网页,带“草稿”标记)", "Draft (web page, marked DRAFT)"},
	"report.noPDF.short":                {"不可用(服务器未安装 Chromium)", "unavailable (no Chromium on the server)"},
	"report.issuedList":                 {"已印发的报告", "Issued reports"},
	"report.state":                      {"状态", "State"},
	"report.state.issued":               {"有效", "in force"},
	"report.state.withdrawn":            {"已于%s撤回:%s", "withdrawn on %s: %s"},
	"report.withdraw":                   {"撤回", "Withdraw"},
	"report.withdraw.heading":           {"撤回报告 %s", "Withdraw report %s"},
	"report.withdraw.intro":             {"撤回后,报告仍可查阅,但每一页都标明“已撤回”及原因;撤回记入审计日志,不能取消。如需更正,请撤回后重新印发。", "A withdrawn report can still be read, but every page says it is withdrawn and why; the withdrawal is in the audit log and cannot be undone. To correct a report, withdraw it and issue it again."},
	"report.withdraw.reason":            {"撤回原因", "Reason"},
	"report.withdraw.submit":            {"确认撤回", "Withdraw"},
	"report.withdrawn.mark":             {"已撤回", "WITHDRAWN"},
	"report.withdrawn.note":             {"本报告已于%s由%s撤回,原因:%s。", "This report was withdrawn on %s by %s: %s."},
	"report.withdrawn.notice":           {"报告 %s 已撤回。", "Report %s is withdrawn."},
	"report.issue.check":                {"检查并预览印发", "Check before issuing"},
	"report.confirm.title":              {"确认印发", "Confirm the issue"},
	"report.confirm.heading":            {"确认印发:%s", "Issue the %s?"},
	"report.confirm.intro":              {"将以截至该年的现有数据印发《%s》这一报告,印发人为 %s。印发后报告内容冻结,以后数据修订也不会改变它;如发现错误,只能撤回后重新印发。", "The report of %s will be issued from the data as they stand, by %s. Once issued it is frozen, and later revisions do not change it; a mistake can only be put right by withdrawing it and issuing it again."},
	"report.organisation":               {"编制单位", "Compiled by"},
	"report.organisation.unset":         {"(未设置:请在规划设置中填写)", "(not set: fill it in the plan's settings)"},
	"err.report.kindYear":               {"%s不适用于%d年:只能选%d–%d年", "a %s does not fit %d: choose from %d to %d"},
	"err.report.reason":                 {"请填写撤回原因", "give the reason for the withdrawal"},
	"err.report.withdrawn":              {"报告“%s”已经撤回", "report %q is withdrawn already"},
	"plan.organisation":                 {"编制单位", "Compiled by"},
	"plan.organisation.help":            {"报告封面上的编制单位,例如“成都市发展和改革委员会”。", "The body that compiles the reports, shown on their covers."},
	"settled.met":                       {"目标已于%d年实现,不再外推,也无需计算所需进度。", "The target was met in %d: nothing left to project or pace."},
	"settled.target_year":               {"目标年(%d年)已有实际值,以实际值为准,不再外推。", "The target year (%d) has its value: the outcome stands, and nothing is projected."},
	"f.unmetRule":                       {"%s 不满足 %s → %s", "%s does not satisfy %s → %s"},
	"alt.kinder":                        {"%s(但按默认方法为“%s”,以默认方法为准)", "%s (but %s by the default method, which decides)"},
	"target.level":                      {"%s %s", "%s %s"},
	"target.none":                       {"—", "—"},

	"ind.assessment":     {"进度评估", "Assessment"},
	"ind.method":         {"默认方法:时序进度法", "Default method: completion against elapsed time"},
	"ind.formula":        {"计算过程", "Calculation"},
	"ind.inputs":         {"输入", "Inputs"},
	"ind.alternatives":   {"其他评估方法", "Alternative methods"},
	"ind.observations":   {"实际值", "Actual values"},
	"ind.history":        {"修订历史", "Revision history"},
	"ind.planText":       {"规划原文", "Plan text"},
	"ind.baselineSource": {"基期值来源", "Baseline source"},
	"ind.note":           {"说明", "Note"},
	"ind.chart":          {"走势", "Trend"},
	"ind.noobs":          {"还没有实际值。", "No actual values yet."},
	"ind.trend":          {"趋势判断", "Trend judgement"},
	"ind.pace":           {"剩余年份所需进度", "Pace required in the remaining years"},
	"ind.parent":         {"分解自上级指标", "Decomposes"},
	"ind.info":           {"指标信息", "About this indicator"},
	"ind.current":        {"现行", "current"},
	"ind.superseded":     {"已被修订", "superseded"},
	"ind.prebase":        {"基期前数据,不参与评估", "before the baseline year: not used in the assessment"},
	"ind.basis":          {"依据%d年实际值:", "From the %d actual: "},
	"ind.breaches":       {"越限年份", "Years out of bounds"},

	"f.baseline":     {"基期值 x₀ (%d年)", "Baseline x₀ (%d)"},
	"f.target":       {"目标值 x_T (%d年)", "Target x_T (%d)"},
	"f.latest":       {"最新实际值 x_t (%d年)", "Latest actual x_t (%d)"},
	"f.tolerance":    {"容差 δ", "Tolerance δ"},
	"f.comparator":   {"达标条件", "Met when"},
	"f.xT":           {"目标水平", "Target level"},
	"f.completion":   {"完成度 c", "Completion c"},
	"f.elapsed":      {"时序进度 s", "Elapsed share s"},
	"f.rule":         {"判断", "Rule"},
	"f.actualRate":   {"实际年均增速 a", "Actual average rate a"},
	"f.ratio":        {"增速比 r = a / g", "Rate ratio r = a / g"},
	"f.nobaseline":   {"缺少基期值,无法计算完成度;只能判断是否已达标。", "Without a baseline, completion cannot be computed; only whether the target is met."},
	"f.nodata":       {"规划期内(%d年以后)还没有实际值。", "No actual value after %d yet."},
	"f.monitoring":   {"本指标没有量化目标,只监测走势。", "This indicator has no target; only its trend is monitored."},
	"f.bound":        {"每年检查是否越限,以最新年份判断。", "Every year is checked against the bound; the latest year decides."},
	"f.metRule":      {"%s 满足 %s → %s", "%s satisfies %s → %s"},
	"f.passedT":      {"已到目标年份,目标未完成 → %s", "Target year reached, target not achieved → %s"},
	"f.rule.c":       {"c = %s,s = %s,δ = %s:%s → %s", "c = %s, s = %s, δ = %s: %s → %s"},
	"f.rule.r":       {"r = %s,δ = %s:%s → %s", "r = %s, δ = %s: %s → %s"},
	"f.rule.neg":     {"c < 0", "c < 0"},
	"f.rule.ahead":   {"c ≥ s + δ", "c ≥ s + δ"},
	"f.rule.on":      {"s − δ < c < s + δ", "s − δ < c < s + δ"},
	"f.rule.behind":  {"c ≤ s − δ", "c ≤ s − δ"},
	"f.rule.rneg":    {"r < 0", "r < 0"},
	"f.rule.rahead":  {"r ≥ 1 + δ", "r ≥ 1 + δ"},
	"f.rule.ron":     {"1 − δ < r < 1 + δ", "1 − δ < r < 1 + δ"},
	"f.rule.rbehind": {"r ≤ 1 − δ", "r ≤ 1 − δ"},
	"f.rule.flat":    {"目标等于基期值且已不满足", "target equals the baseline and is no longer met"},

	"trend.linear":       {"线性最小二乘(含基期共 %d 个点)", "linear least squares over %d points, the baseline included"},
	"trend.compound":     {"复合增长(基期到最新值的年均增速)", "compound growth at the average rate from the baseline to the latest value"},
	"trend.projected":    {"预计%d年", "Projected for %d"},
	"trend.P":            {"预计完成比例 P = (x_T′ − x₀)/(x_T − x₀)", "Projected share P = (x_T′ − x₀)/(x_T − x₀)"},
	"trend.met":          {"目标已实现,趋势外推仅供参考。", "The target is met; the projection is for reference only."},
	"trend.afterBreak":   {"自%d年口径调整起拟合(共%d个点)", "fitted from the series break in %d (%d points)"},
	"trend.none":         {"实际值不足,无法外推。", "Not enough actuals to project."},
	"judgement.likely":   {"预计能完成", "likely"},
	"judgement.at_risk":  {"需加快", "at risk"},
	"judgement.unlikely": {"难以完成", "unlikely"},

	"pace.change":   {"每年需变化 (x_T − x_t)/(T − t)", "Change needed a year (x_T − x_t)/(T − t)"},
	"pace.rate":     {"每年需增长 (x_T/x_t)^(1/(T − t)) − 1", "Growth needed a year (x_T/x_t)^(1/(T − t)) − 1"},
	"pace.met":      {"已达标,无需计算。", "The target is met: nothing left to pace."},
	"pace.passed":   {"已到目标年份。", "The target year has been reached."},
	"pace.nodata":   {"需要至少一个实际值。", "Needs at least one actual value."},
	"pace.nolevel":  {"缺少基期值,无法得出目标水平。", "Without a baseline the target level is unknown."},
	"pace.na":       {"不适用于上下限、相对目标、各年度目标、待下达目标和仅监测的指标。", "Does not apply to ceilings, floors, relative, yearly and pending targets, or monitoring-only indicators."},
	"f.latest.none": {"最新实际值 x_t", "Latest actual x_t"},

	"alt.cagr":           {"年均复合增速比(加拿大统计局方法,Open SDG 采用)", "CAGR ratio (Statistics Canada, as used by Open SDG)"},
	"alt.cagr.formula":   {"R = 实际年均增速 / 所需年均增速", "R = actual CAGR / required CAGR"},
	"alt.un":             {"趋势外推比(联合国2023年方法)", "Extrapolation ratio (UN 2023)"},
	"alt.un.formula":     {"线性外推到目标年的完成比例", "share of the target reached by linear extrapolation to the target year"},
	"alt.na":             {"不适用(需要正的基期值、最新值和目标值)", "not applicable (needs positive baseline, latest and target values)"},
	"alt.na.un":          {"不适用(需要基期值和至少一个实际值)", "not applicable (needs a baseline and at least one actual)"},
	"alt.na.kind":        {"不适用于上下限、相对目标、各年度目标、待下达目标和仅监测的指标", "not applicable to ceilings, floors, relative, yearly and pending targets, or monitoring-only indicators"},
	"f.indexBase":        {"100(指数,基期年份=100)", "100 (an index, baseline year = 100)"},
	"f.noBaselineNeeded": {"不需要(与增速或年度目标比较)", "not needed (judged on growth or yearly targets)"},
	"alt.on_track":       {"符合进度", "on track"},
	"alt.accelerate":     {"需加快", "acceleration needed"},
	"alt.limited":        {"进展有限", "limited progress"},
	"alt.deterioration":  {"逆向变化", "deterioration"},

	"err.notfound":      {"页面不存在", "Page not found"},
	"err.notfound.body": {"找不到您要的页面。", "The page you asked for does not exist."},
	"err.internal":      {"服务器内部错误", "Internal server error"},
	"err.internal.body": {"出了点问题,请稍后再试;问题已记入日志。", "Something went wrong; it has been logged. Please try again later."},
	"err.badrequest":    {"请求有误", "Bad request"},
	"err.later":         {"请稍后再试", "Try again later"},
	"err.asof":          {"as_of “%s”应为规划期内的年份(%d–%d)", "as_of %q must be a year of the plan period (%d–%d)"},
	"err.readonly":      {"数据接口只读,只接受 GET 请求", "the API is read-only: GET requests only"},
	"err.signin":        {"请先登录", "please sign in"},
	"err.back":          {"返回规划列表", "Back to the plans"},

	"chart.actual":     {"实际值", "Actual"},
	"chart.expected":   {"预期路径", "Expected path"},
	"chart.projection": {"趋势外推", "Projection"},
	"chart.diagonal":   {"完成度 = 时序进度", "Completion = elapsed"},

	"nav.admin":             {"管理", "Admin"},
	"nav.login":             {"登录", "Sign in"},
	"nav.logout":            {"退出", "Sign out"},
	"notice.signedOut":      {"您已退出登录。", "You have signed out."},
	"notice.saved":          {"已保存。", "Saved."},
	"role.admin":            {"管理员", "admin"},
	"role.editor":           {"填报员", "editor"},
	"role.viewer":           {"查看者", "viewer"},
	"login.title":           {"登录", "Sign in"},
	"login.intro":           {"填报和管理需要登录;查看仪表盘不需要(除非管理员关闭了公开查看)。", "Entering and administering data needs an account; reading the dashboard does not (unless public reading is turned off)."},
	"login.name":            {"用户名", "User name"},
	"login.password":        {"密码", "Password"},
	"login.submit":          {"登录", "Sign in"},
	"form.save":             {"保存", "Save"},
	"form.fix":              {"请改正标出的错误后再提交。", "Please correct the marked fields and submit again."},
	"form.nameZh":           {"中文名称", "Chinese name"},
	"form.nameEn":           {"英文名称", "English name"},
	"form.code.help":        {"小写字母、数字、下划线、点和连字符;保存后不能修改。", "Lower-case letters, digits, _ . -; cannot be changed later."},
	"entry.heading":         {"填报实际值", "Enter an actual value"},
	"entry.hint":            {"同一年份再次填报会成为新的修订版本,原值保留在修订历史中。", "A new value for a year already entered becomes a new revision; the old one stays in the history."},
	"entry.submit":          {"保存数值", "Save value"},
	"entry.value.help":      {"可写千分位(1,800)、全角数字、“约1800”“超过1150”或带单位(1.8万亿)。", "Thousands separators (1,800), full-width digits, 约1800, 超过1150 or a unit (1.8万亿) are understood."},
	"entry.source.help":     {"文件名称或网址,例如《2024年统计公报》。", "A document or address, for example the 2024 statistical bulletin."},
	"submission.link":       {"报送情况", "Who has reported"},
	"submission.title":      {"报送情况", "Who has reported"},
	"submission.heading":    {"%d年数据报送情况", "Values reported for %d"},
	"overview.read":         {"查看", "Read"},
	"overview.work":         {"填报与管理", "Enter and manage"},
	"submission.intro":      {"按责任单位列出该年份还没有实际值的指标(参考指标除外)。", "Indicators still without a value for the year, by department (reference figures excluded)."},
	"submission.done":       {"已填报 / 应填报", "Entered / expected"},
	"submission.missing":    {"尚缺", "Still missing"},
	"submission.empty":      {"本规划没有需要填报的指标。", "This plan has no indicators to enter."},
	"submission.complete":   {"已全部填报", "all entered"},
	"submission.nodept":     {"未指定责任单位", "No department assigned"},
	"admin.title":           {"系统管理", "Administration"},
	"admin.intro":           {"只有管理员能看到本页。所有修改都记入审计日志。", "Only admins see this page. Every change is written to the audit log."},
	"admin.users":           {"用户", "Users"},
	"admin.departments":     {"组织单位", "Units"},
	"admin.audit":           {"审计日志", "Audit log"},
	"admin.audit.note":      {"每一次写入:谁、何时、改了什么、改前改后。日志只能追加,不能修改。", "Every write: who, when, what, before and after. The log can only grow; nothing can change it."},
	"admin.newPlan":         {"新建规划", "New plan"},
	"admin.editPlan":        {"编辑规划", "Edit plan"},
	"admin.sections":        {"章节结构", "Sections"},
	"admin.newIndicator":    {"新增指标", "New indicator"},
	"admin.editIndicator":   {"编辑指标", "Edit indicator"},
	"user.name.help":        {"登录用的名字,2–32个字符:汉字、字母、数字、点、下划线、连字符,如 张三 或 zhang.san。", "The name to sign in with, 2–32 characters: Chinese characters, letters, digits, . _ -, e.g. 张三 or zhang.san."},
	"user.displayName":      {"显示名称", "Display name"},
	"user.displayName.help": {"填报记录、审计日志中显示的姓名或单位,如“张三(市科技局)”;可不填,最多%d个字。", "The name or office histories and the audit log show, e.g. “Zhang San (science bureau)”; optional, at most %d characters."},
	"user.password":         {"密码", "Password"},
	"user.password.help":    {"至少%d个字符。", "At least %d characters."},
	"user.newPassword":      {"新密码", "New password"},
	"user.newPassword.help": {"留空则不修改。", "Leave empty to keep the current one."},
	"user.role":             {"角色", "Role"},
	"user.departments":      {"所属部门", "Departments"},
	"user.departments.help": {"填报员只能填报这些部门负责的指标。", "Editors can enter values only for these departments' indicators."},
	"user.disabled":         {"已停用", "disabled"},
	"user.active":           {"正常", "active"},
	"user.state":            {"状态", "State"},
	"user.none":             {"还没有用户。", "No users yet."},
	"user.create":           {"新建用户", "New user"},
	"user.edit":             {"编辑用户", "Edit user"},
	"user.edit.intro":       {"修改角色、部门或停用会让该用户的登录立即失效。", "Changing the role or departments, or disabling, ends the user's sessions at once."},
	"department.code.help":  {"例如 sci-bureau;用已有代码保存即修改其名称。", "For example sci-bureau; saving an existing code renames it."},
	"department.intro":      {"单位按上下级组成一棵树：市、区（市）县与功能区、部门。每个指标属于一个责任单位；账号对所属单位及其下级单位有权限。", "Units form a tree: the city, its districts and zones, departments. Every indicator belongs to one unit; an account acts for its units and every unit under them."},
	"department.none":       {"还没有责任单位。", "No departments yet."},
	"department.save":       {"新增或修改责任单位", "Add or rename a department"},
	"audit.at":              {"时间", "When"},
	"audit.actor":           {"操作人", "Who"},
	"audit.action":          {"操作", "Action"},
	"audit.entity":          {"对象", "Entity"},
	"audit.key":             {"标识", "Key"},
	"audit.before":          {"修改前", "Before"},
	"audit.after":           {"修改后", "After"},
	"audit.none":            {"还没有记录。", "Nothing recorded yet."},
	"audit.older":           {"更早的记录 ›", "Older entries ›"},
	"audit.newest":          {"‹ 最新的记录", "‹ Newest entries"},
	"audit.changes":         {"修改内容", "Changes"},
	"audit.from":            {"起始日期", "From"},
	"audit.to":              {"截止日期", "To"},
	"err.audit.date":        {"%s“%s”不是日期,请按 2026-01-31 的格式填写;这一条件未使用。", "%s “%s” is not a date (write it as 2026-01-31); that filter was not used."},
	"filter.any":            {"全部", "Any"},

	"audit.action.create":       {"新建", "created"},
	"audit.action.update":       {"修改", "changed"},
	"audit.action.save":         {"保存", "saved"},
	"audit.action.import":       {"导入", "imported"},
	"audit.action.issue":        {"印发", "issued"},
	"audit.action.withdraw":     {"撤回", "withdrew"},
	"audit.action.login":        {"登录", "signed in"},
	"audit.action.logout":       {"退出登录", "signed out"},
	"audit.action.login_failed": {"登录失败", "failed sign-in"},
	"audit.action.unlock":       {"解除登录限制", "lifted sign-in delays"},

	"audit.entity.plan":         {"规划", "plan"},
	"audit.entity.section":      {"章节", "section"},
	"audit.entity.indicator":    {"指标", "indicator"},
	"audit.entity.observations": {"指标数据", "figures"},
	"audit.entity.narrative":    {"进展说明", "narrative"},
	"audit.entity.report":       {"评估报告", "report"},
	"audit.entity.department":   {"部门", "department"},
	"audit.entity.user":         {"账号", "account"},
	"audit.entity.dataset":      {"规划数据集", "plan dataset"},
	"audit.entity.session":      {"会话(登录地址)", "session (address)"},

	"field.Code":              {"代码", "Code"},
	"field.NameZh":            {"中文名称", "Chinese name"},
	"field.NameEn":            {"英文名称", "English name"},
	"field.Unit":              {"单位", "Unit"},
	"field.SectionCode":       {"所属章节", "Section"},
	"field.Attribute":         {"属性", "Attribute"},
	"field.Direction":         {"方向", "Direction"},
	"field.Department":        {"责任部门", "Department"},
	"field.Departments":       {"负责部门", "Departments"},
	"field.BaselineYear":      {"基期年份", "Baseline year"},
	"field.BaselineValue":     {"基期值", "Baseline value"},
	"field.BaselineSource":    {"基期值来源", "Baseline source"},
	"field.Target.Kind":       {"目标类型", "Target kind"},
	"field.Target.Year":       {"目标年份", "Target year"},
	"field.Target.Value":      {"目标值", "Target value"},
	"field.Target.Comparator": {"目标限定", "Target comparator"},
	"field.Target.Band":       {"容许幅度", "Band"},
	"field.Target.FromZero":   {"从零起算", "Counted from zero"},
	"field.Interim":           {"阶段目标", "Interim targets"},
	"field.PlanText":          {"规划原文", "Plan wording"},
	"field.ParentPlan":        {"上级规划", "Parent plan"},
	"field.ParentCode":        {"上级代码", "Parent code"},
	"field.Note":              {"备注", "Note"},
	"field.Jurisdiction":      {"行政区域", "Jurisdiction"},
	"field.Organisation":      {"编制单位", "Issuing body"},
	"field.BaseYear":          {"基期年", "Base year"},
	"field.TargetYear":        {"目标年", "Target year"},
	"field.Tolerance":         {"容许偏差", "Tolerance"},
	"field.Sample":            {"示例数据", "Sample data"},
	"field.SourceZh":          {"规划文件出处", "Plan document"},
	"field.Level":             {"层级", "Level"},
	"field.Number":            {"编号", "Number"},
	"field.TitleZh":           {"中文标题", "Chinese title"},
	"field.TitleEn":           {"英文标题", "English title"},
	"field.Name":              {"账号名", "Account name"},
	"field.Role":              {"角色", "Role"},
	"field.Disabled":          {"已停用", "Disabled"},
	"field.PasswordChanged":   {"密码已修改", "Password changed"},
	"field.Year":              {"年份", "Year"},
	"field.Progress":          {"进展情况", "Progress"},
	"field.Problems":          {"存在问题", "Problems"},
	"field.Measures":          {"下一步措施", "Next measures"},
	"field.UpdatedBy":         {"修改人", "Updated by"},
	"field.UpdatedAt":         {"修改时间", "Updated at"},
	"field.file":              {"文件", "File"},
	"field.sha256":            {"文件摘要(SHA-256)", "File digest (SHA-256)"},
	"field.plans":             {"涉及规划", "Plans"},
	"field.new":               {"新增数据", "New figures"},
	"field.changed":           {"修改数据", "Changed figures"},
	"field.unchanged":         {"未变数据", "Unchanged figures"},
	"field.reason":            {"理由", "Reason"},
	"field.kind":              {"报告类型", "Report kind"},
	"field.year":              {"年份", "Year"},
	"field.method":            {"测算方法版本", "Method version"},
	"field.PlanCreated":       {"新建规划", "Plan created"},
	"field.Sections":          {"章节数", "Sections"},
	"field.Indicators":        {"指标数", "Indicators"},
	"field.NewRevisions":      {"新增数据版本", "New revisions"},
	"field.UnchangedYears":    {"未变年份", "Unchanged years"},
	"plan.baseYear":           {"基期年份", "Base year"},
	"plan.targetYear":         {"目标年份", "Target year"},
	"plan.tolerance":          {"容差 δ", "Tolerance δ"},
	"plan.tolerance.help":     {"0到1之间的小数,默认0.05:完成度在时序进度±δ之内算“基本符合预期”。", "A fraction from 0 to 1, 0.05 by default: completion within elapsed ± δ counts as on track."},
	"plan.parent":             {"上级规划", "Parent plan"},
	"section.top":             {"(顶层)", "(top level)"},
	"section.parent":          {"上级章节", "Parent section"},
	"section.level":           {"层级", "Level"},
	"section.number":          {"编号", "Number"},
	"section.number.help":     {"如“第五篇”“第二章”“专栏18”。", "As printed, for example 第五篇, 第二章, 专栏18."},
	"section.titleZh":         {"标题", "Title"},
	"section.titleEn":         {"英文标题", "English title"},
	"section.code.help":       {"例如 p5.c2;保存后不能修改。", "For example p5.c2; cannot be changed later."},
	"section.none":            {"还没有章节。", "No sections yet."},
	"section.create":          {"新增章节", "New section"},
	"section.edit":            {"编辑章节", "Edit section"},
	"level.part":              {"篇", "part (篇)"},
	"level.chapter":           {"章", "chapter (章)"},
	"level.section":           {"节", "section (节)"},
	"level.box":               {"专栏", "box (专栏)"},
	"unit.count":              {"个", "count"},
	"level.numbered.part":     {"第%d篇", "Part %d"},
	"level.numbered.chapter":  {"第%d章", "Chapter %d"},
	"level.numbered.section":  {"第%d节", "Section %d"},
	"level.numbered.box":      {"专栏%d", "Box %d"},
	"cmp.none":                {"(按方向:越高越好为 ≥,越低越好为 ≤)", "(by direction: ≥ when higher is better, ≤ when lower)"},
	"cmp.ge":                  {"达到、以上", "at least"},
	"cmp.gt":                  {"超过", "more than"},
	"cmp.le":                  {"不高于、以内", "at most"},
	"cmp.lt":                  {"低于", "less than"},
	"cmp.around":              {"左右(± 容许幅度)", "around (± band)"},
	"ind.baselineYear":        {"基期年份", "Baseline year"},
	"ind.baseline.help":       {"没有来源给出时留空:系统会标为“缺基期值”,不会当作0。", "Leave empty when no source gives it: it shows as “no baseline”, never as 0."},
	"ind.kind.help":           {"达到水平:目标值即终值;新增:目标值为增量;年均增长/累计变化:目标值为百分数;百分点:目标值为点数;上下限:目标值为界限;建成:目标值为个数。", "Level: the target is the final value; increase by: the delta; average growth / cumulative change: a percentage; points: the points; ceiling/floor: the bound; milestone: the count."},
	"ind.targetValue":         {"目标值(按目标类型)", "Target value (in the kind's terms)"},
	"ind.targetValue.help":    {"例如“年均增长7%”填 7,“累计下降13.5%”填 -13.5。", "For “7% a year” enter 7; for “down 13.5% in total” enter -13.5."},
	"ind.comparator.help":     {"“达到39件”为 ≥,“超过1800亿元”为 >。", "“reach 39” is ≥, “more than 1,800” is >."},
	"ind.band":                {"容许幅度", "Band"},
	"ind.band.help":           {"只用于“左右”:实际值在目标 ± 幅度内即达标。", "For “around” only: met within target ± band."},
	"ind.fromZero":            {"新增目标只计规划期内新增的个数(基期按0计)", "The increase counts new items only (baseline taken as 0)"},
	"ind.targetYear.help":     {"留空即规划目标年份(%d)。", "Empty means the plan's target year (%d)."},
	"ind.interim.help":        {"每行一个“年份=数值”,例如 2023=2.3。", "One YEAR=VALUE a line, for example 2023=2.3."},
	"ind.parent.help":         {"分解自上级规划的指标时填“规划代码/指标代码”。", "When this decomposes a parent plan's indicator: PLAN/INDICATOR."},
	"ind.unit.help":           {"例如 件/万人、亿元、%、个。", "For example 件/万人, 亿元, %, 个."},
	"ind.form.intro":          {"每种目标类型的进度算法见“进度评估”。保存后立即生效。", "Each target kind has its own progress maths (see the assessment). Changes take effect at once."},

	"report.list":             {"评估报告", "Evaluation reports"},
	"report.list.intro":       {"草稿随数据实时生成;印发后的报告冻结所用数据,以后数据修订也不会改变。", "Drafts follow the live data; an issued report freezes the data it was made from, and later revisions do not change it."},
	"report.none":             {"还没有印发的报告。", "No report has been issued yet."},
	"report.preview":          {"预览草稿:%s", "Preview draft: %s"},
	"report.preview.note":     {"带“草稿”标记", "marked DRAFT"},
	"report.issue":            {"印发报告", "Issue a report"},
	"report.issue.submit":     {"印发", "Issue"},
	"report.issue.help":       {"报告使用截至该年的数据;约束性指标进度未达要求时,须先填写“问题”说明。", "The report uses data up to that year; a binding indicator off track needs its “problems” explanation first."},
	"report.kind":             {"报告类型", "Report kind"},
	"report.kind.annual":      {"年度监测报告", "annual monitoring report"},
	"report.kind.midterm":     {"中期评估报告", "mid-term evaluation report"},
	"report.kind.final":       {"总结评估报告", "final evaluation report"},
	"report.yearPrefix":       {"%d年", "%d "},
	"report.year":             {"报告年度", "Report year"},
	"report.yearEnd":          {"底", " (year end)"},
	"report.issued":           {"印发日期", "Date of issue"},
	"report.by":               {"印发人", "Issued by"},
	"report.notIssued":        {"未印发", "not issued"},
	"report.asOf":             {"数据截至", "Data as of"},
	"report.id":               {"报告编号", "Report ID"},
	"report.method":           {"评估方法", "Method"},
	"report.methodName":       {"时序进度法(方法版本 %s)", "completion against elapsed time (method version %s)"},
	"report.m.doc":            {"方法全文见本系统“评估方法”页(docs/method.md,版本 %s),本报告按该版本计算,此后方法修订不影响已印发的报告。", "The method in full is on this system's Method page (docs/method.md, version %s); this report was computed with that version, and later revisions of the method do not change an issued report."},
	"method.title":            {"评估方法", "Method"},
	"method.link":             {"方法说明", "how it works"},
	"report.draftMark":        {"草稿", "DRAFT"},
	"report.draftNote":        {"%s 生成,数据可能仍会修订", "made %s; the data may still be revised"},
	"report.summary":          {"一、总体情况", "1. Summary"},
	"report.mainTable":        {"二、主要指标完成情况表", "2. Main indicators"},
	"report.count":            {"指标数", "Indicators"},
	"report.blocked":          {"以下约束性指标进度未达要求,但还没有填写“问题”说明,报告不能印发:", "These binding indicators are off track without an explanation; the report cannot be issued until they have one:"},
	"report.narrative":        {"进展、问题与举措", "Progress, problems and measures"},
	"report.noNarrative":      {"%d年未填写说明。", "No narrative for %d."},
	"report.unexplained":      {"进度未达要求,但%d年尚未说明原因(约束性指标,须在印发前填写)。", "Off track, with no explanation for %d yet (binding: required before issue)."},
	"report.sources":          {"数据来源", "Sources"},
	"report.baselineSource":   {"基期(%d年):", "Baseline (%d): "},
	"report.noSources":        {"无", "none"},
	"report.appendix":         {"附录", "Appendix"},
	"report.allSources":       {"数据来源一览", "All sources"},
	"report.noPDF":            {"无法生成PDF:服务器上没有安装无界面Chromium。HTML报告仍可使用和打印。", "The PDF cannot be made: the server has no headless Chromium. The HTML report can still be read and printed."},
	"report.s.annual":         {"本报告为%d年度监测报告,反映截至%d年底各项指标的进展。", "This is the annual monitoring report for %d, showing progress up to the end of %d."},
	"report.s.midterm":        {"本报告为中期评估报告,数据截至%d年,规划实施时间已过%s。", "This is the mid-term evaluation, with data up to %d; %s of the plan period has elapsed."},
	"report.s.final":          {"本报告为总结评估报告,对规划期(%d–%d年)目标完成情况作出评价。", "This is the final evaluation of the plan period (%d–%d)."},
	"report.s.finalEarly":     {"注意:数据截至%d年,早于规划目标年(%d年)。", "Note: the data end in %d, before the target year %d."},
	"report.s.scope":          {"截至%d年,本规划共监测%d项指标,其中约束性指标%d项、预期性指标%d项、参考指标%d项。", "Up to %d the plan tracks %d indicators: %d binding, %d expected and %d reference figures."},
	"report.s.met":            {"已实现或提前实现目标的指标%d项:%s。", "%d indicators have met their targets: %s."},
	"report.s.good":           {"进度快于或基本符合预期的指标%d项。", "%d indicators are ahead of or on track."},
	"report.s.lag":            {"进度滞后、逆向变化、未完成或越限的指标%d项:%s。", "%d indicators lag, regress, missed or breached their targets: %s."},
	"report.s.bindingOff":     {"约束性指标中有%d项进度未达要求:%s,需重点推进。", "%d binding indicators are off track: %s. They need priority action."},
	"report.s.bindingOK":      {"约束性指标均符合进度要求。", "All binding indicators are on track."},
	"report.s.pending":        {"目标待下达的指标%d项,暂不评价:%s。", "%d indicators await their target and are not judged: %s."},
	"report.s.pendingItem":    {"%s(%s)", "%s (%s)"},
	"report.s.noData":         {"%d项指标因缺少基期值或实际值无法完整评估:%s。", "%d indicators cannot be fully assessed for want of a baseline or actual values: %s."},
	"report.m1":               {"默认方法为时序进度法:完成度 c = (x_t − x₀)/(x_T − x₀),时序进度 s = (t − t₀)/(T − t₀)。x₀为基期值,x_T为目标值,x_t为最新实际值,t为其年份。", "The default method compares completion c = (x_t − x₀)/(x_T − x₀) with the elapsed share s = (t − t₀)/(T − t₀); x₀ is the baseline, x_T the target level, x_t the latest actual and t its year."},
	"report.m2":               {"判断顺序:无实际值为“无数据”;已达标为“已实现”(目标年前为“提前实现”);缺基期值为“缺基期值”;已到目标年仍未达标为“未完成”;c < 0 为“逆向变化”;c ≥ s + δ 为“快于预期”;s − δ < c < s + δ 为“基本符合预期”;其余为“滞后”。", "In order: no actual → no data; target met → achieved (achieved early before the target year); no baseline → no baseline; target year passed → not achieved; c < 0 → regressing; c ≥ s + δ → ahead; s − δ < c < s + δ → on track; otherwise behind."},
	"report.m3":               {"新增、累计变化、百分点和建成类目标先换算为目标水平;年均增长类目标比较实际年均增速与目标增速之比;上下限类目标逐年检查是否越限;仅监测指标只看走势。", "Increase, cumulative-change, point and milestone targets are first turned into a target level; average-growth targets compare the actual with the planned rate; ceilings and floors are checked every year; monitoring-only indicators show the trend."},
	"report.m4":               {"“超过”类下限值只能证明“≥/>”目标已达成,“不到”类上限值只能证明“≤/<”目标已达成;估计值按数值参与计算并在表中标“约”。", "A lower bound (“more than”) can prove only ≥/> targets met, an upper bound only ≤/<; estimates count at their value and are marked “about”."},
	"report.m5":               {"趋势判断用含基期值的线性最小二乘(增速类目标用复合增长)外推到目标年;预计完成比例 ≥ 100% 为预计能完成,90%–100% 为需加快,其余为难以完成。", "The trend is projected to the target year by least squares over the baseline and actuals (compound growth for rate targets); a projected share of 100% or more is likely, 90–100% at risk, below unlikely."},
	"report.m6":               {"并列两种国际方法供参考:加拿大统计局的年均复合增速比(Open SDG 采用;≥0.95 符合进度,≥0.60 需加快,≥0 进展有限,<0 逆向变化)和联合国2023年的趋势外推比(≥0.95、≥0.10、其余)。", "Two international methods are shown beside it: Statistics Canada's CAGR ratio as used by Open SDG (≥0.95 on track, ≥0.60 acceleration needed, ≥0 limited, <0 deterioration) and the UN 2023 extrapolation ratio (≥0.95, ≥0.10, below)."},
	"report.m.tolerance":      {"本规划容差 δ = %s。", "This plan's tolerance δ = %s."},
	"narrative.title":         {"年度说明", "Narrative"},
	"narrative.heading":       {"%d年进展、问题与举措", "progress, problems and measures for %d"},
	"narrative.intro":         {"报告原文引用本说明。进度滞后的约束性指标必须填写“问题”,否则报告不能印发。", "Reports print this text. A binding indicator off track must have its “problems” filled in before a report can be issued."},
	"narrative.progress":      {"进展", "Progress"},
	"narrative.problems":      {"问题", "Problems"},
	"narrative.measures":      {"举措", "Measures"},
	"narrative.progress.help": {"本年度做了什么、取得了什么。", "What was done this year and what it achieved."},
	"narrative.problems.help": {"进度未达要求的原因;达标时可写“无”。", "Why progress falls short; write “none” when on track."},
	"narrative.measures.help": {"下一步举措。", "What will be done next."},
	"narrative.none":          {"(未填写)", "(not written)"},
	"narrative.edit":          {"填写%d年说明", "Write the %d narrative"},
	"export.csv":              {"导出实际值(CSV)", "Export values (CSV)"},
	"report.link":             {"评估报告", "Reports"},

	// plan decomposition (指标分解) and review (填报 → 审核)
	"role.reviewer":              {"审核员", "reviewer"},
	"districts.heading":          {"分区县完成情况", "Progress by district"},
	"districts.unit":             {"区（市）县", "District"},
	"districts.sample":           {"示例数据：各区（市）县的目标和数值由程序生成，不是真实统计数字；区县名称是真实的。", "Sample data: the districts' targets and values are generated, not real statistics; the districts' names are real."},
	"districts.chart.label":      {"各区（市）县完成度排序", "Districts ranked by completion"},
	"districts.meeting":          {"%d/%d 个区（市）县已完成或进度符合要求。", "%d of %d districts have met their target or are on course."},
	"districts.rollup":           {"汇总核对：区县合计与全市数值", "Roll-up check: districts combined against the city"},
	"districts.combined":         {"区县合计", "Districts combined"},
	"districts.city":             {"全市", "City"},
	"districts.diff":             {"差异", "Difference"},
	"districts.flag":             {"超出容差", "beyond tolerance"},
	"districts.missing":          {"缺%d个区县", "%d districts missing"},
	"districts.flagged":          {"%d年区县合计 %s 与全市 %s%s 相差 %s，超过容差 %s，请核对。", "%d: the districts combined (%s) differ from the city (%s %s) by %s, beyond the tolerance of %s: please check."},
	"districts.targetOff":        {"分解目标合计 %s 与全市目标 %s%s 不符（相差 %s，容差 %s）。", "The districts' targets add up to %s, not the city's %s %s (%s apart; tolerance %s)."},
	"districts.noCompletion":     {"没有区（市）县能算出完成度（缺基期值或实际值），无法排序；表中列出各区县的目标和最新值。", "No district has a completion (a baseline or a value is missing), so none is ranked; the table lists their targets and latest values."},
	"districts.none":             {"本指标尚未分解到区（市）县。", "This indicator is not decomposed among districts."},
	"rollup.sum":                 {"分解方式：求和，全市数值为各区（市）县之和。", "Decomposed by sum: the city's figure is the districts' sum."},
	"rollup.weighted_mean":       {"分解方式：加权平均，全市数值为各区（市）县按权重（如常住人口）的加权平均。", "Decomposed by weighted mean: the city's figure is the districts' mean weighted by population or fixed weights."},
	"rollup.each":                {"分解方式：逐一达标，每个区（市）县须完成本区目标。", "Decomposed for each: every district must meet its own target."},
	"rollup.none":                {"分解方式：仅比较，全市数值独立统计，各区（市）县只作比较。", "Decomposed for comparison only: the city's figure stands apart; districts are compared."},
	"matrix.heading":             {"区（市）县 × 指标完成状态", "Districts × indicators"},
	"matrix.note":                {"已分解指标在各区（市）县的状态；点击区县名称查看该区县全部指标。", "The status of each decomposed indicator in each district; a district's name opens its page."},
	"matrix.units":               {"各区（市）县页面", "District pages"},
	"matrix.table":               {"矩阵数据表", "The matrix as a table"},
	"matrix.label":               {"%d个区（市）县、%d个已分解指标的完成状态矩阵", "Status matrix of %d districts and %d decomposed indicators"},
	"unit.heading":               {"%s · 分解指标完成情况", "%s · decomposed indicators"},
	"unit.intro":                 {"%s承担的%s分解指标。", "The indicators of %[2]s decomposed to %[1]s."},
	"unit.notFound":              {"规划“%s”没有分解到单位“%s”。", "plan %q is not decomposed to unit %q"},
	"unit.kind.city":             {"市", "city"},
	"unit.kind.district":         {"区", "district"},
	"unit.kind.county_city":      {"县级市", "county-level city"},
	"unit.kind.county":           {"县", "county"},
	"unit.kind.zone":             {"功能区", "functional zone"},
	"unit.kind.department":       {"部门", "department"},
	"unit.kind":                  {"类型", "Kind"},
	"unit.parent":                {"上级单位", "Parent unit"},
	"err.unit.kind":              {"单位类型“%s”无效", "unknown unit kind %q"},
	"err.unit.parentSelf":        {"单位“%s”不能是自己的上级", "unit %q cannot be its own parent"},
	"err.unit.parentUnknown":     {"上级单位“%s”不存在", "parent unit %q does not exist"},
	"err.unit.cycle":             {"把“%[2]s”设为“%[1]s”的上级会形成循环", "making %[2]q the parent of %[1]q would make a loop"},
	"err.indicator.rollup":       {"分解方式“%s”无效（可选 sum、weighted_mean、each、none）", "unknown roll-up %q (sum, weighted_mean, each or none)"},
	"err.indicator.weightRule":   {"权重指标只用于加权平均（weighted_mean）", "a weight indicator is only for a weighted mean"},
	"err.indicator.weight":       {"权重须为正数", "a weight must be a positive number"},
	"imp.district.unknown":       {"区县“%s”不是规划“%s”的分解单位", "%q is not a district plan %q is decomposed to"},
	"imp.district.notDecomposed": {"指标“%s”没有分解到区县，不能按区县填报", "indicator %q is not decomposed among districts"},
	"notice.submitted":           {"已提交审核，审核通过后计入评估。", "Submitted for review: it counts once approved."},
	"review.pendingHeading":      {"待审核与已退回的数值", "Values waiting for review or returned"},
	"review.list":                {"审核列表", "Review list"},
	"err.decompose.ofDistrict":   {"“%s”是区县分解规划，不能再分解", "%q is a district's share: it cannot be decomposed further"},
	"err.decompose.unit":         {"“%s”不是区（市）县或功能区", "%q is not a district or functional zone"},
	"decompose.title":            {"分解到区（市）县", "Decompose among districts"},
	"decompose.intro":            {"为每个承担任务的区（市）县填写分解目标（按本指标目标类型的口径）；留空的区县不分解。已有分解目标的区县会被更新；区县规划不存在时自动创建。", "Give each district that takes a share its target, in the indicator's target terms; districts left empty take no share. Existing shares are updated; a district's plan is created when it has none."},
	"rollup.short.sum":           {"求和（sum）", "Sum"},
	"rollup.short.weighted_mean": {"加权平均（weighted_mean）", "Weighted mean"},
	"rollup.short.each":          {"逐一达标（each）", "Each meets its own"},
	"rollup.short.none":          {"仅比较（none）", "Compare only"},
	"decompose.rule":             {"分解方式", "Roll-up"},
	"decompose.weightCode":       {"权重指标代码", "Weight indicator code"},
	"decompose.weightCode.help":  {"加权平均时：各区县规划中作权重的指标（如常住人口）；留空则用下表的固定权重。", "For a weighted mean: the indicator of each district's plan that weighs it (population); empty for the fixed weights below."},
	"decompose.target":           {"分解目标", "Target"},
	"decompose.baseline":         {"基期值", "Baseline"},
	"decompose.weight":           {"固定权重", "Fixed weight"},
	"decompose.save":             {"保存分解", "Save the decomposition"},
	"decompose.saved":            {"已分解到%d个区（市）县（新建区县规划%d个）。", "Decomposed among %d districts (%d district plans created)."},
	"decompose.link":             {"分解到区（市）县", "Decompose among districts"},
	"decompose.city":             {"全市目标：%s", "City target: %s"},
	"review.submitted":           {"待审核", "Submitted"},
	"review.approved":            {"已审核", "Approved"},
	"review.returned":            {"已退回", "Returned"},
	"review.title":               {"审核", "Review"},
	"review.intro":               {"填报员提交的数值经审核通过后才计入评估、公开页面、接口和报告。退回时请写明原因。", "Values editors submit count in assessments, public pages, the API and reports once approved. Say why when you return one."},
	"review.empty":               {"没有待审核的数值。", "Nothing waiting for review."},
	"review.approve":             {"通过", "Approve"},
	"review.return":              {"退回", "Return"},
	"review.comment":             {"意见", "Comment"},
	"review.comment.help":        {"退回时必填。", "Required to return a value."},
	"review.previous":            {"现行值", "Counting now"},
	"review.value":               {"提交值", "Submitted value"},
	"review.by":                  {"填报人", "Submitted by"},
	"review.state":               {"状态", "State"},
	"review.done.approved":       {"已通过：%s %d年。", "Approved: %s, %d."},
	"review.done.returned":       {"已退回：%s %d年。", "Returned: %s, %d."},
	"review.pendingNote":         {"%d个数值待审核，审核通过前不计入评估。", "%d values wait for review and do not count until approved."},
	"review.plan":                {"填报审核", "Review of values"},
	"review.plan.help":           {"开启后，填报员的数值须经审核员通过才计入评估；区县分解规划随之开启。", "When on, editors' values count once a reviewer approves them; the plan's district plans follow."},
	"import.submitted":           {"%d个数值已提交审核，审核通过后计入评估。", "%d values were submitted for review and count once approved."},
	"err.review.decision":        {"审核结论“%s”无效", "unknown decision %q"},
	"err.review.comment":         {"退回时须写明意见", "say why the value is returned"},
	"err.review.notFound":        {"找不到指标“%s”%d年第%d版数值", "no revision %[3]d of %[1]s for %[2]d"},
	"err.review.notSubmitted":    {"指标“%s”%d年第%d版数值不在待审核状态（可能已被审核或已有新版本）", "revision %[3]d of %[1]s for %[2]d is not waiting for review (decided already, or revised since)"},
	"submission.review":          {"审核状态", "Review"},
	"submission.units.intro":     {"各区（市）县本年度已分解指标的报送与审核状态；“已通过”含无需审核即计入的数值。", "Where each district's decomposed values for the year stand; “approved” includes values that count without review."},
	"submission.units":           {"分区县报送情况", "By district"},
	"submission.states":          {"缺报 %d · 待审核 %d · 已退回 %d · 已通过 %d", "missing %d · submitted %d · returned %d · approved %d"},

	"footer.offline": {"所有资源均由本服务器提供,可在内网离线使用。", "Every asset is served by this server; works offline on an intranet."},
}
