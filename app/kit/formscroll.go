package kit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// formLayout puts a form's buttons (and its message) at the bottom, always
// in view, and gives its scrolling fields the rest. The form asks for the
// height of its fields, but no more than about half its window: a long form
// in a dialog scrolls inside it instead of pushing 保存 off the screen.
type formLayout struct {
	f      *Form
	footer fyne.CanvasObject
}

// fieldsShare is the share of the window's height a form's fields ask for
// at most.
const fieldsShare = 0.55

func (l *formLayout) fieldsMax() float32 {
	if c := fyne.CurrentApp().Driver().CanvasForObject(l.f.root); c != nil && c.Size().Height > 0 {
		return max(c.Size().Height*fieldsShare, 200)
	}
	return 400
}

func (l *formLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	body, foot := l.f.body.MinSize(), l.footer.MinSize()
	return fyne.NewSize(max(body.Width, foot.Width), min(body.Height, l.fieldsMax())+theme.Padding()+foot.Height)
}

func (l *formLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	fields, footer := objs[0], objs[1]
	fh := footer.MinSize().Height
	footer.Move(fyne.NewPos(0, size.Height-fh))
	footer.Resize(fyne.NewSize(size.Width, fh))
	fields.Move(fyne.Position{})
	fields.Resize(fyne.NewSize(size.Width, max(size.Height-fh-theme.Padding(), 0)))
}

// wheelRouter lies over a form's scrolling fields and takes the mouse
// wheel, which Fyne gives to the innermost scrollable object: over a
// one-line entry that is the entry's own scroller, which cannot move, so
// the form did not scroll. The router scrolls a text area under the
// pointer while it can move, and the form otherwise. It takes nothing
// else: clicks, drags and hovering reach what is under it.
type wheelRouter struct {
	widget.BaseWidget
	form *Form
}

func newWheelRouter(f *Form) *wheelRouter {
	r := &wheelRouter{form: f}
	r.ExtendBaseWidget(r)
	return r
}

// Scrolled scrolls a text area under the pointer that can move that way,
// or else the form.
func (r *wheelRouter) Scrolled(ev *fyne.ScrollEvent) {
	d := fyne.CurrentApp().Driver()
	for _, ff := range r.form.fields {
		a, ok := ff.obj.(*TextArea)
		if !ok || !a.Visible() {
			continue
		}
		at := d.AbsolutePositionForObject(a)
		p := ev.AbsolutePosition
		if p.X < at.X || p.Y < at.Y || p.X >= at.X+a.Size().Width || p.Y >= at.Y+a.Size().Height {
			continue
		}
		if canScroll(a.scroll, ev.Scrolled.DY) {
			a.scroll.Scrolled(ev)
			return
		}
		break
	}
	r.form.scroll.Scrolled(ev)
}

// canScroll says whether s can move by dy (a wheel's delta: positive
// scrolls up).
func canScroll(s *container.Scroll, dy float32) bool {
	over := s.Content.Size().Height - s.Size().Height
	switch {
	case over <= 0:
		return false
	case dy > 0:
		return s.Offset.Y > 0
	case dy < 0:
		return s.Offset.Y < over
	}
	return false
}

func (r *wheelRouter) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
