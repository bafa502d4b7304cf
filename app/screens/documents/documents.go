package documents

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/reports/documents"
	"xiaoneng/reports/gongwen"
)

// Screen is 文书: the office's documents by where they stand
// (草稿, 已签发, 已送达, 已回复, 回复逾期, 已归档, 已作废), filtered by kind,
// unit and year; the selected one with its text (editable while a draft),
// the preview of its pages, what happened to it, and the steps it allows
// now: 签发, 送达, 登记回复, 归档, 作废, and printing.
//
// A ledger holds tens of thousands of documents (every notice of a batch):
// the list is read a page at a time in the background, its count with it,
// the chips and the search asking the store; the list says it is being
// read meanwhile.
type Screen struct {
	w       host.Host
	records *kit.Records[*data.Document]
	table   *kit.Table[*data.Document]

	kind    *widget.Select
	year    *widget.Select
	unit    *kit.UnitPicker
	filters *kit.Filters
	query   string // the search typed

	today data.Date
	cal   *data.Calendar // counts how late a reply is, in working days

	pager  *kit.Pager // the page shown, of how many
	loads  kit.Latest // the list's loads: the last started shows
	typing kit.Pause  // the search of the text being typed

	doc     *data.Document // the document shown; nil when none
	heading *kit.WrapLabel
	status  *widget.Label
	actions *fyne.Container // the workflow steps, then printing
	tabs    *container.AppTabs
	textTab *container.TabItem
	none    *widget.Label
	detail  fyne.CanvasObject

	// The text: a form while a draft, read-only after signing.
	form      *kit.Form
	title     *widget.Entry
	recipUnit *kit.UnitPicker
	recipient *widget.Entry
	replyDue  *kit.DateEntry
	body      *kit.TextArea
	remove    *widget.Button
	frozen    *fyne.Container // the signed text
	textStack *fyne.Container
	filling   bool

	preview *parts.PagePreview
	history *fyne.Container
}

const (
	allKinds = "全部种类"
	allYears = "全部年份"
)

// pageSize is how many documents a page of the list holds.
var pageSize = 500

