package app

import (
	"fmt"
	"image"
	_ "image/gif" // decoders for the pictures a phone or a scanner makes
	_ "image/jpeg"
	_ "image/png"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/widgets"
	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
	"xiaoneng/data/picture"
)

// Photos and other files kept in the ledger: thumbnails that open full
// size, and a chooser that adds several files at once.

// Thumbnails are drawn in this box, keeping the picture's proportions.
const thumbW, thumbH = 160, 120

// thumbs caches decoded thumbnails by the file's SHA-256: a visit's photos
// are looked at again and again, and a 2 MB photo takes tens of
// milliseconds to decode. Thumbnails are small (77 KB each); the cache is
// emptied when it grows past thumbCacheSize.
var (
	thumbMu sync.Mutex
	thumbs  = map[string]image.Image{}
)

const thumbCacheSize = 500

func cachedThumb(sha string) image.Image {
	thumbMu.Lock()
	defer thumbMu.Unlock()
	return thumbs[sha]
}

func cacheThumb(sha string, img image.Image) {
	if sha == "" {
		return
	}
	thumbMu.Lock()
	defer thumbMu.Unlock()
	if len(thumbs) >= thumbCacheSize {
		clear(thumbs)
	}
	thumbs[sha] = img
}

// isPicture says whether an attachment can be shown as a picture.
func isPicture(a *data.Attachment) bool {
	switch strings.ToLower(a.MIME) {
	case "image/jpeg", "image/png", "image/gif":
		return true
	case "":
		return isPictureName(a.Name)
	}
	return false
}

func isPictureName(name string) bool {
	return slices.Contains(pictureExts, strings.ToLower(filepath.Ext(name)))
}

// pictureExts are the picture files the chooser offers for photos.
var pictureExts = []string{".jpg", ".jpeg", ".png", ".gif"}

