package parts

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/reports/gongwen"
)

// PagePreview shows laid-out pages (gongwen.Pages) as they print: every
// character in the face that prints it, at its position in millimetres
// scaled to the screen, the red rules and table borders, on a white sheet
// with its frame. It draws from the same Pages as the PDF, one page at a
// time with page navigation; the page fits the width of the view unless
// the user zooms.
type PagePreview struct {
	Root  fyne.CanvasObject
	sheet *fyne.Container // the page: its objects laid out by sheetLayout
	Scale *sheetLayout
	note  *kit.WrapLabel // what cannot be shown or printed
	// fontNote says which fonts stand in for the standard ones, where the
	// user prints: the paper differs a little from GB/T 9704's faces.
	FontNote *kit.WrapLabel
	count    *widget.Label
	prev     *widget.Button
	next     *widget.Button

	Pages *gongwen.Pages
	Fonts *gongwen.FontSet
	page  int // 0-based
}

// Zoom limits and steps, as a share of the width that fits the view.
const (
	zoomStep = 1.25
	zoomMin  = 0.5
	zoomMax  = 4
)

func NewPagePreview() *PagePreview {
	p := &PagePreview{}
	p.Scale = &sheetLayout{zoom: 1}
	p.sheet = container.New(p.Scale)
	p.note = kit.NewWrapLabel("")
	p.note.Importance = widget.DangerImportance
	p.note.Hide()
	p.FontNote = kit.NewWrapLabel("")
	p.FontNote.Importance = widget.WarningImportance
	p.FontNote.Hide()
	p.count = widget.NewLabel("")
	p.prev = widget.NewButtonWithIcon("上一页", fynetheme.NavigateBackIcon(), func() { p.showPage(p.page - 1) })
	p.next = widget.NewButtonWithIcon("下一页", fynetheme.NavigateNextIcon(), func() { p.showPage(p.page + 1) })
	zoomIn := widget.NewButtonWithIcon("", fynetheme.ZoomInIcon(), func() { p.zoomBy(zoomStep) })
	zoomOut := widget.NewButtonWithIcon("", fynetheme.ZoomOutIcon(), func() { p.zoomBy(1 / zoomStep) })
	fit := widget.NewButtonWithIcon("适合宽度", fynetheme.ZoomFitIcon(), func() { p.zoomBy(0) })
	bar := container.NewHBox(p.prev, p.count, p.next, widget.NewSeparator(), zoomOut, zoomIn, fit)

	desk := canvas.NewRectangle(color.NRGBA{0xd8, 0xd8, 0xd8, 0xff}) // the desk the sheet lies on
	scroll := container.NewScroll(p.sheet)
	p.Scale.scroll = scroll
	p.Root = container.NewBorder(container.NewVBox(bar, p.note, p.FontNote), nil, nil, nil, container.NewStack(desk, scroll))
	p.Set(nil, nil)
	return p
}

// Widget is the preview with its page bar.
func (p *PagePreview) Widget() fyne.CanvasObject { return p.Root }

// set shows pages laid out with fonts (nil pages shows none), from the
// first page; characters the fonts lack are framed in red and listed.
func (p *PagePreview) Set(pages *gongwen.Pages, fonts *gongwen.FontSet) {
	p.Pages, p.Fonts = pages, fonts
	p.FontNote.Hide()
	if fonts != nil {
		if s := fonts.Substitutions(); s != "" {
			p.FontNote.SetText(s)
			p.FontNote.Show()
		}
	}
	p.showNote("")
	if pages != nil && len(pages.Missing) > 0 {
		p.showNote((&gongwen.GlyphError{Missing: pages.Missing}).Error())
	}
	p.showPage(0)
}

// layout lays doc out in the fonts of settings and shows its pages, or
// why it cannot be laid out.
func (p *PagePreview) Layout(doc *gongwen.Doc, settings data.Settings) {
	fonts, err := DocumentFonts(settings)
	if err != nil {
		p.ShowError(data.UserMessage(err))
		return
	}
	pages, err := gongwen.Layout(doc, fonts)
	if err != nil {
		p.ShowError(data.UserMessage(err))
		return
	}
	p.Set(pages, fonts)
}

// showError shows why there is nothing to preview.
func (p *PagePreview) ShowError(msg string) {
	p.Pages = nil
	p.showPage(0)
	p.showNote(msg)
}

func (p *PagePreview) showNote(msg string) {
	p.note.SetText(msg)
	if msg == "" {
		p.note.Hide()
	} else {
		p.note.Show()
	}
	p.Root.Refresh()
}

func (p *PagePreview) PageCount() int {
	if p.Pages == nil {
		return 0
	}
	return len(p.Pages.Pages)
}

