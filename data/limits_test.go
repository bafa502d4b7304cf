package data

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// validRecords are records that pass validation, one of each kind whose
// text the user types.
func validRecords() map[string]interface{ Validate() error } {
	day := NewDate(2026, 11, 20)
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, Zone)
	s := DefaultSettings()
	return map[string]interface{ Validate() error }{
		"unit":     &Unit{Name: "县林业局", Category: UnitDepartment, Status: UnitActive},
		"person":   &Person{Name: "王芳", Role: PersonRoles[0]},
		"round":    &Round{Title: "第四季度明察暗访", Kind: RoundKinds[0], Start: day},
		"visit":    &Visit{RoundID: "r", UnitID: "u", VisitedAt: at},
		"finding":  &Finding{UnitID: "u", Category: FindingCategories[0], Description: "窗口无人", Disposition: Dispositions[0]},
		"activity": &ActivityLog{UnitID: "u", On: day, Agency: "县市场监管局", Purpose: ActivityPurposes[0]},
		"complaint": &Complaint{ReceivedAt: at, Channel: Channels[0], Complainant: Complainant{Name: "张三"}, UnitID: "u",
			Category: Categories[0], Subject: "办证拖拉", Content: "多次前往未办结"},
		"action":      &Action{TargetKind: TargetPerson, UnitID: "u", PersonName: "李四", Measure: Measures[0], DecidedOn: day},
		"document":    &Document{Kind: DocNotice, Title: "监察通知书", Recipient: "县林业局", Body: "经查……"},
		"task":        &Task{Source: TaskSources[0], Title: "项目落地", Content: "按期落地", LeadUnitID: "u", RegisteredOn: day, Due: day.AddDays(30)},
		"appraisal":   &AppraisalRound{Title: "群众评议", Kind: AppraisalKinds[0], From: day, To: day},
		"settings":    &s,
		"delivery":    &Delivery{On: day, Method: DeliveryMethods[0], To: "李四", By: "王芳"},
		"appraisalPS": &AppraisalRound{Title: "岗位评议", Kind: postKind(), From: day, To: day, Posts: []AppraisalPost{{UnitID: "u", Post: "窗口", Holder: "赵六"}}},
	}
}

func postKind() AppraisalKind {
	for _, k := range AppraisalKinds {
		if k.ByPost() {
			return k
		}
	}
	panic("no appraisal by post")
}

// notTyped are string fields (by name, or kind.path) that a record's
// Validate does not see typed: identities, read-only names filled from
// other records, codes the program sets, fields checked by a pattern or a
// list of their own, and fields a workflow step sets (its own check bounds
// them: TestStepTextIsBounded).
var notTyped = map[string]bool{
	"ID": true, "CreatedBy": true, "UpdatedBy": true, "Device": true, "ParentName": true, "MergedIntoName": true, "Initials": true,
	"UnitName": true, "LeadUnitName": true, "HandlerUnitName": true, "MergedIntoNo": true, "RoundID": true,
	"Number": true, "Prefix": true, "Phone": true, "Hotline": true, "PhoneNumber": true, "IDNumber": true,
	"Feedback": true, "RejectReason": true, "TransferTo": true, "ReplyContent": true, "VoidReason": true,
	"ReportContent": true, "RecheckBy": true, "DeliveredTo": true, "DeliveredBy": true, "DeliveryPlace": true,
	"document.RefusalNote": true, "document.Witness": true, "DeliveryMethod": true, "delivery.Method": true,
	"Signer": true, "Answered": true,
}

