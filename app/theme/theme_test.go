package theme

import (
	"bytes"
	"image"
	"image/color"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// anyCandidate reports whether this machine has one of the font files the
// theme looks for; without one the rendering tests have nothing to test.
func anyCandidate(t *testing.T) {
	t.Helper()
	for _, c := range candidates() {
		if c.fontconfig {
			c, _ = fcMatch()
		}
		if _, err := os.Stat(c.path); c.path != "" && err == nil {
			return
		}
	}
	t.Fatal("no Chinese font installed (scripts/test.sh installs them)")
}

func TestResolvesChineseFont(t *testing.T) {
	anyCandidate(t)
	th := New()
	if resolved.regular == nil {
		t.Fatalf("no font resolved: %s", resolved.note)
	}
	if name := FontName(); name == "" || strings.HasPrefix(name, "未找到") {
		t.Fatalf("FontName = %q", name)
	}
	f := th.Font(fyne.TextStyle{})
	if f != resolved.regular {
		t.Fatalf("regular text font is %s, want the resolved font", f.Name())
	}
	if err := drawsChinese(f.Content()); err != nil {
		t.Fatalf("resolved font does not draw Chinese: %v", err)
	}
	if th.Font(fyne.TextStyle{Monospace: true}) != fynetheme.DefaultTheme().Font(fyne.TextStyle{Monospace: true}) {
		t.Error("monospace should stay Fyne's")
	}
	if th.Font(fyne.TextStyle{Italic: true}) != resolved.regular {
		t.Error("italic should use the upright CJK face")
	}
}

// TestExtractFromCollection takes both faces of the WenQuanYi collection
// apart and checks each is a standalone font Fyne parses, with its own name.
func TestExtractFromCollection(t *testing.T) {
	const ttc = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
	if _, err := os.Stat(ttc); err != nil {
		t.Fatal("wqy-microhei not installed (scripts/test.sh installs it)")
	}
	regular, fam0, err := loadFace(ttc, "WenQuanYi Micro Hei")
	if err != nil {
		t.Fatal(err)
	}
	mono, fam1, err := loadFace(ttc, "#1")
	if err != nil {
		t.Fatal(err)
	}
	if fam0 != "WenQuanYi Micro Hei" || fam1 != "WenQuanYi Micro Hei Mono" {
		t.Fatalf("families %q, %q", fam0, fam1)
	}
	if bytes.Equal(regular.Content(), mono.Content()) {
		t.Fatal("both faces extracted to the same bytes")
	}
	raw, err := os.ReadFile(ttc)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(regular.Content(), raw) || string(regular.Content()[:4]) == "ttcf" {
		t.Fatal("face was not extracted from the collection")
	}
	if _, _, err := loadFace(ttc, "#7"); err == nil {
		t.Fatal("face index beyond the collection accepted")
	}
	// A family name that is not there falls back to a face that draws Chinese.
	if _, fam, err := loadFace(ttc, "Microsoft YaHei UI"); err != nil || fam == "" {
		t.Fatalf("fallback face: %q, %v", fam, err)
	}
}

func TestLoadFaceRejectsFontsWithoutChinese(t *testing.T) {
	// Fyne's bundled Latin font lacks the probe characters.
	path := t.TempDir() + "/latin.ttf"
	if err := os.WriteFile(path, fynetheme.DefaultTextFont().Content(), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadFace(path, ""); err == nil {
		t.Fatal("a font without Chinese glyphs was accepted")
	}
	if _, _, err := loadFace(t.TempDir()+"/missing.ttf", ""); !os.IsNotExist(err) {
		t.Fatalf("missing file: %v", err)
	}
}

// render draws text with the office theme in a headless window and returns
// the image; source, if not nil, draws with that font alone (no fallback).
func render(t *testing.T, text string, source fyne.Resource) image.Image {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(New())
	l := canvas.NewText(text, color.Black)
	l.TextSize = 32
	l.FontSource = source
	w := test.NewTempWindow(t, l)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(200, 60))
	return w.Canvas().Capture()
}

// ink counts the dark pixels of img.
func ink(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r+g+bl < 3*0x8000 {
				n++
			}
		}
	}
	return n
}

