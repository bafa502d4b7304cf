package kit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Banner is a strip across the window on an amber ground with a warning
// icon: what the user must keep in mind on every screen (whose field
// ledger this is). It is hidden until it has something to say.
type Banner struct {
	Box  *fyne.Container // what is put in the window
	text *WrapLabel
}

func NewBanner() *Banner {
	b := &Banner{text: NewWrapLabel("")}
	bg := canvas.NewRectangle(color.NRGBA{R: 0xff, G: 0xc1, B: 0x07, A: 0x40})
	b.Box = container.NewStack(bg, container.NewPadded(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, b.text)))
	b.Box.Hide()
	return b
}

// Say shows text, or hides the banner when text is "".
func (b *Banner) Say(text string) {
	b.text.SetText(text)
	SetVisible(b.Box, text != "")
	b.Box.Refresh()
}
