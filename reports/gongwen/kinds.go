package gongwen

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"xiaoneng/data"
)

// Templates. Each kind's wording is a template the office edits in 设置.
// A template is plain text: a line "标题：…" gives the title, "主送：…" the
// recipient, "附注：…" a note under the date, "份数：…" the line saying how
// many copies are made, "抄送：…" and "抄报：…" the 版记; every other line
// is a paragraph of the body. A line "【附件】名称" starts an attachment:
// the lines after it are its content. Lines written |…|…| are the rows of
// a table, the first its header. Named fields are written {{单位}}; Fill
// replaces them.

var defaultTemplates = map[data.DocKind]string{
	data.DocNotice: `标题：监察通知书
主送：{{单位}}
{{检查情况}}经查，你单位存在以下问题：
{{发现问题}}
上述问题违反了机关效能建设有关规定，影响了机关服务形象。请你单位立即整改，对相关责任人员进行批评教育，并举一反三、建章立制。
请于{{整改期限}}前将整改情况书面报告我办。
特此通知。
份数：本通知书一式两份，一份送达被监察单位，一份存档。`,

	data.DocProposal: `标题：关于{{事项}}的建议
主送：{{单位}}
{{基本情况}}
一、发现的问题
{{发现问题}}
二、监察建议
{{建议}}
请于{{办理期限}}前将办理结果函告我办。`,

	data.DocWarning: `标题：关于对{{告诫对象}}予以效能告诫的通知书
主送：{{单位}}
经调查核实，{{事实}}
上述行为违反了机关效能建设有关规定。根据机关效能建设责任追究有关规定，经研究，决定对{{告诫对象}}予以效能告诫。
请你单位认真吸取教训，切实加强教育管理，并于{{整改期限}}前将整改情况书面报告我办。
特此通知。
份数：本通知书一式两份，一份送达被告诫单位，一份存档。`,

	data.DocTransfer: `标题：关于转办{{事由}}的函
主送：{{受文机关}}
{{收件日期}}，我办收到群众反映{{事由}}的投诉（编号{{投诉编号}}）。经审查，该事项不属于我办受理范围。根据有关规定，现转你单位依法处理。
主要内容：{{投诉内容}}
请依法依规办理，并将处理结果告知投诉人。
特此函告。`,

	data.DocAssignment: `标题：效能投诉交办单
请按照有关规定认真调查核实，依法依规处理，于{{办结期限}}前将办理结果书面反馈我办。办理中须严格为投诉人保密，不得泄露投诉人信息和投诉内容。`,

	data.DocReminder: `标题：催办通知单
主送：{{承办单位}}
{{交办日期}}交你单位办理的{{投诉编号}}号效能投诉（事由：{{事由}}），办理期限已于{{到期日期}}届满，至今未收到办理结果。请接此通知后抓紧办理，于{{催办期限}}前将办理结果书面反馈我办。逾期仍未办结的，我办将按有关规定予以通报。
抄报：县机关效能建设领导小组`,

	data.DocBulletin: `标题：关于{{事项}}的通报
主送：{{主送}}
{{正文}}`,

	data.DocTaskNotice: `标题：督办通知单
主送：{{单位}}
{{正文}}
请你单位高度重视，明确责任领导和具体承办人员，认真抓好落实，每季度末将工作进展情况书面报告我办，于{{办结期限}}前办结并报送办结报告。对工作推进不力、逾期未办结的，我办将予以通报，并按有关规定追究效能责任。
特此通知。`,

	KindReceipt: `标题：送达回证
受送达人拒绝签收的，送达人应当邀请见证人到场，说明情况，在本回证上记明拒收事由和日期，由送达人、见证人签名，将文书留在受送达人处，即视为送达。`,
}

// DefaultTemplate is the wording a kind starts with before the office
// changes it in 设置.
func DefaultTemplate(kind data.DocKind) string { return defaultTemplates[kind] }

var reField = regexp.MustCompile(`\{\{([^{}]*)\}\}`)

