package app

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/widgets"
	"xiaoneng/data"
	"xiaoneng/reports/importer"
)

// appraisalsScreen is 评议: the rounds of 群众评议, 民主评议, 万人评风 and
// 网络评议 with each unit's ballots or score (entered by hand or imported
// from Excel), the 关键岗位评议 with its posts, marks and warnings, and the
// units' satisfaction over a year, lowest first, as a 通报 quotes it.
type appraisalsScreen struct {
	w    *Workbench
	root fyne.CanvasObject
	tabs *container.AppTabs

	table *widgets.Table[*data.AppraisalRound]

	round   *data.AppraisalRound // in the form; nil while a new one is entered
	heading *widget.Label
	form    *widgets.Form
	title   *widget.Entry
	kind    *widget.Select
	from    *widgets.DateEntry
	to      *widgets.DateEntry
	held    *widgets.DateEntry
	note    *widgets.TextArea
	results *resultsEditor
	posts   *postsEditor
	resRow  *fyne.Container // the results or the posts, as the kind asks
	remove  *widget.Button
	imp     *widget.Button
	warn    *widget.Button

	extraEdits // the results or posts; the form tracks the rest

	year    *widget.Select
	ranking *widgets.Table[data.UnitSatisfaction]
	rank    map[string]int // 名次 by unit, 1 the most satisfied
	summary *widgets.WrapLabel
}

func newAppraisalsScreen(w *Workbench) *appraisalsScreen {
	s := &appraisalsScreen{w: w}
	s.table = widgets.NewTable([]widgets.Column[*data.AppraisalRound]{
		{Title: "评议名称", Width: 210, Grow: true, Text: func(r *data.AppraisalRound) string { return r.Title }},
		{Title: "类型", Width: 100, Text: func(r *data.AppraisalRound) string { return string(r.Kind) }},
		{Title: "对象", Width: 80, Align: fyne.TextAlignTrailing, Text: roundSize},
		{Title: "满意率/均分", Width: 100, Align: fyne.TextAlignTrailing, Text: roundAverage},
		{Title: "评议期间", Width: 190, Text: func(r *data.AppraisalRound) string { return r.From.String() + " 至 " + r.To.String() }},
		{Title: "评议日期", Width: 100, Text: func(r *data.AppraisalRound) string { return r.HeldOn.String() }},
	}, nil, nil)
	for _, k := range data.AppraisalKinds {
		kind := k
		s.table.AddChip(string(k), func(r *data.AppraisalRound) bool { return r.Kind == kind })
	}
	s.table.OnSelected = func(r *data.AppraisalRound) {
		if s.round != nil && s.round.ID == r.ID {
			return
		}
		s.confirmLeave(func() { s.open(r.ID) })
	}
	add := widget.NewButtonWithIcon("新建评议", fynetheme.ContentAddIcon(), s.create)
	left := container.NewBorder(container.NewHBox(add), nil, nil, nil, s.table.Widget())

	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.buildForm()
	right := container.NewBorder(s.heading, nil, nil, nil, s.form.Widget())
	split := container.NewHSplit(left, right)
	split.Offset = 0.34

	s.tabs = container.NewAppTabs(
		container.NewTabItem("评议记录", split),
		container.NewTabItem("满意度汇总", s.buildSummary()))
	s.tabs.OnSelected = func(*container.TabItem) {
		s.w.setMenu()
		if s.tabs.SelectedIndex() == 1 {
			s.showSummary()
		}
	}
	s.root = s.tabs
	s.fill(nil)
	return s
}

// roundSize is how many units or posts a round appraised.
func roundSize(r *data.AppraisalRound) string {
	if r.Kind.ByPost() {
		return fmt.Sprintf("%d个岗位", len(r.Posts))
	}
	return fmt.Sprintf("%d个单位", len(r.Results))
}

