package rounds

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/app/parts"
	"xiaoneng/data"
	"xiaoneng/reports"
)

// coveragePanel shows the 督查 figures of a period as a 通报 quotes them:
// units visited by category, findings by category, the rectification rate.
type coveragePanel struct {
	w        host.Host
	root     fyne.CanvasObject
	from, to *kit.DateEntry
	summary  *kit.WrapLabel
	units    *fyne.Container
	findings *fyne.Container
	period   *kit.Filters // the two dates
}

func newCoveragePanel(w host.Host) *coveragePanel {
	p := &coveragePanel{w: w}
	p.from, p.to = kit.NewDateEntry(), kit.NewDateEntry()
	from, to := parts.Quarter(host.Today())
	p.from.SetDate(from)
	p.to.SetDate(to)
	p.period = kit.NewFilters(p.Shown)
	changed := func(data.Date) { p.period.Changed() }
	p.from.OnDateChanged, p.to.OnDateChanged = changed, changed
	period := func(label string, span func(data.Date) (data.Date, data.Date)) *widget.Button {
		return widget.NewButton(label, func() { p.setPeriod(span(host.Today())) })
	}
	p.summary = kit.NewWrapLabel("")
	p.units = container.New(layout.NewGridLayout(2))
	p.findings = container.New(layout.NewGridLayout(2))
	bar := container.NewHBox(widget.NewLabel("统计期间"), p.from, widget.NewLabel("至"), p.to,
		period("本季度", parts.Quarter),
		period("上季度", func(d data.Date) (data.Date, data.Date) {
			from, _ := parts.Quarter(d)
			return parts.Quarter(from.AddDays(-1))
		}),
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
	return p
}

func (p *coveragePanel) setPeriod(from, to data.Date) {
	p.period.Set(func() {
		p.from.SetDate(from)
		p.to.SetDate(to)
	})
}

// shown counts the period's supervision.
func (p *coveragePanel) Shown() {
	from, err1 := p.from.Date()
	to, err2 := p.to.Date()
	if err1 != nil || err2 != nil {
		return // the entries show what is wrong with the date
	}
	period, err := reports.PeriodOf(from, to)
	if err != nil {
		p.summary.SetText(data.UserMessage(err))
		p.units.Objects, p.findings.Objects = nil, nil
		p.units.Refresh()
		p.findings.Refresh()
		return
	}
	s, err := reports.ComputeSupervision(p.w.Context(), p.w.DB(), period, p.w.DB().Today())
	if err != nil {
		kit.ShowError(p.w.Window(), err)
		return
	}
	// What the 通报 of the period will say of its supervision.
	p.summary.SetText(reports.SupervisionSentence(s))
	units := map[data.UnitCategory]int{}
	for _, k := range s.ByUnitKind {
		units[k.Category] = k.Units
	}
	findings := map[data.Category]int{}
	for _, f := range s.Findings {
		findings[data.Category(f.Name)] = f.N
	}
	p.units.Objects = countRows("单位类别", "检查单位数", countsOf(data.UnitCategories, units))
	p.units.Refresh()
	p.findings.Objects = countRows("问题类别", "问题数", countsOf(data.FindingCategories, findings))
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