func New(w host.Host) *Screen {
	s := &Screen{w: w}
	// Where each document stands comes first: it is what the list is read for.
	s.table = kit.NewTable([]kit.Column[*data.Document]{
		{Title: "文号", Width: 168, Text: func(d *data.Document) string { return d.Number }},
		{Title: "状态", Width: 70, Text: func(d *data.Document) string { return string(d.Status) }},
		{Title: "提醒", Width: 150, Text: s.alertOf},
		{Title: "标题", Width: 260, Grow: true, Text: func(d *data.Document) string { return d.Title }},
		{Title: "主送", Width: 170, Grow: true, Shrink: true, Text: func(d *data.Document) string { return d.Recipient }},
		{Title: "种类", Width: 110, Text: func(d *data.Document) string { return string(d.Kind) }},
		{Title: "成文日期", Width: 100, Text: func(d *data.Document) string { return d.SignedOn.String() }},
		{Title: "回复期限", Width: 100, Text: func(d *data.Document) string { return d.ReplyDue.String() }},
	}, nil, nil)
	// The chips and the search select in the store (currentFilter).
	for _, chip := range []string{string(data.DocDraft), string(data.DocSigned), string(data.DocDelivered), string(data.DocReplied),
		host.DocumentsReplyOverdue, string(data.DocArchived), string(data.DocVoid)} {
		s.table.AddChip(chip, nil)
	}
	s.table.ChipsWith(func(string) { s.firstPage() })
	s.table.QueryWith("搜索标题、文号或主送（Ctrl+F）", s.searchTyped)
	s.table.RowTone = func(d *data.Document) widget.Importance {
		if s.overdue(d) {
			return widget.DangerImportance
		}
		return widget.MediumImportance
	}
	s.table.Remember("文书")

	// The filters report changes only once set to their starting values.
	s.filters = kit.NewFilters(s.firstPage)
	s.kind = kit.FilterSelect(allKinds, data.DocKinds, nil)
	s.kind.OnChanged = func(string) { s.filters.Changed() }
	s.year = widget.NewSelect([]string{allYears}, nil)
	s.year.SetSelected(allYears)
	s.year.OnChanged = func(string) { s.filters.Changed() }
	s.unit = kit.NewUnitPicker(parts.UnitSearch(w))
	s.unit.SetPlaceHolder("主送单位")
	s.unit.OnChanged = func(string, string) { s.filters.Changed() }
	clearFilters := s.filters.ClearButton(func() {
		s.kind.SetSelected(allKinds)
		s.year.SetSelected(allYears)
		s.unit.SetUnit("", "")
	})
	add := widget.NewButtonWithIcon("新建文书…", fynetheme.ContentAddIcon(), s.Create)
	add.Importance = widget.HighImportance
	batch := widget.NewButtonWithIcon("合并打印…", fynetheme.DocumentPrintIcon(), s.printList)
	s.pager = kit.NewPager(pageSize, "份", s.load)
	filters := container.NewVBox(
		container.NewHBox(add, batch),
		container.NewHBox(widget.NewLabel("种类"), s.kind, widget.NewLabel("年份"), s.year, clearFilters),
		container.NewBorder(nil, nil, widget.NewLabel("单位"), nil, s.unit),
		s.pager.Widget())

	s.buildDetail()
	s.records = kit.NewRecords(w.Window(), s.table, s.form, &s.doc, s.Open)
	s.records.Reload = s.reload
	// A draft deleted: no document is shown.
	s.records.Fresh = func() {
		s.form.MarkClean()
		s.doc = nil
		s.records.ShowDetail(false)
		s.w.MenuChanged()
	}
	s.none = widget.NewLabel("请在左侧列表中选择一份文书，或新建文书。")
	s.records.LayDetail(filters, s.detail, s.none, 0.5)
	return s
}

func (s *Screen) buildDetail() {
	s.heading = kit.NewWrapLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.status = widget.NewLabel("")
	s.actions = kit.NewFlow()

	s.form = kit.NewForm(s.saveDraft)
	s.title = widget.NewEntry()
	s.recipUnit = kit.NewUnitPicker(parts.UnitSearch(s.w))
	s.recipUnit.SetPlaceHolder("从单位名录中选择（可不选）")
	s.recipUnit.OnChanged = func(_, name string) {
		if !s.filling && name != "" {
			s.recipient.SetText(name)
		}
	}
	s.recipient = widget.NewEntry()
	s.replyDue = kit.NewDateEntry()
	s.body = kit.NewTextArea(16, "")
	s.form.Add("标题", "Title", s.title, true)
	s.form.Add("主送单位", "RecipientUnitID", s.recipUnit, false)
	s.form.Add("主送（印在文书上）", "Recipient", s.recipient, false)
	s.form.Add("回复期限", "ReplyDue", s.replyDue, false)
	s.form.Add("正文", "Body", s.body, true)
	s.form.Add("", "", kit.NewWrapLabel("每段一行。以“一、”开头的段落为一级标题（黑体），以“（一）”开头的为二级标题（楷体）；"+
		parts.BodyLineHelp+"。【请填写：…】处须在签发前填写。"+
		"回复期限用于逾期提醒，修改时请一并修改正文中的期限。"), false)
	s.remove = widget.NewButtonWithIcon("删除草稿", fynetheme.DeleteIcon(), s.deleteDraft)
	s.remove.Importance = widget.DangerImportance
	s.form.AddButton(s.remove)
	s.form.OnDirtyChanged = func(bool) { s.w.MenuChanged() }

	s.frozen = container.NewVBox()
	s.textStack = container.NewStack(s.form.Widget(), container.NewVScroll(s.frozen))
	s.textTab = container.NewTabItem("正文", s.textStack)
	s.preview = parts.NewPagePreview()
	s.history = container.NewVBox()
	previewTab := container.NewTabItem("预览", s.preview.Widget())
	s.tabs = container.NewAppTabs(s.textTab, previewTab, container.NewTabItem("办理情况", container.NewVScroll(s.history)))
	s.tabs.OnSelected = func(t *container.TabItem) {
		if t == previewTab {
			s.refreshPreview()
		}
		s.w.MenuChanged()
	}
	// The steps, then the outputs, wrapping onto more rows in a narrow
	// pane rather than squeezing the list.
	s.detail = container.NewBorder(container.NewVBox(s.heading, s.status, s.actions,
		widget.NewSeparator()), nil, nil, nil, s.tabs)
}

