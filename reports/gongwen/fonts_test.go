package gongwen

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	gotext "github.com/go-text/typesetting/font"
)

// fontFile returns the path of an installed font file, or fails: the test
// script installs the fonts.
func fontFile(t *testing.T, path, pkg string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("未安装 %s：sudo apt-get install %s", filepath.Base(path), pkg)
	}
	return path
}

// fandolFile is a Fandol face where scripts/setup.sh or Debian's
// texlive-lang-chinese puts it.
func fandolFile(t *testing.T, name string) string {
	t.Helper()
	for _, dir := range []string{"/usr/local/share/fonts/fandol", debianFandol} {
		if p := filepath.Join(dir, name); fileExists(p) {
			return p
		}
	}
	t.Skipf("未安装 %s：bash scripts/test.sh 会安装 Fandol 字体", name)
	return ""
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

const (
	gbsn = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"
	gkai = "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"
	wqy  = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
)

// buildTTC packs standalone fonts into a collection, as Windows ships 宋体.
func buildTTC(t *testing.T, fonts ...[]byte) []byte {
	t.Helper()
	head := 12 + 4*len(fonts)
	out := []byte("ttcf")
	out = binary.BigEndian.AppendUint32(out, 0x00010000)
	out = binary.BigEndian.AppendUint32(out, uint32(len(fonts)))
	off := head
	for _, f := range fonts {
		out = binary.BigEndian.AppendUint32(out, uint32(off))
		off += len(f)
	}
	for _, f := range fonts {
		base := uint32(len(out))
		f = bytes.Clone(f)
		n := int(binary.BigEndian.Uint16(f[4:]))
		for i := range n {
			rec := f[12+16*i:]
			binary.BigEndian.PutUint32(rec[8:], binary.BigEndian.Uint32(rec[8:])+base)
		}
		out = append(out, f...)
	}
	return out
}

func TestExtractFaceFromCollection(t *testing.T) {
	a, err := os.ReadFile(fontFile(t, gbsn, "fonts-arphic-gbsn00lp"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(fontFile(t, gkai, "fonts-arphic-gkai00mp"))
	if err != nil {
		t.Fatal(err)
	}
	ttc := buildTTC(t, a, b)
	for i, orig := range [][]byte{a, b} {
		ttf, err := ExtractFace(ttc, i)
		if err != nil {
			t.Fatal(err)
		}
		// every table of the face comes back byte for byte
		_, want, err := tableDir(byteReader(orig), 0, int64(len(orig)))
		if err != nil {
			t.Fatal(err)
		}
		_, got, err := tableDir(byteReader(ttf), 0, int64(len(ttf)))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("face %d: %d tables, want %d", i, len(got), len(want))
		}
		byTag := map[string]tableRec{}
		for _, r := range got {
			byTag[r.tag] = r
			if r.offset%4 != 0 {
				t.Errorf("table %s not aligned", r.tag)
			}
		}
		for _, w := range want {
			g := byTag[w.tag]
			gb, wb := ttf[g.offset:g.offset+g.length], orig[w.offset:w.offset+w.length]
			if w.tag == "head" {
				gb, wb = append(bytes.Clone(gb[:8]), gb[12:]...), append(bytes.Clone(wb[:8]), wb[12:]...)
			}
			if !bytes.Equal(gb, wb) {
				t.Errorf("face %d: table %s differs", i, w.tag)
			}
			if g.tag != "head" && g.checksum != checksum(ttf[g.offset:g.offset+(g.length+3)&^3]) {
				t.Errorf("face %d: table %s checksum wrong", i, g.tag)
			}
		}
		if sum := checksum(ttf); sum != 0xB1B0AFBA {
			t.Errorf("face %d: font checksum %#x, want 0xB1B0AFBA", i, sum)
		}
		face, err := ParseFace(ttc, i)
		if err != nil {
			t.Fatal(err)
		}
		if !face.Has('效') || face.Has('𠮷') {
			t.Errorf("face %d: cmap wrong", i)
		}
		// fpdf accepts the extracted face and embeds it
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.AddUTF8FontFromBytes("x", "", ttf)
		pdf.AddPage()
		pdf.SetFont("x", "", 16)
		pdf.Text(20, 20, "效能监察通知书2026")
		var out bytes.Buffer
		if err := pdf.Output(&out); err != nil {
			t.Fatalf("face %d: fpdf: %v", i, err)
		}
	}
	if _, err := ExtractFace(ttc, 2); err == nil {
		t.Error("a face index beyond the collection was accepted")
	}
}

func TestExtractFaceFromWindowsStyleTTC(t *testing.T) {
	path := fontFile(t, wqy, "fonts-wqy-microhei")
	faces, err := scanFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(faces) < 2 {
		t.Fatalf("%s has %d faces", path, len(faces))
	}
	names := map[string]bool{}
	for _, fi := range faces {
		f, err := LoadFace(path, fi.index)
		if err != nil {
			t.Fatal(err)
		}
		names[f.Family] = true
		if !covers(f, samples[Heading1]) {
			t.Errorf("face %d lacks the samples", fi.index)
		}
	}
	if len(names) != len(faces) {
		t.Errorf("faces of the collection are not told apart: %v", names)
	}
}

func TestParseFaceRejects(t *testing.T) {
	a, err := os.ReadFile(fontFile(t, gbsn, "fonts-arphic-gbsn00lp"))
	if err != nil {
		t.Fatal(err)
	}
	// an OpenType font said to have CFF outlines, without them
	otf := append([]byte("OTTO"), a[4:]...)
	if _, err := ParseFace(otf, 0); err == nil || !errors.Is(err, errNotFont) {
		t.Errorf("an OpenType font without CFF outlines: %v", err)
	}
	// no glyf: rename the table
	noGlyf := bytes.Clone(a)
	n := int(binary.BigEndian.Uint16(noGlyf[4:]))
	for i := range n {
		rec := noGlyf[12+16*i:]
		if string(rec[:4]) == "glyf" {
			copy(rec, "xxxx")
		}
	}
	if _, err := ParseFace(noGlyf, 0); err == nil || !errors.Is(err, errNotFont) {
		t.Errorf("a font without glyf: %v", err)
	}
	// truncated files are refused, never a panic
	for _, size := range []int{0, 3, 11, 100, 1000, 100000, len(a) / 2} {
		if _, err := ParseFace(a[:size], 0); err == nil {
			t.Errorf("a font truncated to %d bytes was accepted", size)
		}
	}
	if _, err := ParseFace([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x05"), 0); err == nil {
		t.Error("a broken collection was accepted")
	}
}

func TestFaceMetrics(t *testing.T) {
	f, err := LoadFace(fontFile(t, gbsn, "fonts-arphic-gbsn00lp"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if f.Advance('效') != 1 || f.Advance('，') != 1 || f.Advance('2') != 0.5 {
		t.Errorf("advances: 效 %v， %v 2 %v", f.Advance('效'), f.Advance('，'), f.Advance('2'))
	}
	if top := f.InkTop('—'); top <= 0.2 || top >= 0.7 {
		t.Errorf("the dash's top at %v em", top)
	}
	if f.Has('𠮷') || f.Has(0x0378) {
		t.Error("characters beyond the BMP or unassigned reported printable")
	}
	if g, err := ParseFace(f.Bytes(), 0); err != nil || g.Advance('效') != 1 {
		t.Errorf("Bytes does not give the face back: %v", err)
	}
}

func TestResolvePrefersOfficeFolder(t *testing.T) {
	fontFile(t, gkai, "fonts-arphic-gkai00mp")
	fontFile(t, gbsn, "fonts-arphic-gbsn00lp")
	dir := t.TempDir()
	// the office's folder holds fonts under the names Windows uses
	for name, src := range map[string]string{"simfang.ttf": gkai, "方正小标宋简体.ttf": gbsn, "DroidSansFallbackFull.ttf": gbsn} {
		if err := os.Symlink(src, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	fs, err := ResolveFonts(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := fs.Face(Body).Path; got != filepath.Join(dir, "simfang.ttf") {
		t.Errorf("body font %s, want the office's simfang.ttf", got)
	}
	if fs.Substitute(Body) {
		t.Error("simfang.ttf reported as a stand-in")
	}
	if got := fs.Face(Title).Path; got != filepath.Join(dir, "方正小标宋简体.ttf") || fs.Embolden(Title) {
		t.Errorf("title font %s (embolden %v), want the office's 方正小标宋简体.ttf", got, fs.Embolden(Title))
	}
	for _, r := range Roles {
		if strings.Contains(strings.ToLower(fs.Face(r).Path), "droid") {
			t.Errorf("%s uses Droid Sans Fallback", r)
		}
		if !strings.Contains(fs.Describe(r), fs.Face(r).Family) {
			t.Errorf("Describe(%s) = %q", r, fs.Describe(r))
		}
	}
	if !fs.Substitute(Heading2) && !strings.Contains(strings.ToLower(fs.Face(Heading2).Path), "simkai") {
		t.Errorf("楷体 %s not marked as a stand-in", fs.Face(Heading2).Path)
	}
}

func TestPickFaceNeverDroid(t *testing.T) {
	droid := "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	tiers := [][]faceInfo{{{path: droid, families: []string{"Droid Sans Fallback"}}}}
	for _, r := range Roles {
		if f, _ := pickFace(r, tiers, map[string]*Face{}); f != nil {
			t.Errorf("%s picked %s", r, f.Path)
		}
	}
}

func TestFontErrorSaysWhatToInstall(t *testing.T) {
	err := error(&FontError{Missing: Roles})
	msg := err.Error()
	for _, want := range []string{
		"未找到仿宋字体", "simfang.ttf", "fonts-arphic-gbsn00lp",
		"未找到小标宋字体", "FZXBSJW.TTF",
		"未找到黑体字体", "simhei.ttf", "fonts-wqy-microhei",
		"未找到楷体字体", "simkai.ttf", "fonts-arphic-gkai00mp",
		"未找到宋体字体", "simsun.ttc",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message lacks %q: %s", want, msg)
		}
	}
	if _, err := NewFontSet(map[Role]*Face{}); !errors.As(err, new(*FontError)) {
		t.Errorf("NewFontSet without faces: %v", err)
	}
}

func TestSubset(t *testing.T) {
	for _, path := range []string{gbsn, wqy, fandolFile(t, "FandolFang-Regular.otf")} {
		f, err := LoadFace(fontFile(t, path, "fonts-arphic-gbsn00lp fonts-wqy-microhei"), 0)
		if err != nil {
			t.Fatal(err)
		}
		runes := []rune("效能监察通知书〔2026〕12号，。—A")
		ttf, err := f.Subset(runes)
		if err != nil {
			t.Fatal(err)
		}
		if len(ttf) > len(f.data)/5 {
			t.Errorf("%s: the subset is %d bytes of %d", path, len(ttf), len(f.data))
		}
		sub, err := ParseFace(ttf, 0)
		if err != nil {
			t.Fatalf("%s: the subset does not parse: %v", path, err)
		}
		for _, r := range runes {
			if !sub.Has(r) || sub.Advance(r) != f.Advance(r) {
				t.Errorf("%s: %q lost in the subset", path, r)
			}
			if !sameOutline(f, sub, f.glyph(r), sub.glyph(r)) {
				t.Errorf("%s: the outline of %q changed", path, r)
			}
		}
		// the glyphs are numbered afresh: fpdf reads every glyph's
		// metrics and place
		if n := len(sub.advances); n > 2*len(runes) {
			t.Errorf("%s: the subset has %d glyphs for %d characters", path, n, len(runes))
		}
		if sub.Has('中') {
			t.Errorf("%s: the subset has a character it was not asked for", path)
		}
		if sum := checksum(ttf); sum != 0xB1B0AFBA {
			t.Errorf("%s: subset checksum %#x", path, sum)
		}
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.AddUTF8FontFromBytes("x", "", ttf)
		pdf.AddPage()
		pdf.SetFont("x", "", 16)
		pdf.Text(20, 20, string(runes))
		if err := pdf.Output(&bytes.Buffer{}); err != nil {
			t.Fatalf("%s: fpdf refuses the subset: %v", path, err)
		}
	}
}

// sameOutline tells whether glyph g of f and glyph h of sub are drawn
// alike: the same outline, a composite glyph's parts alike in turn.
func sameOutline(f, sub *Face, g, h int) bool {
	a, b := f.glyphData(g), sub.glyphData(h)
	if len(a) != len(b) || len(a) == 0 {
		return len(a) == len(b)
	}
	fa, fb := f.components(g), sub.components(h)
	if len(fa) != len(fb) {
		return false
	}
	a, b = bytes.Clone(a), bytes.Clone(b)
	for i, pos := range componentRefs(a) {
		if !sameOutline(f, sub, fa[i], fb[i]) {
			return false
		}
		a[pos], a[pos+1], b[pos], b[pos+1] = 0, 0, 0, 0
	}
	return bytes.Equal(a, b)
}

// A CFF face's glyphs, converted to TrueType, keep their outlines: the
// same bounds as go-text's whole-font reader finds, within a unit.
func TestCFFOutlines(t *testing.T) {
	path := fandolFile(t, "FandolFang-Regular.otf")
	f, err := LoadFace(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := gotext.ParseTTF(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "溪市查仿宋效能2026〔〕，。—A" {
		g := f.glyph(r)
		d := f.glyphData(g)
		if len(d) < 10 {
			t.Errorf("%q: no outline", r)
			continue
		}
		ext, ok := whole.GlyphExtents(gotext.GID(g))
		if !ok {
			t.Fatalf("%q: no extents", r)
		}
		box := [4]int{int(int16(binary.BigEndian.Uint16(d[2:]))), int(int16(binary.BigEndian.Uint16(d[4:]))), int(int16(binary.BigEndian.Uint16(d[6:]))), int(int16(binary.BigEndian.Uint16(d[8:])))}
		want := [4]float64{float64(ext.XBearing), float64(ext.YBearing + ext.Height), float64(ext.XBearing + ext.Width), float64(ext.YBearing)}
		for i := range box {
			if math.Abs(float64(box[i])-want[i]) > 1.01 {
				t.Errorf("%q: converted bounds %v, the CFF outline's %v", r, box, want)
				break
			}
		}
	}
}
