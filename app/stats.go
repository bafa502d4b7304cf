package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/widgets"
	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
	"xiaoneng/reports"
)

// statsScreen is 统计考核: the figures of a period (a month, a quarter, a
// year or any days) as tiles, sentences, charts and tables, the 评议考核
// ranking with its yellow cards, and the period's workbook and 通报.
type statsScreen struct {
	w    *Workbench
	root fyne.CanvasObject

	kind, year, part *widget.Select
	from, to         *widgets.DateEntry
	partBox, custom  *fyne.Container
	asOf             *widget.Label
	exportBtn        *widget.Button
	bulletinBtn      *widget.Button
	setting          bool // the pickers are being set together

	received, assigned, concluded, inProgress *tile
	overdue, concludedRate, onTime, satisfied *tile
	actionText                                *widgets.WrapLabel
	supervisionText                           *widgets.WrapLabel
	ticketText                                *widgets.WrapLabel
	channels, categories, findings, measures  *barChart
	trend                                     *lineChart
	kinds                                     *fyne.Container // supervision by kind of unit: a few rows, no scrolling
	units                                     *widgets.Table[reports.UnitFigures]
	ranking                                   *widgets.Table[reports.Score]
	weights, flagged                          *widgets.WrapLabel
	tabs                                      *container.AppTabs

	period     reports.Period
	stats      *reports.Stats
	assessment *reports.Assessment
	loads      int // the latest computation started; older ones are dropped
	loaded     chan struct{}
}

// The kinds of period the picker offers.
const (
	periodMonth   = "月度"
	periodQuarter = "季度"
	periodYear    = "年度"
	periodCustom  = "自定义"
)

var quarterLabels = []string{"第一季度", "第二季度", "第三季度", "第四季度"}