// roundAverage is a round's mean 满意率, or its posts' mean score.
func roundAverage(r *data.AppraisalRound) string {
	sum, n := 0.0, 0
	if r.Kind.ByPost() {
		for _, p := range r.Posts {
			if p.HasScore {
				sum, n = sum+p.Score, n+1
			}
		}
		if n == 0 {
			return ""
		}
		return strconv.FormatFloat(sum/float64(n), 'f', 1, 64) + "分"
	}
	for _, x := range r.Results {
		if rate, ok := x.Rate(); ok {
			sum, n = sum+rate, n+1
		}
	}
	if n == 0 {
		return ""
	}
	return rateOf(sum / float64(n))
}

// rateOf writes a rate between 0 and 1 as a percentage: 92.5%.
func rateOf(rate float64) string { return strconv.FormatFloat(rate*100, 'f', 1, 64) + "%" }

func (s *appraisalsScreen) buildForm() {
	s.form = widgets.NewForm(s.saveRound)
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder("如：2026年度群众评议机关作风")
	s.kind = widget.NewSelect(choiceLabels(data.AppraisalKinds), func(k string) { s.kindChanged(data.AppraisalKind(k)) })
	s.kind.PlaceHolder = "请选择"
	s.from, s.to, s.held = widgets.NewDateEntry(), widgets.NewDateEntry(), widgets.NewDateEntry()
	s.note = multiLine(2, "")
	s.results = newResultsEditor(s.w, s.edited)
	s.posts = newPostsEditor(s.w, s.edited)
	s.resRow = container.NewStack(s.results.box, s.posts.box)

	s.form.Add("评议名称", "Title", s.title, true)
	s.form.Add("评议类型", "Kind", s.kind, true)
	s.form.Add("评议期间自", "From", s.from, true)
	s.form.Add("至", "To", s.to, true)
	s.form.Add("评议日期", "HeldOn", s.held, false)
	s.form.Add("说明", "Note", s.note, false)
	// The results' table scrolls sideways in a narrow pane; the form and
	// its buttons stay whole.
	s.form.Add("测评结果", "Results", container.NewHScroll(s.resRow), false)

	s.remove = widget.NewButtonWithIcon("删除", fynetheme.DeleteIcon(), s.deleteRound)
	s.remove.Importance = widget.DangerImportance
	s.imp = widget.NewButtonWithIcon("从Excel导入…", fynetheme.UploadIcon(), s.importDialog)
	s.warn = widget.NewButtonWithIcon("告诫排名靠后的岗位…", fynetheme.WarningIcon(), s.warnDialog)
	s.form.AddButton(s.remove)
	s.form.AddButton(s.imp)
	s.form.AddButton(s.warn)
}

// kindChanged shows the results of units, or the posts of a 关键岗位评议.
func (s *appraisalsScreen) kindChanged(k data.AppraisalKind) {
	byPost := k.ByPost()
	setVisible(s.results.box, !byPost)
	setVisible(s.posts.box, byPost)
	saved := s.round != nil
	setVisible(s.imp, saved && !byPost)
	setVisible(s.warn, saved && byPost)
	s.resRow.Refresh()
}

func (s *appraisalsScreen) view() fyne.CanvasObject { return s.root }

func (s *appraisalsScreen) shown() {
	if err := s.reload(); err != nil {
		widgets.ShowError(s.w.win, err)
		return
	}
	if s.round != nil && !s.dirty() {
		s.open(s.round.ID)
	}
	if s.tabs.SelectedIndex() == 1 {
		s.showSummary()
	}
}

func (s *appraisalsScreen) reload() error {
	rounds, err := s.w.db.Appraisals(s.w.ctx, data.AppraisalFilter{})
	if err != nil {
		return err
	}
	s.table.SetRows(rounds)
	return nil
}

func (s *appraisalsScreen) createLabel() string { return "新建评议" }

func (s *appraisalsScreen) create() {
	s.confirmLeave(func() {
		s.tabs.SelectIndex(0)
		s.fill(nil)
		s.w.win.Canvas().Focus(s.title)
	})
}

func (s *appraisalsScreen) save() { s.form.Save() }

func (s *appraisalsScreen) canSave() bool { return s.tabs.SelectedIndex() == 0 }

func (s *appraisalsScreen) focusSearch() {
	if s.tabs.SelectedIndex() == 1 {
		s.ranking.FocusSearch(s.w.win)
		return
	}
	s.table.FocusSearch(s.w.win)
}