// reportExts are the files a 整改报告 may come with: scans, photos,
// documents.
var reportExts = append([]string{".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".ofd", ".txt"}, pictureExts...)

// decodePicture decodes a picture within picture.MaxPixels.
func decodePicture(b []byte) (image.Image, error) { return picture.Decode(b) }

// scaleDown shrinks img to fit in w×h, averaging up to 4×4 samples per
// pixel: enough for a thumbnail, fast on a 12-megapixel photo.
func scaleDown(img image.Image, w, h int) image.Image {
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	if sw <= w && sh <= h || sw == 0 || sh == 0 {
		return img
	}
	scale := min(float64(w)/float64(sw), float64(h)/float64(sh))
	tw, th := max(1, int(float64(sw)*scale)), max(1, int(float64(sh)*scale))
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	for y := range th {
		y0, y1 := b.Min.Y+y*sh/th, b.Min.Y+(y+1)*sh/th
		for x := range tw {
			x0, x1 := b.Min.X+x*sw/tw, b.Min.X+(x+1)*sw/tw
			stepX, stepY := max(1, (x1-x0)/4), max(1, (y1-y0)/4)
			var r, g, bl, n uint32
			for sy := y0; sy < y1; sy += stepY {
				for sx := x0; sx < x1; sx += stepX {
					cr, cg, cb, _ := img.At(sx, sy).RGBA()
					r, g, bl, n = r+cr, g+cg, bl+cb, n+1
				}
			}
			n = max(n, 1)
			i := dst.PixOffset(x, y)
			dst.Pix[i], dst.Pix[i+1], dst.Pix[i+2], dst.Pix[i+3] = uint8(r/n>>8), uint8(g/n>>8), uint8(bl/n>>8), 0xff
		}
	}
	return dst
}

// sizeText is a file size as the office reads it.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1fMB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%dKB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d字节", n)
}

// photoStrip shows attachments as thumbnails that wrap onto further rows.
// A tap opens a picture full size in its own window, or offers to save a
// file that is not a picture. Thumbnails are decoded off the UI thread.
type photoStrip struct {
	w        *Workbench
	box      *fyne.Container
	empty    *widgets.WrapLabel
	root     fyne.CanvasObject
	onRemove func(i int) // nil: the strip only shows
}

// offUI runs slow work (decoding pictures, reading long lists) off the UI
// thread; the work hands its result to the UI through fyne.Do. Tests run it
// in place: Fyne's test driver runs fyne.Do on the calling goroutine, not
// on a UI thread.
var offUI = func(work func()) { go work() }

// newPhotoStrip returns an empty strip; with onRemove set, each file has a
// 移除 button that calls it with the file's index.
func newPhotoStrip(w *Workbench, emptyText string, onRemove func(i int)) *photoStrip {
	p := &photoStrip{w: w, onRemove: onRemove, empty: lowLabel(emptyText)}
	p.box = container.NewGridWrap(fyne.NewSize(thumbW+8, thumbH+72))
	p.root = container.NewVBox(p.empty, p.box)
	return p
}

func (p *photoStrip) Widget() fyne.CanvasObject { return p.root }

// set shows files: stored attachments (their bytes are loaded from the
// ledger) or files about to be stored (Data set).
func (p *photoStrip) set(files []*data.Attachment) {
	objs := make([]fyne.CanvasObject, len(files))
	for i, a := range files {
		objs[i] = p.thumb(i, a)
	}
	p.box.Objects = objs
	p.box.Refresh()
	setVisible(p.empty, len(files) == 0 && p.empty.Text != "")
	setVisible(p.box, len(files) > 0)
}

func (p *photoStrip) thumb(i int, a *data.Attachment) fyne.CanvasObject {
	t := newThumb(a, func() { p.w.openAttachment(a) })
	parts := []fyne.CanvasObject{t}
	if p.onRemove != nil {
		rm := widget.NewButtonWithIcon("移除", fynetheme.ContentRemoveIcon(), func() { p.onRemove(i) })
		rm.Importance = widget.LowImportance
		parts = append(parts, rm)
	}
	if isPicture(a) {
		if img := cachedThumb(a.SHA256); img != nil {
			t.setImage(img)
		} else {
			p.load(t, a)
		}
	}
	return container.NewVBox(parts...)
}

// load decodes a's thumbnail in the background and shows it.
func (p *photoStrip) load(t *thumb, a *data.Attachment) {
	db, ctx := p.w.db, p.w.ctx
	offUI(func() {
		b := a.Data
		if b == nil {
			var err error
			if b, err = db.AttachmentData(ctx, a.ID); err != nil {
				log.Printf("thumbnail of %s: %v", a.Name, err)
				return
			}
		}
		img, err := decodePicture(b)
		if err != nil {
			log.Printf("thumbnail of %s: %v", a.Name, err)
			fyne.Do(t.setUnreadable)
			return
		}
		small := scaleDown(img, thumbW, thumbH)
		cacheThumb(a.SHA256, small)
		fyne.Do(func() { t.setImage(small) })
	})
}

// thumb is one file of a strip: the picture (or a file icon) and its name.
type thumb struct {
	widget.BaseWidget
	att   *data.Attachment
	img   *canvas.Image
	icon  *widget.Icon
	name  *widget.Label
	onTap func()
}

func newThumb(a *data.Attachment, onTap func()) *thumb {
	t := &thumb{att: a, onTap: onTap, img: canvas.NewImageFromImage(nil), name: widget.NewLabel(a.Name)}
	t.img.FillMode = canvas.ImageFillContain
	t.img.SetMinSize(fyne.NewSize(thumbW, thumbH))
	t.img.Hide()
	if isPicture(a) {
		t.icon = widget.NewIcon(fynetheme.MediaPhotoIcon())
	} else {
		t.icon = widget.NewIcon(fynetheme.FileIcon())
	}
	t.name.Truncation = fyne.TextTruncateEllipsis
	t.name.Alignment = fyne.TextAlignCenter
	t.ExtendBaseWidget(t)
	return t
}

func (t *thumb) setImage(img image.Image) {
	t.img.Image = img
	t.img.Show()
	t.icon.Hide()
	t.img.Refresh()
}

func (t *thumb) setUnreadable() {
	t.icon.SetResource(fynetheme.BrokenImageIcon())
}

func (t *thumb) CreateRenderer() fyne.WidgetRenderer {
	box := container.NewGridWrap(fyne.NewSize(thumbW, thumbH), container.NewStack(t.img, t.icon))
	return widget.NewSimpleRenderer(container.NewBorder(nil, t.name, nil, nil, container.NewCenter(box)))
}

// Tapped opens the file.
func (t *thumb) Tapped(*fyne.PointEvent) { t.onTap() }

// Cursor shows the hand: a thumbnail opens its picture.
func (t *thumb) Cursor() desktop.Cursor { return desktop.PointerCursor }

// openAttachment shows a picture full size in its own window; another file
// is offered for saving to disk.
func (w *Workbench) openAttachment(a *data.Attachment) {
	if !isPicture(a) {
		w.saveAttachmentAs(a)
		return
	}
	win := w.app.NewWindow("照片 — " + a.Name)
	img := canvas.NewImageFromImage(nil)
	img.FillMode = canvas.ImageFillContain
	status := widget.NewLabel("正在打开……")
	save := widget.NewButtonWithIcon("另存为…", fynetheme.DocumentSaveIcon(), func() { w.saveAttachmentAs(a) })
	info := widget.NewLabel(fmt.Sprintf("%s（%s）", a.Name, sizeText(max(a.Size, int64(len(a.Data))))))
	win.SetContent(container.NewBorder(container.NewBorder(nil, nil, nil, save, info), nil, nil, nil,
		container.NewStack(container.NewCenter(status), img)))
	win.Resize(fyne.NewSize(1000, 750))
	win.Show()
	db, ctx := w.db, w.ctx
	offUI(func() {
		b := a.Data
		var err error
		if b == nil {
			b, err = db.AttachmentData(ctx, a.ID)
		}
		var pic image.Image
		if err == nil {
			pic, err = decodePicture(b)
		}
		fyne.Do(func() {
			if err != nil {
				log.Printf("open picture %s: %v", a.Name, err)
				msg := "无法显示该照片：文件已损坏或格式不受支持。"
				if m, ok := data.Explained(err); ok {
					msg = m + "。"
				}
				status.SetText(msg)
				return
			}
			status.Hide()
			img.Image = pic
			img.Refresh()
		})
	})
}

// saveAttachmentAs writes a file kept in the ledger to a file the user
// chooses.
func (w *Workbench) saveAttachmentAs(a *data.Attachment) {
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	chooseFile(w.win, "另存附件", chooseSave, home, a.Name, filepath.Ext(a.Name), mustNotExist, func(path string) {
		b := a.Data
		var err error
		if b == nil {
			if b, err = w.db.AttachmentData(w.ctx, a.ID); err != nil {
				widgets.ShowError(w.win, err)
				return
			}
		}
		if err := atomicfile.Write(path, func(out io.Writer) error { _, err := out.Write(b); return err }); err != nil {
			log.Printf("save attachment: %v", err)
			dialog.ShowInformation("保存失败", fmt.Sprintf("无法写入文件“%s”，请换一个文件夹。", path), w.win)
			return
		}
		dialog.ShowInformation("已保存", fmt.Sprintf("附件已保存为：\n%s", path), w.win)
	})
}

// pickerDir is the folder the file picker opened last in this session:
// the day's photos are usually all in one folder.
var pickerDir string

// filePicker chooses several files of a folder: the photos of a visit, the
// scans of a 整改报告. A tap ticks or unticks a file and previews it when it
// is a picture; folders open on a tap.
type filePicker struct {
	win     fyne.Window
	exts    []string
	dir     string
	entries []os.DirEntry
	chosen  []string // full paths, in the order ticked

	path    *widget.Entry
	list    *widget.List
	count   *widget.Label
	preview *canvas.Image
	hint    *widgets.WrapLabel
	dlg     *dialog.ConfirmDialog
	done    func([]*data.Attachment)
}

// pickFiles shows the picker; done receives the chosen files, read into
// memory, in the order they were ticked.
func pickFiles(win fyne.Window, title string, exts []string, done func([]*data.Attachment)) *filePicker {
	p := &filePicker{win: win, exts: exts, done: done}
	p.path = widget.NewEntry()
	up := widget.NewButtonWithIcon("上一级", fynetheme.MoveUpIcon(), func() { p.enter(filepath.Dir(p.dir)) })
	goTo := widget.NewButton("转到", func() { p.enter(strings.TrimSpace(p.path.Text)) })
	top := container.NewBorder(nil, nil, up, goTo, p.path)

	p.list = widget.NewList(
		func() int { return len(p.entries) },
		func() fyne.CanvasObject {
			size := widget.NewLabel("1023KB")
			size.Importance = widget.LowImportance
			name := widget.NewLabel("IMG_20261121_101500.jpg")
			name.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(fynetheme.FolderIcon()), size, name)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.entries) {
				return
			}
			row := o.(*fyne.Container)
			e := p.entries[id]
			name := row.Objects[0].(*widget.Label)
			icon := row.Objects[1].(*widget.Icon)
			size := row.Objects[2].(*widget.Label)
			name.SetText(e.Name())
			switch {
			case e.IsDir():
				icon.SetResource(fynetheme.FolderIcon())
				size.SetText("")
			default:
				if p.isChosen(filepath.Join(p.dir, e.Name())) {
					icon.SetResource(fynetheme.CheckButtonCheckedIcon())
				} else {
					icon.SetResource(fynetheme.CheckButtonIcon())
				}
				if info, err := e.Info(); err == nil {
					size.SetText(sizeText(info.Size()))
				}
			}
		})
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		p.tap(id)
	}

	places := (&fileChooser{}).places() // the same shortcuts as the ledger chooser
	placeList := widget.NewList(
		func() int { return len(places) },
		func() fyne.CanvasObject { return widget.NewLabel("个人文件夹") },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(places[id].label) })
	placeList.OnSelected = func(id widget.ListItemID) {
		p.enter(places[id].dir)
		placeList.UnselectAll()
	}

	p.preview = canvas.NewImageFromImage(nil)
	p.preview.FillMode = canvas.ImageFillContain
	p.preview.SetMinSize(fyne.NewSize(220, 165))
	p.hint = lowLabel("点击文件名选择或取消；可选择多个文件。")
	p.count = widget.NewLabel("")
	all := widget.NewButton("全选本文件夹", p.chooseAll)
	none := widget.NewButton("全部取消", func() { p.chosen = nil; p.changed() })
	right := container.NewBorder(nil, container.NewVBox(p.count, container.NewHBox(all, none)), nil, nil,
		container.NewVBox(p.preview, p.hint))

	split := container.NewHSplit(placeList, container.NewBorder(nil, nil, nil, right, p.list))
	split.Offset = 0.2
	p.dlg = dialog.NewCustomConfirm(title, "添加", "取消", container.NewBorder(top, nil, nil, nil, split), func(ok bool) {
		if ok {
			p.confirm()
		}
	}, win)
	start := pickerDir
	if start == "" {
		if home, err := os.UserHomeDir(); err == nil {
			start = home
			for _, sub := range []string{"Pictures", "图片"} {
				if st, err := os.Stat(filepath.Join(home, sub)); err == nil && st.IsDir() {
					start = filepath.Join(home, sub)
				}
			}
		}
	}
	p.enter(start)
	p.changed()
	p.dlg.Resize(fyne.NewSize(900, 560))
	p.dlg.Show()
	return p
}

