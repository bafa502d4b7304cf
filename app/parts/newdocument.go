package parts

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/reports/documents"
)

// DraftPreset is what a new document starts from, set by the screen it is
// made from: a finding, a visit, a complaint, or nothing (by hand).
type DraftPreset struct {
	kind        data.DocKind
	unitID      string
	unitName    string
	findingIDs  []string
	complaintID string
}

// DraftFromFinding starts a document about a finding: a 效能告诫通知书 when
// the visit decided on a warning, else a 监察通知书 (问题整改 → 制发文书).
func DraftFromFinding(w host.Host, f *data.Finding) {
	kind := data.DocNotice
	if f.Disposition == data.DispositionWarning {
		kind = data.DocWarning
	}
	NewDocumentDialog(w, DraftPreset{kind: kind, unitID: f.UnitID, unitName: f.UnitName, findingIDs: []string{f.ID}})
}

// draftFromVisit starts the 监察通知书 of a visit: its findings that wait
// for one.
func draftFromVisit(w host.Host, v *data.Visit, findings []*data.Finding) {
	p := DraftPreset{kind: data.DocNotice, unitID: v.UnitID, unitName: v.UnitName}
	for _, f := range findings {
		if documents.NeedsNotice(f) {
			p.findingIDs = append(p.findingIDs, f.ID)
		}
	}
	NewDocumentDialog(w, p)
}

// visitNoticeButton is the visit's 制发监察通知书, offered while any of its
// findings waits for one; close closes the visit's dialog first.
func visitNoticeButton(w host.Host, v *data.Visit, findings []*data.Finding, close func()) fyne.CanvasObject {
	b := widget.NewButtonWithIcon("制发监察通知书…", fynetheme.DocumentCreateIcon(), func() {
		close()
		draftFromVisit(w, v, findings)
	})
	kit.SetVisible(b, slices.ContainsFunc(findings, documents.NeedsNotice))
	return b
}

// DraftFromComplaint starts a document about a complaint: its 交办单,
// 催办通知单 or 转办函, addressed to the unit handling it.
func DraftFromComplaint(w host.Host, c *data.Complaint, kind data.DocKind) {
	p := DraftPreset{kind: kind, complaintID: c.ID, unitID: c.UnitID, unitName: c.UnitName}
	if c.HandlerUnitID != "" && (kind == data.DocAssignment || kind == data.DocReminder) {
		p.unitID, p.unitName = c.HandlerUnitID, c.HandlerUnitName
	}
	if kind == data.DocTransfer {
		p.unitID, p.unitName = "", ""
	}
	NewDocumentDialog(w, p)
}

// draftDialog is the 新建文书 dialog: the kind, the unit it goes to, the
// findings or the complaint it is about, and the reply deadline. 保存
// writes the draft from the kind's template and opens it on 文书.
type draftDialog struct {
	w        host.Host
	dlg      *dialog.CustomDialog
	Form     *kit.Form
	kind     *widget.Select
	Unit     *kit.UnitPicker
	findings *widget.CheckGroup
	// noFindings says why no finding is offered.
	noFindings *kit.WrapLabel
	complaint  *widget.Entry
	found      *kit.WrapLabel // the complaint the number names
	Due        *kit.DateEntry
	dueNote    *kit.WrapLabel

	settings       data.Settings
	cal            *data.Calendar
	byLabel        map[string]string // finding label → id
	complaintFound *data.Complaint
	dueSet         bool // the user chose the deadline
	settingDue     bool // the deadline is being set by the dialog
}

