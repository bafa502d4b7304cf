package kit

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// WrapLabel is read-only text that wraps the way printed Chinese does: no
// line starts with ，。、；：？！）》 and the like or ends with （《“, numbers stay
// with their units ("22件" never splits), with the printed documents' own
// line breaker and Fyne's text measurer. It looks like a wrapping
// widget.Label and is the one wrapped text of every screen.
//
// Text is broken into lines once per width; a letter of thousands of
// characters is measured a character at a time (each character once per
// process), so laying it out costs milliseconds. With MaxLines set, a longer
// text scrolls inside the label, which draws only the lines in view.
// A right click offers to copy the text.
type WrapLabel struct {
	widget.BaseWidget
	Text       string
	TextStyle  fyne.TextStyle
	Importance widget.Importance
	Alignment  fyne.TextAlign
	// MaxLines, when above zero, limits the label's height to that many
	// lines: more scroll inside it.
	MaxLines int
	// Keep lists strings never broken across lines (a measure with its
	// count: 调离岗位6).
	Keep []string

	lines   []textLine
	wrapped wrapKey // what lines were broken for
}

type wrapKey struct {
	text  string
	width float32
	style fyne.TextStyle
	size  float32
	keep  string
}

// wrapMinChars is how many characters wide a long wrapped text asks to be.
const wrapMinChars = 12

// NewWrapLabel returns a wrapped label showing text.
func NewWrapLabel(text string) *WrapLabel {
	l := &WrapLabel{Text: text}
	l.ExtendBaseWidget(l)
	return l
}

// SetText shows text (and any change to the label's other fields).
func (l *WrapLabel) SetText(text string) {
	l.Text = text
	l.Refresh()
}

func (l *WrapLabel) metrics() (size, pad, lineH, spacing float32) {
	th := l.Theme()
	size = th.Size(theme.SizeNameText)
	pad = th.Size(theme.SizeNameInnerPadding)
	spacing = th.Size(theme.SizeNameLineSpacing)
	lineH = fyne.MeasureText("中", size, l.TextStyle).Height
	return
}

// wrap breaks the text for the current width, unless it, the text and the
// style are those the lines were broken for. A label not laid out yet has
// a line per paragraph.
func (l *WrapLabel) wrap() {
	size, pad, _, _ := l.metrics()
	k := wrapKey{text: l.Text, style: l.TextStyle, size: size, keep: strings.Join(l.Keep, "\x00")}
	if w := l.Size().Width; w > 0 {
		k.width = max(w-2*pad, 1)
	}
	if k == l.wrapped && l.lines != nil {
		return
	}
	l.lines = wrapLines(l.Text, k.width, l.TextStyle, size, l.Keep...)
	l.wrapped = k
}

// TappedSecondary offers to copy the text.
func (l *WrapLabel) TappedSecondary(ev *fyne.PointEvent) {
	c := fyne.CurrentApp().Driver().CanvasForObject(l)
	if c == nil || l.Text == "" {
		return
	}
	copyText := fyne.NewMenuItem("复制", func() { fyne.CurrentApp().Clipboard().SetContent(l.Text) })
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", copyText), c, ev.AbsolutePosition)
}

func (l *WrapLabel) CreateRenderer() fyne.WidgetRenderer {
	l.ExtendBaseWidget(l)
	r := &wrapLabelRenderer{l: l}
	r.view = newLineView(l)
	r.scroll = container.NewVScroll(r.view)
	r.scroll.OnScrolled = func(p fyne.Position) { r.view.scrollTo(p.Y) }
	r.update()
	return r
}

func (l *WrapLabel) color() color.Color {
	name := theme.ColorNameForeground
	switch l.Importance {
	case widget.LowImportance:
		name = theme.ColorNameDisabled
	case widget.HighImportance:
		name = theme.ColorNamePrimary
	case widget.DangerImportance:
		name = theme.ColorNameError
	case widget.WarningImportance:
		name = theme.ColorNameWarning
	case widget.SuccessImportance:
		name = theme.ColorNameSuccess
	}
	return l.Theme().Color(name, fyne.CurrentApp().Settings().ThemeVariant())
}

// scrolls says whether the lines overflow MaxLines.
func (l *WrapLabel) scrolls() bool { return l.MaxLines > 0 && len(l.lines) > l.MaxLines }

type wrapLabelRenderer struct {
	l      *WrapLabel
	view   *lineView
	scroll *container.Scroll
	objs   []fyne.CanvasObject
	min    fyne.Size
}

func (r *wrapLabelRenderer) Destroy() {}

