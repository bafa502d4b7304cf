package data

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Validation lives apart from the models: each Validate returns every
// problem, each a *ValidationError naming its field in Chinese, joined
// (errors.Join) in the order of the form's fields, so that a form shows
// them all at once; errors.As finds the first.

// problems gathers a record's validation problems.
type problems []error

func (p *problems) add(field, message string) { *p = append(*p, Invalid(field, message)) }

// check adds err, if any.
func (p *problems) check(err error) {
	if err != nil {
		*p = append(*p, err)
	}
}

// err is nil without problems, else all of them joined.
func (p problems) err() error { return errors.Join(p...) }

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

func oneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

var phonePattern = regexp.MustCompile(`^[0-9+\-() 转]{3,30}$`)

func checkPhone(field, label, s string) error {
	if s != "" && !phonePattern.MatchString(s) {
		return Invalid(field, label+"只能包含数字、空格和“-”")
	}
	return nil
}

// Validate checks a unit before it is saved.
func (u *Unit) Validate() error {
	var p problems
	switch {
	case blank(u.Name):
		p.add("Name", "单位名称不能为空")
	case tooLong(u.Name, 60):
		p.add("Name", "单位名称不能超过60个字")
	}
	if tooLong(u.ShortName, 20) {
		p.add("ShortName", "单位简称不能超过20个字")
	}
	switch {
	case u.Category == "":
		p.add("Category", "请选择单位类别")
	case !oneOf(u.Category, UnitCategories):
		p.add("Category", fmt.Sprintf("单位类别“%s”不在可选范围内", u.Category))
	}
	if u.Status != UnitActive && u.Status != UnitRetired {
		p.add("Status", "单位状态只能是“在用”或“已撤并”")
	}
	if u.ParentID != "" && u.ParentID == u.ID {
		p.add("ParentID", "上级单位不能是本单位")
	}
	p.lengths(
		textField{"Principal", "主要负责人", u.Principal, MaxName},
		textField{"LeaderInCharge", "分管领导", u.LeaderInCharge, MaxName},
		textField{"Contact", "联系人", u.Contact, MaxName})
	p.check(checkPhone("Phone", "联系电话", u.Phone))
	p.check(checkPhone("Hotline", "服务热线", u.Hotline))
	p.lengths(textField{"Address", "地址", u.Address, MaxLine}, textField{"Note", "备注", u.Note, MaxText})
	for _, d := range u.Disclosures {
		if !oneOf(d.Item, DisclosureItems) {
			p.add("Disclosures", fmt.Sprintf("“%s”不是制度公示检查项", d.Item))
			break
		}
	}
	return p.err()
}

// Validate checks a person before saving.
func (p *Person) Validate() error {
	var pr problems
	switch {
	case blank(p.Name):
		pr.add("Name", "姓名不能为空")
	case tooLong(p.Name, 20):
		pr.add("Name", "姓名不能超过20个字")
	}
	if !oneOf(p.Role, PersonRoles) {
		pr.add("Role", "请选择人员类别")
	}
	pr.lengths(textField{"Post", "职务", p.Post, MaxName}, textField{"Organization", "所在单位", p.Organization, MaxLine})
	pr.check(checkPhone("Phone", "联系电话", p.Phone))
	pr.lengths(textField{"Note", "备注", p.Note, MaxText})
	return pr.err()
}

// Validate checks a supervision round.
func (r *Round) Validate() error {
	var p problems
	switch {
	case blank(r.Title):
		p.add("Title", "督查活动名称不能为空")
	default:
		p.lengths(textField{"Title", "督查活动名称", r.Title, MaxLine})
	}
	if !oneOf(r.Kind, RoundKinds) {
		p.add("Kind", "请选择督查方式")
	}
	switch {
	case r.Start.IsZero():
		p.add("Start", "请填写开始日期")
	case !r.End.IsZero() && r.End.Before(r.Start):
		p.add("End", "结束日期不能早于开始日期")
	}
	p.lengths(textField{"Description", "说明", r.Description, MaxText})
	return p.err()
}

