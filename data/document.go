package data

import "fmt"

// DocKind is a kind of official document the office prints.
type DocKind string

const (
	DocNotice     DocKind = "监察通知书"
	DocProposal   DocKind = "监察建议书"
	DocWarning    DocKind = "效能告诫通知书"
	DocAssignment DocKind = "交办单"
	DocReminder   DocKind = "催办通知单"
	DocTransfer   DocKind = "转办函"
	DocBulletin   DocKind = "通报"
	DocTaskNotice DocKind = "督办通知单" // hands a 督办事项 to a unit
)

// DocKinds lists the kinds in display order.
var DocKinds = []DocKind{DocNotice, DocProposal, DocWarning, DocAssignment, DocReminder, DocTransfer, DocBulletin, DocTaskNotice}

// DefaultPrefixes are the 代字 each kind's numbers start with; the office
// changes them in 设置.
var DefaultPrefixes = map[DocKind]string{
	DocNotice:     "效监通",
	DocProposal:   "效监建",
	DocWarning:    "效告",
	DocAssignment: "效投交",
	DocReminder:   "效投催",
	DocTransfer:   "效投转",
	DocBulletin:   "效通",
	DocTaskNotice: "效督",
}

// DocStatus is where a document stands.
type DocStatus string

const (
	DocDraft     DocStatus = "草稿"
	DocSigned    DocStatus = "已签发"
	DocDelivered DocStatus = "已送达"
	DocReplied   DocStatus = "已回复"
	DocArchived  DocStatus = "已归档"
	DocVoid      DocStatus = "已作废"
)

// DocStatuses lists them in workflow order.
var DocStatuses = []DocStatus{DocDraft, DocSigned, DocDelivered, DocReplied, DocArchived, DocVoid}

// Document is an official document: a draft until signed, when it gets its
// number (代字〔年〕N号) and its text is frozen.
type Document struct {
	Record
	Kind            DocKind
	Status          DocStatus
	Title           string
	RecipientUnitID string
	Recipient       string // 主送, as printed
	Body            string // the text, paragraphs separated by newlines
	Prefix          string // 代字, fixed at signing
	Year            int
	Seq             int
	Number          string // 效监通〔2026〕12号, set at signing
	IssuingBody     string // 署名
	SignedOn        Date   // 成文日期
	Signer          string
	ReplyDue        Date // the date the unit must reply by
	WithIdentity    bool // the complainant's identity is printed

	DeliveredOn    Date
	DeliveryMethod string // 直接送达, 邮寄送达, 留置送达 …
	DeliveredTo    string // the recipient who signed
	DeliveredBy    string
	DeliveryPlace  string
	RefusalNote    string // 留置送达: why and how
	Witness        string

	RepliedOn    Date
	ReplyContent string
	ArchivedOn   Date
	VoidReason   string

	// What the document is about.
	ComplaintID string
	RoundID     string
	VisitID     string
	FindingIDs  []string
}

// AwaitsReply reports whether the document is out with its recipient and
// the reply it asks for has not come: signed or delivered, with a reply
// deadline and no reply.
func (d *Document) AwaitsReply() bool {
	return (d.Status == DocSigned || d.Status == DocDelivered) && !d.ReplyDue.IsZero() && d.RepliedOn.IsZero()
}

// ReplyAlert says whether the reply a document awaits is near or past its
// deadline on day today, by the deadline rule (Calendar.AlertOn): 回复逾期
// once a working day after the deadline has begun.
func (d *Document) ReplyAlert(cal *Calendar, today Date, warnDays int) Alert {
	if !d.AwaitsReply() {
		return Alert{}
	}
	return cal.AlertOn(d.ReplyDue, today, warnDays)
}

// FormatNumber builds a 发文字号: 代字〔2026〕12号 (full year, no leading zeros).
func FormatNumber(prefix string, year, seq int) string {
	return fmt.Sprintf("%s〔%d〕%d号", prefix, year, seq)
}

// Delivery methods of a 送达回证.
const (
	DeliverByHand  = "直接送达"
	DeliverByPost  = "邮寄送达"
	DeliverLeft    = "留置送达" // the recipient refused to sign: left on the spot before a witness
	DeliverByProxy = "委托送达"
)

// DeliveryMethods lists them in the order the form offers them.
var DeliveryMethods = []string{DeliverByHand, DeliverByPost, DeliverLeft, DeliverByProxy}

// Delivery is what a 送达回证 records.
type Delivery struct {
	On          Date
	Method      string
	To          string // the recipient who signed, or refused to
	By          string // the deliverer
	Place       string
	RefusalNote string // 留置送达: why and how it was left
	Witness     string // 留置送达: who saw it left
}

// Validate checks a delivery before it is recorded.
func (dl *Delivery) Validate() error {
	switch {
	case dl.On.IsZero():
		return Invalid("On", "请填写送达日期")
	case !oneOf(dl.Method, DeliveryMethods):
		return Invalid("Method", "请选择送达方式")
	case blank(dl.To):
		return Invalid("To", "受送达人不能为空")
	case blank(dl.By):
		return Invalid("By", "送达人不能为空")
	case dl.Method == DeliverLeft && blank(dl.RefusalNote):
		return Invalid("RefusalNote", "留置送达须写明拒收事由和留置情况")
	case dl.Method == DeliverLeft && blank(dl.Witness):
		return Invalid("Witness", "留置送达须有见证人")
	}
	return firstTooLong(textField{"To", "受送达人", dl.To, MaxName}, textField{"By", "送达人", dl.By, MaxName},
		textField{"Place", "送达地点", dl.Place, MaxLine}, textField{"RefusalNote", "拒收事由", dl.RefusalNote, MaxText},
		textField{"Witness", "见证人", dl.Witness, MaxName})
}

// DocumentFilter selects documents; zero fields select all.
type DocumentFilter struct {
	Kind            DocKind
	Status          DocStatus
	RecipientUnitID string
	ComplaintID     string
	RoundID         string
	Year            int    // the year of the number; drafts count in the year they were made
	ReplyOverdue    bool   // awaiting a reply past ReplyDue (Document.ReplyAlert)
	Search          string // part of the title, number or recipient
	Limit, Offset   int
}

// DocumentCounts are the document figures on the 工作台.
type DocumentCounts struct {
	Drafts           int // not yet signed
	AwaitingDelivery int // signed, not yet delivered
	ReplyOverdue     int // awaiting a reply past ReplyDue (Document.ReplyAlert)
}
