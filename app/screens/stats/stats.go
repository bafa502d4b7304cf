package stats

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
	"xiaoneng/reports"
)

// Screen is 统计考核: the figures of a period (a month, a quarter, a
// year or any days) as tiles, sentences, charts and tables, the 评议考核
// ranking with its yellow cards, and the period's workbook and 通报.
type Screen struct {
	w    host.Host
	root fyne.CanvasObject

	kind, year, part *widget.Select
	from, to         *kit.DateEntry
	partBox, custom  *fyne.Container
	asOf             *widget.Label
	exportBtn        *widget.Button
	bulletinBtn      *widget.Button
	setting          bool // the pickers are being set together

	received, assigned, concluded, inProgress *parts.Tile
	overdue, concludedRate, onTime, satisfied *parts.Tile
	actionText                                *kit.WrapLabel
	supervisionText                           *kit.WrapLabel
	complaintText                             *kit.WrapLabel
	channels, categories, findings, measures  *parts.BarChart
	trend                                     *parts.LineChart
	kinds                                     *fyne.Container // supervision by kind of unit: a few rows, no scrolling
	units                                     *kit.Table[reports.UnitFigures]
	ranking                                   *kit.Table[reports.Score]
	weights, flagged                          *kit.WrapLabel
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

func New(w host.Host) *Screen {
	s := &Screen{w: w}
	s.kind = widget.NewSelect([]string{periodMonth, periodQuarter, periodYear, periodCustom}, func(string) { s.kindChanged() })
	s.year = widget.NewSelect(nil, func(string) { s.periodChanged() })
	s.part = widget.NewSelect(nil, func(string) { s.periodChanged() })
	s.from, s.to = kit.NewDateEntry(), kit.NewDateEntry()
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

	open := func(state string) func() { return func() { s.openComplaints(state) } }
	s.received = parts.NewTile("登记投诉", open(host.ComplaintsAll))
	s.assigned = parts.NewTile("交办", open(host.ComplaintsAll))
	s.concluded = parts.NewTile("办结", open(host.ComplaintsAll))
	s.inProgress = parts.NewTile("在办", open(host.ComplaintsAll))
	s.overdue = parts.NewTile("超期", open(host.ComplaintsAll))
	s.concludedRate = parts.NewTile("办结率", open(host.ComplaintsAll))
	s.onTime = parts.NewTile("按期办结率", open(host.ComplaintsAll))
	s.satisfied = parts.NewTile("满意率", open(host.ComplaintsAll))
	label := func() *kit.WrapLabel { return kit.NewWrapLabel("") }
	s.complaintText, s.supervisionText, s.actionText = label(), label(), label()
	s.channels = parts.NewBarChart("投诉渠道", "本期没有投诉")
	s.categories = parts.NewBarChart("反映问题类别", "本期没有投诉")
	s.findings = parts.NewBarChart("发现问题类别", "本期没有发现问题")
	s.measures = parts.NewBarChart("责任追究方式", "本期没有责任追究")
	s.trend = parts.NewLineChart("月度趋势")

	complaints := container.NewVBox(
		container.NewGridWithColumns(4, s.received, s.assigned, s.concluded, s.inProgress),
		container.NewGridWithColumns(4, s.overdue, s.concludedRate, s.onTime, s.satisfied),
		s.complaintText,
		container.NewGridWithColumns(2, s.channels, s.categories),
		s.trend,
	)

	num := func(n int) string { return strconv.Itoa(n) }
	right := fyne.TextAlignTrailing
	s.kinds = container.NewGridWithColumns(len(kindTitles))
	kindsBox := kit.Narrow(760, s.kinds)
	supervision := container.NewVBox(
		s.supervisionText,
		kindsBox,
		s.actionText,
		container.NewGridWithColumns(2, s.findings, s.measures),
	)

	s.units = kit.NewTable([]kit.Column[reports.UnitFigures]{
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
	s.ranking = kit.NewTable([]kit.Column[reports.Score]{
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
		container.NewTabItem("投诉统计", container.NewVScroll(complaints)),
		container.NewTabItem("督查与追究", container.NewVScroll(supervision)),
		container.NewTabItem("各单位", s.units.Widget()),
		container.NewTabItem("考核排名", ranking),
	)
	s.root = container.NewBorder(bar, nil, nil, nil, s.tabs)
	s.setPeriod(currentQuarter(host.Today()))
	return s
}

func (s *Screen) View() fyne.CanvasObject { return s.root }

// shown computes the figures again: the ledger may have changed.
func (s *Screen) Shown() { s.load() }

func (s *Screen) FocusSearch() {
	switch s.tabs.SelectedIndex() {
	case 2:
		s.units.FocusSearch(s.w.Window())
	case 3:
		s.ranking.FocusSearch(s.w.Window())
	}
}

// print makes the 通报 (Ctrl+P).
func (s *Screen) Print() { s.makeBulletin() }

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
func (s *Screen) setPeriod(p reports.Period) {
	s.setting = true
	y := host.Today().Year()
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
func (s *Screen) kindChanged() {
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
func (s *Screen) periodChanged() {
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

func (s *Screen) picked() (reports.Period, error) {
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
func (s *Screen) load() {
	if s.w.DB() == nil {
		return
	}
	s.loads++
	n, p := s.loads, s.period
	done := make(chan struct{})
	s.loaded = done
	s.asOf.SetText("正在统计……")
	s.exportBtn.Disable()
	s.bulletinBtn.Disable()
	db, ctx, day := s.w.DB(), s.w.Context(), host.Today()
	kit.OffUI(func() {
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
				kit.ShowError(s.w.Window(), err)
				return
			}
			s.show(st, a)
		})
	})
}

// show puts computed figures on the screen.
func (s *Screen) show(st *reports.Stats, a *reports.Assessment) {
	s.stats, s.assessment = st, a
	s.asOf.SetText(fmt.Sprintf("%s，统计截至%s", st.Period.Span(), st.AsOf.Chinese()))
	s.exportBtn.Enable()
	s.bulletinBtn.Enable()
	t := st.Complaints
	s.received.Set(t.Received, parts.Plain)
	s.assigned.Set(t.Assigned, parts.Plain)
	s.concluded.Set(t.Concluded, parts.Plain)
	s.inProgress.Set(t.InProgress(), parts.Plain)
	s.overdue.Set(t.Overdue(), parts.ErrorIfAny)
	s.concludedRate.SetText(st.ConcludedRate().String())
	s.onTime.SetText(st.OnTimeRate().String())
	s.satisfied.SetText(st.SatisfiedRate().String())
	s.complaintText.SetText(reports.ComplaintSentence(st))
	s.supervisionText.SetText(reports.SupervisionSentence(st))
	s.actionText.SetText(reports.ActionSentence(st))

	var channels, categories, findings, measures []parts.ChartItem
	for _, c := range st.ByChannel {
		channels = append(channels, parts.ChartItem{Label: c.Name, Value: c.N})
	}
	for _, c := range st.ByCategory {
		categories = append(categories, parts.ChartItem{Label: c.Name, Value: c.N})
	}
	for _, c := range st.Findings {
		findings = append(findings, parts.ChartItem{Label: c.Name, Value: c.N})
	}
	for _, m := range st.ByMeasure {
		measures = append(measures, parts.ChartItem{Label: string(m.Measure), Value: m.Total()})
	}
	if t.Received == 0 {
		channels = nil
	}
	s.channels.Set(channels)
	s.categories.Set(categories)
	s.findings.Set(findings)
	s.measures.Set(measures)
	var labels []string
	received, concluded := make([]int, len(st.Monthly)), make([]int, len(st.Monthly))
	for i, m := range st.Monthly {
		labels = append(labels, monthLabel(m.Month, len(st.Monthly) > 12))
		received[i], concluded[i] = m.Received, m.Concluded
	}
	s.trend.Set(labels, []parts.LineSeries{
		{Name: "登记", Color: fynetheme.Color(fynetheme.ColorNamePrimary), Values: received},
		{Name: "办结", Color: fynetheme.Color(fynetheme.ColorNameSuccess), Values: concluded},
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
func (s *Screen) fillKinds(st *reports.Stats) {
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

// openComplaints lists the period's complaints in 效能投诉.
func (s *Screen) openComplaints(state string) {
	p := s.period
	s.w.ShowComplaintsIn(p.From, p.To, state)
}

// exportWorkbook asks where to save the period's statistics and ranking
// as a workbook.
func (s *Screen) exportWorkbook() *kit.FileChooser {
	st, a := s.stats, s.assessment
	if st == nil {
		return nil
	}
	name := st.Period.Label() + "统计考核.xlsx"
	return parts.SaveAs(s.w, "导出Excel", name, ".xlsx", func(ctx context.Context, path string) error {
		return atomicfile.Write(path, func(f io.Writer) error {
			return reports.WriteXLSX(f, reports.StatsSheets(st, a)...)
		})
	})
}

// makeBulletin asks where to print the period's 通报, prints it and opens
// it.
func (s *Screen) makeBulletin() *kit.FileChooser {
	if s.stats == nil {
		return nil
	}
	p := s.stats.Period
	return parts.SaveAs(s.w, "生成通报", "关于"+p.Label()+"机关效能建设情况的通报.pdf", ".pdf", func(ctx context.Context, path string) error {
		return atomicfile.Write(path, func(f io.Writer) error { return reports.RenderBulletin(ctx, s.w.DB(), p, f) })
	})
}

// editWeights edits the weights of 评议考核, kept in the settings, and
// ranks the period again with them.
func (s *Screen) editWeights() {
	settings, err := s.w.DB().Settings(s.w.Context())
	if err != nil {
		kit.ShowError(s.w.Window(), err)
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
	message := kit.NewWrapLabel("")
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
	note := kit.NewWrapLabel("满意度分值按满意率折算：单位扣“分值×（1－满意率）”，满意率取本期群众评议结果，未评议的取投诉回访结果。")
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
			err = s.w.DB().SaveSettings(s.w.Context(), settings)
		}
		if err != nil {
			// the dialog closed on its button: show it again with the reason
			message.SetText(data.UserMessage(err))
			message.Show()
			d.Show()
			return
		}
		s.load()
	}, s.w.Window())
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}

// ExportSheet is the tab shown (导出Excel).
func (s *Screen) ExportSheet() (string, reports.Sheet) {
	switch s.tabs.SelectedIndex() {
	case 2:
		name := s.period.Label() + "各单位情况"
		return name, parts.ShownSheet(name, s.units)
	case 3:
		name := s.period.Label() + "考核排名"
		return name, parts.ShownSheet(name, s.ranking)
	}
	name := s.period.Label() + "监督检查"
	if s.stats == nil {
		return name, reports.Sheet{}
	}
	return name, parts.TextSheet(name, kindTitles, kindRows(s.stats))
}
