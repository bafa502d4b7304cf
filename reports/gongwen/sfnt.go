package gongwen

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode/utf16"
)

// This file reads just enough of the TrueType format to choose, check and
// measure fonts before fpdf sees them: fpdf embeds only standalone TrueType
// (glyf) fonts with a format 4 cmap, fails silently on anything else, and
// cannot read .ttc collections, which is how Windows ships 宋体.

const (
	tagTTC  = 0x74746366 // "ttcf"
	tagOTTO = 0x4F54544F // "OTTO": CFF outlines
	tagTrue = 0x74727565 // "true": old Apple TrueType
	tagV1   = 0x00010000
)

// errNotFont is wrapped by every parse failure so callers can tell a broken
// or unsupported file from an I/O error.
var errNotFont = errors.New("不是可用的 TrueType 字体")

type tableRec struct {
	tag            string
	checksum       uint32
	offset, length uint32
}

// tableDir reads the table directory of the face starting at off (0 for a
// standalone font, or an offset from a TTC header). Offsets are absolute.
func tableDir(r io.ReaderAt, off int64, size int64) (uint32, []tableRec, error) {
	var hdr [12]byte
	if _, err := r.ReadAt(hdr[:], off); err != nil {
		return 0, nil, fmt.Errorf("%w：文件头不完整", errNotFont)
	}
	version := binary.BigEndian.Uint32(hdr[0:])
	n := int(binary.BigEndian.Uint16(hdr[4:]))
	if n == 0 || n > 200 {
		return 0, nil, fmt.Errorf("%w：表数量异常（%d）", errNotFont, n)
	}
	buf := make([]byte, 16*n)
	if _, err := r.ReadAt(buf, off+12); err != nil {
		return 0, nil, fmt.Errorf("%w：表目录不完整", errNotFont)
	}
	recs := make([]tableRec, n)
	for i := range recs {
		b := buf[16*i:]
		recs[i] = tableRec{
			tag:      string(b[0:4]),
			checksum: binary.BigEndian.Uint32(b[4:]),
			offset:   binary.BigEndian.Uint32(b[8:]),
			length:   binary.BigEndian.Uint32(b[12:]),
		}
		if int64(recs[i].offset)+int64(recs[i].length) > size {
			return 0, nil, fmt.Errorf("%w：表 %q 超出文件范围", errNotFont, recs[i].tag)
		}
	}
	return version, recs, nil
}

// faceOffsets returns where each face's table directory starts: one face at
// 0 for a plain font, or the TTC header's list.
func faceOffsets(r io.ReaderAt, size int64) ([]int64, error) {
	var hdr [12]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return nil, fmt.Errorf("%w：文件头不完整", errNotFont)
	}
	if binary.BigEndian.Uint32(hdr[0:]) != tagTTC {
		return []int64{0}, nil
	}
	n := int(binary.BigEndian.Uint32(hdr[8:]))
	if n == 0 || n > 64 {
		return nil, fmt.Errorf("%w：字体集合中的字体数量异常（%d）", errNotFont, n)
	}
	buf := make([]byte, 4*n)
	if _, err := r.ReadAt(buf, 12); err != nil {
		return nil, fmt.Errorf("%w：字体集合目录不完整", errNotFont)
	}
	offs := make([]int64, n)
	for i := range offs {
		offs[i] = int64(binary.BigEndian.Uint32(buf[4*i:]))
		if offs[i] >= size {
			return nil, fmt.Errorf("%w：字体集合目录异常", errNotFont)
		}
	}
	return offs, nil
}

