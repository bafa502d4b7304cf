// Package signin is what stands before the workbench: the sign-in window,
// the first administrator of a ledger without users and the recovery code
// shown once, the password change an administrator's password asks for,
// and the idle lock over the workbench. The shell (app) decides which to
// show; each view talks to the ledger only through the store.
package signin

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/assets"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

// View is a view with the field the keyboard starts in.
type View struct {
	fyne.CanvasObject
	First fyne.Focusable
}

// Show makes v the window's content, the keyboard in its first field.
func (v View) Show(win fyne.Window) {
	win.SetContent(v.CanvasObject)
	if v.First != nil {
		win.Canvas().Focus(v.First)
	}
}

// width is the width of the views' column of fields.
const width = 420

// page centres a titled column of objects in the window.
func page(title string, objs ...fyne.CanvasObject) fyne.CanvasObject {
	icon := canvas.NewImageFromResource(assets.Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(72, 72))
	head := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	head.SizeName = theme.SizeNameHeadingText
	box := container.NewVBox(append([]fyne.CanvasObject{container.NewCenter(icon), head}, objs...)...)
	return container.NewCenter(kit.Wide(width, box))
}

// refusal is the red line under a form that says why it was refused.
func refusal() *kit.WrapLabel {
	l := kit.NewWrapLabel("")
	l.Importance = widget.DangerImportance
	l.Hide()
	return l
}

// say shows err's sentence in l, or hides l for nil.
func say(l *kit.WrapLabel, err error) {
	if err == nil {
		l.Hide()
		return
	}
	l.SetText(data.UserMessage(err))
	l.Show()
}

// SignIn is the sign-in window's view: login and password. hint, when not
// "", is a line under the title (which ledger, the demo's users).
// signedIn gets the user and the password typed (for a password change
// the administrator's password asks for at once).
func SignIn(ctx context.Context, db *store.DB, hint string, signedIn func(u *data.User, password string)) View {
	login := widget.NewEntry()
	login.SetPlaceHolder("登录名，如 zhangsan")
	password := widget.NewPasswordEntry()
	why := refusal()
	submit := func() {
		u, err := db.SignIn(ctx, login.Text, password.Text)
		if err != nil {
			password.SetText("")
			say(why, err)
			if c := fyne.CurrentApp().Driver().CanvasForObject(password); c != nil {
				c.Focus(password)
			}
			return
		}
		say(why, nil)
		signedIn(u, password.Text)
	}
	password.OnSubmitted = func(string) { submit() }
	login.OnSubmitted = func(string) { submit() }
	button := widget.NewButton("登录", submit)
	button.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem("登录名", login), widget.NewFormItem("密码", password))
	objs := []fyne.CanvasObject{}
	if hint != "" {
		h := kit.NewWrapLabel(hint)
		h.Alignment = fyne.TextAlignCenter
		objs = append(objs, h)
	}
	objs = append(objs, form, why, button)
	return View{page("登录效能台账", objs...), login}
}

// Runner runs long work with a progress window (the shell's RunJob).
type Runner func(title string, work func(ctx context.Context, progress func(done, total int)) error, done func(err error))