func (s *appraisalsScreen) dirty() bool { return s.form.Dirty() || s.extraDirty }

func (s *appraisalsScreen) confirmLeave(leave func()) {
	s.confirmDiscard(s.w.win, "评议", s.form, leave)
}

// open loads round id into the form.
func (s *appraisalsScreen) open(id string) {
	r, err := s.w.db.Appraisal(s.w.ctx, id)
	if err != nil {
		widgets.ShowError(s.w.win, err)
		return
	}
	s.fill(r)
}

// fill shows r in the form; nil starts a new round.
func (s *appraisalsScreen) fill(r *data.AppraisalRound) {
	s.filling = true
	defer func() { s.filling = false }()
	s.round = r
	if r == nil {
		r = &data.AppraisalRound{}
		s.heading.SetText("新建评议")
	} else {
		s.heading.SetText(r.Title)
	}
	s.title.SetText(r.Title)
	showChoice(s.kind, r.Kind)
	s.from.SetDate(r.From)
	s.to.SetDate(r.To)
	s.held.SetDate(r.HeldOn)
	s.note.SetText(r.Note)
	s.results.set(r.Results)
	s.posts.set(r.Posts)
	s.kindChanged(r.Kind)
	// A round a holder was warned on stays: the decision rests on it.
	warned := slices.ContainsFunc(r.Posts, func(p data.AppraisalPost) bool { return p.Mark == data.MarkWarned })
	setVisible(s.remove, s.round != nil && !warned)
	s.extraDirty = false
	s.form.MarkClean()
}

// saveRound writes the form: a new round, or the changes to the one shown.
func (s *appraisalsScreen) saveRound() error {
	r := &data.AppraisalRound{}
	if s.round != nil {
		cp := *s.round
		r = &cp
	}
	r.Title = strings.TrimSpace(s.title.Text)
	r.Kind = data.AppraisalKind(s.kind.Selected)
	var err error
	if r.From, err = s.from.Date(); err != nil {
		return data.Invalid("From", err.Error())
	}
	if r.To, err = s.to.Date(); err != nil {
		return data.Invalid("To", err.Error())
	}
	if r.HeldOn, err = s.held.Date(); err != nil {
		return data.Invalid("HeldOn", err.Error())
	}
	r.Note = strings.TrimSpace(s.note.Text)
	r.Results, r.Posts = nil, nil
	if r.Kind.ByPost() {
		if r.Posts, err = s.posts.read(); err != nil {
			return err
		}
	} else if r.Results, err = s.results.read(); err != nil {
		return err
	}
	if err := createOrUpdate(s.w.ctx, s.round == nil, r, s.w.db.CreateAppraisal, s.w.db.UpdateAppraisal); err != nil {
		return err
	}
	s.extraDirty = false
	if err := s.reload(); err != nil {
		return err
	}
	s.open(r.ID)
	return nil
}

func (s *appraisalsScreen) deleteRound() {
	r := s.round
	confirmDelete(s.w.win, "删除评议", fmt.Sprintf("确定删除“%s”吗？删除仅用于误录入的评议。", r.Title), func() error {
		return s.w.db.DeleteAppraisal(s.w.ctx, r.ID)
	}, func() error {
		s.fill(nil)
		return s.reload()
	})
}

// importDialog reads a sheet of results into the round shown; the round
// is saved first, so that the sheet lands on what the ledger holds.
func (s *appraisalsScreen) importDialog() {
	if s.dirty() {
		dialog.ShowInformation("请先保存", "评议有未保存的修改，请先保存，再从Excel导入测评结果。", s.w.win)
		return
	}
	chooseFile(s.w.win, "导入测评结果", chooseOpen, saveDir(), "", ".xlsx", nil, func(path string) {
		f, err := os.Open(path)
		if err != nil {
			widgets.ShowError(s.w.win, data.Invalid("File", "无法打开该文件"))
			return
		}
		defer f.Close()
		n, err := s.importSheet(f)
		if err != nil {
			widgets.ShowError(s.w.win, err)
			return
		}
		dialog.ShowInformation("导入完成", fmt.Sprintf("已导入%d个单位的测评结果。", n), s.w.win)
	})
}

