package app

import (
	"xiaoneng/app/parts"
	"xiaoneng/app/theme"
)

// aboutInfo is what the 关于 dialog lists, in order.
func (w *Workbench) aboutInfo() [][2]string {
	ledger := "未打开"
	if w.db != nil {
		ledger = w.db.Path()
	}
	return [][2]string{
		{"版本", parts.Version(w.app)},
		{"台账文件", ledger},
		{"界面字体", theme.FontName()},
	}
}

// showAbout shows the version, the open ledger's path and the font in use.
func (w *Workbench) showAbout() { parts.ShowAbout(w.win, w.aboutInfo()) }