func (s *Screen) View() fyne.CanvasObject { return s.records.Widget() }

func (s *Screen) Shown() { s.reloadShowing() }

// Refresh shows what others changed (host.Refresher), as Shown does.
func (s *Screen) Refresh() { s.Shown() }

// reloadShowing reloads the list and the document shown (unless its text
// is being edited).
func (s *Screen) reloadShowing() { s.records.Reshow() }

// firstPage shows the first page of the list the filters, chip and search
// now select.
func (s *Screen) firstPage() {
	s.pager.Page = 0
	s.reloadShowing()
}

// searchTyped searches the ledger once the typing pauses.
func (s *Screen) searchTyped(text string) {
	s.query = text
	s.typing.After(s.firstPage)
}

// currentFilter is the store query of the filters, the chip and the
// search.
func (s *Screen) currentFilter() data.DocumentFilter {
	f := data.DocumentFilter{Search: s.query}
	if k := s.kind.Selected; k != allKinds {
		f.Kind = data.DocKind(k)
	}
	if y, err := kit.ParseYearText(s.year.Selected); err == nil {
		f.Year = y
	}
	f.RecipientUnitID, _ = s.unit.Unit()
	switch chip := s.table.Chip(); chip {
	case "":
	case host.DocumentsReplyOverdue:
		f.ReplyOverdue = true
	default:
		f.Status = data.DocStatus(chip)
	}
	return f
}

// reload reads the page shown again (Records.Reload).
func (s *Screen) reload() error {
	s.load(s.pager.Page)
	return nil
}

// load reads page (from 0) of the documents currently selected, with
// their count, in the background; a load started later wins. The list
// marks the document shown once its rows arrive.
func (s *Screen) load(page int) {
	if s.w.DB() == nil || s.year == nil {
		return // still being built
	}
	f := s.currentFilter()
	ctx, latest := s.loads.Start(s.w.Context())
	db, today := s.w.DB(), host.Today()
	s.pager.Reading()
	s.table.Waiting()
	kit.OffUI(func() {
		l, err := readDocuments(ctx, db, f, page)
		fyne.Do(func() {
			if !latest() {
				return // the filters changed meanwhile
			}
			if err != nil {
				s.pager.Show(s.pager.Page, s.pager.Total)
				if !errors.Is(err, context.Canceled) {
					kit.ShowError(s.w.Window(), err)
				}
				return
			}
			s.today, s.cal = today, l.cal
			s.pager.Show(l.page, l.total)
			s.table.SetTotal(l.total)
			s.table.SetRows(l.list)
			s.updateYears(l.firstYear)
			s.records.SelectShown()
		})
	})
}

// documentPage is what a load of the list reads.
type documentPage struct {
	cal         *data.Calendar
	list        []*data.Document
	page, total int
	firstYear   int // of the ledger's documents; 0 when it has none
}

