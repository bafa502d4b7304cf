package data

import (
	"fmt"
	"slices"
	"strings"
)

// The life of a document: a draft is edited and deleted freely until it is
// signed (签发), when it gets its number and its text is frozen; a signed
// document is delivered (送达), replied to (登记回复), archived (归档) or
// voided (作废, its number stays accounted for).

// DocStepKind names a step of a document's life after it is drafted.
type DocStepKind string

const (
	DocStepSign    DocStepKind = "签发"
	DocStepDeliver DocStepKind = "送达"
	DocStepReply   DocStepKind = "登记回复"
	DocStepArchive DocStepKind = "归档"
	DocStepVoid    DocStepKind = "作废"
)

// docSteps is the state machine: the steps each state allows, in the order
// a screen offers them. A unit may reply to a notice it fetched itself, so
// 登记回复 does not wait for 送达.
var docSteps = map[DocStatus][]DocStepKind{
	DocDraft:     {DocStepSign},
	DocSigned:    {DocStepDeliver, DocStepReply, DocStepArchive, DocStepVoid},
	DocDelivered: {DocStepReply, DocStepArchive, DocStepVoid},
	DocReplied:   {DocStepArchive, DocStepVoid},
	DocArchived:  nil,
	DocVoid:      nil,
}

// DocumentSteps returns the steps a document in status allows, in the
// order a screen offers them.
func DocumentSteps(status DocStatus) []DocStepKind { return slices.Clone(docSteps[status]) }

// DocStep is one step applied to a document; which fields count depends
// on Kind.
type DocStep struct {
	Kind     DocStepKind
	On       Date     // 签发: the 成文日期; 登记回复, 归档: the day
	Signer   string   // 签发
	Delivery Delivery // 送达
	Text     string   // 登记回复: the reply; 作废: the reason
}

// DocEnv is what applying a step needs besides the document.
type DocEnv struct {
	Today    Date
	Settings Settings
	// Seq is the next number of the document's kind in the year of the
	// 成文日期, for 签发: the store counts it, voided numbers included.
	Seq int
}

// Apply checks step s against the document's state and the step's fields
// and, when they allow it, moves the document on. On error the document is
// unchanged.
func (d *Document) Apply(s DocStep, env DocEnv) error {
	if err := d.checkStep(s.Kind); err != nil {
		return err
	}
	textName, textLabel := "ReplyContent", "回复内容"
	if s.Kind == DocStepVoid {
		textName, textLabel = "VoidReason", "作废原因"
	}
	if err := firstTooLong(textField{"Signer", "签发人", s.Signer, MaxName}, textField{textName, textLabel, s.Text, MaxText}); err != nil {
		return err
	}
	switch s.Kind {
	case DocStepSign:
		switch {
		case s.On.IsZero():
			return Invalid("SignedOn", "请填写成文日期")
		case blank(s.Signer):
			return Invalid("Signer", "签发人不能为空")
		case !d.ReplyDue.IsZero() && d.ReplyDue.Before(s.On):
			return Invalid("ReplyDue", "回复期限不能早于成文日期")
		}
		d.Status, d.Prefix, d.Year, d.Seq = DocSigned, env.Settings.Prefix(d.Kind), s.On.Year(), env.Seq
		d.Number = FormatNumber(d.Prefix, d.Year, d.Seq)
		d.SignedOn, d.Signer = s.On, strings.TrimSpace(s.Signer)
		if blank(d.IssuingBody) {
			d.IssuingBody = env.Settings.IssuingBody
		}
	case DocStepDeliver:
		dl := s.Delivery
		if err := dl.Validate(); err != nil {
			return err
		}
		if err := d.stepDate("On", "送达日期", dl.On, env.Today); err != nil {
			return err
		}
		d.Status, d.DeliveredOn, d.DeliveryMethod = DocDelivered, dl.On, dl.Method
		d.DeliveredTo, d.DeliveredBy, d.DeliveryPlace = strings.TrimSpace(dl.To), strings.TrimSpace(dl.By), strings.TrimSpace(dl.Place)
		d.RefusalNote, d.Witness = strings.TrimSpace(dl.RefusalNote), strings.TrimSpace(dl.Witness)
	case DocStepReply:
		switch {
		case s.On.IsZero():
			return Invalid("RepliedOn", "请填写回复日期")
		case blank(s.Text):
			return Invalid("ReplyContent", "回复内容不能为空")
		}
		if err := d.stepDate("RepliedOn", "回复日期", s.On, env.Today); err != nil {
			return err
		}
		if !d.DeliveredOn.IsZero() && s.On.Before(d.DeliveredOn) {
			return Invalid("RepliedOn", "回复日期不能早于送达日期")
		}
		d.Status, d.RepliedOn, d.ReplyContent = DocReplied, s.On, strings.TrimSpace(s.Text)
	case DocStepArchive:
		if s.On.IsZero() {
			return Invalid("ArchivedOn", "请填写归档日期")
		}
		if err := d.stepDate("ArchivedOn", "归档日期", s.On, env.Today); err != nil {
			return err
		}
		d.Status, d.ArchivedOn = DocArchived, s.On
	case DocStepVoid:
		if blank(s.Text) {
			return Invalid("VoidReason", "请填写作废原因")
		}
		d.Status, d.VoidReason = DocVoid, strings.TrimSpace(s.Text)
	default:
		return Invalid("Kind", fmt.Sprintf("“%s”不是文书办理步骤", s.Kind))
	}
	return nil
}

