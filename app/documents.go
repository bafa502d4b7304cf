package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/widgets"
	"xiaoneng/data"
	"xiaoneng/reports/documents"
	"xiaoneng/reports/gongwen"
)

// documentsScreen is 文书: the office's documents by where they stand
// (草稿, 已签发, 已送达, 已回复, 回复逾期, 已归档, 已作废), filtered by kind,
// unit and year; the selected one with its text (editable while a draft),
// the preview of its pages, what happened to it, and the steps it allows
// now: 签发, 送达, 登记回复, 归档, 作废, and printing.
type documentsScreen struct {
	w     *Workbench
	root  fyne.CanvasObject
	table *widgets.Table[*data.Document]

	kind      *widget.Select
	year      *widget.Select
	unit      *widgets.UnitPicker
	resetting bool

	today data.Date
	cal   *data.Calendar // counts how late a reply is, in working days

	doc     *data.Document // the document shown; nil when none
	heading *widgets.WrapLabel
	status  *widget.Label
	actions *fyne.Container // the workflow steps, then printing
	tabs    *container.AppTabs
	textTab *container.TabItem
	none    *widget.Label
	detail  fyne.CanvasObject

	// The text: a form while a draft, read-only after signing.
	form      *widgets.Form
	title     *widget.Entry
	recipUnit *widgets.UnitPicker
	recipient *widget.Entry
	replyDue  *widgets.DateEntry
	body      *widgets.TextArea
	remove    *widget.Button
	frozen    *fyne.Container // the signed text
	textStack *fyne.Container
	filling   bool

	preview *pagePreview
	history *fyne.Container
}

const (
	allKinds = "全部种类"
	allYears = "全部年份"
	// chipOverdue is the chip of documents whose reply is overdue.
	chipOverdue = "回复逾期"
)

func newDocumentsScreen(w *Workbench) *documentsScreen {
	s := &documentsScreen{w: w}
	// Where each document stands comes first: it is what the list is read for.
	s.table = widgets.NewTable([]widgets.Column[*data.Document]{
		{Title: "文号", Width: 168, Text: func(d *data.Document) string { return d.Number }},
		{Title: "状态", Width: 70, Text: func(d *data.Document) string { return string(d.Status) }},
		{Title: "提醒", Width: 150, Text: s.alertOf},
		{Title: "标题", Width: 260, Grow: true, Text: func(d *data.Document) string { return d.Title }},
		{Title: "主送", Width: 170, Grow: true, Shrink: true, Text: func(d *data.Document) string { return d.Recipient }},
		{Title: "种类", Width: 110, Text: func(d *data.Document) string { return string(d.Kind) }},
		{Title: "成文日期", Width: 100, Text: func(d *data.Document) string { return d.SignedOn.String() }},
		{Title: "回复期限", Width: 100, Text: func(d *data.Document) string { return d.ReplyDue.String() }},
	}, nil, nil)
	for _, st := range []data.DocStatus{data.DocDraft, data.DocSigned, data.DocDelivered, data.DocReplied} {
		s.table.AddChip(string(st), func(d *data.Document) bool { return d.Status == st })
	}
	s.table.AddChip(chipOverdue, s.overdue)
	for _, st := range []data.DocStatus{data.DocArchived, data.DocVoid} {
		s.table.AddChip(string(st), func(d *data.Document) bool { return d.Status == st })
	}
	s.table.RowTone = func(d *data.Document) widget.Importance {
		if s.overdue(d) {
			return widget.DangerImportance
		}
		return widget.MediumImportance
	}
	s.table.Remember("文书")
	s.table.OnSelected = func(d *data.Document) {
		if s.doc != nil && s.doc.ID == d.ID {
			return
		}
		s.confirmLeave(func() { s.open(d.ID) })
	}

	// The filters report changes only once set to their starting values.
	s.kind = filterSelect(allKinds, data.DocKinds, nil)
	s.kind.OnChanged = func(string) { s.filtersChanged() }
	s.year = widget.NewSelect([]string{allYears}, nil)
	s.year.SetSelected(allYears)
	s.year.OnChanged = func(string) { s.filtersChanged() }
	s.unit = widgets.NewUnitPicker(w.searchUnits)
	s.unit.SetPlaceHolder("主送单位")
	s.unit.OnChanged = func(string, string) { s.filtersChanged() }
	clearFilters := widget.NewButton("清除条件", func() {
		s.resetting = true
		s.kind.SetSelected(allKinds)
		s.year.SetSelected(allYears)
		s.unit.SetUnit("", "")
		s.resetting = false
		s.reloadShowing()
	})
	add := widget.NewButtonWithIcon("新建文书…", fynetheme.ContentAddIcon(), s.create)
	add.Importance = widget.HighImportance
	batch := widget.NewButtonWithIcon("合并打印…", fynetheme.DocumentPrintIcon(), s.printList)
	filters := container.NewVBox(
		container.NewHBox(add, batch),
		container.NewHBox(widget.NewLabel("种类"), s.kind, widget.NewLabel("年份"), s.year, clearFilters),
		container.NewBorder(nil, nil, widget.NewLabel("单位"), nil, s.unit))
	left := container.NewBorder(filters, nil, nil, nil, s.table.Widget())

	s.buildDetail()
	s.none = widget.NewLabel("请在左侧列表中选择一份文书，或新建文书。")
	right := container.NewStack(container.NewCenter(s.none), s.detail)
	split := container.NewHSplit(left, right)
	split.Offset = 0.5
	s.root = split
	return s
}

