package kit

import (
	"image/color"
	"sort"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TextArea is the multi-line input of every form: a letter, a unit's
// result, a document's body. It wraps as WrapLabel does (标点禁则, the
// documents' breaker, each character measured once), so a pasted letter of
// thousands of characters costs a millisecond per keystroke where Fyne's
// Entry re-measured it for seconds; it draws only the lines in view and
// scrolls inside its MinRows. It types, selects (mouse, Shift with the
// arrows), copies, cuts, pastes, undoes (Ctrl+Z, Ctrl+Y) and has the usual
// context menu. Enter types a new line; Tab moves to the next field.
type TextArea struct {
	widget.DisableableWidget
	// Text is the text; change it with SetText.
	Text        string
	PlaceHolder string
	// OnChanged is called after each change, typed or set.
	OnChanged func(string)
	// MinRows is how many lines show without scrolling.
	MinRows int

	runes          []rune
	cursor, anchor int // the selection runs between them
	focused        bool
	shift          bool // a Shift key is held
	undo, redo     []areaState
	typing         bool // the last change typed characters: the next one joins its undo step

	lines   []textLine
	wrapped wrapKey
	content *areaContent
	scroll  *container.Scroll
}

// areaState is what an undo step restores.
type areaState struct {
	text           string
	cursor, anchor int
}

// maxUndo bounds the undo history.
const maxUndo = 200

// NewTextArea returns an empty text area showing rows lines, with a
// placeholder saying what to write.
func NewTextArea(rows int, placeholder string) *TextArea {
	a := &TextArea{MinRows: rows, PlaceHolder: placeholder}
	a.ExtendBaseWidget(a)
	a.content = newAreaContent(a)
	a.scroll = container.NewVScroll(a.content)
	a.scroll.OnScrolled = func(fyne.Position) { a.content.Refresh() }
	return a
}

// SetText replaces the text (OnChanged is called when it differs) and
// forgets the undo history.
func (a *TextArea) SetText(text string) {
	a.undo, a.redo, a.typing = nil, nil, false
	changed := text != a.Text
	a.setText(text)
	a.cursor, a.anchor = 0, 0
	a.scroll.ScrollToTop()
	a.Refresh()
	if changed && a.OnChanged != nil {
		a.OnChanged(text)
	}
}

// SetPlaceHolder sets the hint shown while the area is empty.
func (a *TextArea) SetPlaceHolder(s string) {
	a.PlaceHolder = s
	a.Refresh()
}

// SetMinRowsVisible sets how many lines show without scrolling.
func (a *TextArea) SetMinRowsVisible(rows int) {
	a.MinRows = rows
	a.Refresh()
}

func (a *TextArea) setText(text string) {
	a.Text = text
	a.runes = []rune(text)
}

// SelectedText is the text selected.
func (a *TextArea) SelectedText() string {
	lo, hi := a.selection()
	return string(a.runes[lo:hi])
}

func (a *TextArea) selection() (lo, hi int) {
	return min(a.cursor, a.anchor), max(a.cursor, a.anchor)
}

// CursorOffset is where the cursor is, in characters from the start.
func (a *TextArea) CursorOffset() int { return a.cursor }

// metrics are the text size, padding, line height and line spacing.
func (a *TextArea) metrics() (size, pad, lineH, spacing float32) {
	th := a.Theme()
	size = th.Size(theme.SizeNameText)
	pad = th.Size(theme.SizeNameInnerPadding)
	spacing = th.Size(theme.SizeNameLineSpacing)
	lineH = fyne.MeasureText("中", size, fyne.TextStyle{}).Height
	return
}

// wrap breaks the text for the area's width (unless done already).
func (a *TextArea) wrap() {
	size, pad, _, _ := a.metrics()
	border := a.Theme().Size(theme.SizeNameInputBorder)
	k := wrapKey{text: a.Text, size: size}
	if w := a.Size().Width; w > 0 {
		k.width = max(w-2*pad-2*border, 1)
	}
	if k == a.wrapped && a.lines != nil {
		return
	}
	a.lines = wrapLines(a.Text, k.width, fyne.TextStyle{}, size)
	a.wrapped = k
}

// lineOf is the line showing offset: at a wrap the cursor goes to the
// next line's start.
func (a *TextArea) lineOf(offset int) int {
	i := sort.Search(len(a.lines), func(i int) bool { return a.lines[i].start > offset }) - 1
	return max(i, 0)
}

// xOf is the distance of offset from its line's start, in pixels.
func (a *TextArea) xOf(line, offset int) float32 {
	size, _, _, _ := a.metrics()
	adv := runeAdvances(fyne.TextStyle{}, size)
	l := a.lines[line]
	var x float32
	for _, r := range a.runes[l.start:min(offset, l.start+l.runes)] {
		x += adv(r)
	}
	return x
}

// offsetAt is the offset nearest to x on line.
func (a *TextArea) offsetAt(line int, x float32) int {
	size, _, _, _ := a.metrics()
	adv := runeAdvances(fyne.TextStyle{}, size)
	l := a.lines[line]
	var acc float32
	for i, r := range a.runes[l.start : l.start+l.runes] {
		w := adv(r)
		if x < acc+w/2 {
			return l.start + i
		}
		acc += w
	}
	return l.start + l.runes
}

// offsetAtPoint is the offset nearest to p, a point on the content.
func (a *TextArea) offsetAtPoint(p fyne.Position) int {
	a.wrap()
	_, pad, lineH, spacing := a.metrics()
	line := int((p.Y - pad) / (lineH + spacing))
	line = max(min(line, len(a.lines)-1), 0)
	return a.offsetAt(line, p.X-pad)
}

// moveTo puts the cursor at offset, extending the selection when extend.
func (a *TextArea) moveTo(offset int, extend bool) {
	a.cursor = max(min(offset, len(a.runes)), 0)
	if !extend {
		a.anchor = a.cursor
	}
	a.typing = false
	a.showCursor()
	a.content.Refresh()
}

// showCursor scrolls the cursor's line into view.
func (a *TextArea) showCursor() {
	if len(a.lines) == 0 {
		return
	}
	_, pad, lineH, spacing := a.metrics()
	line := a.lineOf(a.cursor)
	top := pad + float32(line)*(lineH+spacing)
	off := a.scroll.Offset
	view := a.scroll.Size().Height
	switch {
	case top < off.Y:
		off.Y = max(top-pad, 0)
	case top+lineH > off.Y+view:
		off.Y = top + lineH + pad - view
	default:
		return
	}
	a.scroll.ScrollToOffset(off)
}

// edit replaces the selection with s, as one undo step unless it
// continues what was being typed.
func (a *TextArea) edit(s string, typed bool) {
	if a.Disabled() {
		return
	}
	lo, hi := a.selection()
	if !(typed && a.typing && lo == hi) {
		a.pushUndo()
	}
	ins := []rune(s)
	runes := make([]rune, 0, len(a.runes)-(hi-lo)+len(ins))
	runes = append(append(append(runes, a.runes[:lo]...), ins...), a.runes[hi:]...)
	a.runes = runes
	a.Text = string(runes)
	a.cursor = lo + len(ins)
	a.anchor = a.cursor
	a.typing = typed
	a.changed()
}

func (a *TextArea) pushUndo() {
	a.undo = append(a.undo, areaState{a.Text, a.cursor, a.anchor})
	if len(a.undo) > maxUndo {
		a.undo = a.undo[1:]
	}
	a.redo = nil
}

func (a *TextArea) changed() {
	a.wrap()
	a.showCursor()
	a.content.Refresh()
	if a.OnChanged != nil {
		a.OnChanged(a.Text)
	}
}

// restore moves one state from from to to (undo or redo).
func (a *TextArea) restore(from, to *[]areaState) {
	if len(*from) == 0 || a.Disabled() {
		return
	}
	s := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	*to = append(*to, areaState{a.Text, a.cursor, a.anchor})
	a.setText(s.text)
	a.cursor, a.anchor, a.typing = s.cursor, s.anchor, false
	a.changed()
}

// FocusGained shows the cursor.
func (a *TextArea) FocusGained() {
	a.focused = true
	a.Refresh()
}

// FocusLost hides the cursor.
func (a *TextArea) FocusLost() {
	a.focused, a.shift, a.typing = false, false, false
	a.Refresh()
}

// TypedRune types r over the selection.
func (a *TextArea) TypedRune(r rune) { a.edit(string(r), true) }

// KeyDown notes Shift, which extends the selection with the arrows.
func (a *TextArea) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		a.shift = true
	}
}

