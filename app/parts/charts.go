package parts

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Charts of the 统计考核 screen, drawn with Fyne's canvas: horizontal bars
// (Chinese names read best on the left of their bars) and a line for a
// monthly trend.

// ChartItem is one bar: a name and its count.
type ChartItem struct {
	Label string
	Value int
}

// BarChart draws one horizontal bar per item, its count after it.
type BarChart struct {
	widget.BaseWidget
	title string
	Items []ChartItem
	empty string // shown when there is nothing to draw
}

func NewBarChart(title, empty string) *BarChart {
	c := &BarChart{title: title, empty: empty}
	c.ExtendBaseWidget(c)
	return c
}

func (c *BarChart) Set(items []ChartItem) {
	c.Items = items
	c.Refresh()
}

func (c *BarChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{c: c, title: chartText(c.title, fyne.TextStyle{Bold: true})}
	r.Refresh()
	return r
}

const (
	chartRow     = 26 // height of a bar's row
	chartPad     = 8
	chartBar     = 16 // thickness of a bar
	chartMinBars = 160
)

type barRenderer struct {
	c       *BarChart
	title   *canvas.Text
	Labels  []*canvas.Text
	bars    []*canvas.Rectangle
	Values  []*canvas.Text
	note    *canvas.Text
	objects []fyne.CanvasObject
}

func chartText(s string, style fyne.TextStyle) *canvas.Text {
	t := canvas.NewText(s, fynetheme.Color(fynetheme.ColorNameForeground))
	t.TextStyle = style
	t.TextSize = fynetheme.TextSize()
	return t
}

func (r *barRenderer) Refresh() {
	r.title.Text = r.c.title
	r.title.Color = fynetheme.Color(fynetheme.ColorNameForeground)
	r.Labels, r.bars, r.Values = nil, nil, nil
	r.objects = []fyne.CanvasObject{r.title}
	for _, it := range r.c.Items {
		l := chartText(it.Label, fyne.TextStyle{})
		l.Alignment = fyne.TextAlignTrailing
		b := canvas.NewRectangle(fynetheme.Color(fynetheme.ColorNamePrimary))
		v := chartText(strconv.Itoa(it.Value), fyne.TextStyle{})
		r.Labels, r.bars, r.Values = append(r.Labels, l), append(r.bars, b), append(r.Values, v)
		r.objects = append(r.objects, l, b, v)
	}
	r.note = nil
	if len(r.c.Items) == 0 && r.c.empty != "" {
		r.note = chartText(r.c.empty, fyne.TextStyle{})
		r.note.Color = fynetheme.Color(fynetheme.ColorNamePlaceHolder)
		r.objects = append(r.objects, r.note)
	}
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *barRenderer) labelWidth() float32 {
	w := float32(40)
	for _, l := range r.Labels {
		w = max(w, fyne.MeasureText(l.Text, l.TextSize, l.TextStyle).Width)
	}
	return w
}

func (r *barRenderer) Layout(size fyne.Size) {
	th := fyne.MeasureText(r.title.Text, r.title.TextSize, r.title.TextStyle).Height
	r.title.Move(fyne.NewPos(0, 0))
	r.title.Resize(fyne.NewSize(size.Width, th))
	top := th + chartPad
	if r.note != nil {
		r.note.Move(fyne.NewPos(0, top))
		r.note.Resize(fyne.NewSize(size.Width, chartRow))
	}
	lw := r.labelWidth()
	maxV := 1
	for _, it := range r.c.Items {
		maxV = max(maxV, it.Value)
	}
	numW := fyne.MeasureText(strconv.Itoa(maxV), fynetheme.TextSize(), fyne.TextStyle{}).Width + chartPad
	room := max(size.Width-lw-chartPad-numW, 10)
	for i, it := range r.c.Items {
		y := top + float32(i)*chartRow
		r.Labels[i].Move(fyne.NewPos(0, y))
		r.Labels[i].Resize(fyne.NewSize(lw, chartRow))
		w := room * float32(it.Value) / float32(maxV)
		if it.Value > 0 {
			w = max(w, 2)
		}
		r.bars[i].Move(fyne.NewPos(lw+chartPad, y+(chartRow-chartBar)/2))
		r.bars[i].Resize(fyne.NewSize(w, chartBar))
		r.Values[i].Move(fyne.NewPos(lw+chartPad+w+chartPad/2, y))
		r.Values[i].Resize(fyne.NewSize(numW, chartRow))
	}
}

func (r *barRenderer) MinSize() fyne.Size {
	th := fyne.MeasureText(r.title.Text, r.title.TextSize, r.title.TextStyle).Height
	rows := max(len(r.c.Items), 1)
	return fyne.NewSize(r.labelWidth()+chartPad+chartMinBars, th+chartPad+float32(rows)*chartRow)
}

func (r *barRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *barRenderer) Destroy()                     {}

// LineSeries is one line of a trend.
type LineSeries struct {
	Name   string
	Color  color.Color
	Values []int
}

// LineChart draws series over the same labels (months), with a legend, a
// few gridlines and each point's value.
type LineChart struct {
	widget.BaseWidget
	title  string
	Labels []string
	Series []LineSeries
}