func newStatsScreen(w *Workbench) *statsScreen {
	s := &statsScreen{w: w}
	s.kind = widget.NewSelect([]string{periodMonth, periodQuarter, periodYear, periodCustom}, func(string) { s.kindChanged() })
	s.year = widget.NewSelect(nil, func(string) { s.periodChanged() })
	s.part = widget.NewSelect(nil, func(string) { s.periodChanged() })
	s.from, s.to = widgets.NewDateEntry(), widgets.NewDateEntry()
	s.from.OnChanged = func(string) { s.periodChanged() }
	s.to.OnChanged = func(string) { s.periodChanged() }
	s.partBox = container.NewHBox(s.year, s.part)
	s.custom = container.NewHBox(s.from, widget.NewLabel("至"), s.to)
	s.custom.Hide()
	s.asOf = widget.NewLabel("")
	s.exportBtn = widget.NewButtonWithIcon("导出Excel", fynetheme.DocumentSaveIcon(), func() { s.exportWorkbook() })
	s.bulletinBtn = widget.NewButtonWithIcon("生成通报", fynetheme.DocumentPrintIcon(), func() { s.makeBulletin() })
	bar := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel("统计期间"), s.kind, s.partBox, s.custom, s.asOf),
		container.NewHBox(s.exportBtn, s.bulletinBtn))

	open := func(state string) func() { return func() { s.openTickets(state) } }
	s.received = newTile("登记投诉", open(stateAll))
	s.assigned = newTile("交办", open(stateAll))
	s.concluded = newTile("办结", open(stateAll))
	s.inProgress = newTile("在办", open(stateAll))
	s.overdue = newTile("超期", open(stateAll))
	s.concludedRate = newTile("办结率", open(stateAll))
	s.onTime = newTile("按期办结率", open(stateAll))
	s.satisfied = newTile("满意率", open(stateAll))
	label := func() *widgets.WrapLabel { return widgets.NewWrapLabel("") }
	s.ticketText, s.supervisionText, s.actionText = label(), label(), label()
	s.channels = newBarChart("投诉渠道", "本期没有投诉")
	s.categories = newBarChart("反映问题类别", "本期没有投诉")
	s.findings = newBarChart("发现问题类别", "本期没有发现问题")
	s.measures = newBarChart("责任追究方式", "本期没有责任追究")
	s.trend = newLineChart("月度趋势")

	tickets := container.NewVBox(
		container.NewGridWithColumns(4, s.received, s.assigned, s.concluded, s.inProgress),
		container.NewGridWithColumns(4, s.overdue, s.concludedRate, s.onTime, s.satisfied),
		s.ticketText,
		container.NewGridWithColumns(2, s.channels, s.categories),
		s.trend,
	)

	num := func(n int) string { return strconv.Itoa(n) }
	right := fyne.TextAlignTrailing
	s.kinds = container.NewGridWithColumns(len(kindTitles))
	kindsBox := narrow(760, s.kinds)
	supervision := container.NewVBox(
		s.supervisionText,
		kindsBox,
		s.actionText,
		container.NewGridWithColumns(2, s.findings, s.measures),
	)

	s.units = widgets.NewTable([]widgets.Column[reports.UnitFigures]{
		{Title: "单位", Width: 220, Grow: true, Text: func(u reports.UnitFigures) string { return u.Name }},
		{Title: "类别", Width: 110, Text: func(u reports.UnitFigures) string { return string(u.Category) }},
		{Title: "被投诉", Width: 70, Align: right, Sum: true, Text: func(u reports.UnitFigures) string { return num(u.Received) }},
		{Title: "属实", Width: 60, Align: right, Sum: true, Text: func(u reports.UnitFigures) string { return num(u.Substantiated) }},
		{Title: "承办", Width: 60, Align: right, Sum: true, Text: func(u reports.UnitFigures) string { return num(u.Handled) }},
		{Title: "超期", Width: 60, Align: right, Sum: true, Text: func(u reports.UnitFigures) string { return num(u.Overdue) }},
		{Title: "满意率", Width: 80, Align: right, Text: func(u reports.UnitFigures) string {
			return reports.Rate{N: u.Satisfied, Of: u.Satisfied + u.Dissatisfied}.String()
		}},
		{Title: "检查", Width: 60, Align: right, Sum: true, Text: func(u reports.UnitFigures) string { return num(u.Visits) }},
		{Title: "发现问题", Width: 80, Align: right, Sum: true, Text: func(u reports.UnitFigures) string { return num(u.Findings) }},
		{Title: "整改不到位", Width: 90, Align: right, Sum: true, Text: func(u reports.UnitFigures) string { return num(u.RectFailed) }},
		{Title: "责任追究", Width: 80, Align: right, Sum: true, Text: func(u reports.UnitFigures) string { return num(u.Actions) }},
	}, matchFigures, nil)
	s.units.Remember("统计考核各单位")

	score := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	lost := func(v float64) string {
		if v == 0 {
			return ""
		}
		return "-" + strconv.FormatFloat(v, 'f', 1, 64)
	}
	s.ranking = widgets.NewTable([]widgets.Column[reports.Score]{
		{Title: "名次", Width: 60, Align: right, Text: func(sc reports.Score) string { return num(sc.Rank) },
			Less: func(a, b reports.Score) bool { return a.Rank < b.Rank }},
		{Title: "单位", Width: 220, Grow: true, Text: func(sc reports.Score) string { return sc.Name }},
		{Title: "类别", Width: 110, Text: func(sc reports.Score) string { return string(sc.Category) }},
		{Title: "得分", Width: 70, Align: right, Text: func(sc reports.Score) string { return score(sc.Score) }},
		{Title: "发现问题", Width: 80, Align: right, Text: func(sc reports.Score) string { return lost(sc.LostFindings) }},
		{Title: "属实投诉", Width: 80, Align: right, Text: func(sc reports.Score) string { return lost(sc.LostSubstantiated) }},
		{Title: "超期办理", Width: 80, Align: right, Text: func(sc reports.Score) string { return lost(sc.LostOverdue) }},
		{Title: "整改不到位", Width: 90, Align: right, Text: func(sc reports.Score) string { return lost(sc.LostRectFailed) }},
		{Title: "满意度", Width: 70, Align: right, Text: func(sc reports.Score) string { return lost(sc.LostSatisfaction) }},
		{Title: "警示", Width: 120, Text: scoreFlag},
	}, func(sc reports.Score, q string) bool {
		return strings.Contains(sc.Name, q) || strings.Contains(scoreFlag(sc), q)
	}, nil)
	s.ranking.AddChip("黄牌警告", func(sc reports.Score) bool { return sc.Yellow })
	s.weights, s.flagged = label(), label()
	editWeights := widget.NewButtonWithIcon("考核权重…", fynetheme.SettingsIcon(), s.editWeights)
	ranking := container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, nil, editWeights, s.weights), s.flagged),
		nil, nil, nil, s.ranking.Widget())

	s.tabs = container.NewAppTabs(
		container.NewTabItem("投诉统计", container.NewVScroll(tickets)),
		container.NewTabItem("督查与追究", container.NewVScroll(supervision)),
		container.NewTabItem("各单位", s.units.Widget()),
		container.NewTabItem("考核排名", ranking),
	)
	s.root = container.NewBorder(bar, nil, nil, nil, s.tabs)
	s.setPeriod(currentQuarter(today()))
	return s
}

