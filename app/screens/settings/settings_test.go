package settings

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xiaoneng/app/apptest"
	"xiaoneng/data"
)

func TestSettingsSaveLimitsAndPrefixes(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	s := apptest.Show(t, w, "设置", New)

	retype := func(e interface {
		SetText(string)
		fyne.Focusable
	}, text string) {
		e.SetText("")
		test.Type(e, text)
	}
	retype(s.officeName, "城关县机关效能建设办公室")
	retype(s.issuingBody, "城关县纪委监委机关效能建设办公室")
	retype(s.prefixes[data.DocNotice], "城效监通")
	retype(s.limits[1].entry, "20") // 办理时限
	retype(s.limits[5].entry, "2")  // 临近到期提醒
	if s.idleLock.Text != "15" {
		t.Errorf("the idle lock shows %q minutes, want the default 15", s.idleLock.Text)
	}
	retype(s.idleLock, "10")
	w.Press(fyne.KeyS)

	got, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.OfficeName != "城关县机关效能建设办公室" || got.IssuingBody != "城关县纪委监委机关效能建设办公室" ||
		got.Prefix(data.DocNotice) != "城效监通" || got.Prefix(data.DocWarning) != "效告" ||
		got.HandleLimitDays != 20 || got.WarnDays != 2 || got.AcceptLimitDays != 3 || got.IdleLockMinutes != 10 {
		t.Errorf("saved settings = %+v", got)
	}
	if w.SettingsChanges != 1 { // the shell shows the new name in the title bar
		t.Errorf("the shell is told of %d changes of the settings", w.SettingsChanges)
	}

	// Out of range: refused with the store's Chinese sentence under the field.
	retype(s.limits[1].entry, "45")
	w.Press(fyne.KeyS)
	if !apptest.Shows(s.form.Widget(), "办理时限应在1至30个工作日之间") {
		t.Errorf("form shows %v", apptest.Texts(s.form.Widget()))
	}
	retype(s.limits[1].entry, "20")
	retype(s.idleLock, "0")
	w.Press(fyne.KeyS)
	if !apptest.Shows(s.form.Widget(), "无操作锁定时间应在1至120分钟之间") {
		t.Errorf("form shows %v", apptest.Texts(s.form.Widget()))
	}
	retype(s.limits[0].entry, "三")
	if !apptest.Shows(s.form.Widget(), "请填写整数") {
		t.Errorf("form shows %v", apptest.Texts(s.form.Widget()))
	}
	if got, _ := db.Settings(ctx); got.HandleLimitDays != 20 {
		t.Errorf("a refused save changed the limit to %d", got.HandleLimitDays)
	}
}

func TestHolidayYearAddedAndUsed(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	s := apptest.Show(t, w, "设置", New)
	s.tabs.SelectIndex(1)
	c := s.cal

	if c.shown != 2026 || !strings.HasPrefix(c.status.Text, "程序内置") || !strings.Contains(c.summary.Text, "全年工作日248天") {
		t.Fatalf("2026: status %q, summary %q", c.status.Text, c.summary.Text)
	}
	c.year.SetSelected("2027年")
	if c.shown != 2027 || !strings.HasPrefix(c.status.Text, "尚未录入") || c.remove.Visible() {
		t.Fatalf("2027: status %q", c.status.Text)
	}
	test.Type(c.daysOff, "1-01..1-03; 2-06..2-12; 10-01..10-07")
	test.Type(c.workDays, "2-14 2-20")
	if !strings.HasPrefix(c.summary.Text, "放假17天，调休上班2天，全年工作日") {
		t.Errorf("summary %q", c.summary.Text)
	}
	c.workDays.SetText("")
	test.Type(c.workDays, "2-03") // a Wednesday: refused
	w.Press(fyne.KeyS)
	if !apptest.Shows(c.form.Widget(), "调休上班日2027-02-03不是周末") {
		t.Errorf("form shows %v", apptest.Texts(c.form.Widget()))
	}
	c.workDays.SetText("")
	test.Type(c.workDays, "2-14; 2-20")
	test.Type(c.note, "国办发明电〔2026〕9号")
	w.Press(fyne.KeyS)
	if c.form.Dirty() {
		t.Fatalf("not saved: %v", apptest.Texts(c.form.Widget()))
	}

	cal, err := db.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !cal.Known(2027) || cal.IsWorkday(data.NewDate(2027, 2, 8)) || !cal.IsWorkday(data.NewDate(2027, 2, 14)) {
		t.Errorf("calendar 2027: known %v, 2-08 workday %v, 2-14 workday %v",
			cal.Known(2027), cal.IsWorkday(data.NewDate(2027, 2, 8)), cal.IsWorkday(data.NewDate(2027, 2, 14)))
	}
	if c.status.Text != "本办录入" || !c.remove.Visible() {
		t.Errorf("after saving: status %q, delete offered %v", c.status.Text, c.remove.Visible())
	}

	test.Tap(c.remove)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "删除")
	if cal, err = db.Calendar(ctx); err != nil || cal.Known(2027) {
		t.Errorf("after deleting: known %v, %v", cal.Known(2027), err)
	}
}

// The 工作台's 录入节假日安排 lands on the year it asks for.
func TestEditCalendarYearShowsTheYear(t *testing.T) {
	w := apptest.New(t)
	s := apptest.Show(t, w, "设置", New)
	s.EditCalendarYear(2027)
	if s.tabs.SelectedIndex() != calendarTabIndex || s.cal.shown != 2027 {
		t.Fatalf("on tab %d, year %d", s.tabs.SelectedIndex(), s.cal.shown)
	}
}