func NewDocumentDialog(w host.Host, p DraftPreset) {
	dd := &draftDialog{w: w, byLabel: map[string]string{}}
	var err error
	if dd.settings, err = w.DB().Settings(w.Context()); err != nil {
		kit.ShowError(w.Window(), err)
		return
	}
	if dd.cal, err = w.DB().Calendar(w.Context()); err != nil {
		kit.ShowError(w.Window(), err)
		return
	}
	dd.kind = widget.NewSelect(kit.ChoiceLabels(data.DocKinds), func(string) {
		dd.loadFindings(dd.checkedFindings())
		dd.changed()
	})
	dd.kind.PlaceHolder = "请选择文书种类"
	dd.Unit = kit.NewUnitPicker(UnitSearch(w))
	dd.Unit.OnChanged = func(string, string) {
		dd.loadFindings(nil)
		dd.changed()
	}
	dd.findings = widget.NewCheckGroup(nil, func([]string) { dd.changed() })
	dd.noFindings = kit.NewWrapLabel("")
	dd.complaint = widget.NewEntry()
	dd.complaint.SetPlaceHolder("如：TS2026-0007")
	dd.found = kit.NewWrapLabel("")
	dd.found.Hide()
	dd.complaint.OnChanged = func(string) {
		dd.lookComplaint()
		dd.changed()
	}
	dd.Due = kit.NewDateEntry()
	dd.Due.OnDateChanged = func(data.Date) {
		if !dd.settingDue {
			dd.dueSet = true
		}
	}
	dd.dueNote = kit.NewWrapLabel("")
	dd.dueNote.Hide()

	dd.Form = kit.NewForm(dd.Create)
	dd.Form.Add("文书种类", "Kind", dd.kind, true)
	dd.Form.Add("主送单位", "RecipientUnitID", dd.Unit, false)
	dd.Form.Add("依据的问题", "FindingIDs", container.NewVBox(dd.noFindings, dd.findings), false)
	dd.Form.Add("依据的投诉件", "ComplaintID", container.NewVBox(dd.complaint, dd.found), false)
	dd.Form.Add("回复期限", "ReplyDue", dd.Due, false)
	dd.Form.Add("", "", dd.dueNote, false)
	dd.Form.Add("", "", kit.NewWrapLabel("草稿按“设置—文书模板”中该种类的模板生成，台账中没有的内容标为【请填写：…】，可在“文书”中修改后签发。"), false)
	cancel := widget.NewButton("取消", func() { dd.dlg.Hide() })
	dd.Form.AddButton(cancel)

	// Fill the preset in before the dialog tracks changes.
	if p.unitID != "" {
		dd.Unit.SetUnit(p.unitID, p.unitName)
	}
	dd.loadFindings(p.findingIDs)
	if p.complaintID != "" {
		c, err := w.DB().Complaint(w.Context(), p.complaintID)
		if err != nil {
			kit.ShowError(w.Window(), err)
			return
		}
		dd.complaint.SetText(c.Number)
	}
	if p.kind != "" {
		dd.kind.SetSelected(string(p.kind))
	}
	dd.changed()

	dd.dlg = dialog.NewCustomWithoutButtons("新建文书", dd.Form.Widget(), w.Window())
	size := w.Window().Canvas().Size()
	dd.dlg.Resize(fyne.NewSize(min(max(size.Width*0.6, 640), 900), min(max(dd.Form.Widget().MinSize().Height+80, 360), size.Height*0.9)))
	dd.dlg.Show()
}

// findingLabel names a finding in the list: 2026-11-18 脸难看：工作人员态度生硬（整改中）.
func findingLabel(f *data.Finding) string {
	return fmt.Sprintf("%s %s：%s（%s）", f.FoundOn, f.Category, f.Description, f.RectStatus)
}

// complaintKinds are the documents about a complaint, never about a finding.
var complaintKinds = []data.DocKind{data.DocAssignment, data.DocReminder, data.DocTransfer}

// checkedFindings are the ids of the findings ticked.
func (dd *draftDialog) checkedFindings() []string {
	var ids []string
	for _, l := range dd.findings.Selected {
		ids = append(ids, dd.byLabel[l])
	}
	return ids
}