func (s *documentsScreen) buildDetail() {
	s.heading = widgets.NewWrapLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.status = widget.NewLabel("")
	s.actions = widgets.NewFlow()

	s.form = widgets.NewForm(s.saveDraft)
	s.title = widget.NewEntry()
	s.recipUnit = widgets.NewUnitPicker(s.w.searchUnits)
	s.recipUnit.SetPlaceHolder("从单位名录中选择（可不选）")
	s.recipUnit.OnChanged = func(_, name string) {
		if !s.filling && name != "" {
			s.recipient.SetText(name)
		}
	}
	s.recipient = widget.NewEntry()
	s.replyDue = widgets.NewDateEntry()
	s.body = multiLine(16, "")
	s.form.Add("标题", "Title", s.title, true)
	s.form.Add("主送单位", "RecipientUnitID", s.recipUnit, false)
	s.form.Add("主送（印在文书上）", "Recipient", s.recipient, false)
	s.form.Add("回复期限", "ReplyDue", s.replyDue, false)
	s.form.Add("正文", "Body", s.body, true)
	s.form.Add("", "", lowLabel("每段一行。以“一、”开头的段落为一级标题（黑体），以“（一）”开头的为二级标题（楷体）；"+
		bodyLineHelp+"。【请填写：…】处须在签发前填写。"+
		"回复期限用于逾期提醒，修改时请一并修改正文中的期限。"), false)
	s.remove = widget.NewButtonWithIcon("删除草稿", fynetheme.DeleteIcon(), s.deleteDraft)
	s.remove.Importance = widget.DangerImportance
	s.form.AddButton(s.remove)
	s.form.OnDirtyChanged = func(bool) { s.w.setMenu() }

	s.frozen = container.NewVBox()
	s.textStack = container.NewStack(s.form.Widget(), container.NewVScroll(s.frozen))
	s.textTab = container.NewTabItem("正文", s.textStack)
	s.preview = newPagePreview()
	s.history = container.NewVBox()
	previewTab := container.NewTabItem("预览", s.preview.Widget())
	s.tabs = container.NewAppTabs(s.textTab, previewTab, container.NewTabItem("办理情况", container.NewVScroll(s.history)))
	s.tabs.OnSelected = func(t *container.TabItem) {
		if t == previewTab {
			s.refreshPreview()
		}
		s.w.setMenu()
	}
	// The steps, then the outputs, wrapping onto more rows in a narrow
	// pane rather than squeezing the list.
	s.detail = container.NewBorder(container.NewVBox(s.heading, s.status, s.actions,
		widget.NewSeparator()), nil, nil, nil, s.tabs)
	s.detail.Hide()
}