func (s *statsScreen) view() fyne.CanvasObject { return s.root }

// shown computes the figures again: the ledger may have changed.
func (s *statsScreen) shown() { s.load() }

func (s *statsScreen) focusSearch() {
	switch s.tabs.SelectedIndex() {
	case 2:
		s.units.FocusSearch(s.w.win)
	case 3:
		s.ranking.FocusSearch(s.w.win)
	}
}

// print makes the 通报 (Ctrl+P).
func (s *statsScreen) print() { s.makeBulletin() }

func matchFigures(u reports.UnitFigures, q string) bool {
	return strings.Contains(u.Name, q) || strings.Contains(string(u.Category), q)
}

func scoreFlag(sc reports.Score) string {
	switch {
	case sc.Repeat:
		return "连续两期黄牌"
	case sc.Yellow:
		return "黄牌警告"
	}
	return ""
}

func currentQuarter(d data.Date) reports.Period {
	return reports.QuarterPeriod(d.Year(), (int(d.Month())-1)/3+1)
}

// setPeriod shows p in the pickers; the screen computes it when shown.
func (s *statsScreen) setPeriod(p reports.Period) {
	s.setting = true
	y := today().Year()
	var years []string
	for v := y + 1; v >= min(y-10, p.From.Year()); v-- {
		years = append(years, fmt.Sprintf("%d年", v))
	}
	s.year.SetOptions(years)
	s.year.SetSelected(fmt.Sprintf("%d年", p.From.Year()))
	switch p.Kind {
	case reports.PeriodMonth:
		s.kind.SetSelected(periodMonth)
		s.part.SetSelected(fmt.Sprintf("%d月", int(p.From.Month())))
	case reports.PeriodQuarter:
		s.kind.SetSelected(periodQuarter)
		s.part.SetSelected(quarterLabels[(int(p.From.Month())-1)/3])
	case reports.PeriodYear:
		s.kind.SetSelected(periodYear)
	default:
		s.kind.SetSelected(periodCustom)
	}
	s.from.SetDate(p.From)
	s.to.SetDate(p.To)
	s.setting = false
	s.period = p
}

// kindChanged offers the parts of the kind of period chosen.
func (s *statsScreen) kindChanged() {
	wasSetting := s.setting
	s.setting = true
	switch s.kind.Selected {
	case periodMonth:
		var months []string
		for m := 1; m <= 12; m++ {
			months = append(months, fmt.Sprintf("%d月", m))
		}
		s.part.SetOptions(months)
		s.part.SetSelected(fmt.Sprintf("%d月", int(s.period.From.Month())))
		s.part.Show()
	case periodQuarter:
		s.part.SetOptions(quarterLabels)
		s.part.SetSelected(quarterLabels[(int(s.period.From.Month())-1)/3])
		s.part.Show()
	default:
		s.part.Hide()
	}
	if s.kind.Selected == periodCustom {
		s.partBox.Hide()
		s.custom.Show()
	} else {
		s.partBox.Show()
		s.custom.Hide()
	}
	s.setting = wasSetting
	s.periodChanged()
}

// periodChanged reads the pickers and computes the period they say.
func (s *statsScreen) periodChanged() {
	if s.setting {
		return
	}
	p, err := s.picked()
	if err != nil {
		s.asOf.SetText(data.UserMessage(err))
		return
	}
	s.period = p
	s.load()
}

