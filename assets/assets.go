// Package assets holds the files built into the program.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:generate go run icon_gen.go

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon: a ledger page with a check seal.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