// showPage draws page i (clamped to the pages there are).
func (p *PagePreview) showPage(i int) {
	n := p.PageCount()
	p.page = max(min(i, n-1), 0)
	kit.SetEnabled(p.prev, p.page > 0)
	kit.SetEnabled(p.next, p.page < n-1)
	if n == 0 {
		p.count.SetText("")
		p.Scale.Items = nil
		p.sheet.Objects = nil
		p.sheet.Refresh()
		return
	}
	p.count.SetText(fmt.Sprintf("第%d页，共%d页", p.page+1, n))
	p.Scale.Items = drawPage(p.Pages.Pages[p.page], p.Fonts, p.missingOn(p.page+1))
	objs := make([]fyne.CanvasObject, len(p.Scale.Items))
	for j, it := range p.Scale.Items {
		objs[j] = it.Obj
	}
	p.sheet.Objects = objs
	p.sheet.Refresh()
	p.Scale.scroll.ScrollToTop()
}

func (p *PagePreview) missingOn(page int) []gongwen.MissingGlyph {
	var out []gongwen.MissingGlyph
	for _, m := range p.Pages.Missing {
		if m.Page == page {
			out = append(out, m)
		}
	}
	return out
}

// zoomBy multiplies the zoom by f; 0 fits the width again.
func (p *PagePreview) zoomBy(f float32) {
	if f == 0 {
		p.Scale.zoom = 1
	} else {
		p.Scale.zoom = max(min(p.Scale.zoom*f, zoomMax), zoomMin)
	}
	p.sheet.Refresh()
	p.Scale.scroll.Refresh()
}

// sheetItem is one object of the page and how to place it at a scale
// (screen units per millimetre).
type sheetItem struct {
	Obj   fyne.CanvasObject
	place func(mm float32)
	// glyph is the character a text object draws and where, in mm: the
	// left edge and the baseline (for tests comparing with the layout).
	Glyph *PlacedGlyph
}

type PlacedGlyph struct {
	Text   string
	X, Y   float64 // mm
	CopyOf bool    // the second stroke of an emboldened face
}

// SheetMargin is the desk shown around the sheet, in screen units.
const SheetMargin = 12

// sheetLayout places the page's objects at the scale that makes the sheet
// as wide as the view (times the user's zoom).
type sheetLayout struct {
	Items  []sheetItem
	zoom   float32 // relative to fitting the width
	scroll *container.Scroll
	Mm     float32 // the scale last laid out: screen units per mm
}

// perMM is the scale for the view's current width.
func (l *sheetLayout) perMM() float32 {
	w := float32(600)
	if l.scroll != nil && l.scroll.Size().Width > 0 {
		w = l.scroll.Size().Width
	}
	fit := (w - 2*SheetMargin - fynetheme.ScrollBarSize()) / gongwen.PageWidth
	return max(fit, 1) * l.zoom
}

func (l *sheetLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	mm := l.perMM()
	return fyne.NewSize(gongwen.PageWidth*mm+2*SheetMargin, gongwen.PageHeight*mm+2*SheetMargin)
}

func (l *sheetLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	l.Mm = l.perMM()
	for _, it := range l.Items {
		it.place(l.Mm)
	}
}

// mmPoint is a point of the page in screen units at scale mm.
func mmPoint(x, y float64, mm float32) fyne.Position {
	return fyne.NewPos(SheetMargin+float32(x)*mm, SheetMargin+float32(y)*mm)
}

func rgb(c gongwen.Color) color.Color { return color.NRGBA{c.R, c.G, c.B, 0xff} }

// ptToMM converts points (font sizes) to millimetres.
const ptToMM = 25.4 / 72

// drawPage builds the objects of one page: the sheet, the shapes, every
// character, and a red frame on each character the fonts lack.
func drawPage(pg gongwen.Page, fonts *gongwen.FontSet, missing []gongwen.MissingGlyph) []sheetItem {
	var items []sheetItem
	paper := canvas.NewRectangle(color.White)
	paper.StrokeColor = color.NRGBA{0x99, 0x99, 0x99, 0xff}
	paper.StrokeWidth = 1
	items = append(items, sheetItem{Obj: paper, place: func(mm float32) {
		paper.Move(mmPoint(0, 0, mm))
		paper.Resize(fyne.NewSize(gongwen.PageWidth*mm, gongwen.PageHeight*mm))
	}})
	for _, s := range pg.Shapes {
		items = append(items, drawShape(s)...)
	}
	for _, r := range pg.Runs {
		items = append(items, drawRun(r, fonts)...)
	}
	for _, m := range missing {
		items = append(items, frameMissing(m))
	}
	return items
}