func (s *documentsScreen) view() fyne.CanvasObject { return s.root }

func (s *documentsScreen) shown() {
	s.reloadShowing()
}

func (s *documentsScreen) filtersChanged() {
	if !s.resetting {
		s.reloadShowing()
	}
}

// reloadShowing reloads the list and the document shown (unless its text
// is being edited).
func (s *documentsScreen) reloadShowing() {
	if err := s.reload(); err != nil {
		widgets.ShowError(s.w.win, err)
		return
	}
	if s.doc != nil && !s.form.Dirty() {
		s.open(s.doc.ID)
	}
}

// reload reads the documents the filters select; the chips filter them
// on screen.
func (s *documentsScreen) reload() error {
	if s.w.db == nil {
		return nil
	}
	s.today = today()
	cal, err := s.w.db.Calendar(s.w.ctx)
	if err != nil {
		return err
	}
	s.cal = cal
	f := data.DocumentFilter{}
	if k := s.kind.Selected; k != allKinds {
		f.Kind = data.DocKind(k)
	}
	if y, err := parseYearText(s.year.Selected); err == nil {
		f.Year = y
	}
	f.RecipientUnitID, _ = s.unit.Unit()
	docs, err := s.w.db.Documents(s.w.ctx, f)
	if err != nil {
		return err
	}
	s.table.SetRows(docs)
	s.updateYears()
	return nil
}

// updateYears offers the years from the first year of the ledger's
// documents to this one.
func (s *documentsScreen) updateYears() {
	first := s.today.Year()
	for _, d := range s.table.Visible() {
		if y := docYear(d); y < first {
			first = y
		}
	}
	if len(s.year.Options) > 1 {
		if y, err := parseYearText(s.year.Options[1]); err == nil && y < first {
			first = y
		}
	}
	opts := []string{allYears}
	for y := s.today.Year(); y >= first; y-- {
		opts = append(opts, yearText(y))
	}
	s.year.Options = opts
	s.year.Refresh()
}

// docYear is the year a document counts in: its number's, or the year a
// draft was made.
func docYear(d *data.Document) int {
	if d.Year != 0 {
		return d.Year
	}
	return d.CreatedAt.In(data.Zone).Year()
}

// overdue says whether the unit's reply is past its deadline.
func (s *documentsScreen) overdue(d *data.Document) bool {
	return s.alert(d).Level == data.AlertOverdue
}

func (s *documentsScreen) alert(d *data.Document) data.Alert {
	if s.cal == nil {
		return data.Alert{}
	}
	return d.ReplyAlert(s.cal, s.today, 0)
}

func (s *documentsScreen) alertOf(d *data.Document) string {
	if a := s.alert(d); a.Level == data.AlertOverdue {
		return fmt.Sprintf("回复逾期%d个工作日", a.OverdueWorkdays)
	}
	return ""
}

func (s *documentsScreen) createLabel() string { return "新建文书" }

// create asks what the new document is and drafts it (Ctrl+N).
func (s *documentsScreen) create() {
	s.confirmLeave(func() { s.w.newDocumentDialog(draftPreset{}) })
}

func (s *documentsScreen) focusSearch() { s.table.FocusSearch(s.w.win) }

// canSave: 保存 is offered while a draft's text is shown.
func (s *documentsScreen) canSave() bool {
	return s.doc != nil && s.doc.Status == data.DocDraft && s.tabs.Selected() == s.textTab
}

func (s *documentsScreen) save() {
	if s.canSave() {
		s.form.Save()
	}
}

// print prints the document shown (Ctrl+P).
func (s *documentsScreen) print() {
	if s.doc != nil && s.doc.Status != data.DocVoid {
		s.printDoc(false)
	}
}

// confirmLeave asks before a draft's unsaved text is given up.
func (s *documentsScreen) confirmLeave(leave func()) {
	s.form.ConfirmLeave(s.w.win, leave)
}