// Validate checks a visit.
func (v *Visit) Validate() error {
	var p problems
	if v.RoundID == "" {
		p.add("RoundID", "请选择所属督查活动")
	}
	if v.UnitID == "" {
		p.add("UnitID", "请选择被检查单位")
	}
	if v.VisitedAt.IsZero() {
		p.add("VisitedAt", "请填写检查时间")
	}
	p.lengths(textField{"Place", "地点", v.Place, MaxLine}, textField{"Summary", "检查情况", v.Summary, MaxText})
	if v.Answered != "" && v.Answered != "已接听" && v.Answered != "未接听" {
		p.add("Answered", "接听情况只能是“已接听”或“未接听”")
	}
	for _, d := range v.Disclosures {
		if !oneOf(d.Item, DisclosureItems) {
			p.add("Disclosures", fmt.Sprintf("“%s”不是制度公示检查项", d.Item))
			break
		}
	}
	p.check(checkPhone("PhoneNumber", "拨打号码", v.PhoneNumber))
	p.lengths(textField{"Attitude", "服务态度", v.Attitude, MaxLine})
	return p.err()
}

// Validate checks a finding's own fields (its rectification moves through
// the store's workflow methods).
func (f *Finding) Validate() error {
	var p problems
	if f.UnitID == "" {
		p.add("UnitID", "请选择问题所在单位")
	}
	if !oneOf(f.Category, FindingCategories) {
		p.add("Category", "请选择问题类别")
	}
	if blank(f.Description) {
		p.add("Description", "问题描述不能为空")
	}
	p.lengths(textField{"Description", "问题描述", f.Description, MaxText},
		textField{"StaffName", "涉及人员", f.StaffName, MaxName}, textField{"StaffPost", "职务", f.StaffPost, MaxName})
	if !oneOf(f.Disposition, Dispositions) {
		p.add("Disposition", "请选择处理方式")
	}
	if f.RectLimitDays < 0 || f.RectLimitDays > MaxRectDays {
		p.add("RectLimitDays", fmt.Sprintf("整改时限应在1至%d个工作日之间", MaxRectDays))
	}
	return p.err()
}

// Validate checks an activity-log entry.
func (a *ActivityLog) Validate() error {
	var p problems
	if a.UnitID == "" {
		p.add("UnitID", "请选择监测点企业")
	}
	if a.On.IsZero() {
		p.add("On", "请填写日期")
	}
	if blank(a.Agency) {
		p.add("Agency", "执法检查机关不能为空")
	}
	p.lengths(textField{"Agency", "执法检查机关", a.Agency, MaxLine}, textField{"Officers", "执法检查人员", a.Officers, MaxList})
	if !oneOf(a.Purpose, ActivityPurposes) {
		p.add("Purpose", "请选择事由类别")
	}
	p.lengths(textField{"Basis", "依据", a.Basis, MaxText}, textField{"Note", "备注", a.Note, MaxText})
	return p.err()
}

var idNumberPattern = regexp.MustCompile(`^[0-9]{17}[0-9Xx]$`)

// MinReceivedYear is the earliest year a complaint may be received in: an
// earlier one is a slip of the keyboard or of a spreadsheet, and the twins
// of the ledger's search indexes order complaints by keys from their
// receipt that hold 272 years either side of 1970.
const MinReceivedYear = 1990

// CheckReceived keeps a complaint's receipt time as the ledger keeps it (in
// Zone, to the millisecond) and refuses one later than now or before
// MinReceivedYear. A complaint of an earlier year a ledger already holds
// (imported before the rule) is edited with its time left as it was, which
// is not checked again.
func (c *Complaint) CheckReceived(now time.Time) error {
	c.ReceivedAt = c.ReceivedAt.In(Zone).Truncate(time.Millisecond)
	switch {
	case c.ReceivedAt.After(now):
		return Invalid("ReceivedAt", "收件时间不能晚于当前时间")
	case c.ReceivedAt.Year() < MinReceivedYear:
		return Invalid("ReceivedAt", fmt.Sprintf("收件时间不能早于%d年，请检查年份", MinReceivedYear))
	}
	return nil
}