func drawShape(s gongwen.Shape) []sheetItem {
	c := rgb(s.Color)
	if s.Guide {
		// The seal's place: shown on screen only, faintly.
		c = color.NRGBA{0xe6, 0x00, 0x12, 0x55}
	}
	stroke := func(mm float32) float32 { return max(float32(s.Width)*mm, 1) }
	switch s.Kind {
	case gongwen.ShapeRect:
		r := canvas.NewRectangle(color.Transparent)
		r.StrokeColor = c
		return []sheetItem{{Obj: r, place: func(mm float32) {
			r.StrokeWidth = stroke(mm)
			r.Move(mmPoint(s.X1, s.Y1, mm))
			r.Resize(fyne.NewSize(float32(s.X2-s.X1)*mm, float32(s.Y2-s.Y1)*mm))
		}}}
	case gongwen.ShapeCircle:
		ci := canvas.NewCircle(color.Transparent)
		ci.StrokeColor = c
		return []sheetItem{{Obj: ci, place: func(mm float32) {
			ci.StrokeWidth = stroke(mm)
			ci.Move(mmPoint(s.X1-s.R, s.Y1-s.R, mm))
			ci.Resize(fyne.NewSize(float32(2*s.R)*mm, float32(2*s.R)*mm))
		}}}
	}
	// A line; a dashed one (the cut between the copies of a 催办通知单) as
	// its dashes, 2 mm drawn and 1.5 mm left, as the PDF draws it.
	segments := [][4]float64{{s.X1, s.Y1, s.X2, s.Y2}}
	if s.Dash {
		segments = dashes(s.X1, s.Y1, s.X2, s.Y2, 2, 1.5)
	}
	items := make([]sheetItem, len(segments))
	for i, seg := range segments {
		l := canvas.NewLine(c)
		items[i] = sheetItem{Obj: l, place: func(mm float32) {
			l.StrokeWidth = stroke(mm)
			l.Position1 = mmPoint(seg[0], seg[1], mm)
			l.Position2 = mmPoint(seg[2], seg[3], mm)
			l.Refresh()
		}}
	}
	return items
}

// dashes splits a line into dashes of on mm separated by off mm.
func dashes(x1, y1, x2, y2, on, off float64) [][4]float64 {
	length := math.Hypot(x2-x1, y2-y1)
	if length == 0 {
		return nil
	}
	dx, dy := (x2-x1)/length, (y2-y1)/length
	var out [][4]float64
	for at := 0.0; at < length; at += on + off {
		end := min(at+on, length)
		out = append(out, [4]float64{x1 + dx*at, y1 + dy*at, x1 + dx*end, y1 + dy*end})
	}
	return out
}

// drawRun places each character of a run at the left edge the layout gave
// it, on the run's baseline, in the face that prints it: justified lines
// keep their spacing exactly. An emboldened stand-in gets a second stroke
// a hair to the right, as the PDF strokes its outline.
func drawRun(r gongwen.Run, fonts *gongwen.FontSet) []sheetItem {
	var res fyne.Resource
	if fonts != nil {
		res = faceResource(fonts.Face(r.Role))
	}
	c := rgb(r.Color)
	em := float32(r.Size * ptToMM)
	var items []sheetItem
	for i, ch := range []rune(r.Text) {
		if i >= len(r.Glyphs) || ch == ' ' || ch == '\u3000' {
			continue
		}
		x := r.Glyphs[i]
		copies := []float64{0}
		if r.Bold {
			copies = append(copies, r.Size*ptToMM*0.025)
		}
		for k, dx := range copies {
			t := canvas.NewText(string(ch), c)
			t.FontSource = res
			items = append(items, sheetItem{
				Obj:   t,
				Glyph: &PlacedGlyph{Text: string(ch), X: x, Y: r.Y, CopyOf: k > 0},
				place: func(mm float32) {
					t.TextSize = em * mm
					size, base := fyne.CurrentApp().Driver().RenderedTextSize(t.Text, t.TextSize, t.TextStyle, t.FontSource)
					p := mmPoint(x+dx, r.Y, mm)
					t.Move(fyne.NewPos(p.X, p.Y-base))
					t.Resize(size)
				},
			})
		}
	}
	return items
}

// frameMissing marks where a character the fonts lack would print.
func frameMissing(m gongwen.MissingGlyph) sheetItem {
	r := canvas.NewRectangle(color.NRGBA{0xff, 0, 0, 0x33})
	r.StrokeColor = color.NRGBA{0xff, 0, 0, 0xff}
	r.StrokeWidth = 2
	const em = gongwen.BodySize * ptToMM
	return sheetItem{Obj: r, place: func(mm float32) {
		r.Move(mmPoint(m.X, m.Y-em*0.88, mm))
		r.Resize(fyne.NewSize(em*mm, em*mm))
	}}
}

// faceResources holds the font of each face as a Fyne resource: Fyne
// caches a font by its resource, and a Windows font is 10–20 MB.
var faceResources sync.Map // *gongwen.Face → fyne.Resource

func faceResource(f *gongwen.Face) fyne.Resource {
	if f == nil {
		return nil
	}
	if r, ok := faceResources.Load(f); ok {
		return r.(fyne.Resource)
	}
	name := fmt.Sprintf("gongwen-%s-%d.ttf", strings.ReplaceAll(f.Path, "/", "_"), f.Index)
	r, _ := faceResources.LoadOrStore(f, fyne.NewStaticResource(name, f.Bytes()))
	return r.(fyne.Resource)
}