// openDocument shows document id on the 文书 screen.
func (w *Workbench) openDocument(id string) {
	openOn(w, "文书", func(s *documentsScreen) { s.open(id) })
}

// showDocuments shows the 文书 screen with one chip chosen (e.g. 回复逾期).
func (w *Workbench) showDocuments(chip string) {
	showOn(w, "文书", func(s *documentsScreen) { s.table.SetChip(chip) })
}

// open shows document id: its text, preview, history and the steps it
// allows now.
func (s *documentsScreen) open(id string) {
	d, err := s.w.db.Document(s.w.ctx, id)
	if err != nil {
		widgets.ShowError(s.w.win, err)
		return
	}
	if s.today.IsZero() {
		s.today = today()
	}
	s.doc = d
	s.heading.SetText(d.Title)
	status := string(d.Kind) + " · " + string(d.Status)
	if d.Number != "" {
		status = string(d.Kind) + " · " + d.Number + " · " + string(d.Status)
	}
	if a := s.alertOf(d); a != "" {
		status += " · " + a
	}
	s.status.SetText(status)
	s.fillText(d)
	if err := s.fillHistory(d); err != nil {
		widgets.ShowError(s.w.win, err)
	}
	s.fillActions(d)
	s.none.Hide()
	s.detail.Show()
	if s.tabs.Selected() != s.textTab {
		s.refreshPreview()
	}
	s.w.setMenu()
}

// fillText puts a draft in the form, or a signed document's frozen text.
func (s *documentsScreen) fillText(d *data.Document) {
	draft := d.Status == data.DocDraft
	setVisible(s.textStack.Objects[0], draft)
	setVisible(s.textStack.Objects[1], !draft)
	if draft {
		s.filling = true
		s.title.SetText(d.Title)
		name := ""
		if d.RecipientUnitID != "" {
			if u, err := s.w.db.Unit(s.w.ctx, d.RecipientUnitID); err == nil {
				name = u.Name
			}
		}
		s.recipUnit.SetUnit(d.RecipientUnitID, name)
		s.recipient.SetText(d.Recipient)
		s.replyDue.SetDate(d.ReplyDue)
		s.body.SetText(d.Body)
		s.filling = false
		s.form.MarkClean()
		return
	}
	text := widget.NewForm()
	add := func(label, value string) { appendText(text, label, value) }
	add("标题", d.Title)
	add("主送", d.Recipient)
	add("正文", d.Body)
	s.frozen.Objects = []fyne.CanvasObject{text, lowLabel("已签发的文书不能修改；如需更正，请作废后另行制发。")}
	s.frozen.Refresh()
}

