package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data/exchange"
)

// NewCipher is the cipher of a field package (外勤包) sealed with a
// passphrase; tests lower its cost.
var NewCipher = func(secret string) exchange.Cipher { return exchange.Passphrase{Secret: secret} }

// AskPassphrase asks for a field package's passphrase under intro — twice
// when twice is set (a package about to be written: a slip of the keys
// would lock it) — and hands the cipher to done. An empty passphrase is
// refused where packages are sealed (exchange.Passphrase).
func AskPassphrase(win fyne.Window, title, intro string, twice bool, done func(exchange.Cipher)) {
	first, again := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	form := widget.NewForm(widget.NewFormItem("口令", first))
	if twice {
		form.Append("再输入一遍", again)
	}
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(title, "确定", "取消", container.NewVBox(NewWrapLabel(intro), form), func(ok bool) {
		if !ok {
			return
		}
		if twice && again.Text != first.Text {
			again.SetText("")
			d.Show()
			dialog.ShowInformation("口令不一致", "两次输入的口令不一样，请重新输入。", win)
			return
		}
		done(NewCipher(first.Text))
	}, win)
	d.Resize(fyne.NewSize(480, d.MinSize().Height))
	d.Show()
	win.Canvas().Focus(first)
}