// importSheet imports the results of an .xlsx into the round shown (see
// importer.ReadAppraisalSheet for the sheet it reads) and shows them.
func (s *appraisalsScreen) importSheet(r io.Reader) (int, error) {
	rows, err := importer.ReadAppraisalSheet(r)
	if err != nil {
		return 0, err
	}
	n, err := s.w.db.ImportAppraisalResults(s.w.ctx, s.round.ID, rows)
	if err != nil {
		return 0, err
	}
	if err := s.reload(); err != nil {
		return n, err
	}
	s.open(s.round.ID)
	return n, nil
}

// warnDialog warns the holders of the posts chosen, the lowest scores
// offered first: each gets a 效能告诫 recorded as 责任追究.
func (s *appraisalsScreen) warnDialog() {
	r := s.round
	if s.dirty() {
		dialog.ShowInformation("请先保存", "评议有未保存的修改，请先保存，再办理告诫。", s.w.win)
		return
	}
	var open []data.AppraisalPost
	for _, p := range r.Posts {
		if p.Mark != data.MarkWarned {
			open = append(open, p)
		}
	}
	slices.SortStableFunc(open, func(a, b data.AppraisalPost) int {
		switch {
		case a.HasScore && !b.HasScore:
			return -1
		case !a.HasScore && b.HasScore:
			return 1
		case a.Score < b.Score:
			return -1
		case a.Score > b.Score:
			return 1
		}
		return 0
	})
	labels := make([]string, len(open))
	ids := map[string]string{}
	for i, p := range open {
		labels[i] = fmt.Sprintf("%s %s（%s）%s", scoreText(p.Score, p.HasScore), p.Holder, p.Post, p.UnitName)
		ids[labels[i]] = p.ID
	}
	pick := widget.NewCheckGroup(labels, nil)
	on := dateField()
	by := widget.NewEntry()
	by.SetText(s.w.issuingBody())
	number := widget.NewEntry()
	number.SetPlaceHolder("如 效告〔2026〕3号")
	var d *dialog.CustomDialog
	form := widgets.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("DecidedOn", err.Error())
		}
		var chosen []string
		for _, l := range pick.Selected {
			chosen = append(chosen, ids[l])
		}
		list, err := s.w.db.WarnPosts(s.w.ctx, r.ID, chosen, day, by.Text, number.Text)
		if err != nil {
			return err
		}
		d.Hide()
		if err := s.reload(); err != nil {
			widgets.ShowError(s.w.win, err)
		}
		s.open(r.ID)
		dialog.ShowInformation("已告诫", fmt.Sprintf("已对%d名岗位人员予以效能告诫，并记入责任追究。", len(list)), s.w.win)
		return nil
	})
	form.Add("告诫岗位", "Posts", canvasMinHeight(container.NewVScroll(pick), 240), true)
	form.Add("决定日期", "DecidedOn", on, true)
	form.Add("决定机关", "DecidedBy", by, false)
	form.Add("文号", "DocNumber", number, false)
	form.AddButton(widget.NewButton("取消", func() { d.Hide() }))
	intro := lowLabel("按得分从低到高排列。选中的岗位人员将受到效能告诫，记入“责任追究”。")
	d = dialog.NewCustomWithoutButtons("告诫排名靠后的岗位", container.NewVBox(intro, form.Widget()), s.w.win)
	d.Resize(fyne.NewSize(640, d.MinSize().Height))
	d.Show()
}

func scoreText(v float64, has bool) string {
	if !has {
		return "未评分"
	}
	return strconv.FormatFloat(v, 'f', -1, 64) + "分"
}

// The 满意度汇总 tab.