func (s *statsScreen) picked() (reports.Period, error) {
	year, err := strconv.Atoi(strings.TrimSuffix(s.year.Selected, "年"))
	if err != nil && s.kind.Selected != periodCustom {
		return reports.Period{}, data.Invalid("Period", "请选择年份")
	}
	switch s.kind.Selected {
	case periodMonth:
		m, err := strconv.Atoi(strings.TrimSuffix(s.part.Selected, "月"))
		if err != nil {
			return reports.Period{}, data.Invalid("Period", "请选择月份")
		}
		return reports.MonthPeriod(year, time.Month(m)), nil
	case periodQuarter:
		for i, q := range quarterLabels {
			if q == s.part.Selected {
				return reports.QuarterPeriod(year, i+1), nil
			}
		}
		return reports.Period{}, data.Invalid("Period", "请选择季度")
	case periodYear:
		return reports.YearPeriod(year), nil
	}
	from, err1 := s.from.Date()
	to, err2 := s.to.Date()
	if err1 != nil || err2 != nil {
		return reports.Period{}, data.Invalid("Period", "请按“年-月-日”填写起止日期")
	}
	return reports.CustomPeriod(from, to)
}

// load computes the period's figures and ranking off the UI thread (a
// year of a large ledger takes a moment) and shows them when done; a
// computation overtaken by another choice is dropped.
func (s *statsScreen) load() {
	if s.w.db == nil {
		return
	}
	s.loads++
	n, p := s.loads, s.period
	done := make(chan struct{})
	s.loaded = done
	s.asOf.SetText("正在统计……")
	s.exportBtn.Disable()
	s.bulletinBtn.Disable()
	db, ctx, day := s.w.db, s.w.ctx, today()
	background(func() {
		defer close(done)
		st, err := reports.ComputeStats(ctx, db, p, day)
		var a *reports.Assessment
		if err == nil {
			a, err = reports.Assess(ctx, db, st)
		}
		fyne.Do(func() {
			if n != s.loads {
				return
			}
			if err != nil {
				s.asOf.SetText("")
				widgets.ShowError(s.w.win, err)
				return
			}
			s.show(st, a)
		})
	})
}

// background runs work off the UI thread. Tests replace it: Fyne's test
// driver runs fyne.Do on the calling goroutine, so they run the work when
// they wait for it.
var background = func(work func()) { go work() }

// show puts computed figures on the screen.
func (s *statsScreen) show(st *reports.Stats, a *reports.Assessment) {
	s.stats, s.assessment = st, a
	s.asOf.SetText(fmt.Sprintf("%s，统计截至%s", st.Period.Span(), st.AsOf.Chinese()))
	s.exportBtn.Enable()
	s.bulletinBtn.Enable()
	t := st.Tickets
	s.received.set(t.Received, plain)
	s.assigned.set(t.Assigned, plain)
	s.concluded.set(t.Concluded, plain)
	s.inProgress.set(t.InProgress(), plain)
	s.overdue.set(t.Overdue(), errorIfAny)
	s.concludedRate.setText(st.ConcludedRate().String())
	s.onTime.setText(st.OnTimeRate().String())
	s.satisfied.setText(st.SatisfiedRate().String())
	s.ticketText.SetText(reports.TicketSentence(st))
	s.supervisionText.SetText(reports.SupervisionSentence(st))
	s.actionText.SetText(reports.ActionSentence(st))

	var channels, categories, findings, measures []chartItem
	for _, c := range st.ByChannel {
		channels = append(channels, chartItem{c.Name, c.N})
	}
	for _, c := range st.ByCategory {
		categories = append(categories, chartItem{c.Name, c.N})
	}
	for _, c := range st.Findings {
		findings = append(findings, chartItem{c.Name, c.N})
	}
	for _, m := range st.ByMeasure {
		measures = append(measures, chartItem{string(m.Measure), m.Total()})
	}
	if t.Received == 0 {
		channels = nil
	}
	s.channels.set(channels)
	s.categories.set(categories)
	s.findings.set(findings)
	s.measures.set(measures)
	var labels []string
	received, concluded := make([]int, len(st.Monthly)), make([]int, len(st.Monthly))
	for i, m := range st.Monthly {
		labels = append(labels, monthLabel(m.Month, len(st.Monthly) > 12))
		received[i], concluded[i] = m.Received, m.Concluded
	}
	s.trend.set(labels, []lineSeries{
		{name: "登记", color: fynetheme.Color(fynetheme.ColorNamePrimary), values: received},
		{name: "办结", color: fynetheme.Color(fynetheme.ColorNameSuccess), values: concluded},
	})
	s.fillKinds(st)
	s.units.SetRows(st.Units)

	w := a.Weights
	s.weights.SetText(fmt.Sprintf("基础分%g分；每个发现问题扣%g分，每件属实投诉扣%g分，每件超期办理扣%g分，每项整改不到位扣%g分，满意度%g分按满意率折算；"+
		"排名末%d位的单位给予黄牌警告。", w.Base, w.Finding, w.Substantiated, w.Overdue, w.RectFailed, w.Satisfaction, w.YellowCards))
	var names []string
	for _, f := range a.Flagged() {
		n := f.Name
		if f.Repeat {
			n += "（连续两期）"
		}
		names = append(names, n)
	}
	if len(names) > 0 {
		s.flagged.SetText("黄牌警告：" + strings.Join(names, "、"))
	} else {
		s.flagged.SetText("本期没有单位被扣分，无黄牌警告。")
	}
	s.ranking.SetRows(a.Ranking)
}

