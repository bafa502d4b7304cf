package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"xiaoneng/app/kit"
	"xiaoneng/app/screens/field"
	"xiaoneng/data"
	"xiaoneng/data/exchange"
	"xiaoneng/data/store"
)

// ExchangeChanged shows, on a field ledger, which office and rounds it
// belongs to and its last exchange, above every screen.
func (w *Workbench) ExchangeChanged() {
	if w.banner == nil || w.db == nil {
		return
	}
	fc, laptop, err := w.db.FieldLedger(w.ctx)
	if err != nil {
		fyne.LogError("reading the field ledger's checkout", err)
	}
	text := ""
	if laptop {
		text = field.FieldLedgerText(fc) + "编号、设置和节假日由主台账管理；做完请在“外勤”中交回。"
	}
	w.banner.Say(text)
}

// openFieldPackage makes a field ledger (外勤台账) from an office's
// package, as `field init` does: the package, its passphrase, the new
// ledger's file; then the field ledger is the open one, where the round's
// team and the office's 外勤 users sign in with their office passwords.
func (w *Workbench) openFieldPackage() {
	kit.ChooseFile(w.win, "打开外勤包", kit.ChooseOpen, w.ledgerDir(), "", ".xnpkg", nil, func(pkg string) {
		kit.AskPassphrase(w.win, "外勤包口令", "请输入办公室出库时设的口令。", false, func(c exchange.Cipher) {
			kit.ChooseFile(w.win, "新建外勤台账", kit.ChooseSave, w.ledgerDir(), "外勤台账.db", ".db", kit.MustNotExist, func(path string) {
				w.leaveThen(func() { w.createFieldLedger(path, pkg, c) }, func() {})
			})
		})
	})
}

func (w *Workbench) createFieldLedger(path, pkg string, c exchange.Cipher) {
	var db *store.DB
	var pv *data.FieldPreview
	w.RunJob("正在新建外勤台账", func(ctx context.Context, _ func(done, total int)) error {
		var err error
		db, pv, err = store.CreateFieldLedger(ctx, path, pkg, c, w.ledgerOptions(path, true))
		return err
	}, func(err error) {
		if err != nil { // RunJob has said why; no ledger was made
			return
		}
		// said once the user has signed in with the office's password
		w.afterSignIn = func() {
			dialog.ShowInformation("已新建外勤台账", fmt.Sprintf("已新建外勤台账：%s\n%s包带来记录%d条，照片和附件%d个。",
				path, pv.Package, len(pv.Added), pv.Files), w.win)
		}
		w.setLedger(db)
	})
}
