package gongwen

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync"

	"github.com/go-text/typesetting/font/cff"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// CFF-outline OpenType faces (.otf), the Fandol faces of TeX Live among
// them (free simplified-Chinese 仿宋, 黑体, 楷体 and 宋体), cannot be embedded
// by fpdf, which reads TrueType (glyf) outlines only. go-text/typesetting
// (which Fyne draws text with) reads their outlines, flex hints and all
// (golang.org/x/image's sfnt stops at flex1, which FandolFang uses); each
// glyph a document uses is converted to a TrueType glyph when a subset is
// made (Subset), every cubic Bézier as quadratics within half a unit of
// its em, and kept for the next document.

// cffOutlines are a CFF face's outlines and the glyphs converted so far. A
// FontSet is shared between goroutines: a lock guards the glyphs.
type cffOutlines struct {
	mu     sync.Mutex
	cff    *cff.CFF
	glyphs map[int][]byte
}

// parseCFF reads the CFF table of a face of numGlyphs glyphs where it lies
// in the mapped file: only the table's indexes, not the whole font (go-text's
// font parser copied the table, some megabytes, and read every other table
// besides; four Fandol faces took 10 ms of a print command).
func parseCFF(table []byte, numGlyphs int) (*cffOutlines, error) {
	c, err := cff.Parse(table)
	if err != nil {
		return nil, fmt.Errorf("%w：CFF 字形无法读取：%v", errNotFont, err)
	}
	if len(c.Charstrings) != numGlyphs {
		return nil, fmt.Errorf("%w：CFF 表有 %d 个字形，maxp 表说 %d 个", errNotFont, len(c.Charstrings), numGlyphs)
	}
	return &cffOutlines{cff: c, glyphs: map[int][]byte{}}, nil
}

// glyph is glyph g as a TrueType glyph (nil when it has no outline).
func (c *cffOutlines) glyph(g int) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.glyphs[g]
	if !ok {
		if segs, _, err := c.cff.LoadGlyph(tables.GlyphID(g)); err == nil {
			d = simpleGlyph(quadratics(segs))
		}
		c.glyphs[g] = d
	}
	return d
}

// point is a point of a TrueType contour, on the outline or a quadratic
// Bézier's control point.
type point struct {
	x, y int
	on   bool
}

// quadratics converts an outline in font units to TrueType contours.
func quadratics(segs []ot.Segment) [][]point {
	type vec struct{ x, y float64 }
	at := func(p ot.SegmentPoint) vec { return vec{float64(p.X), float64(p.Y)} }
	var contours [][]point
	var cur []point
	add := func(v vec, on bool) {
		p := point{int(math.Round(v.x)), int(math.Round(v.y)), on}
		if n := len(cur); n > 0 && cur[n-1].x == p.x && cur[n-1].y == p.y && (cur[n-1].on || !on) {
			return
		}
		cur = append(cur, p)
	}
	closeContour := func() {
		if n := len(cur); n > 1 && cur[n-1].on && cur[n-1].x == cur[0].x && cur[n-1].y == cur[0].y {
			cur = cur[:n-1]
		}
		if len(cur) > 2 {
			contours = append(contours, cur)
		}
		cur = nil
	}
	var p0 vec
	for _, s := range segs {
		switch s.Op {
		case ot.SegmentOpMoveTo:
			closeContour()
			p0 = at(s.Args[0])
			add(p0, true)
		case ot.SegmentOpLineTo:
			p0 = at(s.Args[0])
			add(p0, true)
		case ot.SegmentOpQuadTo:
			add(at(s.Args[0]), false)
			p0 = at(s.Args[1])
			add(p0, true)
		case ot.SegmentOpCubeTo:
			c1, c2, p3 := at(s.Args[0]), at(s.Args[1]), at(s.Args[2])
			// a quadratic strays from the cubic by √3/36 of its third
			// difference; n pieces by 1/n³ of that
			dx, dy := p3.x-3*c2.x+3*c1.x-p0.x, p3.y-3*c2.y+3*c1.y-p0.y
			n := max(1, int(math.Ceil(math.Cbrt(math.Sqrt(3)/36*math.Hypot(dx, dy)/0.5))))
			bez := func(t float64) (vec, vec) { // point and derivative
				u := 1 - t
				return vec{u*u*u*p0.x + 3*u*u*t*c1.x + 3*u*t*t*c2.x + t*t*t*p3.x, u*u*u*p0.y + 3*u*u*t*c1.y + 3*u*t*t*c2.y + t*t*t*p3.y},
					vec{3*u*u*(c1.x-p0.x) + 6*u*t*(c2.x-c1.x) + 3*t*t*(p3.x-c2.x), 3*u*u*(c1.y-p0.y) + 6*u*t*(c2.y-c1.y) + 3*t*t*(p3.y-c2.y)}
			}
			for i := range n {
				t0, t1 := float64(i)/float64(n), float64(i+1)/float64(n)
				a, da := bez(t0)
				b, db := bez(t1)
				h := (t1 - t0) / 3
				// the piece's cubic controls a+h·da and b−h·db; the
				// quadratic's control is their best single stand-in
				ctrl := vec{(3*(a.x+h*da.x+b.x-h*db.x) - a.x - b.x) / 4, (3*(a.y+h*da.y+b.y-h*db.y) - a.y - b.y) / 4}
				if i == n-1 {
					b = p3
				}
				add(ctrl, false)
				add(b, true)
			}
			p0 = p3
		}
	}
	closeContour()
	return contours
}