// readDocuments reads page (from 0; the last when past it) of the
// documents f selects, with their count.
func readDocuments(ctx context.Context, db *store.DB, f data.DocumentFilter, page int) (documentPage, error) {
	var p documentPage
	var err error
	if p.cal, err = db.Calendar(ctx); err != nil {
		return p, err
	}
	if p.total, err = db.CountDocuments(ctx, f); err != nil {
		return p, err
	}
	if p.firstYear, err = db.FirstDocumentYear(ctx); err != nil {
		return p, err
	}
	// A page emptied meanwhile (the last documents of the last page
	// deleted, or fewer selected) gives way to the last page.
	p.page, f.Offset = kit.PageOf(page, p.total, pageSize)
	f.Limit = pageSize
	p.list, err = db.Documents(ctx, f)
	return p, err
}

// updateYears offers the years from the first year of the ledger's
// documents to this one.
func (s *Screen) updateYears(first int) {
	if first == 0 || first > s.today.Year() {
		first = s.today.Year()
	}
	opts := []string{allYears}
	for y := s.today.Year(); y >= first; y-- {
		opts = append(opts, kit.YearText(y))
	}
	s.year.Options = opts
	s.year.Refresh()
}

// overdue says whether the unit's reply is past its deadline.
func (s *Screen) overdue(d *data.Document) bool {
	return s.alert(d).Level == data.AlertOverdue
}

func (s *Screen) alert(d *data.Document) data.Alert {
	if s.cal == nil {
		return data.Alert{}
	}
	return d.ReplyAlert(s.cal, s.today, 0)
}

func (s *Screen) alertOf(d *data.Document) string {
	if a := s.alert(d); a.Level == data.AlertOverdue {
		return fmt.Sprintf("回复逾期%d个工作日", a.OverdueWorkdays)
	}
	return ""
}

func (s *Screen) CreateLabel() string { return "新建文书" }

// create asks what the new document is and drafts it (Ctrl+N).
func (s *Screen) Create() {
	s.records.ConfirmLeave(func() { parts.NewDocumentDialog(s.w, parts.DraftPreset{}) })
}

func (s *Screen) FocusSearch() { s.records.FocusSearch() }

// canSave: 保存 is offered while a draft's text is shown.
func (s *Screen) CanSave() bool {
	return s.doc != nil && s.doc.Status == data.DocDraft && s.tabs.Selected() == s.textTab
}

func (s *Screen) Save() {
	if s.CanSave() {
		s.form.Save()
	}
}

// print prints the document shown (Ctrl+P).
func (s *Screen) Print() {
	if s.doc != nil && s.doc.Status != data.DocVoid {
		s.printDoc(false)
	}
}

// confirmLeave asks before a draft's unsaved text is given up.
func (s *Screen) ConfirmLeave(leave func()) { s.records.ConfirmLeave(leave) }

// Open shows document id: its text, preview, history and the steps it
// allows now.
func (s *Screen) Open(id string) {
	d, err := s.w.DB().Document(s.w.Context(), id)
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	if s.today.IsZero() {
		s.today = host.Today()
	}
	if s.cal == nil { // opened before the list arrived: the alert needs it
		if s.cal, err = s.w.DB().Calendar(s.w.Context()); err != nil {
			kit.ShowError(s.w.Window(), err)
			return
		}
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
		kit.ShowError(s.w.Window(), err)
	}
	s.fillActions(d)
	s.records.ShowDetail(true)
	if s.tabs.Selected() != s.textTab {
		s.refreshPreview()
	}
	s.w.MenuChanged()
}

