package apptest

import (
	"context"
	"fmt"
	"testing"
	"time"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// At is an hour of a day of 2026.
func At(m time.Month, d, hour int) time.Time { return time.Date(2026, m, d, hour, 0, 0, 0, data.Zone) }

// DashboardFixture fills a ledger with a few records of each kind the
// 工作台 counts, as of the fixed day 2026-11-21.
func DashboardFixture(t testing.TB, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	a := MustUnit(t, db, "县自然资源局", data.UnitDepartment)
	b := MustUnit(t, db, "城关镇人民政府", data.UnitTownship)
	complaint := func(received time.Time, unit *data.Unit, subject string, steps ...data.Step) {
		c := &data.Complaint{ReceivedAt: received, Channel: data.ChannelPhone, Complainant: data.Complainant{Name: "刘小红", Phone: "13800000000"},
			UnitID: unit.ID, Category: "事难办", Subject: subject, Content: subject + "，请求督促办理"}
		if _, err := db.RegisterComplaint(ctx, c); err != nil {
			t.Fatal(err)
		}
		for _, s := range steps {
			if _, _, err := db.ApplyStep(ctx, c.ID, s); err != nil {
				t.Fatalf("%s %s: %v", subject, s.Kind, err)
			}
		}
	}
	complaint(At(11, 20, 9), a, "不动产登记窗口推诿")
	complaint(At(10, 9, 9), a, "宅基地审批超期未办", data.Step{Kind: data.EventAssign, At: At(10, 9, 10), HandlerUnitID: a.ID, LimitDays: 15})
	complaint(At(11, 16, 9), b, "低保申请材料被退回三次", data.Step{Kind: data.EventAssign, At: At(11, 16, 10), HandlerUnitID: b.ID, LimitDays: 5})
	complaint(At(11, 20, 9), b, "便民服务中心中午无人值守", data.Step{Kind: data.EventAssign, At: At(11, 20, 10), HandlerUnitID: b.ID, LimitDays: 15})
	complaint(At(3, 2, 9), b, "村务公开不及时",
		data.Step{Kind: data.EventAssign, At: At(3, 2, 10), HandlerUnitID: b.ID},
		data.Step{Kind: data.EventFeedback, At: At(3, 10, 10), Note: "已整改公开"},
		data.Step{Kind: data.EventVerify, At: At(3, 11, 10), Result: string(data.VerifiedTrue)},
		data.Step{Kind: data.EventReply, At: At(3, 12, 10), Method: "电话"},
		data.Step{Kind: data.EventFollowUp, At: At(3, 13, 10), Method: "电话", Result: string(data.Satisfied)})

	round := &data.Round{Title: "2026年第四季度明察暗访", Kind: data.RoundCovert, Start: data.NewDate(2026, 9, 1)}
	if err := db.CreateRound(ctx, round); err != nil {
		t.Fatal(err)
	}
	visit := func(when time.Time, unit *data.Unit, findings ...*data.Finding) {
		v := &data.Visit{RoundID: round.ID, UnitID: unit.ID, VisitedAt: when, Place: "办事大厅", Summary: "暗访窗口服务"}
		if err := db.RecordVisit(ctx, v, findings, nil); err != nil {
			t.Fatal(err)
		}
	}
	visit(At(9, 15, 10), a) // last quarter
	visit(At(10, 12, 10), a, &data.Finding{Category: "脱岗/纪律作风", Description: "3号窗口工作人员离岗", Disposition: data.DispositionNotice, RectLimitDays: 10})
	visit(At(11, 19, 10), b, &data.Finding{Category: data.FindingDisclosure, Description: "未公示服务承诺制", Disposition: data.DispositionNotice, RectLimitDays: 2})

	doc := &data.Document{Kind: data.DocNotice, Title: "关于限期整改窗口纪律问题的监察通知书", RecipientUnitID: a.ID,
		Recipient: a.Name, Body: "经查……请于2026年11月10日前将整改情况书面报告我办。", ReplyDue: data.NewDate(2026, 11, 10)}
	if err := db.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SignDocument(ctx, doc.ID, data.NewDate(2026, 10, 27), "王主任"); err != nil {
		t.Fatal(err)
	}
}

// OfficeSizes are the windows of the office's laptops: 1366×768 less the
// taskbar, and 1280×720.
var OfficeSizes = []fyne.Size{{Width: 1366, Height: 728}, {Width: 1280, Height: 720}}

// LayOut lays the window out again: a wrapped text knows its height only
// once it has its width, which a real window settles the next frame.
func LayOut(w fyne.Window, size fyne.Size) {
	w.Resize(size.AddWidthHeight(1, 0))
	w.Resize(size)
}

// Outside lists the controls (buttons, inputs) that lie partly Outside
// what shows of them, dialogs included: Outside the window, or Outside a
// scrolling area in the direction it does not scroll (a form's fields that
// scroll up and down but are cut off at the right cannot be reached). A
// button with a label (保存, 清空) must show without scrolling sideways.
func Outside(w fyne.Window) []string {
	type clip struct{ x0, y0, x1, y1 float32 }
	inf := float32(1e9)
	size := w.Canvas().Size()
	var out []string
	var visit func(o fyne.CanvasObject, at fyne.Position, c, labelled clip)
	visit = func(o fyne.CanvasObject, at fyne.Position, c, labelled clip) {
		if o == nil || !o.Visible() {
			return
		}
		at = at.Add(o.Position())
		s := o.Size()
		var name string
		switch x := o.(type) {
		case *widget.Button:
			name = "按钮“" + x.Text + "”"
			if x.Text != "" {
				c = labelled
			}
		case *widget.Select:
			name = "下拉框" + x.Selected
		case *kit.TextArea:
			name = "多行输入框" + x.PlaceHolder
		case *widget.Entry:
			name = "输入框" + x.PlaceHolder
		case *widget.Check:
			name = "勾选框" + x.Text
		}
		if name != "" && (at.X < c.x0-1 || at.Y < c.y0-1 || at.X+s.Width > c.x1+1 || at.Y+s.Height > c.y1+1) {
			out = append(out, fmt.Sprintf("%s 在(%.0f,%.0f)-(%.0f,%.0f)", name, at.X, at.Y, at.X+s.Width, at.Y+s.Height))
		}
		switch x := o.(type) {
		case *container.Scroll:
			inner := clip{max(c.x0, at.X), max(c.y0, at.Y), min(c.x1, at.X+s.Width), min(c.y1, at.Y+s.Height)}
			label := clip{max(labelled.x0, at.X), max(labelled.y0, at.Y), min(labelled.x1, at.X+s.Width), min(labelled.y1, at.Y+s.Height)}
			if x.Direction == container.ScrollVerticalOnly || x.Direction == container.ScrollBoth {
				inner.y0, inner.y1 = -inf, inf
				label.y0, label.y1 = -inf, inf
			}
			if x.Direction == container.ScrollHorizontalOnly || x.Direction == container.ScrollBoth {
				inner.x0, inner.x1 = -inf, inf
			}
			visit(x.Content, at.Subtract(x.Offset), inner, label)
		case *widget.Table, *widget.List, *widget.Entry, *kit.TextArea:
			return // they scroll what is inside them
		case *fyne.Container:
			for _, k := range x.Objects {
				visit(k, at, c, labelled)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				visit(k, at, c, labelled)
			}
		}
	}
	window := clip{0, 0, size.Width, size.Height}
	visit(w.Content(), fyne.Position{}, window, window)
	for _, o := range w.Canvas().Overlays().List() {
		visit(o, fyne.Position{}, window, window)
	}
	return out
}

// DrawnText are the lines a wrapped label draws.
func DrawnText(l *kit.WrapLabel) []string {
	var out []string
	Walk(l, func(o fyne.CanvasObject) {
		if t, ok := o.(*canvas.Text); ok {
			out = append(out, t.Text)
		}
	})
	return out
}

// ForEachOfficeSize runs f on a test Host over a ledger filled by
// DashboardFixture, its window at each office size.
func ForEachOfficeSize(t *testing.T, f func(t *testing.T, w *Host, db *store.DB, size fyne.Size)) {
	for _, size := range OfficeSizes {
		t.Run(fmt.Sprintf("%v×%v", size.Width, size.Height), func(t *testing.T) {
			w := New(t)
			DashboardFixture(t, w.DB())
			w.Window().Resize(size)
			f(t, w, w.DB(), size)
		})
	}
}