// loadFindings lists the chosen unit's findings not yet closed (and those
// asked for), newest first, ticking checked; none for a document about a
// complaint.
func (dd *draftDialog) loadFindings(checked []string) {
	clear(dd.byLabel)
	id, _ := dd.Unit.Unit()
	forComplaint := slices.Contains(complaintKinds, data.DocKind(dd.kind.Selected))
	var opts, ticked []string
	if id != "" && !forComplaint {
		list, err := dd.w.DB().Findings(dd.w.Context(), data.FindingFilter{UnitID: id})
		if err != nil {
			kit.ShowError(dd.w.Window(), err)
			return
		}
		slices.SortStableFunc(list, func(a, b *data.Finding) int { return b.FoundOn.Compare(a.FoundOn) })
		for _, f := range list {
			asked := slices.Contains(checked, f.ID)
			if f.RectStatus == data.RectDone && !asked {
				continue
			}
			label := findingLabel(f)
			for n := 2; dd.byLabel[label] != ""; n++ {
				label = fmt.Sprintf("%s（%d）", findingLabel(f), n)
			}
			dd.byLabel[label] = f.ID
			opts = append(opts, label)
			if asked {
				ticked = append(ticked, label)
			}
		}
	}
	dd.findings.Options = opts
	dd.findings.Selected = ticked
	dd.findings.Refresh()
	switch {
	case forComplaint:
		dd.noFindings.SetText(dd.kind.Selected + "依据投诉件，不依据督查发现的问题。")
	case id == "":
		dd.noFindings.SetText("选择主送单位后，这里列出该单位尚未整改完毕的问题。")
	case len(opts) == 0:
		dd.noFindings.SetText("该单位没有尚未整改完毕的问题。")
	}
	kit.SetVisible(dd.noFindings, len(opts) == 0)
}

// lookComplaint finds the complaint whose number is typed.
func (dd *draftDialog) lookComplaint() {
	dd.complaintFound = nil
	n := strings.ToUpper(strings.TrimSpace(dd.complaint.Text))
	if n == "" {
		kit.SetNote(dd.found, "")
		return
	}
	list, err := dd.w.DB().Complaints(dd.w.Context(), data.ComplaintFilter{Search: n, Limit: 20})
	if err != nil {
		kit.ShowError(dd.w.Window(), err)
		return
	}
	for _, c := range list {
		if c.Number == n {
			dd.complaintFound = c
			kit.SetNote(dd.found, fmt.Sprintf("%s（被投诉单位：%s，%s）", c.Subject, c.UnitName, c.Status))
			if id, _ := dd.Unit.Unit(); id == "" {
				dd.Unit.SetUnit(c.UnitID, c.UnitName)
			}
			return
		}
	}
	kit.SetNote(dd.found, "台账中没有这个编号的投诉件")
}

// request is what the dialog asks for now.
func (dd *draftDialog) request() documents.Request {
	req := documents.Request{Kind: data.DocKind(dd.kind.Selected)}
	req.UnitID, _ = dd.Unit.Unit()
	req.FindingIDs = dd.checkedFindings()
	if dd.complaintFound != nil {
		req.ComplaintID = dd.complaintFound.ID
	}
	return req
}

// changed recomputes the default deadline for what is chosen, unless the
// user set one.
func (dd *draftDialog) changed() {
	if dd.kind.Selected == "" {
		return
	}
	req := dd.request()
	src, err := documents.Load(dd.w.Context(), dd.w.DB(), req)
	if err != nil {
		kit.SetNote(dd.dueNote, data.UserMessage(err))
		return
	}
	due, assumed := documents.DefaultDue(req.Kind, src, dd.settings, dd.cal, host.Today())
	note := ""
	switch {
	case due.IsZero():
		note = "该种类文书一般不要求回复，可不填回复期限。"
	case assumed.Warning() != "":
		note = assumed.Warning()
	}
	kit.SetNote(dd.dueNote, note)
	if !dd.dueSet {
		dd.settingDue = true
		dd.Due.SetDate(due)
		dd.settingDue = false
	}
}

// create writes and saves the draft, then opens it.
func (dd *draftDialog) Create() error {
	req := dd.request()
	if strings.TrimSpace(dd.complaint.Text) != "" && dd.complaintFound == nil {
		return data.Invalid("ComplaintID", "台账中没有这个编号的投诉件")
	}
	if d, err := dd.Due.Date(); err == nil {
		req.Due = d
	} else if strings.TrimSpace(dd.Due.Text) != "" {
		return data.Invalid("ReplyDue", err.Error())
	}
	d, _, err := documents.Draft(dd.w.Context(), dd.w.DB(), req, host.Today())
	if err != nil {
		return err
	}
	if err := dd.w.DB().CreateDocument(dd.w.Context(), d); err != nil {
		return err
	}
	dd.dlg.Hide()
	dd.w.OpenDocument(d.ID)
	return nil
}