func (p *filePicker) isChosen(path string) bool { return slices.Contains(p.chosen, path) }

// enter lists dir: folders first, then the files offered.
func (p *filePicker) enter(dir string) {
	if dir == "" {
		return
	}
	dir, entries, err := listFolder(dir, func(name string) bool {
		return slices.Contains(p.exts, strings.ToLower(filepath.Ext(name)))
	})
	if err != nil {
		dialog.ShowInformation("无法打开文件夹", fmt.Sprintf("无法读取文件夹“%s”。", dir), p.win)
		p.path.SetText(p.dir)
		return
	}
	p.dir = dir
	pickerDir = dir
	p.path.SetText(dir)
	p.entries = entries
	p.list.Refresh()
	p.list.ScrollToTop()
}

// tap opens a folder, or ticks (unticks) a file and previews it.
func (p *filePicker) tap(id int) {
	if id < 0 || id >= len(p.entries) {
		return
	}
	e := p.entries[id]
	path := filepath.Join(p.dir, e.Name())
	if e.IsDir() {
		p.enter(path)
		return
	}
	if i := slices.Index(p.chosen, path); i >= 0 {
		p.chosen = slices.Delete(p.chosen, i, i+1)
	} else {
		p.chosen = append(p.chosen, path)
	}
	p.changed()
	p.showPreview(path)
}