func NewLineChart(title string) *LineChart {
	c := &LineChart{title: title}
	c.ExtendBaseWidget(c)
	return c
}

func (c *LineChart) Set(labels []string, series []LineSeries) {
	c.Labels, c.Series = labels, series
	c.Refresh()
}

func (c *LineChart) CreateRenderer() fyne.WidgetRenderer {
	r := &lineRenderer{c: c}
	r.Refresh()
	return r
}

const lineChartHeight = 220

type lineRenderer struct {
	c       *LineChart
	objects []fyne.CanvasObject
}

// Refresh rebuilds the drawing for the chart's size: a line chart has
// too many parts to move one by one.
func (r *lineRenderer) Refresh() {
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *lineRenderer) Layout(size fyne.Size) {
	c := r.c
	fg := fynetheme.Color(fynetheme.ColorNameForeground)
	grid := fynetheme.Color(fynetheme.ColorNameSeparator)
	text := func(s string, x, y float32, align fyne.TextAlign, w float32) *canvas.Text {
		t := chartText(s, fyne.TextStyle{})
		t.Alignment = align
		t.Color = fg
		t.Move(fyne.NewPos(x, y))
		t.Resize(fyne.NewSize(w, fyne.MeasureText(s, t.TextSize, t.TextStyle).Height))
		return t
	}
	title := chartText(c.title, fyne.TextStyle{Bold: true})
	th := fyne.MeasureText(c.title, title.TextSize, title.TextStyle).Height
	title.Move(fyne.NewPos(0, 0))
	title.Resize(fyne.NewSize(size.Width, th))
	objs := []fyne.CanvasObject{title}

	// the legend after the title
	x := fyne.MeasureText(c.title, title.TextSize, title.TextStyle).Width + 3*chartPad
	for _, s := range c.Series {
		box := canvas.NewRectangle(s.Color)
		box.Move(fyne.NewPos(x, th/2-5))
		box.Resize(fyne.NewSize(18, 10))
		w := fyne.MeasureText(s.Name, fynetheme.TextSize(), fyne.TextStyle{}).Width
		objs = append(objs, box, text(s.Name, x+24, 0, fyne.TextAlignLeading, w))
		x += 24 + w + 2*chartPad
	}

	maxV := 0
	for _, s := range c.Series {
		for _, v := range s.Values {
			maxV = max(maxV, v)
		}
	}
	step := niceStep(maxV)
	top := max(step*4, maxV, 1)
	numW := fyne.MeasureText(strconv.Itoa(top), fynetheme.TextSize(), fyne.TextStyle{}).Width + chartPad
	labelH := fyne.MeasureText("月", fynetheme.TextSize(), fyne.TextStyle{}).Height
	plotTop := th + 2*chartPad + labelH/2
	plotBottom := size.Height - labelH - chartPad
	left, right := numW+chartPad, size.Width-chartPad
	if plotBottom <= plotTop || right <= left {
		r.objects = objs
		return
	}
	yOf := func(v int) float32 { return plotBottom - (plotBottom-plotTop)*float32(v)/float32(top) }
	for v := 0; v <= top; v += max(step, 1) {
		y := yOf(v)
		l := canvas.NewLine(grid)
		l.StrokeWidth = 1
		l.Position1, l.Position2 = fyne.NewPos(left, y), fyne.NewPos(right, y)
		objs = append(objs, l, text(strconv.Itoa(v), 0, y-labelH/2, fyne.TextAlignTrailing, numW))
	}
	n := len(c.Labels)
	if n == 0 {
		r.objects = objs
		return
	}
	gap := (right - left) / float32(n)
	xOf := func(i int) float32 { return left + gap*(float32(i)+0.5) }
	for i, l := range c.Labels {
		objs = append(objs, text(l, xOf(i)-gap/2, plotBottom+chartPad/2, fyne.TextAlignCenter, gap))
	}
	for _, s := range c.Series {
		for i := range s.Values {
			p := fyne.NewPos(xOf(i), yOf(s.Values[i]))
			if i > 0 {
				seg := canvas.NewLine(s.Color)
				seg.StrokeWidth = 2.5
				seg.Position1, seg.Position2 = fyne.NewPos(xOf(i-1), yOf(s.Values[i-1])), p
				objs = append(objs, seg)
			}
			dot := canvas.NewCircle(s.Color)
			dot.Move(fyne.NewPos(p.X-4, p.Y-4))
			dot.Resize(fyne.NewSize(8, 8))
			objs = append(objs, dot)
		}
	}
	// the values above the points of the first series, where they are read
	if len(c.Series) > 0 && n <= 12 {
		s := c.Series[0]
		for i, v := range s.Values {
			objs = append(objs, text(strconv.Itoa(v), xOf(i)-gap/2, yOf(v)-labelH-2, fyne.TextAlignCenter, gap))
		}
	}
	r.objects = objs
}

// niceStep is a gridline step that divides max into about four round parts.
func niceStep(maxV int) int {
	for _, s := range []int{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000, 100000} {
		if maxV <= 4*s {
			return s
		}
	}
	return (maxV/4/100000 + 1) * 100000
}

func (r *lineRenderer) MinSize() fyne.Size { return fyne.NewSize(320, lineChartHeight) }

func (r *lineRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *lineRenderer) Destroy()                     {}