func (s *appraisalsScreen) buildSummary() fyne.CanvasObject {
	s.ranking = widgets.NewTable([]widgets.Column[data.UnitSatisfaction]{
		{Title: "名次", Width: 60, Align: fyne.TextAlignTrailing, Text: func(u data.UnitSatisfaction) string { return strconv.Itoa(s.rank[u.UnitID]) }},
		{Title: "单位", Width: 220, Grow: true, Text: func(u data.UnitSatisfaction) string { return u.UnitName }},
		{Title: "类别", Width: 110, Text: func(u data.UnitSatisfaction) string { return string(u.Category) }},
		{Title: "满意率", Width: 90, Align: fyne.TextAlignTrailing, Text: func(u data.UnitSatisfaction) string { return rateOf(u.Rate) }},
		{Title: "参评次数", Width: 80, Align: fyne.TextAlignTrailing, Text: func(u data.UnitSatisfaction) string { return strconv.Itoa(u.Rounds) }},
		{Title: "有效票数", Width: 90, Align: fyne.TextAlignTrailing, Text: func(u data.UnitSatisfaction) string {
			if u.Ballots == 0 {
				return "—"
			}
			return strconv.Itoa(u.Ballots)
		}},
	}, nil, func(u data.UnitSatisfaction) { s.w.openUnit(u.UnitID) })
	s.year = widget.NewSelect(nil, func(string) { s.showSummary() })
	s.summary = lowLabel("")
	top := container.NewVBox(container.NewHBox(widget.NewLabel("年度"), s.year), s.summary)
	return container.NewBorder(top, nil, nil, nil, s.ranking.Widget())
}

// showSummary lists the satisfaction of every unit appraised in the year
// chosen, lowest first: the units a 通报 names.
func (s *appraisalsScreen) showSummary() {
	y := today().Year()
	if s.year.Selected == "" {
		var years []string
		for i := range 5 {
			years = append(years, yearLabel(y-i))
		}
		s.year.Options = years
		s.year.SetSelected(yearLabel(y)) // calls showSummary again
		return
	}
	y, err := strconv.Atoi(strings.TrimSuffix(s.year.Selected, "年"))
	if err != nil {
		return
	}
	list, err := s.w.db.AppraisalRanking(s.w.ctx, data.NewDate(y, 1, 1), data.NewDate(y, 12, 31))
	if err != nil {
		widgets.ShowError(s.w.win, err)
		return
	}
	s.rank = map[string]int{}
	for i, u := range list {
		s.rank[u.UnitID] = len(list) - i
	}
	s.ranking.SetRows(list)
	s.summary.SetText(satisfactionText(y, list))
}

// satisfactionText is what a 通报 says of the year's appraisals: how many
// units were appraised, the overall rate, and the three lowest.
func satisfactionText(year int, list []data.UnitSatisfaction) string {
	if len(list) == 0 {
		return fmt.Sprintf("%d年尚无单位评议结果。评议期间截止于该年的群众评议、民主评议、万人评风和网络评议计入汇总。", year)
	}
	sum := 0.0
	for _, u := range list {
		sum += u.Rate
	}
	var low []string
	for _, u := range list[:min(3, len(list))] {
		low = append(low, fmt.Sprintf("%s（%s）", u.UnitName, rateOf(u.Rate)))
	}
	return fmt.Sprintf("%d年共有%d个单位参加评议，平均满意率%s。满意率最低的单位：%s。",
		year, len(list), rateOf(sum/float64(len(list))), strings.Join(low, "、"))
}

// numberEntry is an entry for a count or a score. It has no validator of
// its own (a check mark in every cell of a long table crowds the figures
// out): the row shows 有误 beside a figure that does not parse, and saving
// names it.
func numberEntry() *widget.Entry { return widget.NewEntry() }

// parseNumber reads a count (score false) or a score out of 100; has is
// false for an empty entry.
func parseNumber(text string, score bool) (v float64, has bool, err error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, false, nil
	}
	if !score {
		n, err := strconv.Atoi(text)
		if err != nil || n < 0 {
			return 0, false, fmt.Errorf("请填写不小于0的整数")
		}
		return float64(n), true, nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || f < 0 || f > 100 {
		return 0, false, fmt.Errorf("得分应在0至100之间")
	}
	return f, true, nil
}

func numberText(v int) string {
	if v == 0 {
		return ""
	}
	return strconv.Itoa(v)
}

