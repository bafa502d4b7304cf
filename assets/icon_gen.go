//go:build ignore

// icon_gen draws the application icon: a red ledger page with a golden
// check seal. Run with `go generate ./assets/`.
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

const size = 512

type shape struct {
	inside func(x, y float64) bool
	fill   func(x, y float64) color.NRGBA
}

func solid(c color.NRGBA) func(x, y float64) color.NRGBA {
	return func(float64, float64) color.NRGBA { return c }
}

func roundRect(x0, y0, x1, y1, r float64) func(x, y float64) bool {
	return func(x, y float64) bool {
		if x < x0 || x > x1 || y < y0 || y > y1 {
			return false
		}
		cx := math.Max(x0+r, math.Min(x, x1-r))
		cy := math.Max(y0+r, math.Min(y, y1-r))
		return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
	}
}

func circle(cx, cy, r float64) func(x, y float64) bool {
	return func(x, y float64) bool { return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r }
}

// segment is a thick line with round ends.
func segment(ax, ay, bx, by, w float64) func(x, y float64) bool {
	return func(x, y float64) bool {
		dx, dy := bx-ax, by-ay
		t := ((x-ax)*dx + (y-ay)*dy) / (dx*dx + dy*dy)
		t = math.Max(0, math.Min(1, t))
		px, py := ax+t*dx, ay+t*dy
		return (x-px)*(x-px)+(y-py)*(y-py) <= w*w/4
	}
}

func main() {
	red := func(_, y float64) color.NRGBA {
		t := y / size
		return color.NRGBA{uint8(198 - 56*t), uint8(40 - 40*t), uint8(40 - 40*t), 255}
	}
	paper := color.NRGBA{0xFF, 0xF8, 0xE7, 0xFF}
	rule := color.NRGBA{0xC6, 0x28, 0x28, 0xFF}
	line := color.NRGBA{0xBC, 0xAA, 0xA4, 0xFF}
	gold := color.NRGBA{0xF9, 0xA8, 0x25, 0xFF}
	white := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}

	shapes := []shape{
		{roundRect(16, 16, 496, 496, 100), red},
		{roundRect(120, 80, 392, 432, 22), solid(paper)},
		{roundRect(150, 118, 362, 128, 5), solid(rule)}, // the red rule under an official heading
		{segment(160, 180, 352, 180, 16), solid(line)},
		{segment(160, 230, 352, 230, 16), solid(line)},
		{segment(160, 280, 300, 280, 16), solid(line)},
		{segment(160, 330, 250, 330, 16), solid(line)},
		{circle(350, 372, 86), solid(white)},
		{circle(350, 372, 74), solid(gold)},
		{segment(312, 374, 340, 404, 22), solid(white)},
		{segment(340, 404, 392, 340, 22), solid(white)},
	}

	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 4 // samples per axis, for smooth edges
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := float64(px) + (float64(sx)+0.5)/ss
					y := float64(py) + (float64(sy)+0.5)/ss
					var c color.NRGBA
					for _, s := range shapes {
						if s.inside(x, y) {
							c = s.fill(x, y)
						}
					}
					r += float64(c.R) * float64(c.A)
					g += float64(c.G) * float64(c.A)
					b += float64(c.B) * float64(c.A)
					a += float64(c.A)
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(a / ss / ss)})
		}
	}
	f, err := os.Create("icon.png")
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