// Validate checks a complaint's registration fields.
func (c *Complaint) Validate() error {
	var p problems
	if c.ReceivedAt.IsZero() {
		p.add("ReceivedAt", "请填写收件时间")
	}
	if !oneOf(c.Channel, Channels) {
		p.add("Channel", "请选择投诉渠道")
	}
	p.lengths(textField{"SourceRef", "来源编号", c.SourceRef, MaxCode})
	if !c.Complainant.Anonymous && blank(c.Complainant.Name) {
		p.add("Complainant.Name", "投诉人姓名不能为空；不愿留名的请勾选“匿名”")
	}
	p.lengths(textField{"Complainant.Name", "投诉人姓名", c.Complainant.Name, MaxName})
	p.check(checkPhone("Complainant.Phone", "投诉人电话", c.Complainant.Phone))
	if c.Complainant.IDNumber != "" && !idNumberPattern.MatchString(c.Complainant.IDNumber) {
		p.add("Complainant.IDNumber", "身份证号码应为18位")
	}
	p.lengths(textField{"Complainant.Address", "投诉人地址", c.Complainant.Address, MaxLine},
		textField{"Complainant.Unit", "投诉人工作单位", c.Complainant.Unit, MaxLine})
	if c.UnitID == "" {
		p.add("UnitID", "请选择被投诉单位")
	}
	p.lengths(textField{"PersonName", "被投诉人", c.PersonName, MaxName}, textField{"PersonPost", "被投诉人职务", c.PersonPost, MaxName})
	if !oneOf(c.Category, Categories) {
		p.add("Category", "请选择投诉类别")
	}
	switch {
	case blank(c.Subject):
		p.add("Subject", "事由不能为空")
	case tooLong(c.Subject, 80):
		p.add("Subject", "事由不能超过80个字，详细情况请写在投诉内容中")
	}
	switch {
	case blank(c.Content):
		p.add("Content", "投诉内容不能为空")
	default:
		p.lengths(textField{"Content", "投诉内容", c.Content, MaxText})
	}
	return p.err()
}

// Validate checks an accountability action.
func (a *Action) Validate() error {
	var p problems
	if a.TargetKind != TargetUnit && a.TargetKind != TargetPerson {
		p.add("TargetKind", "请选择追究对象是单位还是个人")
	}
	if a.UnitID == "" {
		p.add("UnitID", "请选择被追究单位")
	}
	if a.TargetKind == TargetPerson && blank(a.PersonName) {
		p.add("PersonName", "被追究人姓名不能为空")
	}
	p.lengths(textField{"PersonName", "被追究人姓名", a.PersonName, MaxName}, textField{"PersonPost", "职务", a.PersonPost, MaxName})
	if !oneOf(a.Measure, Measures) {
		p.add("Measure", "请选择追究方式")
	}
	p.lengths(textField{"Reason", "事由", a.Reason, MaxText})
	if a.DecidedOn.IsZero() {
		p.add("DecidedOn", "请填写决定日期")
	}
	p.lengths(textField{"DecidedBy", "决定机关", a.DecidedBy, MaxLine}, textField{"DocNumber", "文号", a.DocNumber, MaxCode})
	return p.err()
}

// Validate checks a document's editable fields.
func (d *Document) Validate() error {
	var p problems
	if !oneOf(d.Kind, DocKinds) {
		p.add("Kind", "请选择文书种类")
	}
	if blank(d.Title) {
		p.add("Title", "文书标题不能为空")
	}
	p.lengths(textField{"Title", "文书标题", d.Title, MaxLine})
	if d.Kind != DocBulletin && blank(d.Recipient) {
		p.add("Recipient", "主送单位不能为空")
	}
	p.lengths(textField{"Recipient", "主送单位", d.Recipient, MaxList})
	if blank(d.Body) {
		p.add("Body", "文书正文不能为空")
	}
	p.lengths(textField{"Body", "文书正文", d.Body, MaxBody}, textField{"IssuingBody", "发文机关署名", d.IssuingBody, MaxLine})
	return p.err()
}

