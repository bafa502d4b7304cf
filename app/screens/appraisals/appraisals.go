package appraisals

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
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
	"xiaoneng/reports/importer"
)

// Screen is 评议: the rounds of 群众评议, 民主评议, 万人评风 and
// 网络评议 with each unit's ballots or score (entered by hand or imported
// from Excel), the 关键岗位评议 with its posts, marks and warnings, and the
// units' satisfaction over a year, lowest first, as a 通报 quotes it.
type Screen struct {
	w    host.Host
	root fyne.CanvasObject
	tabs *container.AppTabs

	records *kit.Records[*data.AppraisalRound]
	table   *kit.Table[*data.AppraisalRound]

	round   *data.AppraisalRound // in the form; nil while a new one is entered
	heading *widget.Label
	form    *kit.Form
	title   *widget.Entry
	kind    *widget.Select
	from    *kit.DateEntry
	to      *kit.DateEntry
	held    *kit.DateEntry
	note    *kit.TextArea
	results *resultsEditor
	posts   *postsEditor
	resRow  *fyne.Container // the results or the posts, as the kind asks
	remove  *widget.Button
	imp     *widget.Button
	warn    *widget.Button

	kit.ExtraEdits // the results or posts; the form tracks the rest

	year    *widget.Select
	ranking *kit.Table[data.UnitSatisfaction]
	rank    map[string]int // 名次 by unit, 1 the most satisfied
	summary *kit.WrapLabel
}

