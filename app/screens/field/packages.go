package field

import (
	"context"
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2/dialog"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/exchange"
	"xiaoneng/data/store"
)

// packageExt is a field package's file extension.
const packageExt = ".xnpkg"

// writeOut asks for the passphrase and the file, then writes the package
// for out.Laptop.
func (s *Screen) writeOut(out store.FieldOut) {
	win := s.w.Window()
	kit.AskPassphrase(win, "外勤包口令", "外勤包整个加密：请设一个口令，当面或电话告诉带笔记本的同事，不要写在U盘上。", true, func(c exchange.Cipher) {
		out.Cipher = c
		s.chooseOutput(fmt.Sprintf("%s-出库-%s%s", out.Laptop, dayText(), packageExt), func(path string) {
			out.Path = path
			var m *exchange.Manifest
			s.w.RunJob("正在写出外勤包", func(ctx context.Context, _ func(done, total int)) error {
				var err error
				m, err = s.w.DB().WritePackageForLaptop(ctx, out)
				return err
			}, func(err error) {
				s.changed()
				if err != nil { // RunJob has said why
					return
				}
				msg := fmt.Sprintf("已写出%s：\n%s\n\n在外勤笔记本上用“文件 → 打开外勤包”新建外勤台账（补充包在外勤台账的“外勤”中导入）。", m.Describe(), path)
				if note := m.UnitsNote(); note != "" {
					msg += "\n" + note
				}
				dialog.ShowInformation("已写出外勤包", msg, win)
			})
		})
	})
}

// writeBack is 交回 on a field ledger: the passphrase, the file, the
// package.
func (s *Screen) writeBack() {
	win := s.w.Window()
	kit.AskPassphrase(win, "外勤包口令", "交回的包整个加密：用出库时的口令，或与办公室约定的新口令。", true, func(c exchange.Cipher) {
		s.chooseOutput(fmt.Sprintf("%s-交回-%s%s", s.fc.Laptop, dayText(), packageExt), func(path string) {
			var m *exchange.Manifest
			s.w.RunJob("正在写出交回包", func(ctx context.Context, _ func(done, total int)) error {
				var err error
				m, err = s.w.DB().WriteReturnPackage(ctx, path, c)
				return err
			}, func(err error) {
				s.changed()
				if err == nil {
					dialog.ShowInformation("已写出交回包", fmt.Sprintf("已写出%s：\n%s\n\n请带回办公室，在主台账的“外勤”中导入。", m.Describe(), path), win)
				}
			})
		})
	})
}

// chooseOutput asks where a package goes, proposing name beside the ledger.
func (s *Screen) chooseOutput(name string, done func(path string)) {
	kit.ChooseFile(s.w.Window(), "保存外勤包", kit.ChooseSave, filepath.Dir(s.w.DB().Path()), name, packageExt, kit.MustNotExist, done)
}

func dayText() string {
	d := host.Today()
	return fmt.Sprintf("%04d%02d%02d", d.Year(), int(d.Month()), d.Day())
}

// closeSelected ends the selected laptop's checkout once it is back for
// good: its name may go out again.
func (s *Screen) closeSelected() {
	c, ok := s.laptops.Selected()
	if !ok {
		return
	}
	msg := fmt.Sprintf("%s已交回、不再外出了吗？结束后这个名称可以重新出库；它迟到的交回包仍可导入。", c.Laptop)
	kit.ConfirmAction(s.w.Window(), "结束出库", "结束出库", msg, func(ok bool) {
		if !ok {
			return
		}
		if err := s.w.DB().CloseCheckout(s.w.Context(), c.ID); err != nil {
			kit.ShowError(s.w.Window(), err)
		}
		s.reload()
	})
}

// importPackage imports a package: the file, its passphrase, the preview
// (nothing written yet), then, once the user agrees, the import.
func (s *Screen) importPackage() {
	win := s.w.Window()
	kit.ChooseFile(win, "导入外勤包", kit.ChooseOpen, filepath.Dir(s.w.DB().Path()), "", packageExt, nil, func(path string) {
		kit.AskPassphrase(win, "外勤包口令", "请输入写出这个包时设的口令。", false, func(c exchange.Cipher) {
			s.preview(path, c)
		})
	})
}

// preview reads the package and shows what importing it would do.
func (s *Screen) preview(path string, c exchange.Cipher) {
	var pv *data.FieldPreview
	s.w.RunJob("正在检查外勤包", func(ctx context.Context, _ func(done, total int)) error {
		var err error
		pv, err = s.w.DB().PreviewPackage(ctx, path, c)
		return err
	}, func(err error) {
		if err != nil { // RunJob has said why; nothing was written
			return
		}
		showPreview(s.w.Window(), pv, func() { s.apply(path, c) })
	})
}

// apply imports the package previewed.
func (s *Screen) apply(path string, c exchange.Cipher) {
	var pv *data.FieldPreview
	s.w.RunJob("正在导入外勤包", func(ctx context.Context, _ func(done, total int)) error {
		var err error
		pv, err = s.w.DB().ImportPackage(ctx, path, c)
		return err
	}, func(err error) {
		s.changed()
		if err != nil {
			return
		}
		msg := fmt.Sprintf("已导入%s。", pv.Package)
		if pv.Imported {
			msg = importedBefore(pv)
		}
		if n := len(pv.Conflicts); n > 0 && !pv.Imported {
			msg += fmt.Sprintf("\n%d处冲突待处理：两边改了同一项，处理前保留本台账的值。", n)
			s.ShowConflicts()
		}
		dialog.ShowInformation("导入完成", msg, s.w.Window())
	})
}

func importedBefore(pv *data.FieldPreview) string {
	return fmt.Sprintf("%s已于%s导入过，本次没有改动台账。", pv.Package, timeText(pv.ImportedAt))
}
