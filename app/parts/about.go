package parts

import (
	"runtime/debug"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/assets"
)

// Version is the program's version: the packaged metadata's when the
// program was built with the fyne tool, else the module's, else 开发版.
func Version(a fyne.App) string {
	if m := a.Metadata(); m.ID != "" && m.Version != "" {
		return m.Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "开发版"
}

// ShowAbout shows the 关于 dialog: the program's name and icon over info,
// each a name and its value.
func ShowAbout(win fyne.Window, info [][2]string) {
	icon := canvas.NewImageFromResource(assets.Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(64, 64))
	form := widget.NewForm()
	for _, kv := range info {
		v := kit.NewWrapLabel(kv[1])
		form.Append(kv[0], v)
	}
	head := container.NewBorder(nil, nil, icon, nil,
		widget.NewLabelWithStyle("效能台账\n机关效能建设工作台账管理系统", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	d := dialog.NewCustom("关于效能台账", "关闭", container.NewVBox(head, widget.NewSeparator(), form), win)
	d.Resize(fyne.NewSize(520, 300))
	d.Show()
}
