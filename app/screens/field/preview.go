package field

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// previewLine is a line of the preview: a heading, or an item under it.
type previewLine struct {
	text string
	head bool
	tone widget.Importance
}

// previewLines are what importing a package would add, change and delete,
// and the conflicts it would hold: a list, since a package of a whole round
// holds thousands of records.
func previewLines(pv *data.FieldPreview) []previewLine {
	var lines []previewLine
	section := func(title string, items []data.FieldItem) {
		if len(items) == 0 {
			return
		}
		lines = append(lines, previewLine{text: fmt.Sprintf("%s%d条", title, len(items)), head: true, tone: widget.HighImportance})
		for _, it := range items {
			text := it.Table + "  " + it.Title
			if title == "修改" && len(it.Fields) > 0 {
				text += "（" + strings.Join(it.Fields, "、") + "）"
			}
			lines = append(lines, previewLine{text: text})
		}
	}
	if n := len(pv.Conflicts); n > 0 {
		lines = append(lines, previewLine{text: fmt.Sprintf("冲突%d处：两边改了同一项，导入后在“待处理冲突”中逐项决定，决定前保留本台账的值", n),
			head: true, tone: widget.DangerImportance})
		for _, c := range pv.Conflicts {
			lines = append(lines,
				previewLine{text: fmt.Sprintf("%s  %s：%s", c.TableLabel, c.Title, c.FieldLabel), tone: widget.DangerImportance},
				previewLine{text: "    本台账：" + c.Local},
				previewLine{text: "    对方" + incomingWho(c) + "：" + c.Incoming})
		}
	}
	section("新增", pv.Added)
	section("修改", pv.Changed)
	section("删除", pv.Deleted)
	return lines
}

// previewSummary is the preview's first sentence: what the package is and
// how much it changes.
func previewSummary(pv *data.FieldPreview) string {
	parts := []string{fmt.Sprintf("新增%d条", len(pv.Added)), fmt.Sprintf("修改%d条", len(pv.Changed))}
	if n := len(pv.Deleted); n > 0 {
		parts = append(parts, fmt.Sprintf("删除%d条", n))
	}
	if pv.Files > 0 {
		parts = append(parts, fmt.Sprintf("照片和附件%d个", pv.Files))
	}
	if pv.History > 0 {
		parts = append(parts, fmt.Sprintf("对方的修改记录%d条", pv.History))
	}
	parts = append(parts, fmt.Sprintf("冲突%d处", len(pv.Conflicts)))
	return fmt.Sprintf("%s，来自%s：%s。以下是预览，台账尚未改动；确认后导入（导入前自动备份台账）。", pv.Package, pv.From, strings.Join(parts, "，"))
}

// showPreview shows what importing a package would do; apply imports it.
// A package with nothing to import says so and offers nothing to do.
func showPreview(win fyne.Window, pv *data.FieldPreview, apply func()) {
	switch {
	case pv.Imported:
		dialog.ShowInformation("此包已导入过", importedBefore(pv), win)
		return
	case pv.Nothing() && pv.Stale:
		dialog.ShowInformation("没有新内容", pv.Package+"比已导入的包旧，其中的内容本台账都已有，不必导入。", win)
		return
	case pv.Nothing():
		dialog.ShowInformation("没有新内容", pv.Package+"没有本台账还没有的内容，不必导入。", win)
		return
	}
	lines := previewLines(pv)
	list := widget.NewList(func() int { return len(lines) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Text = lines[i].text
			l.TextStyle.Bold = lines[i].head
			l.Importance = lines[i].tone
			l.Truncation = fyne.TextTruncateEllipsis
			l.Refresh()
		})
	content := container.NewBorder(kit.NewWrapLabel(previewSummary(pv)), nil, nil, nil, list)
	d := dialog.NewCustomConfirm("导入外勤包：预览", "导入", "取消", content, func(ok bool) {
		if ok {
			apply()
		}
	}, win)
	size := win.Canvas().Size()
	d.Resize(fyne.NewSize(min(900, size.Width-40), min(620, size.Height-40)))
	d.Show()
}

// incomingWho says who changed the other side's value, where and when.
func incomingWho(c data.FieldConflict) string {
	who := strings.TrimSpace(strings.Join([]string{c.IncomingBy, c.IncomingOn, c.IncomingAt}, " "))
	if who == "" {
		return ""
	}
	return "（" + who + "）"
}
