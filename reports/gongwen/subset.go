package gongwen

import (
	"bytes"
	"encoding/binary"
	"maps"
	"slices"
)

// A face's subset: the glyphs a document prints, as a TrueType font fpdf
// embeds.

// fpdfTables are the tables fpdf reads when it writes its subset; the rest
// (embedded bitmaps, vertical metrics, OpenType layout) is left out.
var fpdfTables = []string{"OS/2", "cmap", "cvt ", "fpgm", "gasp", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "prep"}

// Subset returns a TrueType font holding only the glyphs of runes (and
// .notdef, and the parts of composite glyphs), numbered afresh in their
// original order, with a cmap of just those runes. fpdf parses every
// character of the cmap, and every glyph's metrics and place, and copies
// the whole font for each document; handing it the characters a document
// uses, as a font of only their glyphs, keeps printing fast with fonts of
// 30,000 glyphs and 10–20 MB. It returns fresh bytes, which fpdf may
// modify.
func (f *Face) Subset(runes []rune) (out []byte, err error) {
	err = f.readMapped(func() error {
		out = f.subset(runes)
		return nil
	})
	return out, err
}

func (f *Face) subset(runes []rune) []byte {
	tables := maps.Clone(f.tables)

	// the glyphs to keep
	numGlyphs := int(binary.BigEndian.Uint16(tables["maxp"][4:]))
	keep := map[int]bool{0: true}
	var pairs [][2]int // rune, glyph
	for _, r := range runes {
		if g := f.glyph(r); g != 0 && g < numGlyphs {
			pairs = append(pairs, [2]int{int(r), g})
			keep[g] = true
		}
	}
	for stack := keysOf(keep); len(stack) > 0; {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range f.components(g) {
			if c < numGlyphs && !keep[c] {
				keep[c] = true
				stack = append(stack, c)
			}
		}
	}
	kept := keysOf(keep)
	slices.Sort(kept)
	renumber := make(map[int]int, len(kept))
	for i, g := range kept {
		renumber[g] = i
	}
	for i := range pairs {
		pairs[i][1] = renumber[pairs[i][1]]
	}
	slices.SortFunc(pairs, func(a, b [2]int) int { return a[0] - b[0] })

	// glyf and loca with the kept glyphs' data only, a composite glyph
	// naming its parts by their new numbers
	offsets := make([]int, len(kept)+1)
	var glyf []byte
	for i, g := range kept {
		offsets[i] = len(glyf)
		at := len(glyf)
		glyf = append(glyf, f.glyphData(g)...)
		for _, pos := range componentRefs(glyf[at:]) {
			old := int(binary.BigEndian.Uint16(glyf[at+pos:]))
			if n, ok := renumber[old]; ok {
				binary.BigEndian.PutUint16(glyf[at+pos:], uint16(n))
			}
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
	}
	offsets[len(kept)] = len(glyf)
	if f.cff != nil {
		// the converted glyphs' largest, for maxp
		points, contours := 0, 0
		for _, g := range kept {
			if d := f.glyphData(g); len(d) >= 12 {
				n := int(binary.BigEndian.Uint16(d))
				contours = max(contours, n)
				points = max(points, int(binary.BigEndian.Uint16(d[10+2*(n-1):]))+1)
			}
		}
		tables["maxp"] = maxpV1(len(kept), points, contours)
	} else {
		maxp := bytes.Clone(tables["maxp"])
		binary.BigEndian.PutUint16(maxp[4:], uint16(len(kept)))
		tables["maxp"] = maxp
	}
	tables["hhea"], tables["hmtx"] = f.metrics(tables, kept)
	head := bytes.Clone(tables["head"])
	var loca []byte
	if len(glyf)/2 <= 0xFFFF {
		loca = make([]byte, 2*len(offsets))
		for i, o := range offsets {
			binary.BigEndian.PutUint16(loca[2*i:], uint16(o/2))
		}
		binary.BigEndian.PutUint16(head[50:], 0)
	} else {
		loca = make([]byte, 4*len(offsets))
		for i, o := range offsets {
			binary.BigEndian.PutUint32(loca[4*i:], uint32(o))
		}
		binary.BigEndian.PutUint16(head[50:], 1)
	}
	// glyph names (post format 2) can be half a megabyte; fpdf reads only
	// the header and writes format 3 itself
	if post := tables["post"]; len(post) >= 32 {
		post = bytes.Clone(post[:32])
		binary.BigEndian.PutUint32(post, 0x00030000)
		tables["post"] = post
	}

	// a format 4 cmap: one segment per character, mapped by delta
	seg := len(pairs) + 1
	sub := make([]byte, 16+8*seg)
	binary.BigEndian.PutUint16(sub[0:], 4)
	binary.BigEndian.PutUint16(sub[2:], uint16(len(sub)))
	binary.BigEndian.PutUint16(sub[6:], uint16(2*seg))
	entrySelector := 0
	for 1<<(entrySelector+1) <= seg {
		entrySelector++
	}
	binary.BigEndian.PutUint16(sub[8:], uint16(2<<entrySelector))
	binary.BigEndian.PutUint16(sub[10:], uint16(entrySelector))
	binary.BigEndian.PutUint16(sub[12:], uint16(2*seg-2<<entrySelector))
	ends, starts, deltas := sub[14:], sub[16+2*seg:], sub[16+4*seg:]
	for i, p := range pairs {
		binary.BigEndian.PutUint16(ends[2*i:], uint16(p[0]))
		binary.BigEndian.PutUint16(starts[2*i:], uint16(p[0]))
		binary.BigEndian.PutUint16(deltas[2*i:], uint16(p[1]-p[0]))
	}
	last := 2 * (seg - 1)
	binary.BigEndian.PutUint16(ends[last:], 0xFFFF)
	binary.BigEndian.PutUint16(starts[last:], 0xFFFF)
	binary.BigEndian.PutUint16(deltas[last:], 1)
	cmap := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}
	cmap = append(cmap, sub...)

	tables["glyf"], tables["loca"], tables["head"], tables["cmap"] = glyf, loca, head, cmap
	return assemble(tables)
}