// TemplateFields lists the fields a template uses, in order of first use.
func TemplateFields(template string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range reField.FindAllStringSubmatch(template, -1) {
		name := strings.TrimSpace(m[1])
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// maxFilled bounds what filling a template makes, in bytes: a document's
// body is at most data.MaxBody characters, and a template repeating a long
// field (a complaint's 20,000-character content) would otherwise make
// hundreds of megabytes before the body's own check refuses it.
const maxFilled = 3 * data.MaxBody

// Fill replaces each {{字段}} of template with fields[字段]. A field the
// template names but fields lacks, an empty name or a brace left open is a
// *data.ValidationError naming it.
func Fill(template string, fields map[string]string) (string, error) {
	var missing []string
	size := len(template)
	out := reField.ReplaceAllStringFunc(template, func(m string) string {
		name := strings.TrimSpace(m[2 : len(m)-2])
		v, ok := fields[name]
		if !ok {
			missing = append(missing, name)
			return m
		}
		if size += len(v) - len(m); size > maxFilled {
			return "" // refused below, before more is made
		}
		return v
	})
	if size > maxFilled {
		return "", data.Invalid("Template", fmt.Sprintf("按模板填入内容后超过%d字，不能成为一份公文；请检查模板中是否重复使用了长字段", data.MaxBody))
	}
	if len(missing) > 0 {
		for i, m := range missing {
			if m == "" {
				missing[i] = "（空白）"
			}
		}
		return "", data.Invalid("Template", fmt.Sprintf("模板中的字段“%s”没有对应的内容，可用的字段有：%s", strings.Join(missing, "”“"), fieldList(fields)))
	}
	rest := reField.ReplaceAllString(template, "")
	if strings.Contains(rest, "{{") {
		return "", data.Invalid("Template", "模板中有未闭合的“{{”，字段应写成{{字段名}}")
	}
	if strings.Contains(rest, "}}") {
		return "", data.Invalid("Template", "模板中有多余的“}}”，字段应写成{{字段名}}")
	}
	return out, nil
}

func fieldList(fields map[string]string) string {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return "（无）"
	}
	return strings.Join(names, "、")
}

// Draft is a filled template split into the parts of a document.
type Draft struct {
	Title     string
	Recipient string
	// Body is the text stored in data.Document.Body: the paragraphs, and the
	// 附注：/份数： lines, one per line.
	Body string
}

// ParseDraft splits filled template text into title, recipient and body.
func ParseDraft(text string) Draft {
	var d Draft
	var body []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "标题："):
			d.Title = strings.TrimSpace(strings.TrimPrefix(t, "标题："))
		case strings.HasPrefix(t, "主送："):
			d.Recipient = strings.TrimSpace(strings.TrimPrefix(t, "主送："))
		case t != "":
			body = append(body, t)
		}
	}
	d.Body = strings.Join(body, "\n")
	return d
}

// Compose fills template with fields and splits the result.
func Compose(template string, fields map[string]string) (Draft, error) {
	text, err := Fill(template, fields)
	if err != nil {
		return Draft{}, err
	}
	return ParseDraft(text), nil
}

// Context is what a document is printed with beyond its own record.
type Context struct {
	Settings data.Settings
	// Complaint is the complaint of a 交办单, 催办通知单 or 转办函.
	Complaint *data.Complaint
	// Templates are the office's own wordings by kind, where it changed
	// the defaults in 设置.
	Templates map[data.DocKind]string
}

// Template is the kind's wording: the office's own if it has one, else
// the default.
func (ctx Context) Template(kind data.DocKind) string {
	if t := strings.TrimSpace(ctx.Templates[kind]); t != "" {
		return t
	}
	return DefaultTemplate(kind)
}

// FromDocument turns a stored document into a Doc ready to lay out. A
// document not yet signed is a draft and prints as one.
func FromDocument(d *data.Document, ctx Context) (*Doc, error) {
	doc := &Doc{
		Kind:        d.Kind,
		IssuingBody: strings.TrimSpace(d.IssuingBody),
		Number:      d.Number,
		Title:       strings.TrimSpace(d.Title),
		Recipient:   strings.TrimSpace(d.Recipient),
		Date:        d.SignedOn,
		Draft:       d.Status == data.DocDraft || d.Status == "",
	}
	if doc.IssuingBody == "" {
		doc.IssuingBody = strings.TrimSpace(ctx.Settings.IssuingBody)
	}
	b := SplitBody(d.Body)
	doc.Notes, doc.CopyNote, doc.CopyTo, doc.ReportTo, doc.Attachments = b.Notes, b.CopyNote, b.CopyTo, b.ReportTo, b.Attachments
	switch d.Kind {
	case data.DocAssignment:
		if ctx.Complaint == nil {
			return nil, data.Invalid("ComplaintID", "交办单须关联一件效能投诉")
		}
		doc.Form = assignmentRows(ctx.Complaint, b.Paragraphs, doc, d.WithIdentity)
		doc.FormNote = "本单一式两份，承办单位签收后一份存档。"
	case data.DocReminder:
		doc.Paragraphs = b.Paragraphs
		doc.Copies = []string{"第一联　存根", "第二联　送承办单位"}
		doc.Receipt = "签收人：\n签收时间：　　年　　月　　日"
	case data.DocTaskNotice:
		// it asks the unit to sign for it: the place to sign
		doc.Paragraphs = b.Paragraphs
		doc.Receipt = "签收人：\n签收时间：　　年　　月　　日"
	default:
		doc.Paragraphs = b.Paragraphs
	}
	return doc, nil
}