// fillHistory lists what happened to the document and what it is about.
func (s *documentsScreen) fillHistory(d *data.Document) error {
	info := widget.NewForm()
	row := func(label, text string) {
		if strings.TrimSpace(text) != "" {
			appendText(info, label, text)
		}
	}
	row("种类", string(d.Kind))
	row("状态", string(d.Status))
	row("文号", d.Number)
	row("发文机关", d.IssuingBody)
	if !d.SignedOn.IsZero() {
		row("签发", fmt.Sprintf("%s，签发人：%s", d.SignedOn.Chinese(), d.Signer))
	}
	if !d.ReplyDue.IsZero() {
		row("回复期限", d.ReplyDue.Chinese())
	}
	if !d.DeliveredOn.IsZero() {
		row("送达", fmt.Sprintf("%s %s，受送达人：%s，送达人：%s", d.DeliveredOn.Chinese(), d.DeliveryMethod, d.DeliveredTo, d.DeliveredBy))
		row("送达地点", d.DeliveryPlace)
		row("拒收及留置情况", d.RefusalNote)
		row("见证人", d.Witness)
	}
	if !d.RepliedOn.IsZero() {
		row("回复", d.RepliedOn.Chinese()+"："+d.ReplyContent)
	}
	if !d.ArchivedOn.IsZero() {
		row("归档", d.ArchivedOn.Chinese())
	}
	row("作废原因", d.VoidReason)
	objs := []fyne.CanvasObject{info}
	var links []fyne.CanvasObject
	if d.RecipientUnitID != "" {
		links = append(links, widget.NewButton("查看主送单位", func() { s.w.openUnit(d.RecipientUnitID) }))
	}
	if len(d.FindingIDs) > 0 {
		id := d.FindingIDs[0]
		links = append(links, widget.NewButton(fmt.Sprintf("查看所依据的问题（%d个）", len(d.FindingIDs)), func() { s.w.openFinding(id) }))
	}
	if d.VisitID != "" {
		links = append(links, widget.NewButton("查看检查记录", func() { s.w.showVisit(d.VisitID, s.reloadShowing) }))
	}
	if len(links) > 0 {
		objs = append(objs, container.NewHBox(links...))
	}
	trail, err := s.w.db.AuditTrail(s.w.ctx, "documents", d.ID)
	if err != nil {
		return err
	}
	if len(trail) > 0 {
		objs = append(objs, widget.NewLabelWithStyle("操作记录", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, e := range trail {
			objs = append(objs, widget.NewLabel(fmt.Sprintf("%s  %s  %s%s", e.At.In(data.Zone).Format(timeLayout), e.Actor, e.Action, auditWhat(e))))
		}
	}
	s.history.Objects = objs
	s.history.Refresh()
	return nil
}

// auditFields name the columns of a document a change of its draft may
// touch.
var auditFields = map[string]string{
	"kind": "种类", "title": "标题", "recipient_unit_id": "主送单位", "recipient": "主送", "body": "正文",
	"issuing_body": "发文机关", "reply_due": "回复期限", "with_identity": "投诉人信息",
	"complaint_id": "关联投诉件", "round_id": "关联督查活动", "visit_id": "关联检查记录",
	"document_findings": "所依据的问题",
}

// auditWhat says what an audit row of a document records: the step it
// took it to (已签发 …), or the parts of the draft changed.
func auditWhat(e data.AuditEntry) string {
	if e.Action != data.AuditUpdate {
		return ""
	}
	if st, ok := e.After["status"].(string); ok {
		return "：" + st
	}
	var parts []string
	for col := range e.After {
		name, ok := auditFields[col]
		if !ok {
			name = "内容"
		}
		if !slices.Contains(parts, name) {
			parts = append(parts, name)
		}
	}
	slices.Sort(parts)
	return "：" + strings.Join(parts, "、")
}

// fillActions offers the steps the document's state allows now, and its
// printing.
func (s *documentsScreen) fillActions(d *data.Document) {
	var objs, outs []fyne.CanvasObject
	step := func(label string, icon fyne.Resource, fn func()) {
		b := widget.NewButtonWithIcon(label, icon, fn)
		b.Importance = widget.HighImportance
		objs = append(objs, b)
	}
	plain := func(label string, icon fyne.Resource, fn func()) {
		objs = append(objs, widget.NewButtonWithIcon(label, icon, fn))
	}
	for _, k := range data.DocumentSteps(d.Status) {
		switch k {
		case data.DocStepSign:
			step("签发…", fynetheme.ConfirmIcon(), s.signDialog)
		case data.DocStepDeliver:
			step("送达…", fynetheme.MailSendIcon(), s.deliverDialog)
		case data.DocStepReply:
			step("登记回复…", fynetheme.MailReplyIcon(), s.replyDialog)
		case data.DocStepArchive:
			plain("归档…", fynetheme.FolderIcon(), s.archiveDialog)
		case data.DocStepVoid:
			plain("作废…", fynetheme.CancelIcon(), s.voidDialog)
		}
	}
	output := func(label string, icon fyne.Resource, fn func()) {
		outs = append(outs, widget.NewButtonWithIcon(label, icon, fn))
	}
	if d.Status != data.DocVoid {
		output("打印…", fynetheme.DocumentPrintIcon(), func() { s.printDoc(false) })
		output("另存为PDF…", fynetheme.DocumentSaveIcon(), func() { s.printDoc(true) })
		output("另存为Word…", fynetheme.DocumentSaveIcon(), s.saveWord)
	}
	if d.Number != "" && d.Status != data.DocVoid && gongwen.HasReceipt(d.Kind) {
		output("打印送达回证…", fynetheme.DocumentPrintIcon(), func() { s.printReceipt() })
	}
	s.actions.Objects = append(objs, outs...)
	s.actions.Refresh()
}

// edited is the document as the draft form has it now (for the preview and
// for saving).
func (s *documentsScreen) edited() *data.Document {
	d := *s.doc
	d.Title = strings.TrimSpace(s.title.Text)
	d.RecipientUnitID, _ = s.recipUnit.Unit()
	d.Recipient = strings.TrimSpace(s.recipient.Text)
	d.ReplyDue = dateOr(s.replyDue)
	d.Body = s.body.Text
	return &d
}

func (s *documentsScreen) saveDraft() error {
	if _, err := s.replyDue.Date(); err != nil && strings.TrimSpace(s.replyDue.Text) != "" {
		return data.Invalid("ReplyDue", err.Error())
	}
	d := s.edited()
	if err := s.w.db.UpdateDocument(s.w.ctx, d); err != nil {
		return err
	}
	s.doc = d
	s.heading.SetText(d.Title)
	if err := s.reload(); err != nil {
		return err
	}
	return nil
}

func (s *documentsScreen) deleteDraft() {
	d := s.doc
	confirmDelete(s.w.win, "删除草稿", fmt.Sprintf("确定删除草稿《%s》吗？", d.Title), func() error {
		return s.w.db.DeleteDocument(s.w.ctx, d.ID)
	}, func() error {
		s.form.MarkClean()
		s.doc = nil
		s.detail.Hide()
		s.none.Show()
		s.reloadShowing()
		s.w.setMenu()
		return nil
	})
}

// refreshPreview lays out the document as it would print now (a draft
// with the text being edited) and shows its pages.
func (s *documentsScreen) refreshPreview() {
	if s.doc == nil {
		return
	}
	d := *s.doc
	if d.Status == data.DocDraft {
		d = *s.edited()
	}
	d.WithIdentity = false // the screen never shows the complainant
	settings, err := s.w.db.Settings(s.w.ctx)
	if err != nil {
		s.preview.showError(data.UserMessage(err))
		return
	}
	p, err := documents.NewPrinter(s.w.ctx, s.w.db)
	if err != nil {
		s.preview.showError(data.UserMessage(err))
		return
	}
	doc, err := p.Doc(s.w.ctx, &d)
	if err != nil {
		s.preview.showError(data.UserMessage(err))
		return
	}
	s.preview.layout(doc, settings)
}

// printDoc prints the document shown, or saves it (save); a draft's
// unsaved text is saved first, so that what prints is what is kept.
func (s *documentsScreen) printDoc(save bool) {
	if s.doc.Status == data.DocDraft && s.form.Dirty() {
		s.form.Save()
		if s.form.Dirty() {
			return
		}
	}
	d := s.doc
	title := "打印" + string(d.Kind)
	if save {
		title = string(d.Kind) + "另存为PDF"
	}
	s.w.askIdentity(d, title, func(identity bool) {
		o := printOrder{docs: []*data.Document{d}, identity: identity}
		if save {
			s.w.savePDF(o)
		} else {
			s.w.printPDF(o, nil)
		}
	})
}

// saveWord saves the document shown as a Word document, for a change by
// hand; a draft's unsaved text is saved first.
func (s *documentsScreen) saveWord() {
	if s.doc.Status == data.DocDraft && s.form.Dirty() {
		s.form.Save()
		if s.form.Dirty() {
			return
		}
	}
	d := s.doc
	s.w.askIdentity(d, string(d.Kind)+"另存为Word", func(identity bool) {
		s.w.saveWord(printOrder{docs: []*data.Document{d}, identity: identity})
	})
}

func (s *documentsScreen) printReceipt() {
	s.w.printPDF(printOrder{docs: []*data.Document{s.doc}, receipt: true}, nil)
}

// printList prints the documents the list shows (void ones left out) into
// one PDF.
func (s *documentsScreen) printList() {
	var docs []*data.Document
	for _, d := range s.table.Visible() {
		if d.Status != data.DocVoid {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		dialog.ShowInformation("合并打印", "列表中没有可打印的文书。", s.w.win)
		return
	}
	// The list is newest first; paper goes out oldest first.
	slices.Reverse(docs)
	msg := fmt.Sprintf("将列表中的%d份文书（已作废的除外）按成文日期先后合并为一个PDF打印。交办单不含投诉人信息。", len(docs))
	confirmAction(s.w.win, "合并打印", "打印", msg, func(ok bool) {
		if ok {
			s.w.printPDF(printOrder{docs: docs}, nil)
		}
	})
}

func (s *documentsScreen) stepDialog(title string, form *widgets.Form, intro string) *dialog.CustomDialog {
	return showStepDialog(s.w.win, title, form, intro, 640)
}

// stepDone closes the step's dialog and shows the document again.
func (s *documentsScreen) stepDone(d *dialog.CustomDialog) {
	d.Hide()
	s.reloadShowing()
}

func (s *documentsScreen) intro() string {
	d := s.doc
	if d.Number != "" {
		return fmt.Sprintf("%s《%s》（%s）\n主送：%s", d.Kind, d.Title, d.Number, d.Recipient)
	}
	return fmt.Sprintf("%s《%s》\n主送：%s", d.Kind, d.Title, d.Recipient)
}

// signDialog signs a draft: its number is given now and its text frozen.
func (s *documentsScreen) signDialog() {
	if s.form.Dirty() {
		s.form.Save()
		if s.form.Dirty() {
			return
		}
	}
	d := s.doc
	if blank := documents.Unfilled(d); len(blank) > 0 {
		dialog.ShowInformation("尚不能签发", fmt.Sprintf("文书中还有待填写的内容：%s。请在“正文”中填写后再签发。", strings.Join(blank, "、")), s.w.win)
		return
	}
	people, err := s.w.db.People(s.w.ctx, "")
	if err != nil {
		widgets.ShowError(s.w.win, err)
		return
	}
	var signers []string
	for _, p := range people {
		if p.CanSign && p.Active {
			signers = append(signers, signerLabel(p))
		}
	}
	if len(signers) == 0 {
		dialog.ShowInformation("尚不能签发", "还没有可签发文书的人员。请先在“人员”中为签发文书的领导勾选“可签发文书”。", s.w.win)
		return
	}
	on := widgets.NewDateEntry()
	on.SetDate(s.today)
	signer := widget.NewSelect(signers, nil)
	signer.PlaceHolder = "请选择签发人"
	if len(signers) == 1 {
		signer.SetSelected(signers[0])
	}
	var dlg *dialog.CustomDialog
	form := widgets.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("SignedOn", err.Error())
		}
		name, _, _ := strings.Cut(signer.Selected, "（")
		signed, err := s.w.db.SignDocument(s.w.ctx, d.ID, day, name)
		if err != nil {
			return err
		}
		s.stepDone(dlg)
		dialog.ShowInformation("已签发", fmt.Sprintf("《%s》已签发，文号：%s。", signed.Title, signed.Number), s.w.win)
		return nil
	})
	form.Add("成文日期", "SignedOn", on, true)
	form.Add("签发人", "Signer", signer, true)
	form.Add("", "", lowLabel("签发后按种类和年份编号，文书正文不能再修改。"), false)
	dlg = s.stepDialog("签发", form, s.intro())
}