// chooseAll ticks every file of the folder.
func (p *filePicker) chooseAll() {
	for _, e := range p.entries {
		if path := filepath.Join(p.dir, e.Name()); !e.IsDir() && !p.isChosen(path) {
			p.chosen = append(p.chosen, path)
		}
	}
	p.changed()
}

func (p *filePicker) changed() {
	if len(p.chosen) == 0 {
		p.count.SetText("尚未选择文件")
	} else {
		p.count.SetText(fmt.Sprintf("已选择%d个文件", len(p.chosen)))
	}
	p.list.Refresh()
}

// showPreview draws a picture beside the list, decoded off the UI thread.
func (p *filePicker) showPreview(path string) {
	p.preview.Image = nil
	p.preview.Refresh()
	if !isPictureName(path) {
		return
	}
	offUI(func() {
		b, err := picture.ReadFile(path)
		var img image.Image
		if err == nil {
			img, err = decodePicture(b)
		}
		if err != nil {
			log.Printf("preview %s: %v", path, err)
			return
		}
		small := scaleDown(img, 2*thumbW, 2*thumbH)
		fyne.Do(func() {
			p.preview.Image = small
			p.preview.Refresh()
		})
	})
}

// confirm reads the chosen files and hands them over.
func (p *filePicker) confirm() {
	if len(p.chosen) == 0 {
		p.dlg.Show()
		dialog.ShowInformation("请选择文件", "请先点击要添加的文件。", p.win)
		return
	}
	files := make([]*data.Attachment, 0, len(p.chosen))
	for _, path := range p.chosen {
		b, err := picture.ReadFile(path)
		if err != nil {
			log.Printf("read %s: %v", path, err)
			msg := fmt.Sprintf("无法读取文件“%s”。", filepath.Base(path))
			if m, ok := data.Explained(err); ok {
				msg = m
			}
			dialog.ShowInformation("无法读取文件", msg, p.win)
			return
		}
		files = append(files, &data.Attachment{Name: filepath.Base(path), Data: b, Size: int64(len(b))})
	}
	p.done(files)
}