func New(w host.Host) *Screen {
	s := &Screen{w: w}
	s.table = kit.NewTable([]kit.Column[*data.AppraisalRound]{
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
	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.buildForm()
	s.records = kit.NewRecords(w.Window(), s.table, s.form, &s.round, s.open)
	s.records.What, s.records.Extra = "评议", &s.ExtraEdits
	s.records.Reload = s.reload
	s.records.Fresh = func() {
		s.tabs.SelectIndex(0)
		s.fill(nil)
	}
	add := widget.NewButtonWithIcon("新建评议", fynetheme.ContentAddIcon(), s.Create)
	s.records.Lay(container.NewHBox(add), container.NewBorder(s.heading, nil, nil, nil, s.form.Widget()), 0.34)

	s.tabs = container.NewAppTabs(
		container.NewTabItem("评议记录", s.records.Widget()),
		container.NewTabItem("满意度汇总", s.buildSummary()))
	s.tabs.OnSelected = func(*container.TabItem) {
		s.w.MenuChanged()
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

func (s *Screen) buildForm() {
	s.form = kit.NewForm(s.saveRound)
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder("如：2026年度群众评议机关作风")
	s.kind = widget.NewSelect(kit.ChoiceLabels(data.AppraisalKinds), func(k string) { s.kindChanged(data.AppraisalKind(k)) })
	s.kind.PlaceHolder = "请选择"
	s.from, s.to, s.held = kit.NewDateEntry(), kit.NewDateEntry(), kit.NewDateEntry()
	s.note = kit.NewTextArea(2, "")
	s.results = newResultsEditor(s.w, s.Edited)
	s.posts = newPostsEditor(s.w, s.Edited)
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
func (s *Screen) kindChanged(k data.AppraisalKind) {
	byPost := k.ByPost()
	kit.SetVisible(s.results.box, !byPost)
	kit.SetVisible(s.posts.box, byPost)
	saved := s.round != nil
	kit.SetVisible(s.imp, saved && !byPost)
	kit.SetVisible(s.warn, saved && byPost)
	s.resRow.Refresh()
}

func (s *Screen) View() fyne.CanvasObject { return s.root }

func (s *Screen) Shown() {
	s.records.Reshow()
	if s.tabs.SelectedIndex() == 1 {
		s.showSummary()
	}
}

// Refresh shows what others changed (host.Refresher), as Shown does.
func (s *Screen) Refresh() { s.Shown() }

func (s *Screen) reload() error {
	rounds, err := s.w.DB().Appraisals(s.w.Context(), data.AppraisalFilter{})
	if err != nil {
		return err
	}
	s.table.SetRows(rounds)
	return nil
}

func (s *Screen) CreateLabel() string { return "新建评议" }

func (s *Screen) Create() {
	s.records.Create(s.title)
}

func (s *Screen) Save() { s.records.Save() }

func (s *Screen) CanSave() bool { return s.tabs.SelectedIndex() == 0 }

func (s *Screen) FocusSearch() {
	if s.tabs.SelectedIndex() == 1 {
		s.ranking.FocusSearch(s.w.Window())
		return
	}
	s.records.FocusSearch()
}

func (s *Screen) dirty() bool { return s.records.Dirty() }

func (s *Screen) ConfirmLeave(leave func()) { s.records.ConfirmLeave(leave) }

// open loads round id into the form.
func (s *Screen) open(id string) {
	kit.ShowRead(s.w.Window(), s.fill)(s.w.DB().Appraisal(s.w.Context(), id))
}

// fill shows r in the form; nil starts a new round.
func (s *Screen) fill(r *data.AppraisalRound) {
	s.Filling = true
	defer func() { s.Filling = false }()
	s.round = r
	if r == nil {
		r = &data.AppraisalRound{}
		s.heading.SetText("新建评议")
	} else {
		s.heading.SetText(r.Title)
	}
	s.title.SetText(r.Title)
	kit.ShowChoice(s.kind, r.Kind)
	s.from.SetDate(r.From)
	s.to.SetDate(r.To)
	s.held.SetDate(r.HeldOn)
	s.note.SetText(r.Note)
	s.results.set(r.Results)
	s.posts.set(r.Posts)
	s.kindChanged(r.Kind)
	// A round a holder was warned on stays: the decision rests on it.
	warned := slices.ContainsFunc(r.Posts, func(p data.AppraisalPost) bool { return p.Mark == data.MarkWarned })
	kit.SetVisible(s.remove, s.round != nil && !warned)
	s.ExtraDirty = false
	s.form.MarkClean()
}

// saveRound writes the form: a new round, or the changes to the one shown.
func (s *Screen) saveRound() error {
	r := kit.EditCopy(s.round)
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
	if err := kit.CreateOrUpdate(s.w.Context(), s.round == nil, r, s.w.DB().CreateAppraisal, s.w.DB().UpdateAppraisal); err != nil {
		return err
	}
	return s.records.Saved(r)
}

func (s *Screen) deleteRound() {
	r := s.round
	s.records.Delete("删除评议", fmt.Sprintf("确定删除“%s”吗？删除仅用于误录入的评议。", r.Title), func() error {
		return s.w.DB().DeleteAppraisal(s.w.Context(), r.ID)
	})
}

// importDialog reads a sheet of results into the round shown; the round
// is saved first, so that the sheet lands on what the ledger holds.
func (s *Screen) importDialog() {
	if s.dirty() {
		dialog.ShowInformation("请先保存", "评议有未保存的修改，请先保存，再从Excel导入测评结果。", s.w.Window())
		return
	}
	kit.ChooseFile(s.w.Window(), "导入测评结果", kit.ChooseOpen, parts.SaveDir(), "", ".xlsx", nil, func(path string) {
		f, err := os.Open(path)
		if err != nil {
			kit.ShowError(s.w.Window(), data.Invalid("File", "无法打开该文件"))
			return
		}
		defer f.Close()
		n, err := s.importSheet(f)
		if err != nil {
			kit.ShowError(s.w.Window(), err)
			return
		}
		dialog.ShowInformation("导入完成", fmt.Sprintf("已导入%d个单位的测评结果。", n), s.w.Window())
	})
}

// importSheet imports the results of an .xlsx into the round shown (see
// importer.ReadAppraisalSheet for the sheet it reads) and shows them.
func (s *Screen) importSheet(r io.Reader) (int, error) {
	rows, err := importer.ReadAppraisalSheet(r)
	if err != nil {
		return 0, err
	}
	n, err := s.w.DB().ImportAppraisalResults(s.w.Context(), s.round.ID, rows)
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
func (s *Screen) warnDialog() {
	r := s.round
	if s.dirty() {
		dialog.ShowInformation("请先保存", "评议有未保存的修改，请先保存，再办理告诫。", s.w.Window())
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
	on := kit.NewDateEntryOn(host.Today())
	by := widget.NewEntry()
	by.SetText(parts.IssuingBody(s.w))
	number := widget.NewEntry()
	number.SetPlaceHolder("如 效告〔2026〕3号")
	var d *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("DecidedOn", err.Error())
		}
		var chosen []string
		for _, l := range pick.Selected {
			chosen = append(chosen, ids[l])
		}
		list, err := s.w.DB().WarnPosts(s.w.Context(), r.ID, chosen, day, by.Text, number.Text)
		if err != nil {
			return err
		}
		d.Hide()
		if err := s.reload(); err != nil {
			kit.ShowError(s.w.Window(), err)
		}
		s.open(r.ID)
		dialog.ShowInformation("已告诫", fmt.Sprintf("已对%d名岗位人员予以效能告诫，并记入责任追究。", len(list)), s.w.Window())
		return nil
	})
	form.Add("告诫岗位", "Posts", kit.CanvasMinHeight(container.NewVScroll(pick), 240), true)
	form.Add("决定日期", "DecidedOn", on, true)
	form.Add("决定机关", "DecidedBy", by, false)
	form.Add("文号", "DocNumber", number, false)
	form.AddButton(widget.NewButton("取消", func() { d.Hide() }))
	intro := kit.NewWrapLabel("按得分从低到高排列。选中的岗位人员将受到效能告诫，记入“责任追究”。")
	d = dialog.NewCustomWithoutButtons("告诫排名靠后的岗位", container.NewVBox(intro, form.Widget()), s.w.Window())
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

func (s *Screen) buildSummary() fyne.CanvasObject {
	s.ranking = kit.NewTable([]kit.Column[data.UnitSatisfaction]{
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
	}, nil, func(u data.UnitSatisfaction) { s.w.OpenUnit(u.UnitID) })
	s.year = widget.NewSelect(nil, func(string) { s.showSummary() })
	s.summary = kit.NewWrapLabel("")
	top := container.NewVBox(container.NewHBox(widget.NewLabel("年度"), s.year), s.summary)
	return container.NewBorder(top, nil, nil, nil, s.ranking.Widget())
}

// showSummary lists the satisfaction of every unit appraised in the year
// chosen, lowest first: the units a 通报 names.
func (s *Screen) showSummary() {
	y := host.Today().Year()
	if s.year.Selected == "" {
		var years []string
		for i := range 5 {
			years = append(years, kit.YearText(y-i))
		}
		s.year.Options = years
		s.year.SetSelected(kit.YearText(y)) // calls showSummary again
		return
	}
	y, err := strconv.Atoi(strings.TrimSuffix(s.year.Selected, "年"))
	if err != nil {
		return
	}
	list, err := s.w.DB().AppraisalRanking(s.w.Context(), data.NewDate(y, 1, 1), data.NewDate(y, 12, 31))
	if err != nil {
		kit.ShowError(s.w.Window(), err)
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