// signerLabel is a signer as offered: 王强（县效能办主任）.
func signerLabel(p *data.Person) string {
	if p.Post == "" {
		return p.Name
	}
	return p.Name + "（" + p.Post + "）"
}

// deliverDialog records the 送达回证: when, how, to whom and by whom; a
// document left with the recipient who refused it (留置送达) needs the
// refusal and a witness.
func (s *documentsScreen) deliverDialog() {
	d := s.doc
	on := widgets.NewDateEntry()
	on.SetDate(s.today)
	to, by, place, witness := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	by.SetText(s.w.db.Actor())
	if d.RecipientUnitID != "" {
		if u, err := s.w.db.Unit(s.w.ctx, d.RecipientUnitID); err == nil {
			to.SetText(u.Contact)
			place.SetText(u.Address)
		}
	}
	refusal := multiLine(2, "受送达人拒收的事由，文书留置的地点和情况")
	leftHint := lowLabel("留置送达须写明拒收事由和留置情况，并有见证人在送达回证上签名。")
	method := widget.NewSelect(data.DeliveryMethods, func(m string) {
		left := m == data.DeliverLeft
		setVisible(leftHint, left)
		setEnabled(refusal, left)
		setEnabled(witness, left)
	})
	method.PlaceHolder = "请选择送达方式"
	method.SetSelected(data.DeliverByHand)
	var dlg *dialog.CustomDialog
	form := widgets.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		dl := data.Delivery{On: day, Method: method.Selected, To: to.Text, By: by.Text, Place: place.Text}
		if dl.Method == data.DeliverLeft {
			dl.RefusalNote, dl.Witness = refusal.Text, witness.Text
		}
		if err := s.w.db.DeliverDocument(s.w.ctx, d.ID, dl); err != nil {
			return err
		}
		s.stepDone(dlg)
		return nil
	})
	form.Add("送达日期", "On", on, true)
	form.Add("送达方式", "Method", method, true)
	form.Add("受送达人", "To", to, true)
	form.Add("送达人", "By", by, true)
	form.Add("送达地点", "Place", place, false)
	form.Add("拒收事由及留置情况", "RefusalNote", refusal, false)
	form.Add("见证人", "Witness", witness, false)
	form.Add("", "", leftHint, false)
	dlg = s.stepDialog("送达", form, s.intro()+"\n按送达回证上的记载填写。")
}

