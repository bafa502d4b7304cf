package kit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// FileChooser picks a ledger file or a folder. Fyne's own file dialog
// labels its places Home, Desktop, Documents in English whatever the
// language; the office works in Chinese only, so the application has its
// own chooser.
type FileChooser struct {
	win     fyne.Window
	mode    ChooseMode
	ext     string // files shown, e.g. ".db" or ".xlsx;.csv"; "" shows none (folder mode)
	dir     string
	entries []os.DirEntry

	path  *widget.Entry
	list  *widget.List
	name  *widget.Entry
	dlg   *dialog.ConfirmDialog
	done  func(path string)
	check func(path string) error // refuses a choice with a sentence
}

type ChooseMode int

const (
	ChooseOpen   ChooseMode = iota // an existing file
	ChooseSave                     // a new (or overwritten) file
	ChooseFolder                   // a folder
)

// ChooseFile shows the chooser. dir is where it starts, name the proposed
// file name (save mode); check, when not nil, may refuse the choice; done
// receives the chosen path.
func ChooseFile(win fyne.Window, title string, mode ChooseMode, dir, name, ext string, check func(string) error, done func(path string)) *FileChooser {
	c := &FileChooser{win: win, mode: mode, ext: ext, done: done, check: check}
	c.path = widget.NewEntry()
	up := widget.NewButtonWithIcon("上一级", fynetheme.MoveUpIcon(), func() { c.Enter(filepath.Dir(c.dir)) })
	goTo := widget.NewButton("转到", func() { c.Enter(strings.TrimSpace(c.path.Text)) })
	top := container.NewBorder(nil, nil, up, goTo, c.path)

	c.list = widget.NewList(
		func() int { return len(c.entries) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(fynetheme.FolderIcon()), widget.NewLabel("台账文件名称.db"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			e := c.entries[id]
			icon := fynetheme.FileIcon()
			if e.IsDir() {
				icon = fynetheme.FolderIcon()
			}
			row.Objects[0].(*widget.Icon).SetResource(icon)
			row.Objects[1].(*widget.Label).SetText(e.Name())
		})
	c.list.OnSelected = func(id widget.ListItemID) {
		e := c.entries[id]
		if e.IsDir() {
			c.Enter(filepath.Join(c.dir, e.Name()))
			return
		}
		c.name.SetText(e.Name())
	}

	places := Places()
	placeList := widget.NewList(
		func() int { return len(places) },
		func() fyne.CanvasObject { return widget.NewLabel("台账所在文件夹") },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(places[id].Label) })
	placeList.OnSelected = func(id widget.ListItemID) {
		c.Enter(places[id].Dir)
		placeList.UnselectAll()
	}

	c.name = widget.NewEntry()
	c.name.SetText(name)
	var bottom fyne.CanvasObject
	switch mode {
	case ChooseSave:
		bottom = container.NewBorder(nil, nil, widget.NewLabel("文件名"), nil, c.name)
	case ChooseOpen:
		bottom = container.NewBorder(nil, nil, widget.NewLabel("文件名"), nil, c.name)
	}

	split := container.NewHSplit(placeList, c.list)
	split.Offset = 0.25
	content := container.NewBorder(top, bottom, nil, nil, split)
	confirm := "打开"
	switch mode {
	case ChooseSave:
		confirm = "保存"
	case ChooseFolder:
		confirm = "选择此文件夹"
	}
	c.dlg = dialog.NewCustomConfirm(title, confirm, "取消", content, func(ok bool) {
		if ok {
			c.Confirm()
		}
	}, win)
	c.Enter(dir)
	c.dlg.Resize(fyne.NewSize(760, 520))
	c.dlg.Show()
	return c
}

// Place is a shortcut of the choosers: a folder the user keeps things in.
type Place struct{ Label, Dir string }

