package parts

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

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
	"xiaoneng/data/picture"
)

// Photos and other files kept in the ledger: thumbnails that open full
// size, and a chooser that adds several files at once.

// Thumbnails are drawn in this box, keeping the picture's proportions.
const ThumbW, ThumbH = 160, 120

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
	return slices.Contains(PictureExts, strings.ToLower(filepath.Ext(name)))
}

// PictureExts are the picture files the chooser offers for photos.
var PictureExts = []string{".jpg", ".jpeg", ".png", ".gif"}

// ReportExts are the files a 整改报告 may come with: scans, photos,
// documents.
var ReportExts = append([]string{".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".ofd", ".txt"}, PictureExts...)

// decodePicture decodes a picture within picture.MaxPixels.
func decodePicture(b []byte) (image.Image, error) { return picture.Decode(b) }

// ScaleDown shrinks img to fit in w×h, averaging up to 4×4 samples per
// pixel: enough for a thumbnail, fast on a 12-megapixel photo.
func ScaleDown(img image.Image, w, h int) image.Image {
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

// PhotoStrip shows attachments as thumbnails that wrap onto further rows.
// A tap opens a picture full size in its own window, or offers to save a
// file that is not a picture. Thumbnails are decoded off the UI thread.
type PhotoStrip struct {
	w        host.Host
	box      *fyne.Container
	empty    *kit.WrapLabel
	Root     fyne.CanvasObject
	onRemove func(i int) // nil: the strip only shows
}

// NewPhotoStrip returns an empty strip; with onRemove set, each file has a
// 移除 button that calls it with the file's index.
func NewPhotoStrip(w host.Host, emptyText string, onRemove func(i int)) *PhotoStrip {
	p := &PhotoStrip{w: w, onRemove: onRemove, empty: kit.NewWrapLabel(emptyText)}
	p.box = container.NewGridWrap(fyne.NewSize(ThumbW+8, ThumbH+72))
	p.Root = container.NewVBox(p.empty, p.box)
	return p
}

func (p *PhotoStrip) Widget() fyne.CanvasObject { return p.Root }

// set shows files: stored attachments (their bytes are loaded from the
// ledger) or files about to be stored (Data set).
func (p *PhotoStrip) Set(files []*data.Attachment) {
	objs := make([]fyne.CanvasObject, len(files))
	for i, a := range files {
		objs[i] = p.Thumb(i, a)
	}
	p.box.Objects = objs
	p.box.Refresh()
	kit.SetVisible(p.empty, len(files) == 0 && p.empty.Text != "")
	kit.SetVisible(p.box, len(files) > 0)
}

func (p *PhotoStrip) Thumb(i int, a *data.Attachment) fyne.CanvasObject {
	t := newThumb(a, func() { openAttachment(p.w, a) })
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
func (p *PhotoStrip) load(t *Thumb, a *data.Attachment) {
	db, ctx := p.w.DB(), p.w.Context()
	kit.OffUI(func() {
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
		small := ScaleDown(img, ThumbW, ThumbH)
		cacheThumb(a.SHA256, small)
		fyne.Do(func() { t.setImage(small) })
	})
}

// Thumb is one file of a strip: the picture (or a file icon) and its name.
type Thumb struct {
	widget.BaseWidget
	att   *data.Attachment
	Img   *canvas.Image
	icon  *widget.Icon
	Name  *widget.Label
	onTap func()
}

func newThumb(a *data.Attachment, onTap func()) *Thumb {
	t := &Thumb{att: a, onTap: onTap, Img: canvas.NewImageFromImage(nil), Name: widget.NewLabel(a.Name)}
	t.Img.FillMode = canvas.ImageFillContain
	t.Img.SetMinSize(fyne.NewSize(ThumbW, ThumbH))
	t.Img.Hide()
	if isPicture(a) {
		t.icon = widget.NewIcon(fynetheme.MediaPhotoIcon())
	} else {
		t.icon = widget.NewIcon(fynetheme.FileIcon())
	}
	t.Name.Truncation = fyne.TextTruncateEllipsis
	t.Name.Alignment = fyne.TextAlignCenter
	t.ExtendBaseWidget(t)
	return t
}

func (t *Thumb) setImage(img image.Image) {
	t.Img.Image = img
	t.Img.Show()
	t.icon.Hide()
	t.Img.Refresh()
}

func (t *Thumb) setUnreadable() {
	t.icon.SetResource(fynetheme.BrokenImageIcon())
}

func (t *Thumb) CreateRenderer() fyne.WidgetRenderer {
	box := container.NewGridWrap(fyne.NewSize(ThumbW, ThumbH), container.NewStack(t.Img, t.icon))
	return widget.NewSimpleRenderer(container.NewBorder(nil, t.Name, nil, nil, container.NewCenter(box)))
}

// Tapped opens the file.
func (t *Thumb) Tapped(*fyne.PointEvent) { t.onTap() }

// Cursor shows the hand: a thumbnail opens its picture.
func (t *Thumb) Cursor() desktop.Cursor { return desktop.PointerCursor }

// openAttachment shows a picture full size in its own window; another file
// is offered for saving to disk.
func openAttachment(w host.Host, a *data.Attachment) {
	if !isPicture(a) {
		saveAttachmentAs(w, a)
		return
	}
	win := fyne.CurrentApp().NewWindow("照片 — " + a.Name)
	img := canvas.NewImageFromImage(nil)
	img.FillMode = canvas.ImageFillContain
	status := widget.NewLabel("正在打开……")
	save := widget.NewButtonWithIcon("另存为…", fynetheme.DocumentSaveIcon(), func() { saveAttachmentAs(w, a) })
	info := widget.NewLabel(fmt.Sprintf("%s（%s）", a.Name, sizeText(max(a.Size, int64(len(a.Data))))))
	win.SetContent(container.NewBorder(container.NewBorder(nil, nil, nil, save, info), nil, nil, nil,
		container.NewStack(container.NewCenter(status), img)))
	win.Resize(fyne.NewSize(1000, 750))
	win.Show()
	db, ctx := w.DB(), w.Context()
	kit.OffUI(func() {
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
func saveAttachmentAs(w host.Host, a *data.Attachment) {
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	kit.ChooseFile(w.Window(), "另存附件", kit.ChooseSave, home, a.Name, filepath.Ext(a.Name), kit.MustNotExist, func(path string) {
		b := a.Data
		var err error
		if b == nil {
			if b, err = w.DB().AttachmentData(w.Context(), a.ID); err != nil {
				kit.ShowError(w.Window(), err)
				return
			}
		}
		if err := atomicfile.Write(path, func(out io.Writer) error { _, err := out.Write(b); return err }); err != nil {
			log.Printf("save attachment: %v", err)
			dialog.ShowInformation("保存失败", fmt.Sprintf("无法写入文件“%s”，请换一个文件夹。", path), w.Window())
			return
		}
		dialog.ShowInformation("已保存", fmt.Sprintf("附件已保存为：\n%s", path), w.Window())
	})
}

// pickerDir is the folder the file picker opened last in this session:
// the day's photos are usually all in one folder.
var pickerDir string

// FilePicker chooses several files of a folder: the photos of a visit, the
// scans of a 整改报告. A tap ticks or unticks a file and previews it when it
// is a picture; folders open on a tap.
type FilePicker struct {
	win     fyne.Window
	exts    []string
	dir     string
	Entries []os.DirEntry
	Chosen  []string // full paths, in the order ticked

	path    *widget.Entry
	List    *widget.List
	count   *widget.Label
	preview *canvas.Image
	hint    *kit.WrapLabel
	dlg     *dialog.ConfirmDialog
	done    func([]*data.Attachment)
}

// PickFiles shows the picker; done receives the chosen files, read into
// memory, in the order they were ticked.
func PickFiles(win fyne.Window, title string, exts []string, done func([]*data.Attachment)) *FilePicker {
	p := &FilePicker{win: win, exts: exts, done: done}
	p.path = widget.NewEntry()
	up := widget.NewButtonWithIcon("上一级", fynetheme.MoveUpIcon(), func() { p.Enter(filepath.Dir(p.dir)) })
	goTo := widget.NewButton("转到", func() { p.Enter(strings.TrimSpace(p.path.Text)) })
	top := container.NewBorder(nil, nil, up, goTo, p.path)

	p.List = widget.NewList(
		func() int { return len(p.Entries) },
		func() fyne.CanvasObject {
			size := widget.NewLabel("1023KB")
			size.Importance = widget.LowImportance
			name := widget.NewLabel("IMG_20261121_101500.jpg")
			name.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(fynetheme.FolderIcon()), size, name)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.Entries) {
				return
			}
			row := o.(*fyne.Container)
			e := p.Entries[id]
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
	p.List.OnSelected = func(id widget.ListItemID) {
		p.List.UnselectAll()
		p.tap(id)
	}

	places := kit.Places() // the same shortcuts as the ledger chooser
	placeList := widget.NewList(
		func() int { return len(places) },
		func() fyne.CanvasObject { return widget.NewLabel("个人文件夹") },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(places[id].Label) })
	placeList.OnSelected = func(id widget.ListItemID) {
		p.Enter(places[id].Dir)
		placeList.UnselectAll()
	}

	p.preview = canvas.NewImageFromImage(nil)
	p.preview.FillMode = canvas.ImageFillContain
	p.preview.SetMinSize(fyne.NewSize(220, 165))
	p.hint = kit.NewWrapLabel("点击文件名选择或取消；可选择多个文件。")
	p.count = widget.NewLabel("")
	all := widget.NewButton("全选本文件夹", p.chooseAll)
	none := widget.NewButton("全部取消", func() { p.Chosen = nil; p.changed() })
	right := container.NewBorder(nil, container.NewVBox(p.count, container.NewHBox(all, none)), nil, nil,
		container.NewVBox(p.preview, p.hint))

	split := container.NewHSplit(placeList, container.NewBorder(nil, nil, nil, right, p.List))
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
	p.Enter(start)
	p.changed()
	p.dlg.Resize(fyne.NewSize(900, 560))
	p.dlg.Show()
	return p
}

func (p *FilePicker) isChosen(path string) bool { return slices.Contains(p.Chosen, path) }

// enter lists dir: folders first, then the files offered.
func (p *FilePicker) Enter(dir string) {
	if dir == "" {
		return
	}
	dir, entries, err := kit.ListFolder(dir, func(name string) bool {
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
	p.Entries = entries
	p.List.Refresh()
	p.List.ScrollToTop()
}

// tap opens a folder, or ticks (unticks) a file and previews it.
func (p *FilePicker) tap(id int) {
	if id < 0 || id >= len(p.Entries) {
		return
	}
	e := p.Entries[id]
	path := filepath.Join(p.dir, e.Name())
	if e.IsDir() {
		p.Enter(path)
		return
	}
	if i := slices.Index(p.Chosen, path); i >= 0 {
		p.Chosen = slices.Delete(p.Chosen, i, i+1)
	} else {
		p.Chosen = append(p.Chosen, path)
	}
	p.changed()
	p.showPreview(path)
}

// chooseAll ticks every file of the folder.
func (p *FilePicker) chooseAll() {
	for _, e := range p.Entries {
		if path := filepath.Join(p.dir, e.Name()); !e.IsDir() && !p.isChosen(path) {
			p.Chosen = append(p.Chosen, path)
		}
	}
	p.changed()
}

func (p *FilePicker) changed() {
	if len(p.Chosen) == 0 {
		p.count.SetText("尚未选择文件")
	} else {
		p.count.SetText(fmt.Sprintf("已选择%d个文件", len(p.Chosen)))
	}
	p.List.Refresh()
}

// showPreview draws a picture beside the list, decoded off the UI thread.
func (p *FilePicker) showPreview(path string) {
	p.preview.Image = nil
	p.preview.Refresh()
	if !isPictureName(path) {
		return
	}
	kit.OffUI(func() {
		b, err := picture.ReadFile(path)
		var img image.Image
		if err == nil {
			img, err = decodePicture(b)
		}
		if err != nil {
			log.Printf("preview %s: %v", path, err)
			return
		}
		small := ScaleDown(img, 2*ThumbW, 2*ThumbH)
		fyne.Do(func() {
			p.preview.Image = small
			p.preview.Refresh()
		})
	})
}

// confirm reads the chosen files and hands them over.
func (p *FilePicker) confirm() {
	if len(p.Chosen) == 0 {
		p.dlg.Show()
		dialog.ShowInformation("请选择文件", "请先点击要添加的文件。", p.win)
		return
	}
	files := make([]*data.Attachment, 0, len(p.Chosen))
	for _, path := range p.Chosen {
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