// FirstAdmin is the view that creates a ledger's first administrator: on
// a new ledger's first start, or on a ledger upgraded from before users,
// whose complainants' identities (unsealed of them) are sealed as the
// administrator is created. created gets the recovery code.
func FirstAdmin(db *store.DB, unsealed int, run Runner, created func(store.Created)) View {
	name := widget.NewEntry()
	name.SetPlaceHolder("如：王主任")
	login := widget.NewEntry()
	login.SetPlaceHolder("英文字母开头，如 wangzr")
	password := widget.NewPasswordEntry()
	again := widget.NewPasswordEntry()
	why := refusal()
	intro := "台账还没有用户。请先创建管理员：管理员管理用户、设置和备份。" +
		fmt.Sprintf("密码至少%d位，包含字母、数字、符号中的至少两类。", data.MinPasswordLength)
	if unsealed > 0 {
		intro += fmt.Sprintf("\n本台账由旧版本升级而来，有%d位投诉人的身份信息尚未加密：创建管理员时将立即加密，并清除台账文件中的明文，可能需要几分钟。", unsealed)
	}
	var button *widget.Button
	button = widget.NewButton("创建管理员", func() {
		if password.Text != again.Text {
			say(why, data.Invalid("Password", "两次输入的密码不一致"))
			return
		}
		u := &data.User{Name: strings.TrimSpace(name.Text), Login: login.Text, Roles: []data.Role{data.AdminRole}}
		// what the store would refuse at once is said here, under the form;
		// the progress window reports what fails in the work itself
		if err := errors.Join(u.Validate(), data.CheckPassword(u.Login, password.Text)); err != nil {
			say(why, err)
			return
		}
		say(why, nil)
		var out store.Created
		button.Disable()
		run("正在创建管理员", func(ctx context.Context, _ func(done, total int)) error {
			var err error
			out, err = db.CreateFirstAdmin(ctx, u, password.Text)
			return err
		}, func(err error) {
			button.Enable()
			if err == nil {
				created(out)
			}
		})
	})
	button.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem("姓名", name), widget.NewFormItem("登录名", login),
		widget.NewFormItem("密码", password), widget.NewFormItem("再输一次", again))
	return View{page("创建管理员", kit.NewWrapLabel(intro), form, why, button), name}
}

// Recovery shows the recovery code, the one time it is shown, with what
// the office does with it; done runs once the user says it is kept.
func Recovery(out store.Created, done func()) View {
	code := widget.NewLabelWithStyle(out.RecoveryCode, fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true})
	code.SizeName = theme.SizeNameSubHeadingText
	code.Selectable = true
	words := "这是本台账的恢复码，只显示这一次。所有能查看投诉人身份的用户都忘记密码时，只有用它才能找回加密的投诉人身份。\n" +
		"请现在把它打印或抄写下来，由办公室负责人签字后封存，与电脑分开保管；不要存放在这台电脑上，也不要拍照发送。"
	if out.Sealed > 0 {
		words += fmt.Sprintf("\n已加密%d位投诉人的身份信息，台账文件中的明文已清除。", out.Sealed)
	}
	if out.RemovedBackup != "" {
		words += "\n升级前的台账副本含有明文身份信息，已删除：" + out.RemovedBackup
	}
	button := widget.NewButton("已抄写并妥善保管，进入工作台", done)
	button.Importance = widget.HighImportance
	return View{page("恢复码", kit.NewWrapLabel(words), code, button), nil}
}

// ChangePassword is the password change a password set by an
// administrator asks for before anything else: old is the password just
// signed in with. changed runs once the new one is saved.
func ChangePassword(ctx context.Context, db *store.DB, u *data.User, old string, changed func()) View {
	password := widget.NewPasswordEntry()
	again := widget.NewPasswordEntry()
	why := refusal()
	submit := func() {
		if password.Text != again.Text {
			say(why, data.Invalid("Password", "两次输入的密码不一致"))
			return
		}
		if err := db.ChangePassword(ctx, old, password.Text); err != nil {
			say(why, err)
			return
		}
		changed()
	}
	again.OnSubmitted = func(string) { submit() }
	button := widget.NewButton("修改密码", submit)
	button.Importance = widget.HighImportance
	intro := fmt.Sprintf("%s：您的密码由管理员设置，请先改成只有您自己知道的密码。密码至少%d位，包含字母、数字、符号中的至少两类。",
		u.Display(), data.MinPasswordLength)
	form := widget.NewForm(widget.NewFormItem("新密码", password), widget.NewFormItem("再输一次", again))
	return View{page("修改密码", kit.NewWrapLabel(intro), form, why, button), password}
}