// Validate checks a year's holiday arrangement.
func (y *CalendarYear) Validate() error {
	if y.Year < 2000 || y.Year > 2100 {
		return Invalid("Year", "年份应在2000至2100之间")
	}
	off := map[Date]bool{}
	for _, d := range y.DaysOff {
		if d.Year() != y.Year {
			return Invalid("DaysOff", fmt.Sprintf("放假日期%s不在%d年内", d, y.Year))
		}
		off[d] = true
	}
	for _, d := range y.WorkDays {
		switch {
		case d.Year() != y.Year:
			return Invalid("WorkDays", fmt.Sprintf("调休上班日期%s不在%d年内", d, y.Year))
		case off[d]:
			return Invalid("WorkDays", fmt.Sprintf("%s不能既放假又上班", d))
		case d.Weekday() != 0 && d.Weekday() != 6:
			return Invalid("WorkDays", fmt.Sprintf("调休上班日%s不是周末", d))
		}
	}
	return nil
}

// Validate checks the office settings.
func (s *Settings) Validate() error {
	switch {
	case blank(s.OfficeName):
		return Invalid("OfficeName", "单位名称不能为空")
	case blank(s.IssuingBody):
		return Invalid("IssuingBody", "发文机关署名不能为空")
	case s.AcceptLimitDays < 1 || s.AcceptLimitDays > 15:
		return Invalid("AcceptLimitDays", "受理时限应在1至15个工作日之间")
	case s.HandleLimitDays < 1 || s.HandleLimitDays > s.MaxLimitDays:
		return Invalid("HandleLimitDays", fmt.Sprintf("办理时限应在1至%d个工作日之间", s.MaxLimitDays))
	case s.Limit12345Days < 1 || s.Limit12345Days > s.MaxLimitDays:
		return Invalid("Limit12345Days", "12345转办时限不在有效范围内")
	case s.MonitorReplyDays < 1:
		return Invalid("MonitorReplyDays", "监测点投诉答复时限至少1天")
	case s.MaxLimitDays < 1 || s.MaxLimitDays > 90:
		return Invalid("MaxLimitDays", "最长办理时限应在1至90个工作日之间")
	case s.WarnDays < 0 || s.WarnDays > 10:
		return Invalid("WarnDays", "临近到期提醒天数应在0至10之间")
	case s.RectLimitDays < 1 || s.RectLimitDays > MaxRectDays:
		return Invalid("RectLimitDays", fmt.Sprintf("整改时限应在1至%d个工作日之间", MaxRectDays))
	case s.IdleLockMinutes < 1 || s.IdleLockMinutes > MaxIdleLockMinutes:
		// 等保 asks for a session time-out: the lock cannot be switched off.
		return Invalid("IdleLockMinutes", fmt.Sprintf("无操作锁定时间应在1至%d分钟之间", MaxIdleLockMinutes))
	}
	if err := firstTooLong(textField{"OfficeName", "单位名称", s.OfficeName, MaxLine},
		textField{"IssuingBody", "发文机关署名", s.IssuingBody, MaxLine},
		textField{"BackupDir", "备份文件夹", s.BackupDir, MaxList}, textField{"FontDir", "字体文件夹", s.FontDir, MaxList}); err != nil {
		return err
	}
	for _, k := range DocKinds {
		switch {
		case blank(s.Prefix(k)):
			return Invalid("DocPrefixes", fmt.Sprintf("“%s”的发文代字不能为空", k))
		case tooLong(s.Prefix(k), MaxCode):
			return Invalid("DocPrefixes", fmt.Sprintf("“%s”的发文代字不能超过%d个字", k, MaxCode))
		}
	}
	for k, t := range s.Templates {
		if tooLong(t, MaxBody) {
			return Invalid("Templates", fmt.Sprintf("“%s”的模板不能超过%d个字", k, MaxBody))
		}
	}
	if err := s.validateBackups(); err != nil {
		return err
	}
	return s.AssessmentWeights.Validate()
}