// checkStep refuses a step the document's state does not allow, saying
// why.
func (d *Document) checkStep(kind DocStepKind) error {
	if slices.Contains(docSteps[d.Status], kind) {
		return nil
	}
	done := map[DocStatus]DocStepKind{
		DocSigned: DocStepSign, DocDelivered: DocStepDeliver, DocReplied: DocStepReply,
		DocArchived: DocStepArchive, DocVoid: DocStepVoid,
	}
	var reason string
	switch {
	case d.Status == DocDraft && kind == DocStepVoid:
		reason = "草稿尚未签发，不需作废，可以直接删除"
	case d.Status == DocDraft:
		reason = fmt.Sprintf("文书尚未签发，不能%s", kind)
	case kind == DocStepSign:
		reason = fmt.Sprintf("该文书已于%s签发，文号%s，不能重复签发", d.SignedOn.Chinese(), d.Number)
	case done[d.Status] == kind:
		reason = fmt.Sprintf("该文书已%s，不能重复%s", kind, kind)
	default:
		reason = fmt.Sprintf("该文书已%s，不能%s", done[d.Status], kind)
	}
	return &StateError{Action: string(kind), State: string(d.Status), Reason: reason}
}

// stepDate checks the day of a step: not before the document was signed,
// and not after today.
func (d *Document) stepDate(field, label string, on, today Date) error {
	switch {
	case on.Before(d.SignedOn):
		return Invalid(field, fmt.Sprintf("%s不能早于成文日期%s", label, d.SignedOn.Chinese()))
	case on.After(today):
		return Invalid(field, label+"不能晚于今天")
	}
	return nil
}

// CheckNew refuses a new document that is not a valid draft: it is signed,
// delivered and so on once saved.
func (d *Document) CheckNew() error {
	if d.Status != "" && d.Status != DocDraft {
		return Invalid("Status", "新建的文书只能是草稿，签发、送达等请在保存后办理")
	}
	return d.Validate()
}

// CheckEdit refuses to change a document that is no longer a draft: a
// correction to a signed document is a new document.
func (d *Document) CheckEdit() error {
	if d.Status != DocDraft {
		return &StateError{Action: "修改", State: string(d.Status), Reason: "已签发的文书不能修改，如需更正请另行制发"}
	}
	return nil
}

// CheckDelete refuses to delete a signed document: it can only be voided,
// so that its number stays accounted for.
func (d *Document) CheckDelete() error {
	if d.Status != DocDraft {
		return &StateError{Action: "删除", State: string(d.Status), Reason: "已签发的文书不能删除，只能作废"}
	}
	return nil
}
