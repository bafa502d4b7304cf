package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/widgets"
	"xiaoneng/data"
)

// coveragePanel shows the 督查 figures of a period as a 通报 quotes them:
// units visited by category, findings by category, the rectification rate.
type coveragePanel struct {
	w        *Workbench
	root     fyne.CanvasObject
	from, to *widgets.DateEntry
	summary  *widgets.WrapLabel
	units    *fyne.Container
	findings *fyne.Container
	quiet    bool // the period is being set by a button
}

func newCoveragePanel(w *Workbench) *coveragePanel {
	p := &coveragePanel{w: w}
	p.from, p.to = widgets.NewDateEntry(), widgets.NewDateEntry()
	changed := func(data.Date) {
		if !p.quiet {
			p.shown()
		}
	}
	p.from.OnDateChanged, p.to.OnDateChanged = changed, changed
	period := func(label string, span func(data.Date) (data.Date, data.Date)) *widget.Button {
		return widget.NewButton(label, func() { p.setPeriod(span(today())) })
	}
	p.summary = widgets.NewWrapLabel("")
	p.units = container.New(layout.NewGridLayout(2))
	p.findings = container.New(layout.NewGridLayout(2))
	bar := container.NewHBox(widget.NewLabel("统计期间"), p.from, widget.NewLabel("至"), p.to,
		period("本季度", quarter),
		period("上季度", func(d data.Date) (data.Date, data.Date) { from, _ := quarter(d); return quarter(from.AddDays(-1)) }),
		period("本年度", func(d data.Date) (data.Date, data.Date) {
			return data.NewDate(d.Year(), 1, 1), data.NewDate(d.Year(), 12, 31)
		}))
	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	tables := container.NewGridWithColumns(2,
		container.NewVBox(bold("检查单位（按类别）"), p.units),
		container.NewVBox(bold("发现问题（按类别）"), p.findings))
	p.root = container.NewBorder(container.NewVBox(bar, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(container.NewVBox(p.summary, widget.NewSeparator(), tables)))
	p.quiet = true
	from, to := quarter(today())
	p.from.SetDate(from)
	p.to.SetDate(to)
	p.quiet = false
	return p
}

func (p *coveragePanel) setPeriod(from, to data.Date) {
	p.quiet = true
	p.from.SetDate(from)
	p.to.SetDate(to)
	p.quiet = false
	p.shown()
}

// shown counts the period's supervision.
func (p *coveragePanel) shown() {
	from, err1 := p.from.Date()
	to, err2 := p.to.Date()
	if err1 != nil || err2 != nil {
		return // the entries show what is wrong with the date
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		p.summary.SetText("结束日期不能早于开始日期，请重新选择统计期间。")
		p.units.Objects, p.findings.Objects = nil, nil
		p.units.Refresh()
		p.findings.Refresh()
		return
	}
	c, err := p.w.db.Coverage(p.w.ctx, from, to)
	if err != nil {
		widgets.ShowError(p.w.win, err)
		return
	}
	p.summary.SetText(coverageText(c, from, to))
	p.units.Objects = countRows("单位类别", "检查单位数", countsOf(data.UnitCategories, c.UnitsByCategory))
	p.units.Refresh()
	p.findings.Objects = countRows("问题类别", "问题数", countsOf(data.FindingCategories, c.FindingsByCategory))
	p.findings.Refresh()
}

type namedCount struct {
	name string
	n    int
}

// countsOf lists the categories counted in m, in the order given (unit
// categories in registry order, finding categories in the order offered).
func countsOf[T ~string](order []T, m map[T]int) []namedCount {
	var out []namedCount
	for _, c := range order {
		if n := m[c]; n > 0 {
			out = append(out, namedCount{string(c), n})
		}
	}
	return out
}

func countRows(head1, head2 string, rows []namedCount) []fyne.CanvasObject {
	objs := []fyne.CanvasObject{
		widget.NewLabelWithStyle(head1, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(head2, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}),
	}
	total := 0
	for _, r := range rows {
		total += r.n
		objs = append(objs, widget.NewLabel(r.name), widget.NewLabelWithStyle(fmt.Sprintf("%d个", r.n), fyne.TextAlignTrailing, fyne.TextStyle{}))
	}
	return append(objs, widget.NewLabel("合计"), widget.NewLabelWithStyle(fmt.Sprintf("%d个", total), fyne.TextAlignTrailing, fyne.TextStyle{}))
}

// coverageText is the sentence a 通报 quotes: "2026年10月1日至12月31日，共检查
// 单位87个，其中县直部门41个、窗口服务单位46个；发现问题…".
func coverageText(c data.Coverage, from, to data.Date) string {
	var b strings.Builder
	b.WriteString(periodText(from, to))
	if c.Visits == 0 {
		b.WriteString("，未登记检查记录。")
		return b.String()
	}
	fmt.Fprintf(&b, "，共开展检查%d次，检查单位%d个", c.Visits, c.UnitsVisited)
	if parts := joinCounts(countsOf(data.UnitCategories, c.UnitsByCategory)); parts != "" {
		b.WriteString("，其中" + parts)
	}
	if c.Findings == 0 {
		b.WriteString("；未发现问题。")
		return b.String()
	}
	fmt.Fprintf(&b, "；发现问题%d个", c.Findings)
	if parts := joinCounts(countsOf(data.FindingCategories, c.FindingsByCategory)); parts != "" {
		b.WriteString("，其中" + parts)
	}
	if c.RectDue > 0 {
		fmt.Fprintf(&b, "；责令整改%d个，已整改%d个，整改率%.1f%%", c.RectDue, c.RectDone, c.RectRate*100)
	}
	b.WriteString("。")
	return b.String()
}

func joinCounts(rows []namedCount) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = fmt.Sprintf("%s%d个", r.name, r.n)
	}
	return strings.Join(parts, "、")
}

// periodText says a period the way a 通报 does: 2026年10月1日至12月31日.
func periodText(from, to data.Date) string {
	switch {
	case from.IsZero() && to.IsZero():
		return "截至目前"
	case from.IsZero():
		return "截至" + to.Chinese()
	case to.IsZero():
		return from.Chinese() + "以来"
	case from.Year() == to.Year():
		return fmt.Sprintf("%s至%d月%d日", from.Chinese(), int(to.Month()), to.Day())
	}
	return from.Chinese() + "至" + to.Chinese()
}
