package app

import (
	"runtime/debug"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/app/theme"
	"xiaoneng/assets"
)

// version is the program's version: the packaged metadata's when the
// program was built with the fyne tool, else the module's, else 开发版.
func (w *Workbench) version() string {
	if m := w.app.Metadata(); m.ID != "" && m.Version != "" {
		return m.Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "开发版"
}

// aboutInfo is what the 关于 dialog lists, in order.
func (w *Workbench) aboutInfo() [][2]string {
	ledger := "未打开"
	if w.db != nil {
		ledger = w.db.Path()
	}
	return [][2]string{
		{"版本", w.version()},
		{"台账文件", ledger},
		{"界面字体", theme.FontName()},
	}
}

// showAbout shows the version, the open ledger's path and the font in use.
func (w *Workbench) showAbout() {
	icon := canvas.NewImageFromResource(assets.Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(64, 64))
	form := widget.NewForm()
	for _, kv := range w.aboutInfo() {
		v := kit.NewWrapLabel(kv[1])
		form.Append(kv[0], v)
	}
	head := container.NewBorder(nil, nil, icon, nil,
		widget.NewLabelWithStyle("效能台账\n机关效能建设工作台账管理系统", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	d := dialog.NewCustom("关于效能台账", "关闭", container.NewVBox(head, widget.NewSeparator(), form), w.win)
	d.Resize(fyne.NewSize(520, 300))
	d.Show()
}
