package complaints

import (
	"context"
	"slices"
	"strings"
	"testing"
	"xiaoneng/app/apptest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/reports"
)

// The complaint list shows where each complaint stands and its alert within the
// window, and colours the rows near or past a deadline; a complaint past its
// 受理期限 says so, in working days.
func TestComplaintListShowsStateAndAlertInView(t *testing.T) {
	apptest.ForEachOfficeSize(t, func(t *testing.T, w *apptest.Host, db *store.DB, size fyne.Size) {
		late := &data.Complaint{ReceivedAt: apptest.At(11, 10, 9), Channel: data.ChannelPhone, Complainant: data.Complainant{Anonymous: true},
			UnitID: apptest.MustUnit(t, db, "县林业局", data.UnitDepartment).ID, Category: "慢作为", Subject: "林权证办理无人受理", Content: "十一月十日投诉至今无人联系。"}
		if _, err := db.RegisterComplaint(context.Background(), late); err != nil {
			t.Fatal(err)
		}
		s := apptest.Show(t, w, "效能投诉", New)
		apptest.LayOut(w.Window(), size)
		var shownWidth float32
		for _, title := range s.table.ShownColumns() {
			shownWidth += s.table.ColumnWidth(title)
			if title == "提醒" {
				break
			}
		}
		if grid := s.table.Widget().Size().Width; shownWidth > grid {
			t.Errorf("the 提醒 column ends at %v, the list is %v wide", shownWidth, grid)
		}
		rows := s.table.Visible()
		if len(rows) != 2 || s.alert(rows[1]) != "受理超期5个工作日" {
			t.Fatalf("待受理 lists %v, 提醒 %q", subjects(rows), s.alert(rows[len(rows)-1]))
		}
		if tone := s.table.RowTone(rows[1]); tone != widget.DangerImportance {
			t.Errorf("a complaint past its 受理期限 is not red: %v", tone)
		}
		s.ShowState(stateOverdue)
		for _, c := range s.table.Visible() {
			if s.table.RowTone(c) != widget.DangerImportance {
				t.Errorf("%s in 已超期 is not red", c.Number)
			}
		}
	})
}

