package signin

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

// Lock covers the workbench, whose screens stay as they were underneath,
// until the signed-in user types the password again. unlocked runs then;
// signedOut runs when the user leaves instead (切换用户), or when the store
// signed the user out (locked out by wrong passwords, or disabled
// meanwhile): the shell then drops what was open.
type Lock struct {
	pop      *widget.PopUp
	password *widget.Entry
}

// ShowLock locks db's session and covers win's canvas with the lock.
func ShowLock(ctx context.Context, win fyne.Window, db *store.DB, unlocked, signedOut func()) *Lock {
	db.Lock()
	u, _ := db.User()
	l := &Lock{password: widget.NewPasswordEntry()}
	why := refusal()
	leave := func() {
		l.pop.Hide()
		signedOut()
	}
	submit := func() {
		err := db.Unlock(ctx, l.password.Text)
		l.password.SetText("")
		if err == nil {
			l.pop.Hide()
			unlocked()
			return
		}
		var se *data.SignInError
		if errors.As(err, &se) && se.Reason != data.SignInWrong || errors.Is(err, data.ErrNotSignedIn) {
			// signed out by the store: another user must sign in
			leave()
			return
		}
		say(why, err)
	}
	l.password.OnSubmitted = func(string) { submit() }
	unlock := widget.NewButton("解锁", submit)
	unlock.Importance = widget.HighImportance
	other := widget.NewButton("切换用户", func() {
		if err := db.SignOut(ctx); err != nil {
			fyne.LogError("signing out at the idle lock", err)
		}
		leave()
	})
	words := fmt.Sprintf("工作台已锁定：%s长时间未操作。请输入密码解锁，打开的内容保持不变。\n换其他用户登录时，未保存的内容将不再保留。", u.Display())
	form := widget.NewForm(widget.NewFormItem("密码", l.password))
	view := page("工作台已锁定", kit.NewWrapLabel(words), form, why, container.NewGridWithColumns(2, other, unlock))
	// An opaque cover: nothing of the open forms shows through.
	cover := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	l.pop = widget.NewModalPopUp(container.NewStack(cover, view), win.Canvas())
	l.pop.Resize(win.Canvas().Size())
	l.pop.Show()
	win.Canvas().Focus(l.password)
	return l
}

// Hide takes the lock away without unlocking (the ledger was closed).
func (l *Lock) Hide() { l.pop.Hide() }