// kindTitles are the columns of the supervision table.
var kindTitles = []string{"单位类别", "检查次数", "检查单位数", "发现问题", "责令整改", "已整改", "整改不到位"}

// kindRows are the rows of the supervision table: each kind of unit, and
// the total.
func kindRows(st *reports.Stats) [][]string {
	num := strconv.Itoa
	var rows [][]string
	for _, k := range st.ByUnitKind {
		rows = append(rows, []string{string(k.Category), num(k.Visits), num(k.Units), num(k.Findings), num(k.RectDue), num(k.RectDone), num(k.RectFailed)})
	}
	sv := st.Supervision
	return append(rows, []string{"合计", num(sv.Visits), num(sv.Units), num(sv.Findings), num(sv.RectDue), num(sv.RectDone), num(sv.RectFailed)})
}

// fillKinds shows the supervision by kind of unit as a small ruled grid.
func (s *statsScreen) fillKinds(st *reports.Stats) {
	cells := make([]fyne.CanvasObject, 0, (len(st.ByUnitKind)+2)*len(kindTitles))
	for _, t := range kindTitles {
		cells = append(cells, widget.NewLabelWithStyle(t, fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	for _, r := range kindRows(st) {
		for i, v := range r {
			align := fyne.TextAlignTrailing
			if i == 0 {
				align = fyne.TextAlignLeading
			}
			cells = append(cells, widget.NewLabelWithStyle(v, align, fyne.TextStyle{Bold: r[0] == "合计"}))
		}
	}
	s.kinds.Objects = cells
	s.kinds.Refresh()
}

// monthLabel is a month on the trend's axis: 7月, or 2026年7月 when the
// period spans more than a year.
func monthLabel(ym string, withYear bool) string {
	y, m, _ := strings.Cut(ym, "-")
	mm, err := strconv.Atoi(m)
	if err != nil {
		return ym
	}
	if withYear {
		return fmt.Sprintf("%s年%d月", y, mm)
	}
	return fmt.Sprintf("%d月", mm)
}

// openTickets lists the period's tickets in 效能投诉.
func (s *statsScreen) openTickets(state string) {
	p := s.period
	showOn(s.w, "效能投诉", func(c *complaintsScreen) {
		c.showRange(p.From, p.To)
		c.showState(state)
	})
}

// exportWorkbook asks where to save the period's statistics and ranking
// as a workbook.
func (s *statsScreen) exportWorkbook() *fileChooser {
	st, a := s.stats, s.assessment
	if st == nil {
		return nil
	}
	name := st.Period.Label() + "统计考核.xlsx"
	return s.w.saveAs("导出Excel", name, ".xlsx", func(ctx context.Context, path string) error {
		return atomicfile.Write(path, func(f io.Writer) error {
			return reports.WriteXLSX(f, reports.StatsSheets(st, a)...)
		})
	})
}

// makeBulletin asks where to print the period's 通报, prints it and opens
// it.
func (s *statsScreen) makeBulletin() *fileChooser {
	if s.stats == nil {
		return nil
	}
	p := s.stats.Period
	return s.w.saveAs("生成通报", "关于"+p.Label()+"机关效能建设情况的通报.pdf", ".pdf", func(ctx context.Context, path string) error {
		return atomicfile.Write(path, func(f io.Writer) error { return reports.RenderBulletin(ctx, s.w.db, p, f) })
	})
}

// saveAs asks where to save a file named name, confirming before one is
// replaced, then writes it with write in the background, and offers to
// open it.
func (w *Workbench) saveAs(title, name, ext string, write func(ctx context.Context, path string) error) *fileChooser {
	return chooseFile(w.win, title, chooseSave, saveDir(), name, ext, nil, func(path string) {
		lastSaveDir = filepath.Dir(path)
		run := func() {
			w.runJob(title, func(ctx context.Context, progress func(done, total int)) error {
				return write(ctx, path)
			}, func(err error) {
				if err == nil {
					w.showSaved(path)
				}
			})
		}
		if _, err := os.Stat(path); err == nil {
			confirmAction(w.win, "文件已存在", "替换", fmt.Sprintf("“%s”已存在，要替换它吗？", filepath.Base(path)), func(ok bool) {
				if ok {
					run()
				}
			})
			return
		}
		run()
	})
}

// editWeights edits the weights of 评议考核, kept in the settings, and
// ranks the period again with them.
func (s *statsScreen) editWeights() {
	settings, err := s.w.db.Settings(s.w.ctx)
	if err != nil {
		widgets.ShowError(s.w.win, err)
		return
	}
	w := settings.AssessmentWeights
	number := func(v float64) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(strconv.FormatFloat(v, 'f', -1, 64))
		return e
	}
	base, finding, subst, overdue := number(w.Base), number(w.Finding), number(w.Substantiated), number(w.Overdue)
	failed, satisfaction, cards := number(w.RectFailed), number(w.Satisfaction), number(float64(w.YellowCards))
	var cats []*widget.Check
	var catBox []fyne.CanvasObject
	for _, c := range data.UnitCategories {
		ch := widget.NewCheck(string(c), nil)
		ch.SetChecked(w.Assessed(c))
		cats = append(cats, ch)
		catBox = append(catBox, ch)
	}
	message := widgets.NewWrapLabel("")
	message.Importance = widget.DangerImportance
	message.Hide()
	form := widget.NewForm(
		widget.NewFormItem("基础分", base),
		widget.NewFormItem("每个发现问题扣分", finding),
		widget.NewFormItem("每件属实投诉扣分", subst),
		widget.NewFormItem("每件超期办理扣分", overdue),
		widget.NewFormItem("每项整改不到位扣分", failed),
		widget.NewFormItem("群众满意度分值", satisfaction),
		widget.NewFormItem("黄牌警告单位数", cards),
		widget.NewFormItem("参加考核的单位", container.NewGridWithColumns(2, catBox...)),
	)
	note := widgets.NewWrapLabel("满意度分值按满意率折算：单位扣“分值×（1－满意率）”，满意率取本期群众评议结果，未评议的取投诉回访结果。")
	var d *dialog.ConfirmDialog
	read := func() (data.AssessmentWeights, error) {
		next := w
		for _, f := range []struct {
			e     *widget.Entry
			to    *float64
			label string
		}{{base, &next.Base, "基础分"}, {finding, &next.Finding, "每个发现问题扣分"}, {subst, &next.Substantiated, "每件属实投诉扣分"},
			{overdue, &next.Overdue, "每件超期办理扣分"}, {failed, &next.RectFailed, "每项整改不到位扣分"}, {satisfaction, &next.Satisfaction, "群众满意度分值"}} {
			v, err := strconv.ParseFloat(strings.TrimSpace(f.e.Text), 64)
			if err != nil {
				return next, data.Invalid("AssessmentWeights", fmt.Sprintf("“%s”应填写数字", f.label))
			}
			*f.to = v
		}
		n, err := strconv.Atoi(strings.TrimSpace(cards.Text))
		if err != nil {
			return next, data.Invalid("AssessmentWeights.YellowCards", "“黄牌警告单位数”应填写整数")
		}
		next.YellowCards = n
		next.Categories = nil
		for i, ch := range cats {
			if ch.Checked {
				next.Categories = append(next.Categories, data.UnitCategories[i])
			}
		}
		return next, next.Validate()
	}
	d = dialog.NewCustomConfirm("考核权重", "保存", "取消", container.NewVBox(form, note, message), func(ok bool) {
		if !ok {
			return
		}
		next, err := read()
		if err == nil {
			settings.AssessmentWeights = next
			err = s.w.db.SaveSettings(s.w.ctx, settings)
		}
		if err != nil {
			// the dialog closed on its button: show it again with the reason
			message.SetText(data.UserMessage(err))
			message.Show()
			d.Show()
			return
		}
		s.load()
	}, s.w.win)
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}