// A letter of thousands of characters opens in the complaint view at once, in
// a view of its own that scrolls, and the view fits the window.
func TestLongLetterOpensInItsOwnView(t *testing.T) {
	apptest.ForEachOfficeSize(t, func(t *testing.T, w *apptest.Host, db *store.DB, size fyne.Size) {
		c := &data.Complaint{ReceivedAt: apptest.At(11, 20, 9), Channel: data.Channel12345, Complainant: data.Complainant{Name: "刘小红"},
			UnitID: apptest.MustUnit(t, db, "县林业局", data.UnitDepartment).ID, Category: "慢作为", Subject: "林权证办理多次往返", Content: letter5000}
		if _, err := db.RegisterComplaint(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		s := apptest.Show(t, w, "效能投诉", New)
		s.OpenComplaint(c)
		apptest.LayOut(w.Window(), size)
		var letter *kit.WrapLabel
		apptest.Walk(apptest.TopOverlay(t, w.Window()), func(o fyne.CanvasObject) {
			if l, ok := o.(*kit.WrapLabel); ok && l.Text == letter5000 {
				letter = l
			}
		})
		if letter == nil || letter.MaxLines == 0 {
			t.Fatal("the letter is not shown in a scrolling view")
		}
		if drawn := len(apptest.DrawnText(letter)); drawn > letterLines+2 {
			t.Errorf("the letter's view draws %d lines for %d shown", drawn, letterLines)
		}
		if out := apptest.Outside(w.Window()); len(out) > 0 {
			t.Errorf("cut off: %v", out)
		}
	})
}

// 登记投诉 shows every problem at once under its field, keeps 保存 enabled
// and in view, calls a date that does not exist so, and ticking 匿名 turns
// the identity fields off (and the name's message goes).
func TestRegisterFormShowsEveryProblemAtOnce(t *testing.T) {
	apptest.ForEachOfficeSize(t, func(t *testing.T, w *apptest.Host, db *store.DB, size fyne.Size) {
		s := apptest.Show(t, w, "效能投诉", New)
		s.Create()
		r := s.register
		dlg := apptest.TopOverlay(t, w.Window())
		r.identity[1].SetText("电话号码")  // phone
		r.identity[2].SetText("12345") // ID number
		r.when.day.SetText("2026-13-45")
		save := findButton(t, dlg, "保存")
		test.Tap(save)
		apptest.LayOut(w.Window(), size)
		for _, want := range []string{"日期“2026-13-45”不存在", "请选择投诉渠道", "投诉人姓名不能为空", "投诉人电话只能包含数字",
			"身份证号码应为18位", "请选择被投诉单位", "请选择投诉类别", "事由不能为空", "投诉内容不能为空"} {
			if !apptest.Shows(dlg, want) {
				t.Errorf("after one 保存 the form does not show %q: %v", want, apptest.Texts(dlg))
			}
		}
		if save.Disabled() {
			t.Error("保存 greyed out")
		}
		if out := apptest.Outside(w.Window()); len(out) > 0 {
			t.Errorf("cut off: %v", out)
		}
		if w.Window().Canvas().Focused() != fyne.Focusable(r.when.day) {
			t.Errorf("the cursor is not in the first field to fix: %T", w.Window().Canvas().Focused())
		}
		test.Tap(r.anonymous)
		for _, e := range r.identity {
			if !e.Disabled() {
				t.Fatal("匿名 left an identity field enabled")
			}
		}
		if apptest.Shows(dlg, "投诉人姓名不能为空") {
			t.Error("the name's message stayed after ticking 匿名")
		}
		if n, err := db.CountComplaints(context.Background(), data.ComplaintFilter{}); err != nil || n != 5 {
			t.Errorf("a refused form changed the ledger: %d complaints, %v", n, err)
		}
	})
}

// The list is the user's Excel: 导出Excel writes every column of the
// complaints the tab and filters keep (content, result, 回访 included, the
// complainant left out), named after the filters; rows copy as
// tab-separated text; a column hidden stays hidden the next time.
func TestComplaintListIsTheUsersExcel(t *testing.T) {
	apptest.ForEachOfficeSize(t, func(t *testing.T, w *apptest.Host, db *store.DB, size fyne.Size) {
		s := apptest.Show(t, w, "效能投诉", New)
		s.ShowState(stateAll)
		s.channel.SetSelected(string(data.ChannelPhone))
		name, sheet := s.ExportSheet()
		if rows := sheetRows(t, sheet); name != "效能投诉（渠道电话）" || len(rows) != 5 {
			t.Fatalf("export %q with %d rows", name, len(rows))
		}
		var titles []string
		for _, c := range sheet.Columns {
			titles = append(titles, c.Title)
		}
		for _, want := range []string{"投诉内容", "办理结果", "核实结论", "满意度", "归档时间"} {
			if !slices.Contains(titles, want) {
				t.Errorf("the export has no %s: %v", want, titles)
			}
		}
		for _, hidden := range []string{"投诉人", "联系电话", "身份证号"} {
			if slices.Contains(titles, hidden) {
				t.Errorf("the export shows the complainant's %s", hidden)
			}
		}
		s.table.SelectAll()
		tsv := s.table.CopyText(s.table.SelectedRows())
		if lines := strings.Split(strings.TrimSuffix(tsv, "\r\n"), "\r\n"); len(lines) != 6 || !strings.HasPrefix(lines[0], "编号\t收件日期\t状态\t提醒") {
			t.Errorf("copied %q", tsv)
		}
		s.table.SetColumnShown("渠道", false)
		again := New(w)
		if slices.Contains(again.table.ShownColumns(), "渠道") {
			t.Error("a hidden column shows again in a new list")
		}
	})
}

// sheetRows are the rows a sheet gives, those it holds and those it reads
// as it is written.
func sheetRows(t *testing.T, sheet reports.Sheet) [][]any {
	t.Helper()
	rows := sheet.Rows
	if sheet.Each != nil {
		if err := sheet.Each(func(r []any) error { rows = append(rows, r); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	return rows
}