// Parts is a stored body split into its parts.
type Parts struct {
	Paragraphs  []Paragraph
	Notes       []string
	CopyNote    string
	CopyTo      string
	ReportTo    string
	Attachments []Attachment
}

// SplitBody separates the paragraphs of a stored body from its 附注, 份数,
// 抄送 and 抄报 lines, its tables (|…| rows) and its attachments.
func SplitBody(body string) Parts {
	var b Parts
	paras := &b.Paragraphs
	var rows [][]string
	flush := func() {
		if len(rows) > 0 {
			*paras = append(*paras, Paragraph{Table: tableOf(rows)})
			rows = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		if !strings.HasPrefix(t, "|") {
			flush()
		}
		switch {
		case t == "":
		case strings.HasPrefix(t, "|"):
			rows = append(rows, tableCells(t))
		case strings.HasPrefix(t, "【附件】"):
			b.Attachments = append(b.Attachments, Attachment{Title: strings.TrimSpace(strings.TrimPrefix(t, "【附件】"))})
			paras = &b.Attachments[len(b.Attachments)-1].Paragraphs
		case strings.HasPrefix(t, "附注："):
			b.Notes = append(b.Notes, strings.TrimSpace(strings.TrimPrefix(t, "附注：")))
		case strings.HasPrefix(t, "份数："):
			b.CopyNote = strings.TrimSpace(strings.TrimPrefix(t, "份数："))
		case strings.HasPrefix(t, "抄送："):
			b.CopyTo = strings.TrimSpace(strings.TrimPrefix(t, "抄送："))
		case strings.HasPrefix(t, "抄报："):
			b.ReportTo = strings.TrimSpace(strings.TrimPrefix(t, "抄报："))
		default:
			*paras = append(*paras, Paragraph{Text: t})
		}
	}
	flush()
	return b
}

// TableText writes a table as the rows of a stored body: |名次|单位|得分|.
func TableText(header []string, rows [][]string) string {
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(strings.ReplaceAll(strings.TrimSpace(c), "|", "｜"))
			b.WriteString("|")
		}
		b.WriteString("\n")
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func tableCells(line string) []string {
	line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
	cells := strings.Split(line, "|")
	for i, c := range cells {
		cells[i] = strings.TrimSpace(c)
	}
	return cells
}

var reFigure = regexp.MustCompile(`^[-+]?[0-9][0-9.,]*[%％]?$`)

// tableOf is a table from rows of cells, the first the header: figures
// flush right, the rest flush left.
func tableOf(rows [][]string) *Table {
	t := &Table{Header: rows[0], Rows: rows[1:]}
	n := len(t.Header)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	t.Align = make([]Align, n)
	for c := range n {
		figures := len(t.Rows) > 0
		for _, r := range t.Rows {
			if c < len(r) && r[c] != "" && !reFigure.MatchString(r[c]) {
				figures = false
			}
		}
		if figures {
			t.Align[c] = AlignRight
		}
	}
	return t
}

// assignmentRows are the rows of a 交办单. The complainant's identity is
// left out unless the handler chose to print it (domain.md, 保密).
func assignmentRows(c *data.Complaint, body []Paragraph, doc *Doc, withIdentity bool) []FormRow {
	received := ""
	if !c.ReceivedAt.IsZero() {
		received = data.DateOf(c.ReceivedAt).Chinese()
	}
	target := c.UnitName
	if c.PersonName != "" {
		target += "　" + c.PersonName
		if c.PersonPost != "" {
			target += "（" + c.PersonPost + "）"
		}
	}
	limit := ""
	if c.LimitDays > 0 {
		limit = strconv.Itoa(c.LimitDays) + "个工作日"
		if !c.DueDate.IsZero() {
			limit += "，" + c.DueDate.Chinese() + "前办结"
		}
	}
	rows := []FormRow{
		{Label: "投诉编号", Value: c.Number, Beside: &FormRow{Label: "收件日期", Value: received}},
		{Label: "投诉渠道", Value: string(c.Channel), Beside: &FormRow{Label: "投诉类别", Value: string(c.Category)}},
	}
	if withIdentity {
		who := "匿名"
		if !c.Complainant.Anonymous {
			parts := []string{c.Complainant.Name}
			if c.Complainant.Phone != "" {
				parts = append(parts, "电话"+c.Complainant.Phone)
			}
			who = strings.Join(parts, "，") + "（请严格保密）"
		}
		rows = append(rows, FormRow{Label: "投诉人", Value: who})
	}
	rows = append(rows,
		FormRow{Label: "被投诉单位（人）", Value: target},
		FormRow{Label: "事由", Value: c.Subject},
		FormRow{Label: "投诉内容", Value: c.Content, Lines: 3, Flex: true, Short: true},
		FormRow{Label: "承办单位", Value: c.HandlerUnitName},
		FormRow{Label: "办理时限", Value: limit},
		FormRow{Label: "办理要求", Value: requirements(body)},
		FormRow{Label: "交办单位（盖章）", Value: doc.IssuingBody, Seal: true, Date: dateOrBlank(doc.Date),
			Beside: &FormRow{Label: "承办单位签收", Value: "签收人：", Seal: true, Date: "年　　月　　日"}},
	)
	return rows
}

// restated are the labels of lines a slip's 办理要求 may carry that the
// rows above already show.
var restated = []string{"投诉编号", "编号", "投诉事由", "事由", "收件时间", "收件日期", "投诉渠道", "渠道", "主要内容", "投诉内容", "被投诉单位", "投诉类别", "承办单位", "办理时限"}

// requirements is the slip's 办理要求: the body without the lines that
// repeat the rows above (a body written for a letter says 事由 and 主要内容
// again), and without a leading "办理要求：".
func requirements(body []Paragraph) string {
	var out []string
	for _, p := range body {
		t := strings.TrimSpace(p.Text)
		label, rest, ok := strings.Cut(t, "：")
		if ok && slices.Contains(restated, strings.TrimSpace(label)) {
			continue
		}
		if ok && strings.TrimSpace(label) == "办理要求" {
			t = strings.TrimSpace(rest)
		}
		if t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n")
}

func dateOrBlank(d data.Date) string {
	if d.IsZero() {
		return "年　　月　　日"
	}
	return d.Chinese()
}

// HasReceipt says whether a kind is delivered with a 送达回证: the notices
// and letters to one unit. A 通报 goes to all units, and the slips and the
// 督办通知单 carry their own place to sign for them.
func HasReceipt(kind data.DocKind) bool {
	switch kind {
	case data.DocNotice, data.DocProposal, data.DocWarning, data.DocTransfer:
		return true
	}
	return false
}

// ReceiptFor is the 送达回证 of a signed document: filled with what is
// known of its delivery, with room for the signatures.
func ReceiptFor(d *data.Document, ctx Context) (*Doc, error) {
	if !HasReceipt(d.Kind) {
		return nil, &data.StateError{Action: "打印送达回证", State: string(d.Status), Reason: fmt.Sprintf("%s不用送达回证：它有自己的签收栏，或不送达某一单位", d.Kind)}
	}
	if d.Number == "" {
		return nil, &data.StateError{Action: "打印送达回证", State: string(d.Status), Reason: "文书签发后才能打印送达回证"}
	}
	issuer := strings.TrimSpace(d.IssuingBody)
	if issuer == "" {
		issuer = strings.TrimSpace(ctx.Settings.IssuingBody)
	}
	draft := ParseDraft(ctx.Template(KindReceipt))
	methods := make([]string, len(data.DeliveryMethods))
	for i, m := range data.DeliveryMethods {
		box := "□"
		if m == d.DeliveryMethod {
			box = "■"
		}
		methods[i] = box + m
	}
	when := "　　年　　月　　日　　时"
	if !d.DeliveredOn.IsZero() {
		when = d.DeliveredOn.Chinese()
	}
	return &Doc{
		Kind:        KindReceipt,
		IssuingBody: issuer,
		Title:       draft.Title,
		Date:        d.SignedOn,
		Form: []FormRow{
			{Label: "送达机关", Value: issuer},
			{Label: "送达文书", Value: fmt.Sprintf("%s（%s）", d.Title, d.Number)},
			{Label: "受送达人", Value: d.Recipient},
			{Label: "送达地点", Value: d.DeliveryPlace},
			{Label: "送达时间", Value: when},
			{Label: "送达方式", Value: strings.Join(methods, "　")},
			{Label: "受送达人签名（盖章）", Seal: true, Date: "年　　月　　日",
				Beside: &FormRow{Label: "送达人签名", Seal: true, Date: "年　　月　　日"}},
			{Label: "拒收事由及留置情况", Value: d.RefusalNote, Lines: 3, Flex: true, Short: true},
			{Label: "见证人签名", Value: d.Witness, Lines: 2, Date: "年　　月　　日"},
		},
		FormNote: strings.ReplaceAll(draft.Body, "\n", ""),
	}, nil
}