// fillText puts a draft in the form, or a signed document's frozen text.
func (s *Screen) fillText(d *data.Document) {
	draft := d.Status == data.DocDraft
	kit.SetVisible(s.textStack.Objects[0], draft)
	kit.SetVisible(s.textStack.Objects[1], !draft)
	if draft {
		s.filling = true
		s.title.SetText(d.Title)
		name := ""
		if d.RecipientUnitID != "" {
			if u, err := s.w.DB().Unit(s.w.Context(), d.RecipientUnitID); err == nil {
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
	add := func(label, value string) { kit.AppendText(text, label, value) }
	add("标题", d.Title)
	add("主送", d.Recipient)
	add("正文", d.Body)
	s.frozen.Objects = []fyne.CanvasObject{text, kit.NewWrapLabel("已签发的文书不能修改；如需更正，请作废后另行制发。")}
	s.frozen.Refresh()
}

// fillHistory lists what happened to the document and what it is about.
func (s *Screen) fillHistory(d *data.Document) error {
	info := widget.NewForm()
	row := func(label, text string) {
		if strings.TrimSpace(text) != "" {
			kit.AppendText(info, label, text)
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
		links = append(links, widget.NewButton("查看主送单位", func() { s.w.OpenUnit(d.RecipientUnitID) }))
	}
	if len(d.FindingIDs) > 0 {
		id := d.FindingIDs[0]
		links = append(links, widget.NewButton(fmt.Sprintf("查看所依据的问题（%d个）", len(d.FindingIDs)), func() { s.w.OpenFinding(id) }))
	}
	if d.VisitID != "" {
		links = append(links, widget.NewButton("查看检查记录", func() { parts.ShowVisit(s.w, d.VisitID, s.reloadShowing) }))
	}
	if len(links) > 0 {
		objs = append(objs, container.NewHBox(links...))
	}
	trail, err := s.w.DB().AuditTrail(s.w.Context(), "documents", d.ID)
	if err != nil {
		return err
	}
	if len(trail) > 0 {
		objs = append(objs, widget.NewLabelWithStyle("操作记录", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, e := range trail {
			objs = append(objs, widget.NewLabel(fmt.Sprintf("%s  %s  %s%s", e.At.In(data.Zone).Format(parts.TimeLayout), e.Actor, e.Action, auditWhat(e))))
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
func (s *Screen) fillActions(d *data.Document) {
	var steps kit.Steps
	for _, k := range data.DocumentSteps(d.Status) {
		switch k {
		case data.DocStepSign:
			steps.Step("签发…", fynetheme.ConfirmIcon(), s.signDialog)
		case data.DocStepDeliver:
			steps.Step("送达…", fynetheme.MailSendIcon(), s.deliverDialog)
		case data.DocStepReply:
			steps.Step("登记回复…", fynetheme.MailReplyIcon(), s.replyDialog)
		case data.DocStepArchive:
			steps.Button("归档…", fynetheme.FolderIcon(), s.archiveDialog)
		case data.DocStepVoid:
			steps.Button("作废…", fynetheme.CancelIcon(), s.voidDialog)
		}
	}
	// Then the outputs.
	if d.Status != data.DocVoid {
		steps.Button("打印…", fynetheme.DocumentPrintIcon(), func() { s.printDoc(false) })
		steps.Button("另存为PDF…", fynetheme.DocumentSaveIcon(), func() { s.printDoc(true) })
		steps.Button("另存为Word…", fynetheme.DocumentSaveIcon(), s.saveWord)
	}
	if d.Number != "" && d.Status != data.DocVoid && gongwen.HasReceipt(d.Kind) {
		steps.Button("打印送达回证…", fynetheme.DocumentPrintIcon(), func() { s.printReceipt() })
	}
	steps.Show(s.actions)
}

// edited is the document as the draft form has it now (for the preview and
// for saving).
func (s *Screen) edited() *data.Document {
	d := *s.doc
	d.Title = strings.TrimSpace(s.title.Text)
	d.RecipientUnitID, _ = s.recipUnit.Unit()
	d.Recipient = strings.TrimSpace(s.recipient.Text)
	d.ReplyDue = kit.DateOr(s.replyDue)
	d.Body = s.body.Text
	return &d
}

func (s *Screen) saveDraft() error {
	if _, err := s.replyDue.Date(); err != nil && strings.TrimSpace(s.replyDue.Text) != "" {
		return data.Invalid("ReplyDue", err.Error())
	}
	d := s.edited()
	if err := s.w.DB().UpdateDocument(s.w.Context(), d); err != nil {
		return err
	}
	s.doc = d
	s.heading.SetText(d.Title)
	if err := s.reload(); err != nil {
		return err
	}
	return nil
}

func (s *Screen) deleteDraft() {
	d := s.doc
	s.records.Delete("删除草稿", fmt.Sprintf("确定删除草稿《%s》吗？", d.Title), func() error {
		return s.w.DB().DeleteDocument(s.w.Context(), d.ID)
	})
}

// refreshPreview lays out the document as it would print now (a draft
// with the text being edited) and shows its pages.
func (s *Screen) refreshPreview() {
	if s.doc == nil {
		return
	}
	d := *s.doc
	if d.Status == data.DocDraft {
		d = *s.edited()
	}
	d.WithIdentity = false // the screen never shows the complainant
	settings, err := s.w.DB().Settings(s.w.Context())
	if err != nil {
		s.preview.ShowError(data.UserMessage(err))
		return
	}
	p, err := documents.NewPrinter(s.w.Context(), s.w.DB())
	if err != nil {
		s.preview.ShowError(data.UserMessage(err))
		return
	}
	doc, err := p.Doc(s.w.Context(), &d)
	if err != nil {
		s.preview.ShowError(data.UserMessage(err))
		return
	}
	s.preview.Layout(doc, settings)
}

// printDoc prints the document shown, or saves it (save); a draft's
// unsaved text is saved first, so that what prints is what is kept.
func (s *Screen) printDoc(save bool) {
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
	parts.AskIdentity(s.w, d, title, func(identity bool) {
		o := parts.PrintOrder{Docs: []*data.Document{d}, Identity: identity}
		if save {
			parts.SavePDF(s.w, o)
		} else {
			parts.PrintPDF(s.w, o, nil)
		}
	})
}

// parts.SaveWord saves the document shown as a Word document, for a change by
// hand; a draft's unsaved text is saved first.
func (s *Screen) saveWord() {
	if s.doc.Status == data.DocDraft && s.form.Dirty() {
		s.form.Save()
		if s.form.Dirty() {
			return
		}
	}
	d := s.doc
	parts.AskIdentity(s.w, d, string(d.Kind)+"另存为Word", func(identity bool) {
		parts.SaveWord(s.w, parts.PrintOrder{Docs: []*data.Document{d}, Identity: identity})
	})
}

func (s *Screen) printReceipt() {
	parts.PrintPDF(s.w, parts.PrintOrder{Docs: []*data.Document{s.doc}, Receipt: true}, nil)
}

// printList prints the documents the list shows (void ones left out) into
// one PDF: the page shown.
func (s *Screen) printList() {
	var docs []*data.Document
	for _, d := range s.table.Visible() {
		if d.Status != data.DocVoid {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		dialog.ShowInformation("合并打印", "列表中没有可打印的文书。", s.w.Window())
		return
	}
	// The list is newest first; paper goes out oldest first.
	slices.Reverse(docs)
	msg := fmt.Sprintf("将列表中的%d份文书（已作废的除外）按成文日期先后合并为一个PDF打印。交办单不含投诉人信息。", len(docs))
	if s.pager.Paged() {
		msg = fmt.Sprintf("将列表本页（第%d页）的%d份文书（已作废的除外）按成文日期先后合并为一个PDF打印；其他页的文书请翻页后另行打印。交办单不含投诉人信息。", s.pager.Page+1, len(docs))
	}
	kit.ConfirmAction(s.w.Window(), "合并打印", "打印", msg, func(ok bool) {
		if ok {
			parts.PrintPDF(s.w, parts.PrintOrder{Docs: docs}, nil)
		}
	})
}

// ShowChip shows the list on its chip labelled chip (e.g. 回复逾期).
func (s *Screen) ShowChip(chip string) { s.table.SetChip(chip) }