// TestRendersChineseNotTofu captures Chinese characters in the test driver.
// A font without them draws the same box (tofu) for every character, so
// distinct characters rendering to distinct images, each with ink, is what
// a reader sees as Chinese; and the pixels must be those of the resolved
// font. (Fyne also falls back to system fonts per character, so the Latin
// letters, which Fyne's own font has, show whose font the theme gives.)
func TestRendersChineseNotTofu(t *testing.T) {
	anyCandidate(t)
	New()
	latin := render(t, "Abc", nil)
	if !sameImage(latin, render(t, "Abc", resolved.regular)) {
		t.Fatal("text is not drawn in the resolved font")
	}
	if sameImage(latin, render(t, "Abc", fynetheme.DefaultTextFont())) {
		t.Fatal("text is drawn in Fyne's own font, not the resolved one")
	}

	imgs := map[string]image.Image{}
	for _, s := range []string{"效", "能", "台", "账"} {
		img := render(t, s, nil)
		if ink(img) < 40 {
			t.Fatalf("%s rendered almost nothing (%d dark pixels)", s, ink(img))
		}
		for other, o := range imgs {
			if sameImage(img, o) {
				t.Fatalf("%s and %s render identically: tofu", s, other)
			}
		}
		if !sameImage(img, render(t, s, resolved.regular)) {
			t.Fatalf("%s is not drawn in the resolved font %s", s, FontName())
		}
		imgs[s] = img
	}
	// 一 is a single stroke: less ink than 效, which a box would not show.
	if ink(render(t, "一", nil)) >= ink(imgs["效"]) {
		t.Fatal("一 has as much ink as 效: glyphs are not being drawn")
	}
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// TestWidgetTextUsesCJKFont checks a label measures with the CJK face: in
// a CJK font a Han character is a full em wide.
func TestWidgetTextUsesCJKFont(t *testing.T) {
	anyCandidate(t)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(New())
	size := fyne.MeasureText("效能台账", 20, fyne.TextStyle{})
	if size.Width < 4*20*0.9 || size.Width > 4*20*1.1 {
		t.Fatalf("4 Han characters at 20pt measure %.1f wide, want about 80", size.Width)
	}
	l := widget.NewLabel("督查检查")
	w := test.NewTempWindow(t, l)
	w.Resize(fyne.NewSize(200, 50))
	if ink(w.Canvas().Capture()) < 100 {
		t.Fatal("label drew no text")
	}
}

func TestFyneStringsAreChinese(t *testing.T) {
	for _, env := range []string{"en_US.UTF-8", "de_DE.UTF-8", "zh_CN.UTF-8", "ja_JP.UTF-8"} {
		t.Setenv("LC_ALL", env)
		t.Setenv("LANGUAGE", "")
		if err := installTranslations(); err != nil {
			t.Fatal(err)
		}
		for in, want := range map[string]string{"OK": "确定", "Cancel": "取消", "Yes": "是", "No": "否", "Save": "保存", "Error": "错误"} {
			if got := lang.L(in); got != want {
				t.Errorf("%s: lang.L(%q) = %q, want %q", env, in, got, want)
			}
		}
		if got := lang.X("monday.short", "Mon"); got != "一" {
			t.Errorf("%s: monday.short = %q", env, got)
		}
	}
}

func TestLightVariantForced(t *testing.T) {
	th := New()
	want := fynetheme.DefaultTheme().Color(fynetheme.ColorNameBackground, fynetheme.VariantLight)
	if got := th.Color(fynetheme.ColorNameBackground, fynetheme.VariantDark); got != want {
		t.Fatalf("background in dark mode = %v, want the light %v", got, want)
	}
}

func TestFontconfigCandidate(t *testing.T) {
	c, ok := fcMatch()
	if !ok {
		t.Fatal("fontconfig not available (scripts/test.sh installs it)")
	}
	if _, fam, err := loadFace(c.path, c.family); err != nil || fam == "" {
		t.Fatalf("fc-match gave %s %s: %q, %v", c.path, c.family, fam, err)
	}
}

// TestNoFontFallsBackToFyne checks the theme without a resolved font: text
// uses Fyne's fonts (and Fyne's own per-character system fallback).
func TestNoFontFallsBackToFyne(t *testing.T) {
	th := &officeTheme{}
	for _, st := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}} {
		if th.Font(st) != fynetheme.DefaultTheme().Font(st) {
			t.Fatalf("style %+v: not Fyne's font", st)
		}
	}
}

// TestSystemScanFindsChinese checks the last candidate, go-text's index of
// the installed fonts: on a machine with a Chinese font it must find one
// that loads and draws Chinese.
func TestSystemScanFindsChinese(t *testing.T) {
	anyCandidate(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the index is cached there
	c, ok := scanSystem()
	if !ok {
		t.Fatal("the font index has no face that draws Chinese")
	}
	if _, fam, err := loadFace(c.path, c.family); err != nil {
		t.Fatalf("index gave %s %s: %q, %v", c.path, c.family, fam, err)
	}
}

// TestMissingFontSaysWhatToInstall checks the message for a machine
// without any font that draws Chinese, and that there is none otherwise.
func TestMissingFontSaysWhatToInstall(t *testing.T) {
	setup()
	saved := resolved
	t.Cleanup(func() { resolved = saved })
	resolved = resolvedFont{note: "no candidate font file exists"}
	msg := MissingFont()
	for _, want := range []string{"没有能显示中文的字体", "sudo apt-get install fonts-wqy-microhei"} {
		if !strings.Contains(msg, want) {
			t.Errorf("MissingFont() = %q, want it to contain %q", msg, want)
		}
	}
	resolved = saved
	if saved.regular != nil && MissingFont() != "" {
		t.Errorf("MissingFont() = %q with %s resolved", MissingFont(), saved.name)
	}
}