// Places are the shortcuts on the left of the choosers: the user's folders and, on
// Windows, the drives.
func Places() []Place {
	var out []Place
	if home, err := os.UserHomeDir(); err == nil {
		out = append(out, Place{"个人文件夹", home})
		for _, p := range []Place{{"桌面", "Desktop"}, {"文档", "Documents"}, {"下载", "Downloads"}} {
			if st, err := os.Stat(filepath.Join(home, p.Dir)); err == nil && st.IsDir() {
				out = append(out, Place{p.Label, filepath.Join(home, p.Dir)})
			}
		}
	}
	if runtime.GOOS == "windows" {
		for d := 'C'; d <= 'Z'; d++ {
			root := string(d) + `:\`
			if _, err := os.Stat(root); err == nil {
				out = append(out, Place{string(d) + "盘", root})
			}
		}
	} else {
		out = append(out, Place{"根目录", "/"})
	}
	return out
}

// Enter lists dir: folders first, then the files with the chosen extension.
func (c *FileChooser) Enter(dir string) {
	if dir == "" {
		return
	}
	dir, entries, err := ListFolder(dir, c.shows)
	if err != nil {
		dialog.ShowInformation("无法打开文件夹", fmt.Sprintf("无法读取文件夹“%s”。", dir), c.win)
		c.path.SetText(c.dir)
		return
	}
	c.dir = dir
	c.path.SetText(dir)
	c.entries = entries
	if c.mode == ChooseOpen {
		c.name.SetText("")
	}
	c.list.UnselectAll()
	c.list.Refresh()
	c.list.ScrollToTop()
}

// ListFolder lists dir (made absolute) for both file dialogs: its folders
// first, then the files shows accepts, each by name; hidden ones are left
// out.
func ListFolder(dir string, shows func(name string) bool) (string, []os.DirEntry, error) {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	list, err := os.ReadDir(dir)
	if err != nil {
		return dir, nil, err
	}
	var entries []os.DirEntry
	for _, e := range list {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if e.IsDir() || shows(e.Name()) {
			entries = append(entries, e)
		}
	}
	sort.SliceStable(entries, func(i, j int) bool {
		if entries[i].IsDir() != entries[j].IsDir() {
			return entries[i].IsDir()
		}
		return strings.ToLower(entries[i].Name()) < strings.ToLower(entries[j].Name())
	})
	return dir, entries, nil
}

// shows reports whether a file is listed: its extension is the chooser's,
// or one of them when several are given as ".xlsx;.csv".
func (c *FileChooser) shows(name string) bool {
	for _, ext := range strings.Split(c.ext, ";") {
		if ext != "" && strings.EqualFold(filepath.Ext(name), ext) {
			return true
		}
	}
	return false
}

// chosen is the path the dialog would return now.
func (c *FileChooser) chosen() (string, error) {
	switch c.mode {
	case ChooseFolder:
		return c.dir, nil
	case ChooseOpen:
		name := strings.TrimSpace(c.name.Text)
		if name == "" {
			return "", errors.New("请先在列表中选择一个台账文件")
		}
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(c.dir, name)
		}
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			return "", fmt.Errorf("找不到文件“%s”", name)
		}
		return p, nil
	}
	name := strings.TrimSpace(c.name.Text)
	if name == "" {
		return "", errors.New("请填写文件名")
	}
	if strings.ContainsAny(name, `/\:*?"<>|`) {
		return "", errors.New("文件名不能包含 / \\ : * ? \" < > | 等字符")
	}
	if c.ext != "" && !strings.EqualFold(filepath.Ext(name), c.ext) {
		name += c.ext
	}
	return filepath.Join(c.dir, name), nil
}

func (c *FileChooser) Confirm() {
	p, err := c.chosen()
	if err == nil && c.check != nil {
		err = c.check(p)
	}
	if err != nil {
		// The dialog closed on the button; show it again under the reason.
		c.dlg.Show()
		dialog.ShowInformation("请重新选择", err.Error(), c.win)
		return
	}
	c.done(p)
}

// MustNotExist refuses an existing file: a new ledger never overwrites one.
func MustNotExist(path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("文件“%s”已存在，请换一个文件名", filepath.Base(path))
	}
	return nil
}

// NameEntry is the file name field (open and save modes).
func (c *FileChooser) NameEntry() *widget.Entry { return c.name }

// Entries are the folders and files listed.
func (c *FileChooser) Entries() []os.DirEntry { return c.entries }
