// Package theme is the application's look: a light office theme whose text
// font is a resolved Chinese (CJK) system font, and Fyne's own labels in
// Chinese.
package theme

import (
	"image/color"
	"log"
	"sync"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
)

var (
	setupOnce sync.Once
	resolved  resolvedFont
)

// New returns the light office theme. Its text font is a Chinese system font
// resolved once per process (see FontName); when none is found, text falls
// back to Fyne's own fonts and Fyne's system-font fallback. The first call also
// installs the Chinese translations of Fyne's built-in strings (dialog buttons
// 确定/取消, entry menus), whatever the system's language.
func New() fyne.Theme {
	setup()
	return &officeTheme{regular: resolved.regular, bold: resolved.bold}
}

// setup resolves the font and installs the translations, once.
func setup() {
	setupOnce.Do(func() {
		resolved = resolveFont()
		if resolved.regular == nil {
			log.Printf("theme: no Chinese font found, relying on Fyne's fallback: %s", resolved.note)
		} else {
			log.Printf("theme: text font %s", resolved.name)
		}
		if err := installTranslations(); err != nil {
			log.Printf("theme: Chinese translations not installed: %v", err)
		}
	})
}

// FontName says which font New resolved, for the 关于 dialog and the log.
func FontName() string {
	setup()
	if resolved.regular == nil {
		return "未找到中文字体，使用系统后备字体"
	}
	return resolved.name
}

// MissingFont says exactly what to install when no installed font draws
// Chinese (the window would show boxes); it is empty when New found one.
func MissingFont() string {
	setup()
	if resolved.regular != nil {
		return ""
	}
	return installHint()
}

// officeTheme is Fyne's default light theme with a CJK text font. The light
// variant is forced: the office prints on white paper and screenshots in
// reports should look like the printout, whatever the desktop's dark mode.
type officeTheme struct {
	regular, bold fyne.Resource
}

func (t *officeTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return fynetheme.DefaultTheme().Color(n, fynetheme.VariantLight)
}

// Font returns the CJK face for ordinary text (Chinese has no italic, so
// italic text uses the upright face); monospace and symbols keep Fyne's fonts,
// which carry the code-like digits and icons those styles are used for.
func (t *officeTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace, s.Symbol, t.regular == nil:
		return fynetheme.DefaultTheme().Font(s)
	case s.Bold && t.bold != nil:
		return t.bold
	}
	return t.regular
}

func (t *officeTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return fynetheme.DefaultTheme().Icon(n)
}

func (t *officeTheme) Size(n fyne.ThemeSizeName) float32 {
	return fynetheme.DefaultTheme().Size(n)
}