// simpleGlyph encodes contours as a TrueType simple glyph, coordinates as
// deltas of one byte where they fit.
func simpleGlyph(contours [][]point) []byte {
	if len(contours) == 0 {
		return nil
	}
	xMin, yMin, xMax, yMax := math.MaxInt, math.MaxInt, math.MinInt, math.MinInt
	for _, c := range contours {
		for _, p := range c {
			xMin, yMin, xMax, yMax = min(xMin, p.x), min(yMin, p.y), max(xMax, p.x), max(yMax, p.y)
		}
	}
	u16 := func(b []byte, v int) []byte { return binary.BigEndian.AppendUint16(b, uint16(v)) }
	out := u16(nil, len(contours))
	out = u16(u16(u16(u16(out, xMin), yMin), xMax), yMax)
	end := -1
	for _, c := range contours {
		end += len(c)
		out = u16(out, end)
	}
	out = u16(out, 0) // no instructions
	var flags, xs, ys []byte
	px, py := 0, 0
	coord := func(d int, short, same byte, data []byte) (byte, []byte) {
		switch {
		case d == 0:
			return same, data
		case d > -256 && d < 256:
			if d > 0 {
				return short | same, append(data, byte(d))
			}
			return short, append(data, byte(-d))
		}
		return 0, u16(data, d)
	}
	for _, c := range contours {
		for _, p := range c {
			var fx, fy byte
			fx, xs = coord(p.x-px, 0x02, 0x10, xs)
			fy, ys = coord(p.y-py, 0x04, 0x20, ys)
			f := fx | fy
			if p.on {
				f |= 0x01
			}
			flags = append(flags, f)
			px, py = p.x, p.y
		}
	}
	out = append(append(append(out, flags...), xs...), ys...)
	for len(out)%4 != 0 { // as Subset aligns glyphs in glyf
		out = append(out, 0)
	}
	return out
}

// maxpV1 is a TrueType maxp table (version 1.0) for numGlyphs glyphs of
// at most points points in contours contours; a CFF face has version 0.5.
func maxpV1(numGlyphs, points, contours int) []byte {
	m := make([]byte, 32)
	binary.BigEndian.PutUint32(m, 0x00010000)
	binary.BigEndian.PutUint16(m[4:], uint16(numGlyphs))
	binary.BigEndian.PutUint16(m[6:], uint16(points))
	binary.BigEndian.PutUint16(m[8:], uint16(contours))
	binary.BigEndian.PutUint16(m[14:], 2) // maxZones
	return m
}