// Every text field a user types has a length limit in its record's
// validation: far too much text is refused with a Chinese sentence naming
// the field and the limit, and the limit itself is taken.
func TestEveryTextFieldIsBounded(t *testing.T) {
	huge := strings.Repeat("字", MaxBody+1)
	for kind, rec := range validRecords() {
		if err := rec.Validate(); err != nil {
			t.Fatalf("%s: the valid record is refused: %v", kind, err)
		}
		v := reflect.ValueOf(rec).Elem()
		for _, f := range textFields(v, "") {
			if notTyped[f.name] || notTyped[kind+"."+f.path] || strings.HasSuffix(f.name, "ID") {
				continue
			}
			old := f.v.String()
			f.v.SetString(huge)
			err := rec.Validate()
			f.v.SetString(old)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Errorf("%s.%s: %d characters accepted", kind, f.path, MaxBody+1)
				continue
			}
			if msg := UserMessage(err); !strings.Contains(msg, "不能超过") {
				t.Errorf("%s.%s: %q does not say the field is too long", kind, f.path, msg)
			}
		}
	}
}

type textValue struct {
	name, path string
	v          reflect.Value
}

// textFields are the plain string fields of struct v and of the structs
// and slices of structs in it.
func textFields(v reflect.Value, prefix string) []textValue {
	var out []textValue
	for i := 0; i < v.NumField(); i++ {
		sf, fv := v.Type().Field(i), v.Field(i)
		if !sf.IsExported() {
			continue
		}
		path := prefix + sf.Name
		switch {
		case sf.Type.Kind() == reflect.String && sf.Type.Name() == "string":
			out = append(out, textValue{sf.Name, path, fv})
		case sf.Type.Kind() == reflect.Struct && sf.Type != reflect.TypeOf(time.Time{}) && sf.Type != reflect.TypeOf(Date{}):
			out = append(out, textFields(fv, path+".")...)
		case sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.Struct:
			for j := 0; j < fv.Len(); j++ {
				out = append(out, textFields(fv.Index(j), path+".")...)
			}
		}
	}
	return out
}

// The limits in the words of the issue: a 5,000,000-character complaint,
// and 10,000 characters of 投诉人, 地址, 被投诉人 or 来源编号, are refused;
// the longest text allowed is taken.
func TestComplaintLengths(t *testing.T) {
	base := validRecords()["complaint"].(*Complaint)
	for _, tc := range []struct {
		set  func(c *Complaint, s string)
		n    int
		want string
	}{
		{func(c *Complaint, s string) { c.Content = s }, 5_000_000, "投诉内容不能超过20000个字"},
		{func(c *Complaint, s string) { c.Complainant.Name = s }, 10_000, "投诉人姓名不能超过50个字"},
		{func(c *Complaint, s string) { c.Complainant.Address = s }, 10_000, "投诉人地址不能超过200个字"},
		{func(c *Complaint, s string) { c.PersonName = s }, 10_000, "被投诉人不能超过50个字"},
		{func(c *Complaint, s string) { c.SourceRef = s }, 10_000, "来源编号不能超过50个字"},
	} {
		c := *base
		tc.set(&c, strings.Repeat("字", tc.n))
		if got := UserMessage(c.Validate()); got != tc.want {
			t.Errorf("%q, want %q", got, tc.want)
		}
	}
	c := *base
	c.Content = strings.Repeat("字", MaxText)
	if err := c.Validate(); err != nil {
		t.Errorf("content of %d characters: %v", MaxText, err)
	}
}

// A workflow step's text is bounded as the record's is.
func TestStepTextIsBounded(t *testing.T) {
	long := strings.Repeat("字", MaxText+1)
	c := validRecords()["complaint"].(*Complaint)
	c.Status = StatusHandling
	if err := (Step{Kind: EventFeedback, Note: long}).validate(c, DefaultSettings()); UserMessage(err) != "办理结果不能超过20000个字" {
		t.Errorf("feedback: %v", err)
	}
	if err := (RectStep{Kind: FindingReport, Text: long}).validate(); err == nil {
		t.Error("a rectification report of too many characters accepted")
	}
	if err := (TaskStep{Kind: TaskEventReport, Text: long}).validate(); err == nil {
		t.Error("a task report of too many characters accepted")
	}
	d := &Document{Status: DocSigned}
	if err := d.Apply(DocStep{Kind: DocStepVoid, Text: long}, DocEnv{}); UserMessage(err) != "作废原因不能超过20000个字" || d.Status != DocSigned {
		t.Errorf("void: %v, status %s", err, d.Status)
	}
}