func (r *wrapLabelRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Layout breaks the lines for the width given: the label's height, and so
// its minimum size, follow (the canvas lays its parent out again).
func (r *wrapLabelRenderer) Layout(size fyne.Size) {
	r.update()
	if r.l.scrolls() {
		r.scroll.Resize(size)
		r.scroll.Move(fyne.Position{})
		r.view.Resize(fyne.NewSize(size.Width, r.view.MinSize().Height))
		r.view.viewport = size.Height
		r.view.Refresh()
		return
	}
	r.view.Move(fyne.Position{})
	r.view.Resize(size)
	r.view.viewport = 0
	r.view.Refresh()
}

func (r *wrapLabelRenderer) MinSize() fyne.Size { return r.min }

func (r *wrapLabelRenderer) Refresh() { r.Layout(r.l.Size()) }

// update wraps the text and computes the minimum size and the objects.
func (r *wrapLabelRenderer) update() {
	r.l.wrap()
	_, pad, lineH, spacing := r.l.metrics()
	n := len(r.l.lines)
	if r.l.scrolls() {
		n = r.l.MaxLines
	}
	h := 2*pad + float32(n)*lineH + float32(max(n-1, 0))*spacing
	// A short text asks for its width; a longer one for a dozen
	// characters: the label wraps to what it is given, but in a row of
	// objects (which gives each its minimum) it must not shrink to a
	// character a line.
	var natural float32
	for _, l := range r.l.lines {
		natural = max(natural, l.width)
	}
	w := 2*pad + min(natural, wrapMinChars*r.l.Theme().Size(theme.SizeNameText))
	r.min = fyne.NewSize(w, h)
	r.objs = []fyne.CanvasObject{r.view}
	if r.l.scrolls() {
		r.objs[0] = r.scroll
	}
}

// lineView draws the lines of a WrapLabel; in a scrolling label only those
// in view (viewport > 0), from the scroll offset top.
type lineView struct {
	widget.BaseWidget
	l        *WrapLabel
	top      float32
	viewport float32
}

func newLineView(l *WrapLabel) *lineView {
	v := &lineView{l: l}
	v.ExtendBaseWidget(v)
	return v
}

func (v *lineView) scrollTo(y float32) {
	v.top = y
	v.Refresh()
}

func (v *lineView) CreateRenderer() fyne.WidgetRenderer { return &lineViewRenderer{v: v} }

type lineViewRenderer struct {
	v     *lineView
	texts []*canvas.Text // a pool: the first len(objs) of them are drawn
	objs  []fyne.CanvasObject
}

func (r *lineViewRenderer) Destroy() {}

func (r *lineViewRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *lineViewRenderer) MinSize() fyne.Size {
	l := r.v.l
	_, pad, lineH, spacing := l.metrics()
	n := len(l.lines)
	return fyne.NewSize(0, 2*pad+float32(n)*lineH+float32(max(n-1, 0))*spacing)
}

func (r *lineViewRenderer) Layout(fyne.Size) { r.Refresh() }

func (r *lineViewRenderer) Refresh() {
	l := r.v.l
	size, pad, lineH, spacing := l.metrics()
	pitch := lineH + spacing
	first, last := 0, len(l.lines)
	if r.v.viewport > 0 {
		first = max(int((r.v.top-pad)/pitch), 0)
		last = min(int((r.v.top+r.v.viewport-pad)/pitch)+1, len(l.lines))
	}
	col := l.color()
	avail := r.v.Size().Width - 2*pad
	r.objs = r.objs[:0]
	for i := first; i < last; i++ {
		line := l.lines[i]
		if len(r.objs) == len(r.texts) {
			r.texts = append(r.texts, canvas.NewText("", col))
		}
		t := r.texts[len(r.objs)]
		r.objs = append(r.objs, t)
		t.Text, t.Color, t.TextSize, t.TextStyle = line.text, col, size, l.TextStyle
		x := pad
		switch l.Alignment {
		case fyne.TextAlignCenter:
			x += max((avail-line.width)/2, 0)
		case fyne.TextAlignTrailing:
			x += max(avail-line.width, 0)
		}
		t.Move(fyne.NewPos(x, pad+float32(i)*pitch))
		t.Resize(fyne.NewSize(line.width, lineH))
		t.Refresh()
	}
}

// NewWrapLabelWithStyle returns a wrapped label with an alignment and a
// style (a bold heading, say).
func NewWrapLabelWithStyle(text string, align fyne.TextAlign, style fyne.TextStyle) *WrapLabel {
	l := &WrapLabel{Text: text, Alignment: align, TextStyle: style}
	l.ExtendBaseWidget(l)
	return l
}
