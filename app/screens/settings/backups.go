package settings

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

// backupsTab is 备份与恢复: how many automatic backups are kept, the
// backups with their dates and sizes, and restoring one after saying what
// will be lost.
type backupsTab struct {
	w           host.Host
	tab         *container.TabItem
	days, weeks *widget.Entry
	list        *widget.List
	items       []store.AutoBackup
	selected    int
	restore     *widget.Button
	folder      *kit.WrapLabel
}

func newBackupsTab(w host.Host) *backupsTab {
	b := &backupsTab{w: w, selected: -1}
	b.days, b.weeks = widget.NewEntry(), widget.NewEntry()
	b.days.Validator, b.weeks.Validator = wholeNumber, wholeNumber
	save := widget.NewButtonWithIcon("保存", fynetheme.DocumentSaveIcon(), func() {
		if err := b.saveKept(); err != nil {
			kit.ShowError(w.Window(), err)
		}
	})
	b.list = widget.NewList(func() int { return len(b.items) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(backupLine(b.items[i])) })
	b.list.OnSelected = func(i widget.ListItemID) { b.selected = i; b.restore.Enable() }
	b.list.OnUnselected = func(widget.ListItemID) { b.selected = -1; b.restore.Disable() }
	b.restore = widget.NewButtonWithIcon("恢复所选备份…", fynetheme.HistoryIcon(), b.askRestore)
	b.restore.Disable()
	refresh := widget.NewButtonWithIcon("刷新", fynetheme.ViewRefreshIcon(), b.load)
	b.folder = kit.NewWrapLabel("")
	top := container.NewVBox(
		kit.NewWrapLabel("工作台开着时每天自动备份一次，导入、升级和恢复之前也各备份一次，写好后都检查一遍。"+
			"自动备份与台账在同一磁盘上，防误操作和文件损坏；防磁盘损坏请用“数据与备份”中的“立即备份”存到其他设备。"),
		widget.NewForm(
			widget.NewFormItem("每日备份保留（天）", b.days),
			widget.NewFormItem("每周备份保留（周）", b.weeks),
		),
		container.NewHBox(save),
		widget.NewSeparator(),
		b.folder,
	)
	bottom := container.NewHBox(b.restore, refresh)
	b.tab = container.NewTabItem("备份与恢复", kit.Narrow(900, container.NewBorder(top, bottom, nil, nil, b.list)))
	return b
}

// backupLine is a backup as the list shows it.
func backupLine(a store.AutoBackup) string {
	return fmt.Sprintf("%s    %s    %s", a.At.In(data.Zone).Format("2006年01月02日 15:04:05"), a.Kind, sizeText(a.Size))
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}

// load shows the settings and the backups as they are now.
func (b *backupsTab) load() {
	set, err := b.w.DB().Settings(b.w.Context())
	if err != nil {
		kit.ShowError(b.w.Window(), err)
		return
	}
	b.days.SetText(strconv.Itoa(set.BackupDays))
	b.weeks.SetText(strconv.Itoa(set.BackupWeeks))
	path := b.w.DB().Path()
	b.items, err = store.AutoBackups(path)
	if err != nil {
		kit.ShowError(b.w.Window(), err)
	}
	b.folder.SetText(fmt.Sprintf("自动备份共%d份，在：%s", len(b.items), store.AutoBackupDir(path)))
	b.list.UnselectAll()
	b.list.Refresh()
}

// saveKept saves how many automatic backups are kept.
func (b *backupsTab) saveKept() error {
	set, err := b.w.DB().Settings(b.w.Context())
	if err != nil {
		return err
	}
	if set.BackupDays, err = strconv.Atoi(strings.TrimSpace(b.days.Text)); err != nil {
		return data.Invalid("BackupDays", "每日备份保留的天数请填写整数")
	}
	if set.BackupWeeks, err = strconv.Atoi(strings.TrimSpace(b.weeks.Text)); err != nil {
		return data.Invalid("BackupWeeks", "每周备份保留的周数请填写整数")
	}
	return b.w.DB().SaveSettings(b.w.Context(), set)
}

// askRestore says what restoring the selected backup loses and restores
// it once the user agrees.
func (b *backupsTab) askRestore() {
	if b.selected < 0 || b.selected >= len(b.items) {
		return
	}
	backup := b.items[b.selected]
	loss, err := store.RestoreLoss(b.w.Context(), b.w.DB().Path(), backup.Path)
	if err != nil {
		kit.ShowError(b.w.Window(), err)
		return
	}
	msg := fmt.Sprintf("用%s的备份（%s）替换当前台账。\n\n%s\n\n确定恢复吗？", backup.At.In(data.Zone).Format("2006年1月2日15:04"), backup.Kind, loss)
	d := dialog.NewConfirm("恢复备份", msg, func(ok bool) {
		if ok {
			b.w.RestoreBackup(backup.Path)
		}
	}, b.w.Window())
	d.SetConfirmText("恢复")
	d.SetDismissText("取消")
	d.Show()
}
