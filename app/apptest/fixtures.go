package apptest

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"xiaoneng/app/kit"
	"xiaoneng/app/parts"
	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/reports/gongwen"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// MustPerson adds an inspector to the ledger.
func MustPerson(t testing.TB, db *store.DB, name string) *data.Person {
	t.Helper()
	p := &data.Person{Name: name, Role: data.RoleInspector, Active: true}
	if err := db.CreatePerson(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

// MustRound adds a round planning units, led by leader with members.
func MustRound(t testing.TB, db *store.DB, title string, kind data.RoundKind, leader *data.Person, members []*data.Person, units ...*data.Unit) *data.Round {
	t.Helper()
	r := &data.Round{Title: title, Kind: kind, Start: data.NewDate(2026, 10, 1), End: data.NewDate(2026, 12, 31)}
	if leader != nil {
		r.LeaderID = leader.ID
	}
	for _, p := range members {
		r.MemberIDs = append(r.MemberIDs, p.ID)
	}
	for _, u := range units {
		r.UnitIDs = append(r.UnitIDs, u.ID)
	}
	if err := db.CreateRound(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return r
}

// MustVisit records a visit with findings.
func MustVisit(t testing.TB, db *store.DB, r *data.Round, u *data.Unit, at time.Time, findings ...*data.Finding) *data.Visit {
	t.Helper()
	v := &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: at, Summary: "窗口服务检查"}
	if err := db.RecordVisit(context.Background(), v, findings, nil); err != nil {
		t.Fatal(err)
	}
	return v
}

// SelectRow selects row n of a record table with the keyboard, as a user
// does: the table takes the focus, the down arrow moves the selection.
func SelectRow(t testing.TB, w fyne.Window, table fyne.CanvasObject, n int) fyne.Focusable {
	t.Helper()
	var grid fyne.Focusable
	Walk(table, func(o fyne.CanvasObject) {
		if g, ok := o.(interface {
			fyne.Focusable
			ScrollTo(widget.TableCellID)
		}); ok && grid == nil {
			grid = g
		}
	})
	if grid == nil {
		t.Fatal("no table grid")
	}
	w.Canvas().Focus(grid)
	for range n + 1 {
		grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	}
	return grid
}

// TapCheck ticks the visible check box labelled label under o.
func TapCheck(t testing.TB, o fyne.CanvasObject, label string) {
	t.Helper()
	var found *widget.Check
	Walk(o, func(c fyne.CanvasObject) {
		if ch, ok := c.(*widget.Check); ok && ch.Text == label && found == nil {
			found = ch
		}
	})
	if found == nil {
		t.Fatalf("no check box %q", label)
	}
	test.Tap(found)
}

// WritePhoto writes a small JPEG photo and returns its bytes.
func WritePhoto(t testing.TB, path string, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := range 480 {
		for x := range 640 {
			img.SetRGBA(x, y, color.RGBA{c.R, c.G, uint8(y / 4), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// NeedFonts resolves the document fonts before a test that draws or prints
// pages (so that the screens find them at once), or fails it when none are
// installed: the test command installs them.
func NeedFonts(t testing.TB) *gongwen.FontSet {
	t.Helper()
	fonts, err := parts.DocumentFonts(data.DefaultSettings())
	if err != nil {
		t.Fatalf("未安装公文字体（scripts/test.sh 会安装）：%v", err)
	}
	return fonts
}

// CapturePrints replaces the system's PDF viewer with a list of the files
// it was asked to open.
func CapturePrints(t testing.TB) func() []string {
	t.Helper()
	t.Setenv("TMPDIR", t.TempDir()) // the files for the viewer go there
	var mu sync.Mutex
	var opened []string
	prev := parts.OpenInViewer
	parts.OpenInViewer = func(path string, _ func(error)) error {
		mu.Lock()
		defer mu.Unlock()
		opened = append(opened, path)
		return nil
	}
	t.Cleanup(func() { parts.OpenInViewer = prev })
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), opened...)
	}
}

// PDFText is the text of a printed file without spaces and line breaks,
// and its page count.
func PDFText(t testing.TB, path string) (string, int) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("需要 pdftotext（scripts/test.sh 会安装）：sudo apt-get install poppler-utils")
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, string(out)), strings.Count(string(out), "\f")
}

// MustAction records a decision in the ledger.
func MustAction(t testing.TB, db *store.DB, a *data.Action) *data.Action {
	t.Helper()
	if err := db.CreateAction(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// RectFixture is a ledger with findings in each state of rectification at
// the test's today, Saturday 2026-11-21 (the office warns 3 working days
// ahead, so 临近到期 runs to Wednesday 2026-11-25).
type RectFixture struct {
	Overdue, Soon, Open, OnSite, Done *data.Finding
}

// NewRectFixture records the findings.
func NewRectFixture(t testing.TB, db *store.DB) RectFixture {
	t.Helper()
	ctx := context.Background()
	hall := MustUnit(t, db, "县政务服务中心", data.UnitWindow)
	tax := MustUnit(t, db, "县税务局", data.UnitDepartment)
	r := MustRound(t, db, "2026年第四季度明察暗访", data.RoundCovert, nil, nil, hall, tax)
	finding := func(cat data.Category, desc string, d data.Disposition, days int) *data.Finding {
		return &data.Finding{Category: cat, Description: desc, Disposition: d, RectLimitDays: days}
	}
	var f RectFixture
	// Monday 2026-11-02 + 5 working days = 2026-11-09: overdue by 9.
	f.Overdue = finding("脱岗/纪律作风", "窗口人员上班时间玩手机", data.DispositionNotice, 5)
	MustVisit(t, db, r, hall, time.Date(2026, 11, 2, 9, 30, 0, 0, data.Zone), f.Overdue)
	// Wednesday 2026-11-18 + 3 = Monday 2026-11-23.
	f.Soon = finding("事难办", "办事指南未及时更新", data.DispositionNotice, 3)
	f.OnSite = finding("脸难看", "工作人员态度生硬", data.DispositionOnSite, 0)
	MustVisit(t, db, r, tax, time.Date(2026, 11, 18, 15, 0, 0, 0, data.Zone), f.Soon, f.OnSite)
	// Thursday 2026-11-19 + 10 = 2026-12-03.
	f.Open = finding("推诿扯皮/办事拖拉", "企业开办材料多次退回", data.DispositionNotice, 10)
	f.Done = finding("门难进", "大厅入口无导引标识", data.DispositionNotice, 5)
	MustVisit(t, db, r, hall, time.Date(2026, 11, 19, 10, 0, 0, 0, data.Zone), f.Open, f.Done)
	if err := db.SubmitRectificationReport(ctx, f.Done.ID, data.NewDate(2026, 11, 20), "已设置导引标识", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecheckFinding(ctx, f.Done.ID, data.NewDate(2026, 11, 20), data.RecheckPassed, "王强", "", 0); err != nil {
		t.Fatal(err)
	}
	return f
}

// PickIn ticks the named files in the file picker, in order, and confirms.
func PickIn(t testing.TB, w fyne.Window, p *parts.FilePicker, dir string, names ...string) {
	t.Helper()
	if p == nil {
		t.Fatal("no file picker shown")
	}
	p.Enter(dir)
	for _, name := range names {
		i := slices.IndexFunc(p.Entries, func(e os.DirEntry) bool { return e.Name() == name })
		if i < 0 {
			t.Fatalf("the picker does not offer %s", name)
		}
		p.List.Select(i)
	}
	if want := len(names); len(p.Chosen) != want {
		t.Fatalf("%d files chosen, want %d", len(p.Chosen), want)
	}
	TapButton(t, TopOverlay(t, w), "添加")
}

// Entries lists the one-line and multi-line text entries under o, in
// order (date entries and unit pickers are their own types).
func Entries(o fyne.CanvasObject) []TextField {
	var out []TextField
	Walk(o, func(c fyne.CanvasObject) {
		switch e := c.(type) {
		case *widget.Entry:
			out = append(out, e)
		case *kit.TextArea:
			out = append(out, e)
		}
	})
	return out
}

// TextField is a typed input: a one-line entry or a text area.
type TextField interface {
	fyne.Focusable
	fyne.Disableable
	SetText(string)
}

// TextOf is what a text field holds.
func TextOf(f TextField) string {
	switch e := f.(type) {
	case *widget.Entry:
		return e.Text
	case *kit.TextArea:
		return e.Text
	}
	return ""
}

// EntryWith finds the visible entry or text area under o whose placeholder
// is ph.
func EntryWith(t testing.TB, o fyne.CanvasObject, ph string) TextField {
	t.Helper()
	var found TextField
	Walk(o, func(c fyne.CanvasObject) {
		if found != nil {
			return
		}
		switch e := c.(type) {
		case *widget.Entry:
			if e.PlaceHolder == ph {
				found = e
			}
		case *kit.TextArea:
			if e.PlaceHolder == ph {
				found = e
			}
		}
	})
	if found == nil {
		t.Fatalf("no entry %q shown", ph)
	}
	return found
}
