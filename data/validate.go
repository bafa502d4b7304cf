package data

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Validation lives apart from the models: each Validate returns the first
// problem as a *ValidationError naming the field, in Chinese.

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
	switch {
	case blank(u.Name):
		return Invalid("Name", "单位名称不能为空")
	case tooLong(u.Name, 60):
		return Invalid("Name", "单位名称不能超过60个字")
	case tooLong(u.ShortName, 20):
		return Invalid("ShortName", "单位简称不能超过20个字")
	case u.Category == "":
		return Invalid("Category", "请选择单位类别")
	case !oneOf(u.Category, UnitCategories):
		return Invalid("Category", fmt.Sprintf("单位类别“%s”不在可选范围内", u.Category))
	case u.Status != UnitActive && u.Status != UnitRetired:
		return Invalid("Status", "单位状态只能是“在用”或“已撤并”")
	case u.ParentID != "" && u.ParentID == u.ID:
		return Invalid("ParentID", "上级单位不能是本单位")
	}
	if err := checkPhone("Phone", "联系电话", u.Phone); err != nil {
		return err
	}
	if err := checkPhone("Hotline", "服务热线", u.Hotline); err != nil {
		return err
	}
	for _, d := range u.Disclosures {
		if !oneOf(d.Item, DisclosureItems) {
			return Invalid("Disclosures", fmt.Sprintf("“%s”不是制度公示检查项", d.Item))
		}
	}
	return nil
}

// Validate checks a person before saving.
func (p *Person) Validate() error {
	switch {
	case blank(p.Name):
		return Invalid("Name", "姓名不能为空")
	case tooLong(p.Name, 20):
		return Invalid("Name", "姓名不能超过20个字")
	case !oneOf(p.Role, PersonRoles):
		return Invalid("Role", "请选择人员类别")
	}
	return checkPhone("Phone", "联系电话", p.Phone)
}

// Validate checks a supervision round.
func (r *Round) Validate() error {
	switch {
	case blank(r.Title):
		return Invalid("Title", "督查活动名称不能为空")
	case !oneOf(r.Kind, RoundKinds):
		return Invalid("Kind", "请选择督查方式")
	case r.Start.IsZero():
		return Invalid("Start", "请填写开始日期")
	case !r.End.IsZero() && r.End.Before(r.Start):
		return Invalid("End", "结束日期不能早于开始日期")
	}
	return nil
}

// Validate checks a visit.
func (v *Visit) Validate() error {
	switch {
	case v.RoundID == "":
		return Invalid("RoundID", "请选择所属督查活动")
	case v.UnitID == "":
		return Invalid("UnitID", "请选择被检查单位")
	case v.VisitedAt.IsZero():
		return Invalid("VisitedAt", "请填写检查时间")
	case v.Answered != "" && v.Answered != "已接听" && v.Answered != "未接听":
		return Invalid("Answered", "接听情况只能是“已接听”或“未接听”")
	}
	for _, d := range v.Disclosures {
		if !oneOf(d.Item, DisclosureItems) {
			return Invalid("Disclosures", fmt.Sprintf("“%s”不是制度公示检查项", d.Item))
		}
	}
	return checkPhone("PhoneNumber", "拨打号码", v.PhoneNumber)
}

// Validate checks a finding's own fields (its rectification moves through
// the store's workflow methods).
func (f *Finding) Validate() error {
	switch {
	case f.UnitID == "":
		return Invalid("UnitID", "请选择问题所在单位")
	case !oneOf(f.Category, FindingCategories):
		return Invalid("Category", "请选择问题类别")
	case blank(f.Description):
		return Invalid("Description", "问题描述不能为空")
	case !oneOf(f.Disposition, Dispositions):
		return Invalid("Disposition", "请选择处理方式")
	case f.RectLimitDays < 0 || f.RectLimitDays > MaxRectDays:
		return Invalid("RectLimitDays", fmt.Sprintf("整改时限应在1至%d个工作日之间", MaxRectDays))
	}
	return nil
}

// Validate checks an activity-log entry.
func (a *ActivityLog) Validate() error {
	switch {
	case a.UnitID == "":
		return Invalid("UnitID", "请选择监测点企业")
	case a.On.IsZero():
		return Invalid("On", "请填写日期")
	case blank(a.Agency):
		return Invalid("Agency", "执法检查机关不能为空")
	case !oneOf(a.Purpose, ActivityPurposes):
		return Invalid("Purpose", "请选择事由类别")
	}
	return nil
}

var idNumberPattern = regexp.MustCompile(`^[0-9]{17}[0-9Xx]$`)

// Validate checks a ticket's registration fields.
func (c *Complaint) Validate() error {
	switch {
	case c.ReceivedAt.IsZero():
		return Invalid("ReceivedAt", "请填写收件时间")
	case !oneOf(c.Channel, Channels):
		return Invalid("Channel", "请选择投诉渠道")
	case !c.Complainant.Anonymous && blank(c.Complainant.Name):
		return Invalid("Complainant.Name", "投诉人姓名不能为空；不愿留名的请勾选“匿名”")
	case c.Complainant.IDNumber != "" && !idNumberPattern.MatchString(c.Complainant.IDNumber):
		return Invalid("Complainant.IDNumber", "身份证号码应为18位")
	case c.UnitID == "":
		return Invalid("UnitID", "请选择被投诉单位")
	case !oneOf(c.Category, Categories):
		return Invalid("Category", "请选择投诉类别")
	case blank(c.Subject):
		return Invalid("Subject", "事由不能为空")
	case tooLong(c.Subject, 80):
		return Invalid("Subject", "事由不能超过80个字，详细情况请写在投诉内容中")
	case blank(c.Content):
		return Invalid("Content", "投诉内容不能为空")
	}
	return checkPhone("Complainant.Phone", "投诉人电话", c.Complainant.Phone)
}

// Validate checks an accountability action.
func (a *Action) Validate() error {
	switch {
	case a.TargetKind != TargetUnit && a.TargetKind != TargetPerson:
		return Invalid("TargetKind", "请选择追究对象是单位还是个人")
	case a.UnitID == "":
		return Invalid("UnitID", "请选择被追究单位")
	case a.TargetKind == TargetPerson && blank(a.PersonName):
		return Invalid("PersonName", "被追究人姓名不能为空")
	case !oneOf(a.Measure, Measures):
		return Invalid("Measure", "请选择追究方式")
	case a.DecidedOn.IsZero():
		return Invalid("DecidedOn", "请填写决定日期")
	}
	return nil
}

// Validate checks a document's editable fields.
func (d *Document) Validate() error {
	switch {
	case !oneOf(d.Kind, DocKinds):
		return Invalid("Kind", "请选择文书种类")
	case blank(d.Title):
		return Invalid("Title", "文书标题不能为空")
	case d.Kind != DocBulletin && blank(d.Recipient):
		return Invalid("Recipient", "主送单位不能为空")
	case blank(d.Body):
		return Invalid("Body", "文书正文不能为空")
	}
	return nil
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
	}
	for _, k := range DocKinds {
		if blank(s.Prefix(k)) {
			return Invalid("DocPrefixes", fmt.Sprintf("“%s”的发文代字不能为空", k))
		}
	}
	return s.AssessmentWeights.Validate()
}
