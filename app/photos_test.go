package app

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"testing"
	"time"
	"xiaoneng/app/apptest"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
)

// Slow work runs in place in the tests: the test driver has no UI thread
// of its own to queue fyne.Do on.

func TestScaleDownKeepsProportions(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for y := range 3000 {
		for x := range 4000 {
			c := uint8(0)
			if x >= 2000 {
				c = 255
			}
			src.SetRGBA(x, y, color.RGBA{c, c, c, 255})
		}
	}
	got := parts.ScaleDown(src, parts.ThumbW, parts.ThumbH)
	if b := got.Bounds(); b.Dx() != 160 || b.Dy() != 120 {
		t.Fatalf("thumbnail is %v, want 160×120", b)
	}
	if r, _, _, _ := got.At(10, 60).RGBA(); r != 0 {
		t.Errorf("left half is %d, want black", r>>8)
	}
	if r, _, _, _ := got.At(150, 60).RGBA(); r>>8 != 255 {
		t.Errorf("right half is %d, want white", r>>8)
	}
	tall := parts.ScaleDown(image.NewRGBA(image.Rect(0, 0, 300, 1200)), parts.ThumbW, parts.ThumbH)
	if b := tall.Bounds(); b.Dx() != 30 || b.Dy() != 120 {
		t.Errorf("tall picture thumbnail is %v, want 30×120", b)
	}
	small := image.NewRGBA(image.Rect(0, 0, 100, 80))
	if parts.ScaleDown(small, parts.ThumbW, parts.ThumbH) != image.Image(small) {
		t.Error("a small picture was scaled")
	}
}

// A stored photo shows as a thumbnail; a tap opens it full size in its own
// window. A file that is not a picture is offered for saving.
func TestPhotoOpensFullSizeAndFileSaves(t *testing.T) {
	w, db := newTestBench(t)
	ctx := context.Background()
	u := apptest.MustUnit(t, db, "县住房和城乡建设局", data.UnitDepartment)
	r := apptest.MustRound(t, db, "2026年第四季度明察", data.RoundOpen, nil, nil, u)
	dir := t.TempDir()
	photo := apptest.WritePhoto(t, filepath.Join(dir, "大厅.jpg"), color.RGBA{10, 200, 30, 255})
	v := &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: time.Date(2026, 11, 20, 9, 0, 0, 0, data.Zone)}
	if err := db.RecordVisit(ctx, v, nil, []*data.Attachment{{Name: "大厅.jpg", Data: photo}, {Name: "记录.pdf", Data: []byte("%PDF-1.4 记录")}}); err != nil {
		t.Fatal(err)
	}
	atts, err := db.Attachments(ctx, data.OwnerVisit, v.ID)
	if err != nil || len(atts) != 2 {
		t.Fatalf("attachments = %v, %v", atts, err)
	}
	strip := parts.NewPhotoStrip(w, "", nil)
	strip.Set(atts)
	var thumbsShown []*parts.Thumb
	apptest.Walk(strip.Widget(), func(o fyne.CanvasObject) {
		if th, ok := o.(*parts.Thumb); ok {
			thumbsShown = append(thumbsShown, th)
		}
	})
	if len(thumbsShown) != 2 || thumbsShown[0].Img.Image == nil || thumbsShown[1].Img.Visible() {
		t.Fatalf("thumbnails: %d, picture %v", len(thumbsShown), thumbsShown[0].Img.Image != nil)
	}

	before := len(w.app.Driver().AllWindows())
	test.Tap(thumbsShown[0])
	wins := w.app.Driver().AllWindows()
	if len(wins) != before+1 {
		t.Fatalf("%d windows, want a new one", len(wins))
	}
	var pw fyne.Window
	for _, x := range wins {
		if x.Title() == "照片 — 大厅.jpg" {
			pw = x
		}
	}
	if pw == nil {
		t.Fatal("no window titled 照片 — 大厅.jpg")
	}
	var full *canvas.Image
	apptest.Walk(pw.Content(), func(o fyne.CanvasObject) {
		if img, ok := o.(*canvas.Image); ok && img.Image != nil && img.Image.Bounds().Dx() == 640 {
			full = img
		}
	})
	if full == nil {
		t.Errorf("the photo is not shown full size: %v", apptest.Texts(pw.Content()))
	}
	pw.Close()

	out := t.TempDir()
	test.Tap(thumbsShown[1])
	c := apptest.TopOverlay(t, w.Window())
	path := apptest.Find[*widget.Entry](t, c) // the chooser's folder
	path.SetText(out)
	apptest.TapButton(t, c, "转到")
	apptest.TapButton(t, c, "保存")
	b, err := os.ReadFile(filepath.Join(out, "记录.pdf"))
	if err != nil || !bytes.Equal(b, []byte("%PDF-1.4 记录")) {
		t.Fatalf("saved file: %q, %v", b, err)
	}
}
