package field

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/exchange"
	"xiaoneng/data/store"
)

// packageExt is a field package's file extension.
const packageExt = ".xnpkg"

// checkOut is 出库: rounds, the laptop's name and the passphrase, then the
// file the package goes to.
func (s *Screen) checkOut() { s.showCheckOut("", nil) }

// refreshSelected writes a refreshed package (补充包) for the laptop
// selected: the office's changes since, and the rounds added.
func (s *Screen) refreshSelected() {
	c, ok := s.laptops.Selected()
	if !ok {
		return
	}
	ids := make([]string, len(c.Rounds))
	for i, r := range c.Rounds {
		ids[i] = r.ID
	}
	s.showCheckOut(c.Laptop, ids)
}

// showCheckOut shows the 出库 dialog for laptop (a new name proposed when
// empty) with the rounds chosen checked.
func (s *Screen) showCheckOut(laptop string, chosen []string) {
	win := s.w.Window()
	rounds, err := s.w.DB().Rounds(s.w.Context(), data.RoundFilter{})
	if err != nil {
		kit.ShowError(win, err)
		return
	}
	slices.SortStableFunc(rounds, func(a, b *data.Round) int { return b.Start.Compare(a.Start) })
	labels := make([]string, len(rounds))
	byLabel := map[string]string{}
	var checked []string
	for i, r := range rounds {
		labels[i] = fmt.Sprintf("%s（%s，%s起）", r.Title, r.Kind, r.Start)
		byLabel[labels[i]] = r.ID
		if slices.Contains(chosen, r.ID) {
			checked = append(checked, labels[i])
		}
	}
	group := widget.NewCheckGroup(labels, nil)
	group.SetSelected(checked)
	name := widget.NewEntry()
	name.SetPlaceHolder("外勤笔记本-1")
	if laptop == "" {
		laptop = s.freeLaptopName()
	}
	name.SetText(laptop)
	intro := "选择要带出的督查活动：其单位、人员、未整改的问题和需要现场核实的投诉（不含投诉人身份）随包带出。"
	if chosen != nil {
		intro = "给已出库的" + laptop + "写补充包：带上主台账自上次以来的修改；可再勾选要加带的督查活动。"
	}
	rows := container.NewVScroll(group)
	rows.SetMinSize(fyne.NewSize(0, 220))
	form := widget.NewForm(widget.NewFormItem("外勤笔记本", name))
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm("出库", "写出外勤包…", "取消", container.NewBorder(kit.NewWrapLabel(intro), form, nil, nil, rows), func(ok bool) {
		if !ok {
			return
		}
		var ids []string
		for _, l := range group.Selected {
			ids = append(ids, byLabel[l])
		}
		out := store.FieldOut{Rounds: ids, Laptop: strings.TrimSpace(name.Text)}
		if err := out.Validate(); err != nil {
			d.Show()
			kit.ShowError(win, err)
			return
		}
		s.writeOut(out)
	}, win)
	d.Resize(fyne.NewSize(640, 520))
	d.Show()
}

// freeLaptopName proposes 外勤笔记本-N, the first not out now.
func (s *Screen) freeLaptopName() string {
	out := map[string]bool{}
	list, err := s.w.DB().FieldCheckouts(s.w.Context())
	if err != nil {
		fyne.LogError("listing the laptops out", err)
	}
	for _, c := range list {
		if !c.Closed {
			out[c.Laptop] = true
		}
	}
	for n := 1; ; n++ {
		if name := fmt.Sprintf("外勤笔记本-%d", n); !out[name] {
			return name
		}
	}
}

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
				dialog.ShowInformation("已写出外勤包", fmt.Sprintf("已写出%s：\n%s\n\n在外勤笔记本上用“文件 → 打开外勤包”新建外勤台账（补充包在外勤台账的“外勤”中导入）。", m.Describe(), path), win)
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