// KeyUp notes Shift's release.
func (a *TextArea) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		a.shift = false
	}
}

// TypedKey moves the cursor, deletes and types new lines.
func (a *TextArea) TypedKey(ev *fyne.KeyEvent) {
	if a.Disabled() {
		return
	}
	a.wrap()
	lo, hi := a.selection()
	line := a.lineOf(a.cursor)
	vertical := func(delta int) {
		to := max(min(line+delta, len(a.lines)-1), 0)
		if to == line {
			if delta < 0 {
				a.moveTo(0, a.shift)
			} else {
				a.moveTo(len(a.runes), a.shift)
			}
			return
		}
		a.moveTo(a.offsetAt(to, a.xOf(line, a.cursor)), a.shift)
	}
	switch ev.Name {
	case fyne.KeyBackspace:
		if lo == hi && lo > 0 {
			a.anchor = lo - 1
		}
		if a.cursor != a.anchor {
			a.edit("", false)
		}
	case fyne.KeyDelete:
		if lo == hi && hi < len(a.runes) {
			a.anchor = hi + 1
		}
		if a.cursor != a.anchor {
			a.edit("", false)
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		a.edit("\n", false)
	case fyne.KeyLeft:
		if lo != hi && !a.shift {
			a.moveTo(lo, false)
		} else {
			a.moveTo(a.cursor-1, a.shift)
		}
	case fyne.KeyRight:
		if lo != hi && !a.shift {
			a.moveTo(hi, false)
		} else {
			a.moveTo(a.cursor+1, a.shift)
		}
	case fyne.KeyUp:
		vertical(-1)
	case fyne.KeyDown:
		vertical(1)
	case fyne.KeyPageUp, fyne.KeyPageDown:
		_, _, lineH, spacing := a.metrics()
		page := max(int(a.scroll.Size().Height/(lineH+spacing))-1, 1)
		if ev.Name == fyne.KeyPageUp {
			page = -page
		}
		vertical(page)
	case fyne.KeyHome:
		a.moveTo(a.lines[line].start, a.shift)
	case fyne.KeyEnd:
		a.moveTo(a.lines[line].start+a.lines[line].runes, a.shift)
	}
}

// TypedShortcut copies, cuts, pastes, selects all, undoes and redoes;
// Ctrl+Home and Ctrl+End go to the start and the end.
func (a *TextArea) TypedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *fyne.ShortcutCopy:
		a.copySelection()
	case *fyne.ShortcutCut:
		a.copySelection()
		if a.cursor != a.anchor {
			a.edit("", false)
		}
	case *fyne.ShortcutPaste:
		a.paste()
	case *fyne.ShortcutSelectAll:
		a.anchor = 0
		a.moveTo(len(a.runes), true)
	case *fyne.ShortcutUndo:
		a.restore(&a.undo, &a.redo)
	case *fyne.ShortcutRedo:
		a.restore(&a.redo, &a.undo)
	case *desktop.CustomShortcut:
		if sc.Modifier&fyne.KeyModifierShortcutDefault == 0 {
			return
		}
		extend := sc.Modifier&fyne.KeyModifierShift != 0
		switch sc.KeyName {
		case fyne.KeyHome:
			a.moveTo(0, extend)
		case fyne.KeyEnd:
			a.moveTo(len(a.runes), extend)
		}
	}
}

