package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"

	"xiaoneng/data"
)

// photo is a planned picture: drawn from its seed when it is stored, so
// the plan stays small and the picture is the same for the same seed.
type photo struct {
	name string
	seed uint64
}

// attachment draws the picture: a small scene of a service hall (a wall,
// a counter, a window, a figure), enough for a screen to show a thumbnail.
func (p photo) attachment() (*data.Attachment, error) {
	r := rand.New(rand.NewPCG(p.seed, 0x70686f746f))
	const w, h = 160, 120
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	shade := func(base uint8) uint8 { return base - uint8(r.IntN(24)) }
	wall := color.RGBA{shade(235), shade(230), shade(215), 255}
	floor := color.RGBA{shade(170), shade(160), shade(150), 255}
	counter := color.RGBA{uint8(60 + r.IntN(80)), uint8(90 + r.IntN(60)), uint8(120 + r.IntN(80)), 255}
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		for y := max(y0, 0); y < min(y1, h); y++ {
			for x := max(x0, 0); x < min(x1, w); x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	fill(0, 0, w, h*2/3, wall)
	fill(0, h*2/3, w, h, floor)
	top := h/2 + r.IntN(8)
	fill(10, top, w-10, top+24, counter)
	for i := range 3 {
		x := 18 + i*46
		fill(x, top-38, x+36, top-6, color.RGBA{shade(200), shade(225), 240, 255})
	}
	px := 20 + r.IntN(w-50)
	fill(px, top-30, px+14, top, color.RGBA{uint8(40 + r.IntN(40)), 50, 70, 255})
	fill(px+2, top-42, px+12, top-30, color.RGBA{220, 185, 160, 255})
	// Sensor noise, so that no two pictures are the same file.
	for range 400 {
		x, y := r.IntN(w), r.IntN(h)
		c := img.RGBAAt(x, y)
		d := uint8(r.IntN(12))
		img.SetRGBA(x, y, color.RGBA{c.R - min(c.R, d), c.G - min(c.G, d), c.B - min(c.B, d), 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("draw %s: %w", p.name, err)
	}
	return &data.Attachment{Name: p.name, MIME: "image/png", Data: buf.Bytes()}, nil
}
