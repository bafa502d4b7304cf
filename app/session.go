package app

import (
	"path/filepath"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/app/screens/signin"
	"xiaoneng/data"
	"xiaoneng/data/demo"
	"xiaoneng/data/store"
)

// The workbench stands behind a sign-in. A ledger without users first gets
// its administrator; a password an administrator set is changed before
// anything else. After the settings' IdleLockMinutes without use the lock
// covers the workbench: the same user's password lifts it with every form
// as it was; 切换用户 there (or 退出登录) drops the open screens, so that
// the next user never sees what the previous one left typed and unsaved.

// session is the shell's state of the sign-in.
type session struct {
	// afterSignIn runs once the workbench is shown after the next sign-in
	// (a new ledger opens on 设置).
	afterSignIn func()
	lock        *signin.Lock
	// active is when the user last did something (UnixNano): asked the
	// ledger for something, or moved the mouse over the workbench.
	active atomic.Int64
	now    func() time.Time
}

// signedIn reports whether a user is signed in to the open ledger.
func (w *Workbench) signedIn() bool {
	if w.db == nil {
		return false
	}
	_, ok := w.db.User()
	return ok
}

// showGate shows what stands before the workbench of the open ledger:
// the first administrator's view when it has no user, else the sign-in.
// Whatever the previous user left open is dropped, dialogs included.
func (w *Workbench) showGate() {
	w.follow.Stop()
	w.screens, w.current = nil, -1
	for _, o := range w.win.Canvas().Overlays().List() {
		w.win.Canvas().Overlays().Remove(o)
	}
	w.refreshTitle()
	w.setMenu()
	has, err := w.db.HasUsers(w.ctx)
	if err != nil {
		kit.ShowError(w.win, err)
	}
	if err == nil && !has {
		signin.FirstAdmin(w.db, w.db.Unsealed, w.RunJob, func(out store.Created) {
			signin.Recovery(out, w.showWorkbench).Show(w.win)
		}).Show(w.win)
		return
	}
	signin.SignIn(w.ctx, w.db, w.signInHint(), func(u *data.User, password string) {
		if u.MustChangePassword {
			signin.ChangePassword(w.ctx, w.db, u, password, w.showWorkbench).Show(w.win)
			return
		}
		w.showWorkbench()
	}).Show(w.win)
}

// signInHint names the ledger in the sign-in window, with the demo
// county's users on its ledger.
func (w *Workbench) signInHint() string {
	name := filepath.Base(w.db.Path())
	if name == demoFileName {
		return name + "：演示用户 zhuren（主任）、shouli（受理员）、ducha（督查员）、lingdao（领导）、waiqin（外勤），密码都是 " + demo.Password
	}
	return name
}

// showWorkbench shows the signed-in user's workbench: the screens the
// user's roles may use, the status bar saying who is signed in.
func (w *Workbench) showWorkbench() {
	u, _ := w.db.User()
	w.defs = nil
	for _, d := range navigation() {
		if d.may(&u) {
			w.defs = append(w.defs, d)
		}
	}
	w.screens = make([]screen, len(w.defs))
	w.current = -1
	w.nav.Refresh()
	w.refreshTitle()
	split := container.NewHSplit(w.nav, w.body)
	split.Offset = 0.12
	w.banner = kit.NewBanner()
	w.ExchangeChanged()
	who := widget.NewLabel("当前用户：" + u.Display() + "　" + u.RoleText())
	lock := widget.NewButton("锁定", w.lockNow)
	out := widget.NewButton("退出登录", w.signOut)
	lock.Importance, out.Importance = widget.LowImportance, widget.LowImportance
	status := container.NewBorder(nil, nil, who, container.NewHBox(lock, out), w.backupNote)
	catcher := kit.NewActivity(w.touch)
	w.win.SetContent(container.NewBorder(w.banner.Box, status, nil, nil, container.NewStack(catcher, split)))
	w.touch()
	w.show(0)
	w.follow.Start(w.db)
	if then := w.afterSignIn; then != nil {
		w.afterSignIn = nil
		then()
	}
}

// may reports whether u may use the screen: one of its permissions, or
// reading the ledger when it names none.
func (d screenDef) may(u *data.User) bool {
	if len(d.perms) == 0 {
		return u.May(data.PermRead)
	}
	for _, p := range d.perms {
		if u.May(p) {
			return true
		}
	}
	return false
}

// signOut signs the user out, once the open form's changes are dealt with,
// and shows the sign-in for the next user.
func (w *Workbench) signOut() {
	w.leaveThen(func() {
		if err := w.db.SignOut(w.ctx); err != nil {
			kit.ShowError(w.win, err)
		}
		w.showGate()
	}, func() {})
}

// lockNow covers the workbench with the idle lock.
func (w *Workbench) lockNow() {
	if w.lock != nil || !w.signedIn() {
		return
	}
	w.lock = signin.ShowLock(w.ctx, w.win, w.db, func() {
		w.lock = nil
		w.touch()
	}, func() {
		w.lock = nil
		w.showGate()
	})
}

// touch records the user's activity now.
func (w *Workbench) touch() { w.active.Store(w.now().UnixNano()) }

// checkIdle locks the workbench once the user has done nothing for the
// settings' IdleLockMinutes. Only the workbench locks: the views before it
// (the recovery code shown once among them) are not covered.
func (w *Workbench) checkIdle() {
	if w.lock != nil || w.currentScreen() == nil || !w.signedIn() || w.db.Locked() {
		return
	}
	s, err := w.db.Settings(w.ctx)
	if err != nil {
		fyne.LogError("reading the idle lock's time", err)
		return
	}
	if w.now().Sub(time.Unix(0, w.active.Load())) >= time.Duration(s.IdleLockMinutes)*time.Minute {
		w.lockNow()
	}
}

// watchIdle checks for idleness every 20 seconds while the program runs.
func (w *Workbench) watchIdle() {
	go func() {
		for range time.Tick(20 * time.Second) {
			fyne.Do(w.checkIdle)
		}
	}()
}