func (a *TextArea) copySelection() {
	if a.cursor != a.anchor {
		fyne.CurrentApp().Clipboard().SetContent(a.SelectedText())
	}
}

// paste types the clipboard's text, its line ends made "\n".
func (a *TextArea) paste() {
	s := strings.ReplaceAll(fyne.CurrentApp().Clipboard().Content(), "\r\n", "\n")
	if s != "" {
		a.edit(strings.ReplaceAll(s, "\r", "\n"), false)
	}
}

func (a *TextArea) focus() {
	if a.Disabled() {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(a); c != nil && c.Focused() != a {
		c.Focus(a)
	}
}

// Disable stops editing and hides the cursor.
func (a *TextArea) Disable() {
	a.DisableableWidget.Disable()
	a.Refresh()
}

// Enable allows editing again.
func (a *TextArea) Enable() {
	a.DisableableWidget.Enable()
	a.Refresh()
}

func (a *TextArea) CreateRenderer() fyne.WidgetRenderer {
	a.ExtendBaseWidget(a)
	th := a.Theme()
	r := &textAreaRenderer{a: a, box: canvas.NewRectangle(color.Transparent), border: canvas.NewRectangle(color.Transparent)}
	r.box.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.border.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.objects = []fyne.CanvasObject{r.box, r.border, a.scroll}
	a.wrap()
	return r
}

type textAreaRenderer struct {
	a           *TextArea
	box, border *canvas.Rectangle
	objects     []fyne.CanvasObject
}

func (r *textAreaRenderer) Destroy() {}

func (r *textAreaRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *textAreaRenderer) MinSize() fyne.Size {
	_, pad, lineH, spacing := r.a.metrics()
	rows := max(r.a.MinRows, 1)
	border := r.a.Theme().Size(theme.SizeNameInputBorder)
	return fyne.NewSize(4*lineH+2*pad, float32(rows)*lineH+float32(rows-1)*spacing+2*pad+2*border)
}

func (r *textAreaRenderer) Layout(size fyne.Size) {
	border := r.a.Theme().Size(theme.SizeNameInputBorder)
	r.border.StrokeWidth = border
	r.border.Resize(fyne.NewSize(size.Width-border-.5, size.Height-border-.5))
	r.border.Move(fyne.NewSquareOffsetPos(border / 2))
	r.box.Resize(size.Subtract(fyne.NewSquareSize(border * 2)))
	r.box.Move(fyne.NewSquareOffsetPos(border))
	r.a.wrap()
	r.a.scroll.Move(fyne.NewSquareOffsetPos(border))
	r.a.scroll.Resize(size.Subtract(fyne.NewSquareSize(border * 2)))
	r.a.content.Refresh()
}

func (r *textAreaRenderer) Refresh() {
	th := r.a.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.box.FillColor = th.Color(theme.ColorNameInputBackground, v)
	switch {
	case r.a.focused:
		r.border.StrokeColor = th.Color(theme.ColorNamePrimary, v)
	default:
		r.border.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	}
	r.box.Refresh()
	r.border.Refresh()
	r.Layout(r.a.Size())
}

// areaContent draws the lines in view, the selection and the cursor; it
// takes the pointer (click, drag, double click, right click) because it
// lies over the scroll that would take the drags.
type areaContent struct {
	widget.BaseWidget
	a        *TextArea
	dragFrom int // the offset a drag started at; -1 between drags
}

func newAreaContent(a *TextArea) *areaContent {
	c := &areaContent{a: a, dragFrom: -1}
	c.ExtendBaseWidget(c)
	return c
}

// Cursor is the text beam.
func (c *areaContent) Cursor() desktop.Cursor { return desktop.TextCursor }

// Tapped puts the cursor where the user clicked (Shift extends the
// selection).
func (c *areaContent) Tapped(ev *fyne.PointEvent) {
	c.a.focus()
	c.a.moveTo(c.a.offsetAtPoint(ev.Position), c.a.shift)
}

// DoubleTapped selects the run of characters clicked: a word of letters
// or digits, or Chinese text up to the punctuation around it.
func (c *areaContent) DoubleTapped(ev *fyne.PointEvent) {
	a := c.a
	a.focus()
	at := a.offsetAtPoint(ev.Position)
	class := func(i int) int {
		r := a.runes[i]
		switch {
		case unicode.IsSpace(r):
			return 0
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			return 1
		case r < 0x80:
			return 2
		}
		return 3
	}
	if at >= len(a.runes) {
		at = len(a.runes) - 1
	}
	if at < 0 {
		return
	}
	k := class(at)
	lo, hi := at, at+1
	for lo > 0 && class(lo-1) == k {
		lo--
	}
	for hi < len(a.runes) && class(hi) == k {
		hi++
	}
	a.anchor = lo
	a.moveTo(hi, true)
}

// Dragged selects from where the drag started.
func (c *areaContent) Dragged(ev *fyne.DragEvent) {
	a := c.a
	if c.dragFrom < 0 {
		a.focus()
		c.dragFrom = a.offsetAtPoint(ev.Position.Subtract(ev.Dragged))
		a.anchor, a.cursor = c.dragFrom, c.dragFrom
	}
	a.moveTo(a.offsetAtPoint(ev.Position), true)
}

// DragEnd ends the selection by dragging.
func (c *areaContent) DragEnd() { c.dragFrom = -1 }

// TappedSecondary offers 剪切, 复制, 粘贴 and 全选.
func (c *areaContent) TappedSecondary(ev *fyne.PointEvent) {
	a := c.a
	cv := fyne.CurrentApp().Driver().CanvasForObject(a)
	if cv == nil {
		return
	}
	a.focus()
	cut := fyne.NewMenuItem("剪切", func() { a.TypedShortcut(&fyne.ShortcutCut{}) })
	cp := fyne.NewMenuItem("复制", func() { a.TypedShortcut(&fyne.ShortcutCopy{}) })
	paste := fyne.NewMenuItem("粘贴", func() { a.TypedShortcut(&fyne.ShortcutPaste{}) })
	all := fyne.NewMenuItem("全选", func() { a.TypedShortcut(&fyne.ShortcutSelectAll{}) })
	none := a.cursor == a.anchor
	cut.Disabled, cp.Disabled, paste.Disabled = none || a.Disabled(), none, a.Disabled()
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", cut, cp, paste, all), cv, ev.AbsolutePosition)
}

func (c *areaContent) CreateRenderer() fyne.WidgetRenderer {
	r := &areaContentRenderer{c: c, cursor: canvas.NewRectangle(color.Transparent),
		placeholder: canvas.NewText("", color.Transparent)}
	return r
}

type areaContentRenderer struct {
	c           *areaContent
	texts       []*canvas.Text      // a pool of line texts
	marks       []*canvas.Rectangle // a pool of selection bands
	cursor      *canvas.Rectangle
	placeholder *canvas.Text
	objects     []fyne.CanvasObject
}

func (r *areaContentRenderer) Destroy() {}

func (r *areaContentRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *areaContentRenderer) MinSize() fyne.Size {
	a := r.c.a
	_, pad, lineH, spacing := a.metrics()
	n := max(len(a.lines), 1)
	return fyne.NewSize(0, 2*pad+float32(n)*lineH+float32(n-1)*spacing)
}

func (r *areaContentRenderer) Layout(fyne.Size) { r.Refresh() }

func (r *areaContentRenderer) Refresh() {
	a := r.c.a
	th := a.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	size, pad, lineH, spacing := a.metrics()
	pitch := lineH + spacing
	fg := th.Color(theme.ColorNameForeground, v)
	if a.Disabled() {
		fg = th.Color(theme.ColorNameDisabled, v)
	}
	r.objects = r.objects[:0]

	first, last := 0, len(a.lines)
	if a.scroll.Size().Height > 0 {
		top := a.scroll.Offset.Y
		first = max(int((top-pad)/pitch), 0)
		last = min(int((top+a.scroll.Size().Height-pad)/pitch)+1, len(a.lines))
	}
	lo, hi := a.selection()
	marks := 0
	for i := first; i < last && lo != hi; i++ {
		l := a.lines[i]
		from, to := max(lo, l.start), min(hi, l.start+l.runes)
		through := hi > l.start+l.runes && l.end // the selection takes the line's end
		if from > to || from == to && !through {
			continue
		}
		x0, x1 := a.xOf(i, from), a.xOf(i, to)
		if through {
			x1 += size / 3
		}
		if marks == len(r.marks) {
			r.marks = append(r.marks, canvas.NewRectangle(color.Transparent))
		}
		m := r.marks[marks]
		marks++
		m.FillColor = th.Color(theme.ColorNameSelection, v)
		m.Move(fyne.NewPos(pad+x0, pad+float32(i)*pitch))
		m.Resize(fyne.NewSize(x1-x0, lineH))
		m.Refresh()
		r.objects = append(r.objects, m)
	}
	for i := first; i < last; i++ {
		k := i - first
		if k == len(r.texts) {
			r.texts = append(r.texts, canvas.NewText("", fg))
		}
		t := r.texts[k]
		t.Text, t.Color, t.TextSize = a.lines[i].text, fg, size
		t.Move(fyne.NewPos(pad, pad+float32(i)*pitch))
		t.Resize(fyne.NewSize(a.lines[i].width, lineH))
		t.Refresh()
		r.objects = append(r.objects, t)
	}
	if len(a.runes) == 0 && a.PlaceHolder != "" {
		r.placeholder.Text, r.placeholder.TextSize = a.PlaceHolder, size
		r.placeholder.Color = th.Color(theme.ColorNamePlaceHolder, v)
		r.placeholder.Move(fyne.NewPos(pad, pad))
		r.placeholder.Refresh()
		r.objects = append(r.objects, r.placeholder)
	}
	if a.focused && !a.Disabled() && len(a.lines) > 0 {
		line := a.lineOf(a.cursor)
		r.cursor.FillColor = th.Color(theme.ColorNamePrimary, v)
		r.cursor.Move(fyne.NewPos(pad+a.xOf(line, a.cursor)-1, pad+float32(line)*pitch))
		r.cursor.Resize(fyne.NewSize(2, lineH))
		r.cursor.Refresh()
		r.objects = append(r.objects, r.cursor)
	}
}