// metrics are the hhea and hmtx tables of the kept glyphs, each with its
// own advance and left side bearing (a glyph past the face's
// numberOfHMetrics has the last advance).
func (f *Face) metrics(tables map[string][]byte, kept []int) (hhea, hmtx []byte) {
	old := tables["hmtx"]
	nh := len(f.advances)
	hmtx = make([]byte, 4*len(kept))
	for i, g := range kept {
		adv, lsb := f.advances[min(g, nh-1)], uint16(0)
		switch at := 4*nh + 2*(g-nh); {
		case g < nh:
			lsb = binary.BigEndian.Uint16(old[4*g+2:])
		case at+2 <= len(old):
			lsb = binary.BigEndian.Uint16(old[at:])
		}
		binary.BigEndian.PutUint16(hmtx[4*i:], adv)
		binary.BigEndian.PutUint16(hmtx[4*i+2:], lsb)
	}
	hhea = bytes.Clone(tables["hhea"])
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(kept)))
	return hhea, hmtx
}

func keysOf(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// glyphData is glyph g's outline in glyf (converted, for a CFF face).
func (f *Face) glyphData(g int) []byte {
	if f.cff != nil {
		return f.cff.glyph(g)
	}
	var start, end int
	if f.longLoca {
		if 4*g+8 > len(f.loca) {
			return nil
		}
		start = int(binary.BigEndian.Uint32(f.loca[4*g:]))
		end = int(binary.BigEndian.Uint32(f.loca[4*g+4:]))
	} else {
		if 2*g+4 > len(f.loca) {
			return nil
		}
		start = 2 * int(binary.BigEndian.Uint16(f.loca[2*g:]))
		end = 2 * int(binary.BigEndian.Uint16(f.loca[2*g+2:]))
	}
	if start >= end || end > len(f.glyf) {
		return nil
	}
	return f.glyf[start:end]
}

// components are the glyphs a composite glyph is built from.
func (f *Face) components(g int) []int {
	d := f.glyphData(g)
	var out []int
	for _, pos := range componentRefs(d) {
		out = append(out, int(binary.BigEndian.Uint16(d[pos:])))
	}
	return out
}

// componentRefs are where a composite glyph's outline d names its parts'
// glyph numbers (none for a simple glyph).
func componentRefs(d []byte) []int {
	if len(d) < 10 || int16(binary.BigEndian.Uint16(d)) >= 0 {
		return nil
	}
	const (
		argsAreWords = 0x0001
		haveScale    = 0x0008
		moreComps    = 0x0020
		haveXYScale  = 0x0040
		have2x2      = 0x0080
	)
	var out []int
	for pos := 10; pos+4 <= len(d); {
		flags := binary.BigEndian.Uint16(d[pos:])
		out = append(out, pos+2)
		pos += 4
		if flags&argsAreWords != 0 {
			pos += 4
		} else {
			pos += 2
		}
		switch {
		case flags&haveScale != 0:
			pos += 2
		case flags&haveXYScale != 0:
			pos += 4
		case flags&have2x2 != 0:
			pos += 8
		}
		if flags&moreComps == 0 {
			break
		}
	}
	return out
}

// assemble writes tables (those fpdf reads) as a TrueType font.
func assemble(tables map[string][]byte) []byte {
	var tags []string
	for _, t := range fpdfTables {
		if tables[t] != nil {
			tags = append(tags, t)
		}
	}
	n := len(tags)
	size := 12 + 16*n
	for _, t := range tags {
		size += (len(tables[t]) + 3) &^ 3
	}
	out := make([]byte, size)
	binary.BigEndian.PutUint32(out[0:], tagV1)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	binary.BigEndian.PutUint16(out[6:], uint16(16<<entrySelector))
	binary.BigEndian.PutUint16(out[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-16<<entrySelector))
	pos := 12 + 16*n
	headAt := -1
	for i, t := range tags {
		data := tables[t]
		copy(out[pos:], data)
		if t == "head" {
			headAt = pos
			binary.BigEndian.PutUint32(out[pos+8:], 0)
		}
		rec := out[12+16*i:]
		copy(rec[0:4], t)
		binary.BigEndian.PutUint32(rec[4:], checksum(out[pos:pos+(len(data)+3)&^3]))
		binary.BigEndian.PutUint32(rec[8:], uint32(pos))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(data)))
		pos += (len(data) + 3) &^ 3
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}
