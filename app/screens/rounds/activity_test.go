package rounds

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xiaoneng/app/apptest"
	"xiaoneng/data"
)

// 公务活动登记: only monitoring points are listed; an entry is typed, saved,
// corrected and deleted.
func TestActivityLogEntry(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	plant := apptest.MustUnit(t, db, "县宏达机械制造有限公司", data.UnitMonitored)
	apptest.MustUnit(t, db, "县市场监督管理局", data.UnitDepartment)

	s := apptest.Show(t, w, "督查检查", New)
	s.tabs.SelectIndex(1)
	p := s.activity
	if got := p.units.Visible(); len(got) != 1 || got[0].ID != plant.ID {
		t.Fatalf("enterprises = %v", got)
	}
	apptest.SelectRow(t, w.Window(), p.units.Widget(), 0)
	if p.unit == nil || !p.detail.Visible() {
		t.Fatal("the enterprise is not shown")
	}
	p.on.SetText("")
	test.Type(p.on, "2026-11-18")
	test.Type(p.agency, "县应急管理局")
	test.Type(p.officers, "张伟、李娜")
	p.purpose.SetSelected("检查")
	test.Type(p.basis, "《安全生产法》第六十五条")
	test.Tap(p.filled)
	w.Press(fyne.KeyS)
	logs, err := db.ActivityLogs(ctx, plant.ID, data.Date{}, data.Date{})
	if err != nil || len(logs) != 1 {
		t.Fatalf("logs = %v, %v", logs, err)
	}
	a := logs[0]
	if a.On != data.NewDate(2026, 11, 18) || a.Agency != "县应急管理局" || a.Officers != "张伟、李娜" ||
		a.Purpose != "检查" || a.Basis != "《安全生产法》第六十五条" || !a.FormFilled {
		t.Errorf("log = %+v", a)
	}
	if p.heading.Text != "县宏达机械制造有限公司（登记1次）" || len(p.logs.Visible()) != 1 {
		t.Errorf("heading %q, %d logs", p.heading.Text, len(p.logs.Visible()))
	}

	// A day in the future is refused under the date.
	p.on.SetText("2026-11-30")
	apptest.TapButton(t, p.form.Widget(), "保存")
	if !apptest.Shows(p.form.Widget(), "日期不能晚于今天") {
		t.Errorf("form = %v", apptest.Texts(p.form.Widget()))
	}
	p.on.SetText("2026-11-19")
	apptest.TapButton(t, p.form.Widget(), "保存")
	if logs, _ := db.ActivityLogs(ctx, plant.ID, data.Date{}, data.Date{}); len(logs) != 1 || logs[0].On != data.NewDate(2026, 11, 19) {
		t.Fatalf("after correcting: %+v", logs)
	}
	apptest.TapButton(t, p.form.Widget(), "删除")
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "删除")
	if logs, _ := db.ActivityLogs(ctx, plant.ID, data.Date{}, data.Date{}); len(logs) != 0 {
		t.Fatalf("after deleting: %+v", logs)
	}
	if p.counts[plant.ID] != 0 {
		t.Errorf("count after deleting = %d", p.counts[plant.ID])
	}
}
