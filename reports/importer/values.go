package importer

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"xiaoneng/data"
)

// Readers of cell values as offices type them. Each returns the value or
// the reason, in Chinese, why the cell cannot be read.

var (
	reDigits8   = regexp.MustCompile(`^(19|20|21)\d{6}$`)
	reNumber    = regexp.MustCompile(`^\d+(\.\d+)?([eE][+-]?\d+)?$`)
	reDateParts = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$`)
)

// parseTime reads a date or a date and time: an Excel serial number (a
// cell formatted as a date), 20260305, or text such as 2026-3-5,
// 2026/3/5 14:30, 2026.3.5 or 2026年3月5日14时30分. A day without a time is
// its midnight.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	bad := fmt.Errorf("“%s”不是有效的日期，请写作2026-3-5、2026/3/5或2026年3月5日", s)
	var t time.Time
	switch {
	case reDigits8.MatchString(s):
		v, err := time.ParseInLocation("20060102", s, data.Zone)
		if err != nil {
			return time.Time{}, bad
		}
		t = v
	case reNumber.MatchString(s):
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v < 1 || v > 2958465 {
			return time.Time{}, bad
		}
		u, err := excelize.ExcelDateToTime(v, false)
		if err != nil {
			return time.Time{}, bad
		}
		u = u.Round(time.Second)
		t = time.Date(u.Year(), u.Month(), u.Day(), u.Hour(), u.Minute(), u.Second(), 0, data.Zone)
	default:
		if v, err := time.Parse(time.RFC3339, s); err == nil {
			t = v.In(data.Zone)
			break
		}
		v, ok := parseDateText(s)
		if !ok {
			return time.Time{}, bad
		}
		t = v
	}
	if t.Year() < 1990 || t.Year() > 2100 {
		return time.Time{}, bad
	}
	return t, nil
}

// dateText turns the ways of writing a date into 2006-1-2 15:4:5.
var dateText = strings.NewReplacer("年", "-", "月", "-", "日", " ", "号", " ", "/", "-", ".", "-", "T", " ",
	"时", ":", "点", ":", "分", "", "秒", "", "：", ":", "　", " ")

func parseDateText(s string) (time.Time, bool) {
	s = strings.Join(strings.Fields(dateText.Replace(s)), " ")
	s = strings.TrimSuffix(s, ":")
	m := reDateParts.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	n := make([]int, 6)
	for i := range n {
		if m[i+1] != "" {
			n[i], _ = strconv.Atoi(m[i+1]) // digits by the pattern
		}
	}
	if n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 || n[3] > 23 || n[4] > 59 || n[5] > 59 {
		return time.Time{}, false
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, data.Zone)
	if t.Day() != n[2] {
		return time.Time{}, false // 2月30日
	}
	return t, true
}

// parseDay reads a day (a time of day, if any, is dropped).
func parseDay(s string) (data.Date, error) {
	t, err := parseTime(s)
	if err != nil || t.IsZero() {
		return data.Date{}, err
	}
	return data.DateOf(t), nil
}

// parseLimit reads a 办理时限: a number of working days (15, 15天, 15个工作日),
// or the date it ends on.
func parseLimit(s string) (days int, due data.Date, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, data.Date{}, nil
	}
	n := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "个工作日"), "工作日"), "天")
	if v, err := strconv.Atoi(strings.TrimSpace(n)); err == nil {
		if v < 1 || v > 90 {
			return 0, data.Date{}, fmt.Errorf("办理时限“%s”应为1至90个工作日", s)
		}
		return v, data.Date{}, nil
	}
	d, derr := parseDay(strings.TrimSuffix(strings.TrimSuffix(s, "前"), "之前"))
	if derr != nil {
		return 0, data.Date{}, fmt.Errorf("办理时限“%s”应为工作日天数（如15）或到期日期", s)
	}
	return 0, d, nil
}

// lookup finds s among names: the canonical names first, then synonyms.
func lookup[T ~string](s string, canonical []T, synonyms map[string]T) (T, bool) {
	key := strings.Join(strings.Fields(s), "")
	for _, c := range canonical {
		if string(c) == key {
			return c, true
		}
	}
	if v, ok := synonyms[key]; ok {
		return v, true
	}
	return "", false
}

func names[T ~string](list []T) string {
	parts := make([]string, len(list))
	for i, v := range list {
		parts[i] = string(v)
	}
	return strings.Join(parts, "、")
}

var channelSynonyms = map[string]data.Channel{
	"来电": data.ChannelPhone, "热线": data.ChannelPhone, "电话投诉": data.ChannelPhone, "效能热线": data.ChannelPhone, "电话受理": data.ChannelPhone,
	"走访": data.ChannelVisit, "上访": data.ChannelVisit, "当面": data.ChannelVisit, "来访投诉": data.ChannelVisit, "群众来访": data.ChannelVisit,
	"信件": data.ChannelLetter, "书信": data.ChannelLetter, "信函": data.ChannelLetter, "来信投诉": data.ChannelLetter,
	"网上": data.ChannelOnline, "网站": data.ChannelOnline, "网络投诉": data.ChannelOnline, "网上投诉": data.ChannelOnline, "微信": data.ChannelOnline,
	"邮件": data.ChannelOnline, "电子邮件": data.ChannelOnline, "门户网站": data.ChannelOnline, "网络留言": data.ChannelOnline,
	"12345": data.Channel12345, "12345热线": data.Channel12345, "市民热线": data.Channel12345, "便民热线": data.Channel12345, "12345热线转办": data.Channel12345,
	"交办": data.ChannelSuperior, "上级转办": data.ChannelSuperior, "领导交办": data.ChannelSuperior, "上级批转": data.ChannelSuperior,
	"媒体": data.ChannelMedia, "新闻媒体": data.ChannelMedia, "舆情": data.ChannelMedia, "媒体报道": data.ChannelMedia,
	"监测点": data.ChannelMonitored, "监测点企业": data.ChannelMonitored, "企业监测点": data.ChannelMonitored,
}

func parseChannel(s string) (data.Channel, error) {
	if strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("投诉渠道为空，应为%s之一", names(data.Channels))
	}
	if c, ok := lookup(s, data.Channels, channelSynonyms); ok {
		return c, nil
	}
	return "", fmt.Errorf("投诉渠道“%s”无法识别，应为%s之一", s, names(data.Channels))
}

var categorySynonyms = map[string]data.Category{
	"推诿扯皮": "推诿扯皮/办事拖拉", "办事拖拉": "推诿扯皮/办事拖拉", "推诿扯皮、办事拖拉": "推诿扯皮/办事拖拉",
	"脱岗": "脱岗/纪律作风", "纪律作风": "脱岗/纪律作风", "脱岗、纪律作风": "脱岗/纪律作风",
	"吃拿卡要": "吃拿卡要报", "吃拿卡要报销": "吃拿卡要报", "执法不规范问题": "执法不规范",
}

func parseCategory(s string) (data.Category, error) {
	if strings.TrimSpace(s) == "" {
		return "其他", nil
	}
	if c, ok := lookup(s, data.Categories, categorySynonyms); ok {
		return c, nil
	}
	return "", fmt.Errorf("投诉类别“%s”无法识别，应为%s之一", s, names(data.Categories))
}

var statusSynonyms = map[string]data.ComplaintStatus{
	"未受理": data.StatusPending, "登记": data.StatusPending, "待处理": data.StatusPending,
	"已受理": data.StatusAccepted, "受理": data.StatusAccepted,
	"在办": data.StatusHandling, "正在办理": data.StatusHandling, "已交办": data.StatusHandling, "交办": data.StatusHandling,
	"办理": data.StatusHandling, "未办结": data.StatusHandling, "处理中": data.StatusHandling, "否": data.StatusHandling,
	"办结": data.StatusClosed, "已结": data.StatusClosed, "结案": data.StatusClosed, "已结案": data.StatusClosed,
	"已完成": data.StatusClosed, "完成": data.StatusClosed, "已处理": data.StatusClosed, "是": data.StatusClosed,
	"归档":  data.StatusArchived,
	"不受理": data.StatusRejected, "不予受理": data.StatusRejected,
	"转办": data.StatusTransferred, "已转交": data.StatusTransferred,
	"并单": data.StatusMerged, "已合并": data.StatusMerged, "合并": data.StatusMerged, "并案": data.StatusMerged,
}

func parseStatus(s string) (data.ComplaintStatus, error) {
	if v, ok := lookup(s, data.ComplaintStatuses, statusSynonyms); ok {
		return v, nil
	}
	return "", fmt.Errorf("办理状态“%s”无法识别，应为待受理、办理中、已办结、已归档、不予受理或已转办", s)
}

var verificationSynonyms = map[string]data.Verification{
	"是": data.VerifiedTrue, "基本属实": data.VerifiedPartly, "否": data.VerifiedFalse,
	"查无实据": data.VerifiedUncertain, "无法查实": data.VerifiedUncertain,
}

func parseVerification(s string) (data.Verification, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	if v, ok := lookup(s, data.Verifications, verificationSynonyms); ok {
		return v, nil
	}
	return "", fmt.Errorf("核实结论“%s”无法识别，应为%s之一", s, names(data.Verifications))
}

var satisfactionSynonyms = map[string]data.Satisfaction{
	"非常满意": data.Satisfied, "很满意": data.Satisfied, "比较满意": data.FairlySatisfied, "较满意": data.FairlySatisfied,
	"一般": data.FairlySatisfied, "不太满意": data.Dissatisfied, "非常不满意": data.Dissatisfied,
}

func parseSatisfaction(s string) (data.Satisfaction, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	if v, ok := lookup(s, data.Satisfactions, satisfactionSynonyms); ok {
		return v, nil
	}
	return "", fmt.Errorf("满意度“%s”无法识别，应为%s之一", s, names(data.Satisfactions))
}

var unitCategorySynonyms = map[string]data.UnitCategory{
	"乡镇": data.UnitTownship, "街道": data.UnitTownship, "乡镇街道": data.UnitTownship, "乡镇（街道）": data.UnitTownship, "镇街": data.UnitTownship,
	"县直": data.UnitDepartment, "部门": data.UnitDepartment, "县直单位": data.UnitDepartment, "县直机关": data.UnitDepartment, "机关": data.UnitDepartment,
	"窗口": data.UnitWindow, "窗口单位": data.UnitWindow, "服务窗口": data.UnitWindow,
	"公用事业": data.UnitUtility, "公共事业单位": data.UnitUtility, "公用企业": data.UnitUtility,
	"中介": data.UnitAgency, "中介组织": data.UnitAgency, "中介服务机构": data.UnitAgency,
	"监测点": data.UnitMonitored, "企业": data.UnitMonitored, "监测点单位": data.UnitMonitored,
}

func parseUnitCategory(s string) (data.UnitCategory, error) {
	if strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("单位类别为空，应为%s之一", names(data.UnitCategories))
	}
	if v, ok := lookup(s, data.UnitCategories, unitCategorySynonyms); ok {
		return v, nil
	}
	return "", fmt.Errorf("单位类别“%s”无法识别，应为%s之一", s, names(data.UnitCategories))
}

func parseUnitStatus(s string) (data.UnitStatus, error) {
	switch strings.TrimSpace(s) {
	case "", string(data.UnitActive), "正常", "使用":
		return data.UnitActive, nil
	case string(data.UnitRetired), "撤并", "撤销", "已撤销", "合并":
		return data.UnitRetired, nil
	}
	return "", fmt.Errorf("单位状态“%s”应为在用或已撤并", s)
}

// parseYes reads a yes/no cell.
func parseYes(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "是", "匿名", "y", "yes", "1", "√", "✓", "true":
		return true
	}
	return false
}

// cleanPhone keeps one cell's numbers the way the ledger stores them: a
// number Excel stored as a float (1.3905918888E10) written out, separators
// between several numbers as spaces.
func cleanPhone(s string) string {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "eE") && reNumber.MatchString(s) {
		if v, err := strconv.ParseFloat(s, 64); err == nil && v == math.Trunc(v) {
			return strconv.FormatFloat(v, 'f', 0, 64)
		}
	}
	return strings.NewReplacer("、", " ", "，", " ", ",", " ", "；", " ", ";", " ", "/", " ").Replace(s)
}

// firstSentence makes a 事由 of a content: its first sentence, at most 30
// characters.
func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "。；;！!？?\n"); i > 0 {
		s = s[:i]
	}
	r := []rune(s)
	if len(r) > 30 {
		r = append(r[:29], '…')
	}
	return string(r)
}

// dateFields are the fields read as dates or times.
var dateFields = map[string]bool{"received_at": true, "assigned_at": true, "fed_back_at": true, "replied_at": true,
	"closed_at": true, "archived_at": true, "due": true}

// Shown is a cell as a preview shows it: a date or time as it was read
// (a cell Excel formats as a date holds a number), any other cell as it is.
func Shown(key, cell string) string {
	if !dateFields[key] {
		return cell
	}
	t, err := parseTime(cell)
	if err != nil || t.IsZero() {
		return cell
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04")
}
