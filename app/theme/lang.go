package theme

import (
	_ "embed"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// zhHans holds our Chinese for Fyne's built-in strings. Fyne ships a zh_Hans
// file, but it says 好 for OK and 不 for No, which no Chinese office program
// says.
//
//go:embed zh-Hans.json
var zhHans []byte

// fyneLanguages are the languages Fyne 2.7.1 ships translations for. Fyne
// picks one of them from the system's locale and falls back to English for
// any other; the application is Chinese only, so our Chinese is registered
// under each of them and Fyne's own labels are Chinese on an English or
// German Windows too.
var fyneLanguages = []fyne.Locale{"zh-Hans", "en", "cs", "de", "el", "es", "fr", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk"}

// installTranslations registers zhHans for every language Fyne may choose.
func installTranslations() error {
	if err := lang.AddTranslations(fyne.NewStaticResource("zh-Hans.json", zhHans)); err != nil {
		return fmt.Errorf("zh-Hans.json: %w", err)
	}
	for _, l := range fyneLanguages[1:] {
		if err := lang.AddTranslationsForLocale(zhHans, l); err != nil {
			return fmt.Errorf("translations for %s: %w", l, err)
		}
	}
	return nil
}