// ExtractFace returns face index of font file data as a standalone TrueType
// font: for a .ttc it rebuilds a table directory and copies the face's
// tables; a plain .ttf (index 0) is returned as it is.
func ExtractFace(data []byte, index int) ([]byte, error) {
	r := byteReader(data)
	offs, err := faceOffsets(r, int64(len(data)))
	if err != nil {
		return nil, err
	}
	if index < 0 || index >= len(offs) {
		return nil, fmt.Errorf("%w：字体集合中没有第 %d 个字体", errNotFont, index+1)
	}
	if binary.BigEndian.Uint32(data[0:]) != tagTTC {
		return data, nil
	}
	version, recs, err := tableDir(r, offs[index], int64(len(data)))
	if err != nil {
		return nil, err
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].tag < recs[j].tag })
	n := len(recs)
	size := 12 + 16*n
	for _, t := range recs {
		size += int(t.length+3) &^ 3
	}
	out := make([]byte, size)
	binary.BigEndian.PutUint32(out[0:], version)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	// searchRange, entrySelector and rangeShift as the spec defines them.
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	searchRange := (1 << entrySelector) * 16
	binary.BigEndian.PutUint16(out[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(out[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(out[10:], uint16(n*16-searchRange))
	pos := 12 + 16*n
	headAt := -1
	for i, t := range recs {
		copy(out[pos:], data[t.offset:t.offset+t.length])
		if t.tag == "head" && t.length >= 12 {
			headAt = pos
			binary.BigEndian.PutUint32(out[pos+8:], 0) // checkSumAdjustment, recomputed below
		}
		rec := out[12+16*i:]
		copy(rec[0:4], t.tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(out[pos:pos+int(t.length+3)&^3]))
		binary.BigEndian.PutUint32(rec[8:], uint32(pos))
		binary.BigEndian.PutUint32(rec[12:], t.length)
		pos += int(t.length+3) &^ 3
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out, nil
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i+4 <= len(b); i += 4 {
		sum += binary.BigEndian.Uint32(b[i:])
	}
	if rem := len(b) % 4; rem != 0 {
		var last [4]byte
		copy(last[:], b[len(b)-rem:])
		sum += binary.BigEndian.Uint32(last[:])
	}
	return sum
}

type byteReader []byte

func (b byteReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off >= int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// faceInfo is what the resolver knows of a face before loading it.
type faceInfo struct {
	path     string
	index    int
	families []string // every family name in the name table
}

// scanFile lists the faces of a font file with their family names, reading
// only the directories and name tables (CJK fonts are 5–20 MB each).
func scanFile(path string) ([]faceInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	offs, err := faceOffsets(f, st.Size())
	if err != nil {
		return nil, err
	}
	var faces []faceInfo
	for i, off := range offs {
		_, recs, err := tableDir(f, off, st.Size())
		if err != nil {
			return nil, err
		}
		fi := faceInfo{path: path, index: i}
		for _, t := range recs {
			if t.tag != "name" || t.length > 1<<20 {
				continue
			}
			buf := make([]byte, t.length)
			if _, err := f.ReadAt(buf, int64(t.offset)); err != nil {
				return nil, err
			}
			fi.families = familyNames(buf)
		}
		faces = append(faces, fi)
	}
	return faces, nil
}

// familyNames decodes name ID 16 (typographic family: FandolFang where ID 1
// says FandolFang R), 1 (family) and 4 (full name) in every language the
// table carries, Simplified Chinese first.
func familyNames(name []byte) []string {
	if len(name) < 6 {
		return nil
	}
	count := int(binary.BigEndian.Uint16(name[2:]))
	strOff := int(binary.BigEndian.Uint16(name[4:]))
	var zh, other, zhTypo, otherTypo []string
	seen := map[string]bool{}
	for i := range count {
		rec := 6 + 12*i
		if rec+12 > len(name) {
			break
		}
		platform := binary.BigEndian.Uint16(name[rec:])
		encoding := binary.BigEndian.Uint16(name[rec+2:])
		lang := binary.BigEndian.Uint16(name[rec+4:])
		id := binary.BigEndian.Uint16(name[rec+6:])
		length := int(binary.BigEndian.Uint16(name[rec+8:]))
		off := strOff + int(binary.BigEndian.Uint16(name[rec+10:]))
		if id != 1 && id != 4 && id != 16 || off+length > len(name) {
			continue
		}
		raw := name[off : off+length]
		var s string
		switch {
		case platform == 0 || platform == 3:
			u := make([]uint16, len(raw)/2)
			for j := range u {
				u[j] = binary.BigEndian.Uint16(raw[2*j:])
			}
			s = string(utf16.Decode(u))
		case platform == 1 && encoding == 0:
			s = string(raw)
		default:
			continue
		}
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		switch {
		case platform == 3 && lang == 0x0804 && id == 16:
			zhTypo = append(zhTypo, s)
		case platform == 3 && lang == 0x0804:
			zh = append(zh, s)
		case id == 16:
			otherTypo = append(otherTypo, s)
		default:
			other = append(other, s)
		}
	}
	return slices.Concat(zhTypo, zh, otherTypo, other)
}

// Face is one face checked to be embeddable by fpdf: TrueType outlines
// (or CFF outlines it converts, see cff.go), a format 4 Unicode cmap,
// horizontal metrics, and embedding allowed.
type Face struct {
	Family string // the face's name, Chinese if it has one
	Path   string // the file it was read from
	Index  int    // the face within a .ttc

	data     []byte            // its font file, mapped (mapFont); a collection's faces share it
	unmap    func() error      // gives the mapping back (release); nil for data read otherwise
	tables   map[string][]byte // its tables, as a subset starts from them
	cff      *cffOutlines      // a CFF face's outlines; nil for TrueType
	upem     float64
	ascent   float64 // hhea, in em
	descent  float64 // hhea, in em (negative)
	advances []uint16
	cmap     []byte // the format 4 subtable fpdf will use
	loca     []byte
	longLoca bool
	glyf     []byte
}

// LoadFace reads face index (0 for a .ttf) of a font file and checks it.
// The file is mapped, not read (mapFont).
func LoadFace(path string, index int) (*Face, error) {
	data, unmap, err := mapFont(path)
	if err != nil {
		return nil, fmt.Errorf("读取字体文件 %s 失败：%w", path, err)
	}
	var face *Face
	probe := &Face{Path: path}
	err = probe.readMapped(func() (err error) {
		face, err = ParseFace(data, index)
		return err
	})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("字体文件 %s：%w", path, err), unmap())
	}
	face.Path, face.unmap = path, unmap
	return face, nil
}

// ParseFace checks font data (a .ttf or .otf, or face index of a .ttc) and
// prepares it for measuring and embedding. The face's tables stay in data,
// a collection's among the others' (Bytes extracts them); the character
// map it measures with is copied out.
func ParseFace(data []byte, index int) (*Face, error) {
	offs, err := faceOffsets(byteReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	if index < 0 || index >= len(offs) {
		return nil, fmt.Errorf("%w：字体集合中没有第 %d 个字体", errNotFont, index+1)
	}
	version, recs, err := tableDir(byteReader(data), offs[index], int64(len(data)))
	if err != nil {
		return nil, err
	}
	switch version {
	case tagV1, tagTrue, tagOTTO:
	default:
		return nil, fmt.Errorf("%w：未知的字体格式", errNotFont)
	}
	tables := map[string][]byte{}
	for _, t := range recs {
		tables[t.tag] = data[t.offset : t.offset+t.length]
	}
	for _, tag := range []string{"head", "hhea", "hmtx", "maxp", "cmap", "name", "post"} {
		if tables[tag] == nil {
			return nil, fmt.Errorf("%w：缺少 %s 表", errNotFont, tag)
		}
	}
	f := &Face{data: data, tables: tables, Index: index, glyf: tables["glyf"], loca: tables["loca"]}
	switch {
	case version != tagOTTO && tables["glyf"] != nil && tables["loca"] != nil:
	case version == tagOTTO && tables["CFF "] != nil:
		if len(tables["maxp"]) < 6 {
			return nil, fmt.Errorf("%w：maxp 表不完整", errNotFont)
		}
		numGlyphs := int(binary.BigEndian.Uint16(tables["maxp"][4:]))
		if f.cff, err = parseCFF(tables["CFF "], numGlyphs); err != nil {
			return nil, err
		}
		tables["maxp"] = maxpV1(numGlyphs, 0, 0)
	case tables["CFF2"] != nil:
		return nil, fmt.Errorf("%w：这是 CFF2 轮廓的可变字体，无法嵌入 PDF", errNotFont)
	default:
		return nil, fmt.Errorf("%w：没有字形轮廓", errNotFont)
	}

	head := tables["head"]
	if len(head) < 54 {
		return nil, fmt.Errorf("%w：head 表不完整", errNotFont)
	}
	f.upem = float64(binary.BigEndian.Uint16(head[18:]))
	if f.upem < 16 {
		return nil, fmt.Errorf("%w：每 em 单位数异常", errNotFont)
	}
	f.longLoca = binary.BigEndian.Uint16(head[50:]) == 1
	if binary.BigEndian.Uint16(head[52:]) != 0 {
		return nil, fmt.Errorf("%w：字形数据格式未知", errNotFont)
	}

	hhea := tables["hhea"]
	if len(hhea) < 36 {
		return nil, fmt.Errorf("%w：hhea 表不完整", errNotFont)
	}
	f.ascent = float64(int16(binary.BigEndian.Uint16(hhea[4:]))) / f.upem
	f.descent = float64(int16(binary.BigEndian.Uint16(hhea[6:]))) / f.upem
	if binary.BigEndian.Uint16(hhea[32:]) != 0 {
		return nil, fmt.Errorf("%w：水平度量格式未知", errNotFont)
	}
	nh := int(binary.BigEndian.Uint16(hhea[34:]))
	hmtx := tables["hmtx"]
	if nh == 0 || 4*nh > len(hmtx) {
		return nil, fmt.Errorf("%w：hmtx 表不完整", errNotFont)
	}
	f.advances = make([]uint16, nh)
	for i := range f.advances {
		f.advances[i] = binary.BigEndian.Uint16(hmtx[4*i:])
	}

	if os2 := tables["OS/2"]; len(os2) >= 10 {
		// fpdf embeds subsets regardless; refuse fonts whose licence forbids
		// embedding or subsetting rather than print against it.
		fsType := binary.BigEndian.Uint16(os2[8:])
		if fsType&0x000F == 0x0002 || fsType&0x0300 != 0 {
			return nil, fmt.Errorf("%w：字体授权不允许嵌入 PDF", errNotFont)
		}
	}

	f.cmap = bytes.Clone(unicodeCmap(tables["cmap"]))
	if f.cmap == nil {
		return nil, fmt.Errorf("%w：没有 Unicode 字符映射（cmap 格式 4）", errNotFont)
	}
	names := familyNames(tables["name"])
	if len(names) > 0 {
		f.Family = names[0]
	}
	return f, nil
}

// unicodeCmap finds the subtable fpdf uses: the first platform 0 or (3,1)
// record whose subtable is format 4.
func unicodeCmap(cmap []byte) []byte {
	if len(cmap) < 4 {
		return nil
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	for i := range n {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			return nil
		}
		platform := binary.BigEndian.Uint16(cmap[rec:])
		encoding := binary.BigEndian.Uint16(cmap[rec+2:])
		off := int(binary.BigEndian.Uint32(cmap[rec+4:]))
		if !(platform == 0 || platform == 3 && encoding == 1) || off+14 > len(cmap) {
			continue
		}
		if binary.BigEndian.Uint16(cmap[off:]) != 4 {
			continue
		}
		length := int(binary.BigEndian.Uint16(cmap[off+2:]))
		end := min(off+length, len(cmap))
		sub := cmap[off:end]
		segX2 := int(binary.BigEndian.Uint16(sub[6:]))
		if segX2 == 0 || 16+4*segX2 > len(sub) {
			return nil
		}
		return sub
	}
	return nil
}

// glyph maps r through the format 4 subtable; 0 means no glyph.
func (f *Face) glyph(r rune) int {
	if r < 0 || r > 0xFFFF {
		return 0
	}
	c := int(r)
	sub := f.cmap
	segX2 := int(binary.BigEndian.Uint16(sub[6:]))
	seg := segX2 / 2
	ends := sub[14:]
	starts := sub[16+segX2:]
	deltas := sub[16+2*segX2:]
	ranges := sub[16+3*segX2:]
	i := sort.Search(seg, func(i int) bool { return int(binary.BigEndian.Uint16(ends[2*i:])) >= c })
	if i == seg {
		return 0
	}
	start := int(binary.BigEndian.Uint16(starts[2*i:]))
	if c < start {
		return 0
	}
	delta := int(binary.BigEndian.Uint16(deltas[2*i:]))
	ro := int(binary.BigEndian.Uint16(ranges[2*i:]))
	if ro == 0 {
		return (c + delta) & 0xFFFF
	}
	pos := 16 + 3*segX2 + 2*i + ro + 2*(c-start)
	if pos+2 > len(sub) {
		return 0
	}
	g := int(binary.BigEndian.Uint16(sub[pos:]))
	if g == 0 {
		return 0
	}
	return (g + delta) & 0xFFFF
}

// Has reports whether the face can print r: a glyph with an advance in the
// Basic Multilingual Plane (fpdf encodes text as UTF-16 code units through
// a format 4 cmap, so nothing beyond U+FFFF can be printed).
func (f *Face) Has(r rune) bool {
	g := f.glyph(r)
	return g != 0 && f.rawAdvance(g) != 0
}

func (f *Face) rawAdvance(g int) uint16 {
	if g < len(f.advances) {
		return f.advances[g]
	}
	return f.advances[len(f.advances)-1]
}

// Advance is r's advance width in em, rounded to thousandths as the widths
// in the PDF are, so positions computed here match what viewers draw. A
// character without a glyph measures one em.
func (f *Face) Advance(r rune) float64 {
	g := f.glyph(r)
	if g == 0 {
		return 1
	}
	aw := f.rawAdvance(g)
	if aw >= 1<<15 {
		return 0
	}
	return math.Round(1000*float64(aw)/f.upem) / 1000
}

// Bytes returns the face as a standalone font (extracted from its
// collection if need be; TrueType, or OpenType with CFF outlines), for a
// toolkit that draws the preview in the same face; nil when its file was
// cut short meanwhile. The copy is the caller's.
func (f *Face) Bytes() []byte {
	var out []byte
	err := f.readMapped(func() (err error) {
		out, err = ExtractFace(f.data, f.Index)
		if err == nil && len(out) > 0 && &out[0] == &f.data[0] {
			out = bytes.Clone(out) // a standalone file is its own face
		}
		return err
	})
	if err != nil {
		return nil
	}
	return out
}

// Ascent and Descent are the face's hhea metrics in em (Descent negative):
// what PDF viewers and pdftotext use for a line's box.
func (f *Face) Ascent() float64  { return math.Trunc(1000*f.ascent) / 1000 }
func (f *Face) Descent() float64 { return math.Trunc(1000*f.descent) / 1000 }

// InkTop is the top of r's outline above the baseline in em (0 if the glyph
// is empty or unknown); the page number uses it to put the top of its 一字线
// exactly 7 mm below the text block.
func (f *Face) InkTop(r rune) float64 {
	g := f.glyph(r)
	if g == 0 {
		return 0
	}
	var top float64
	// a file cut short meanwhile measures 0; printing it says why
	f.readMapped(func() error { //nolint:errcheck // see above
		if d := f.glyphData(g); len(d) >= 10 {
			top = float64(int16(binary.BigEndian.Uint16(d[8:]))) / f.upem
		}
		return nil
	})
	return top
}