// RoundNotices is the 监察通知书 of a round (督查检查 → 制发监察通知书): the
// notices on record, the units whose findings still wait for one, a
// button drafting theirs in one go, and the batch print of them all.
func RoundNotices(w host.Host, r *data.Round) {
	var d *dialog.CustomDialog
	list := kit.NewTable(DocumentColumns(), nil, func(doc *data.Document) {
		d.Hide()
		w.OpenDocument(doc.ID)
	})
	pending := kit.NewWrapLabel("")
	var notices []*data.Document
	var groups []documents.NoticeGroup
	draftAll := widget.NewButton("为这些单位生成草稿", nil)
	printAll := widget.NewButton("合并打印", nil)
	printAll.Importance = widget.HighImportance
	load := func() bool {
		var err error
		if notices, err = documents.RoundDocuments(w.Context(), w.DB(), r.ID, data.DocNotice); err != nil {
			kit.ShowError(w.Window(), err)
			return false
		}
		if groups, err = documents.PendingNotices(w.Context(), w.DB(), r.ID); err != nil {
			kit.ShowError(w.Window(), err)
			return false
		}
		list.SetRows(notices)
		if len(groups) == 0 {
			pending.SetText("本次督查发现问题须下发监察通知书的单位均已制发。")
		} else {
			names := make([]string, len(groups))
			for i, g := range groups {
				names[i] = fmt.Sprintf("%s（%d个问题）", g.UnitName, len(g.Findings))
			}
			pending.SetText(fmt.Sprintf("尚未制发监察通知书的单位%d个：%s。", len(groups), strings.Join(names, "、")))
		}
		kit.SetEnabled(draftAll, len(groups) > 0)
		kit.SetEnabled(printAll, len(notices) > 0)
		printAll.SetText(fmt.Sprintf("合并打印（%d份）", len(notices)))
		return true
	}
	draftAll.OnTapped = func() {
		w.RunJob("正在生成监察通知书草稿", func(ctx context.Context, progress func(done, total int)) error {
			docs, _, err := documents.DraftNotices(ctx, w.DB(), r.ID, host.Today())
			if err != nil {
				return err
			}
			return w.DB().CreateDocuments(ctx, docs)
		}, func(err error) {
			if err == nil {
				load()
			}
		})
	}
	printAll.OnTapped = func() {
		if len(notices) > 0 {
			PrintPDF(w, PrintOrder{Docs: notices}, nil)
		}
	}
	if !load() {
		return
	}
	hint := kit.NewWrapLabel("草稿须逐份核对、签发后再送达；合并打印时每份文书另起一页、单独编页码。双击一行打开该文书。")
	top := container.NewVBox(pending, hint)
	body := container.NewBorder(top, container.NewHBox(draftAll, printAll), nil, nil, list.Widget())
	d = dialog.NewCustom(r.Title+" — 监察通知书", "关闭", body, w.Window())
	size := w.Window().Canvas().Size()
	d.Resize(fyne.NewSize(max(size.Width*0.85, 700), max(size.Height*0.8, 480)))
	d.Show()
}

// DraftLabel is the button that drafts a finding's document.
func DraftLabel(f *data.Finding) string {
	if f.Disposition == data.DispositionWarning {
		return "制发效能告诫通知书…"
	}
	return "制发监察通知书…"
}

// BodyLineHelp says what the special lines of a document's text do; the
// template editor and the 文书 screen's text field both say it.
const BodyLineHelp = "“附注：”行印在成文日期下，“份数：”行印在末尾，“抄送：”“抄报：”行印在版记中（催办通知单印在每联末尾），" +
	"“【附件】名称”行起一个附件、其后各行为附件内容，“|名次|单位|”这样的行为表格的一行（第一行为表头）"