// replyDialog records the unit's written reply.
func (s *documentsScreen) replyDialog() {
	d := s.doc
	on := widgets.NewDateEntry()
	on.SetDate(s.today)
	content := multiLine(5, "回复的主要内容：采取的措施、整改或办理结果")
	var dlg *dialog.CustomDialog
	form := widgets.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("RepliedOn", err.Error())
		}
		if err := s.w.db.RecordDocumentReply(s.w.ctx, d.ID, day, content.Text); err != nil {
			return err
		}
		s.stepDone(dlg)
		return nil
	})
	form.Add("回复日期", "RepliedOn", on, true)
	form.Add("回复内容", "ReplyContent", content, true)
	intro := s.intro()
	if !d.ReplyDue.IsZero() {
		intro += "\n回复期限：" + d.ReplyDue.Chinese()
		if s.overdue(d) {
			intro += "（已逾期）"
		}
	}
	dlg = s.stepDialog("登记回复", form, intro)
}

func (s *documentsScreen) archiveDialog() {
	d := s.doc
	on := widgets.NewDateEntry()
	on.SetDate(s.today)
	var dlg *dialog.CustomDialog
	form := widgets.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("ArchivedOn", err.Error())
		}
		if err := s.w.db.ArchiveDocument(s.w.ctx, d.ID, day); err != nil {
			return err
		}
		s.stepDone(dlg)
		return nil
	})
	form.Add("归档日期", "ArchivedOn", on, true)
	intro := s.intro()
	if d.Status == data.DocSigned || d.Status == data.DocDelivered {
		intro += "\n尚未登记单位的回复；归档后不能再登记。"
	}
	dlg = s.stepDialog("归档", form, intro)
}

func (s *documentsScreen) voidDialog() {
	d := s.doc
	reason := multiLine(2, "如：主送单位名称有误，已重新制发")
	var dlg *dialog.CustomDialog
	form := widgets.NewForm(func() error {
		if err := s.w.db.VoidDocument(s.w.ctx, d.ID, reason.Text); err != nil {
			return err
		}
		s.stepDone(dlg)
		return nil
	})
	form.Add("作废原因", "VoidReason", reason, true)
	dlg = s.stepDialog("作废", form, s.intro()+"\n作废后文号"+d.Number+"保留不再使用，文书不能恢复。")
}