func scoreEntryText(v float64, has bool) string {
	if !has {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// rowName is a unit's name in an editor row, cut short with … when long.
func rowName(name string) *widget.Label {
	l := widget.NewLabel(name)
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// columns lays a row's cells out side by side at the given widths, the
// cell flex taking what is left beyond its width: the rows of an editor
// and its header line up whatever their content.
type columns struct {
	widths []float32
	flex   int
}

func (c columns) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w, h float32
	pad := fynetheme.Padding()
	for i, o := range objects {
		w += c.widths[i]
		if i > 0 {
			w += pad
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

func (c columns) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := fynetheme.Padding()
	extra := size.Width - c.MinSize(objects).Width
	x := float32(0)
	for i, o := range objects {
		w := c.widths[i]
		if i == c.flex && extra > 0 {
			w += extra
		}
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos(x, 0))
		x += w + pad
	}
}

// Cell widths of the results and posts editors.
var (
	resultColumns = columns{widths: []float32{150, 76, 66, 76, 66, 66, 64, 36}}
	postColumns   = columns{widths: []float32{130, 120, 84, 120, 64, 110, 36}, flex: 3}
)

func header(c columns, titles ...string) *fyne.Container {
	objs := make([]fyne.CanvasObject, len(titles))
	for i, t := range titles {
		objs[i] = widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	return container.New(c, objs...)
}

// resultsEditor enters the units' results of a round: ballots by verdict,
// or a score, with the 满意率 worked out as they are typed.
type resultsEditor struct {
	w       *Workbench
	rows    []*resultRow
	list    *fyne.Container
	count   *widgets.WrapLabel
	picker  *widgets.UnitPicker
	byCat   *widget.Select
	box     *fyne.Container
	changed func()
}

type resultRow struct {
	x                                 data.AppraisalResult
	ballots, sat, basic, unsat, score *widget.Entry
	rate                              *widget.Label
}

func newResultsEditor(w *Workbench, changed func()) *resultsEditor {
	e := &resultsEditor{w: w, list: container.NewVBox(), changed: changed, count: lowLabel("")}
	e.picker = widgets.NewUnitPicker(w.searchUnits)
	e.picker.PlaceHolder = "输入名称或拼音首字母添加被评议单位"
	e.picker.OnChanged = func(id, name string) {
		if id == "" {
			return
		}
		e.add(id, name)
		e.picker.SetUnit("", "")
	}
	e.byCat = widget.NewSelect(choiceLabels(data.UnitCategories), nil)
	e.byCat.PlaceHolder = "按类别全部添加"
	e.byCat.OnChanged = func(c string) {
		if c == "" {
			return
		}
		units, err := w.db.Units(w.ctx, data.UnitFilter{Category: data.UnitCategory(c), Status: data.UnitActive})
		if err != nil {
			widgets.ShowError(w.win, err)
			return
		}
		for _, u := range units {
			e.add(u.ID, u.Name)
		}
		e.byCat.ClearSelected()
	}
	head := header(resultColumns, "单位", "收回票数", "满意", "基本满意", "不满意", "得分", "满意率", "")
	e.box = container.NewVBox(
		lowLabel("每个单位填写各项票数，或只填得分（百分制）。满意率＝（满意＋基本满意）÷（满意＋基本满意＋不满意）。"),
		head, e.list, e.count,
		container.NewBorder(nil, nil, nil, e.byCat, e.picker))
	return e
}

func (e *resultsEditor) set(results []data.AppraisalResult) {
	e.rows = nil
	for _, x := range results {
		e.rows = append(e.rows, e.newRow(x))
	}
	e.refresh()
}

// add appends a row for a unit not listed yet.
func (e *resultsEditor) add(id, name string) {
	if slices.ContainsFunc(e.rows, func(r *resultRow) bool { return r.x.UnitID == id }) {
		return
	}
	e.rows = append(e.rows, e.newRow(data.AppraisalResult{UnitID: id, UnitName: name}))
	e.refresh()
	e.changed()
}

func (e *resultsEditor) newRow(x data.AppraisalResult) *resultRow {
	r := &resultRow{x: x,
		ballots: numberEntry(), sat: numberEntry(), basic: numberEntry(),
		unsat: numberEntry(), score: numberEntry(), rate: widget.NewLabel("")}
	r.ballots.SetText(numberText(x.Ballots))
	r.sat.SetText(numberText(x.Satisfied))
	r.basic.SetText(numberText(x.Basic))
	r.unsat.SetText(numberText(x.Unsatisfied))
	r.score.SetText(scoreEntryText(x.Score, x.HasScore))
	r.showRate()
	for _, en := range []*widget.Entry{r.ballots, r.sat, r.basic, r.unsat, r.score} {
		en.OnChanged = func(string) {
			r.showRate()
			e.changed()
		}
	}
	return r
}

// result reads the row; an entry that does not parse is named with its unit.
func (r *resultRow) result() (data.AppraisalResult, error) {
	x := r.x
	read := func(en *widget.Entry, label string, score bool) (float64, bool, error) {
		v, has, err := parseNumber(en.Text, score)
		if err != nil {
			return 0, false, data.Invalid("Results", fmt.Sprintf("“%s”的%s：%s", x.UnitName, label, err.Error()))
		}
		return v, has, nil
	}
	counts := []struct {
		en    *widget.Entry
		label string
		dest  *int
	}{{r.ballots, "收回票数", &x.Ballots}, {r.sat, "满意票数", &x.Satisfied}, {r.basic, "基本满意票数", &x.Basic}, {r.unsat, "不满意票数", &x.Unsatisfied}}
	for _, c := range counts {
		v, _, err := read(c.en, c.label, false)
		if err != nil {
			return x, err
		}
		*c.dest = int(v)
	}
	v, has, err := read(r.score, "得分", true)
	if err != nil {
		return x, err
	}
	x.Score, x.HasScore = v, has
	return x, nil
}

func (r *resultRow) showRate() {
	x, err := r.result()
	if err != nil {
		r.rate.Importance = widget.DangerImportance
		r.rate.SetText("有误")
		return
	}
	r.rate.Importance = widget.MediumImportance
	if rate, ok := x.Rate(); ok {
		r.rate.SetText(rateOf(rate))
	} else {
		r.rate.SetText("")
	}
}

func (e *resultsEditor) refresh() {
	objs := make([]fyne.CanvasObject, 0, len(e.rows))
	for _, r := range e.rows {
		row := r
		rm := widget.NewButtonWithIcon("", fynetheme.ContentRemoveIcon(), func() {
			e.rows = slices.DeleteFunc(e.rows, func(x *resultRow) bool { return x == row })
			e.refresh()
			e.changed()
		})
		rm.Importance = widget.LowImportance
		objs = append(objs, container.New(resultColumns, rowName(r.x.UnitName), r.ballots, r.sat, r.basic, r.unsat, r.score, r.rate, rm))
	}
	e.list.Objects = objs
	e.list.Refresh()
	e.count.SetText(fmt.Sprintf("共%d个单位", len(e.rows)))
	e.box.Refresh()
}

func (e *resultsEditor) read() ([]data.AppraisalResult, error) {
	out := make([]data.AppraisalResult, 0, len(e.rows))
	for _, r := range e.rows {
		x, err := r.result()
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// postsEditor enters the key posts of a 关键岗位评议: post, holder, duties,
// score and the office's mark. A warned post is shown as such and kept.
type postsEditor struct {
	w       *Workbench
	rows    []*postRow
	list    *fyne.Container
	count   *widgets.WrapLabel
	picker  *widgets.UnitPicker
	box     *fyne.Container
	changed func()
}

type postRow struct {
	p                    data.AppraisalPost
	post, holder, duties *widget.Entry
	score                *widget.Entry
	mark                 *widget.Select
}

const noMark = "—"

func newPostsEditor(w *Workbench, changed func()) *postsEditor {
	e := &postsEditor{w: w, list: container.NewVBox(), changed: changed, count: lowLabel("")}
	e.picker = widgets.NewUnitPicker(w.searchUnits)
	e.picker.PlaceHolder = "输入单位名称或拼音首字母，添加该单位的关键岗位"
	e.picker.OnChanged = func(id, name string) {
		if id == "" {
			return
		}
		e.rows = append(e.rows, e.newRow(data.AppraisalPost{UnitID: id, UnitName: name}))
		e.picker.SetUnit("", "")
		e.refresh()
		e.changed()
	}
	head := header(postColumns, "单位", "岗位", "在岗人员", "岗位职责", "得分", "评定", "")
	e.box = container.NewVBox(
		lowLabel("公开各单位关键岗位及其职责，评议后填写得分；得分最高的可评为标兵岗位、优秀岗位，排名靠后的予以告诫。"),
		head, e.list, e.count, e.picker)
	return e
}

func (e *postsEditor) set(posts []data.AppraisalPost) {
	e.rows = nil
	for _, p := range posts {
		e.rows = append(e.rows, e.newRow(p))
	}
	e.refresh()
}

func (e *postsEditor) newRow(p data.AppraisalPost) *postRow {
	r := &postRow{p: p, post: widget.NewEntry(), holder: widget.NewEntry(), duties: widget.NewEntry(), score: numberEntry()}
	r.post.SetText(p.Post)
	r.holder.SetText(p.Holder)
	r.duties.SetText(p.Duties)
	r.score.SetText(scoreEntryText(p.Score, p.HasScore))
	marks := append([]string{noMark}, choiceLabels(data.PostMarks)...)
	r.mark = widget.NewSelect(marks, nil)
	switch p.Mark {
	case data.MarkNone:
		r.mark.SetSelected(noMark)
	case data.MarkWarned:
		r.holder.Disable() // shown as a label (see refresh)
	default:
		r.mark.SetSelected(string(p.Mark))
	}
	for _, en := range []*widget.Entry{r.post, r.holder, r.duties, r.score} {
		en.OnChanged = func(string) { e.changed() }
	}
	r.mark.OnChanged = func(string) { e.changed() }
	return r
}

func (e *postsEditor) refresh() {
	objs := make([]fyne.CanvasObject, 0, len(e.rows))
	for _, r := range e.rows {
		row := r
		var tail fyne.CanvasObject = widget.NewLabel("")
		if r.p.Mark != data.MarkWarned {
			rm := widget.NewButtonWithIcon("", fynetheme.ContentRemoveIcon(), func() {
				e.rows = slices.DeleteFunc(e.rows, func(x *postRow) bool { return x == row })
				e.refresh()
				e.changed()
			})
			rm.Importance = widget.LowImportance
			tail = rm
		}
		// A warned holder is named in the decision: shown, not edited.
		var holder, mark fyne.CanvasObject = r.holder, r.mark
		if r.p.Mark == data.MarkWarned {
			warned := widget.NewLabel("已告诫")
			warned.Importance = widget.DangerImportance
			holder, mark = rowName(r.p.Holder), warned
		}
		objs = append(objs, container.New(postColumns, rowName(r.p.UnitName), r.post, holder, r.duties, r.score, mark, tail))
	}
	e.list.Objects = objs
	e.list.Refresh()
	e.count.SetText(fmt.Sprintf("共%d个岗位", len(e.rows)))
	e.box.Refresh()
}

func (e *postsEditor) read() ([]data.AppraisalPost, error) {
	out := make([]data.AppraisalPost, 0, len(e.rows))
	for _, r := range e.rows {
		p := r.p
		p.Post, p.Holder, p.Duties = strings.TrimSpace(r.post.Text), strings.TrimSpace(r.holder.Text), strings.TrimSpace(r.duties.Text)
		v, has, err := parseNumber(r.score.Text, true)
		if err != nil {
			return nil, data.Invalid("Posts", fmt.Sprintf("“%s（%s）”的得分：%s", p.Post, p.Holder, err.Error()))
		}
		p.Score, p.HasScore = v, has
		if p.Mark != data.MarkWarned {
			p.Mark = data.PostMark(strings.TrimPrefix(r.mark.Selected, noMark))
		}
		out = append(out, p)
	}
	return out, nil
}
