package rectification

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/apptest"
	"xiaoneng/app/kit"
	"xiaoneng/data"
)

func ids(fs []*data.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.ID
	}
	slices.Sort(out)
	return out
}

// The chips sort the findings by where their rectification stands, and the
// 提醒 column counts the working days overdue.
func TestRectificationListChips(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	f := apptest.NewRectFixture(t, db)
	s := apptest.Show(t, w, "问题整改", New)
	if got := len(s.table.Visible()); got != 5 {
		t.Fatalf("全部 shows %d findings, want 5", got)
	}
	for _, c := range []struct {
		chip string
		want []*data.Finding
	}{
		{"整改中", []*data.Finding{f.Overdue, f.Soon, f.Open}},
		{"已超期", []*data.Finding{f.Overdue}},
		{"临近到期", []*data.Finding{f.Soon}},
		{"待复查", nil},
		{"已整改", []*data.Finding{f.Done}},
	} {
		apptest.TapButton(t, s.View(), c.chip)
		if got := ids(s.table.Visible()); !slices.Equal(got, ids(c.want)) {
			t.Errorf("%s shows %d findings, want %d", c.chip, len(got), len(c.want))
		}
	}
	if got := s.alertOf(f.Overdue); got != "已超期9个工作日" {
		t.Errorf("overdue alert = %q", got)
	}
	if got := s.alertOf(f.Soon); got != "剩1个工作日" {
		t.Errorf("due-soon alert = %q", got)
	}
	if got := s.alertOf(f.Open); got != "" {
		t.Errorf("alert of a finding due in two weeks = %q", got)
	}

	// Filters: by unit, then category, then the day found.
	apptest.TapButton(t, s.View(), "全部")
	apptest.PickUnit(t, w.Window(), s.unit, "县税务")
	if got := ids(s.table.Visible()); !slices.Equal(got, ids([]*data.Finding{f.Soon, f.OnSite})) {
		t.Errorf("县税务局 shows %d findings", len(got))
	}
	s.category.SetSelected("脸难看")
	if got := ids(s.table.Visible()); !slices.Equal(got, ids([]*data.Finding{f.OnSite})) {
		t.Errorf("县税务局, 脸难看 shows %d findings", len(got))
	}
	apptest.TapButton(t, s.View(), "清除条件")
	test.Type(s.from, "2026-11-19")
	if got := ids(s.table.Visible()); !slices.Equal(got, ids([]*data.Finding{f.Open, f.Done})) {
		t.Errorf("found from 2026-11-19 shows %d findings", len(got))
	}
}

// An overdue rectification gets its report (with a file), then a 复查 that
// finds it 整改不到位 and sets a new deadline, all through the screen.
func TestRectificationReportAndRecheck(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	f := apptest.NewRectFixture(t, db)
	s := apptest.Show(t, w, "问题整改", New)
	apptest.TapButton(t, s.View(), "已超期")
	apptest.SelectRow(t, w.Window(), s.table.Widget(), 0)
	if s.finding == nil || s.finding.ID != f.Overdue.ID {
		t.Fatalf("finding shown = %+v", s.finding)
	}
	if !apptest.Shows(s.detail, "整改中，已超期9个工作日") || !apptest.Shows(s.detail, "窗口人员上班时间玩手机") {
		t.Errorf("detail = %v", apptest.Texts(s.detail))
	}
	if apptest.Shows(s.detail, "复查…") {
		t.Error("复查 offered before the report")
	}

	apptest.TapButton(t, s.detail, "提交整改报告…")
	d := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(d, "已超期") {
		t.Errorf("the report dialog does not say it is late: %v", apptest.Texts(d))
	}
	content := apptest.Find[*kit.TextArea](t, d)
	test.Type(content, "已对当事人批评教育，窗口实行AB岗")
	dir := t.TempDir()
	scan := []byte("%PDF-1.4\n整改报告扫描件\n")
	if err := os.WriteFile(filepath.Join(dir, "整改报告.pdf"), scan, 0o644); err != nil {
		t.Fatal(err)
	}
	apptest.TapButton(t, d, "添加附件…")
	apptest.PickIn(t, w.Window(), s.picker, dir, "整改报告.pdf")
	apptest.TapButton(t, d, "保存")
	got, err := db.Finding(ctx, f.Overdue.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.RectStatus != data.RectReported || got.ReportOn != data.NewDate(2026, 11, 21) || got.ReportContent != "已对当事人批评教育，窗口实行AB岗" {
		t.Fatalf("after the report: %+v", got)
	}
	events, err := db.FindingEvents(ctx, f.Overdue.ID)
	if err != nil {
		t.Fatal(err)
	}
	report := events[len(events)-1]
	files, err := db.Attachments(ctx, data.OwnerFindingEvent, report.ID)
	if err != nil || len(files) != 1 || files[0].Name != "整改报告.pdf" || files[0].Size != int64(len(scan)) {
		t.Fatalf("report files = %v, %v", files, err)
	}
	if !apptest.Shows(s.detail, "待复查") || !apptest.Shows(s.detail, "整改报告.pdf") {
		t.Errorf("detail after the report = %v", apptest.Texts(s.detail))
	}

	apptest.TapButton(t, s.detail, "复查…")
	d = apptest.TopOverlay(t, w.Window())
	radio := apptest.Find[*widget.RadioGroup](t, d)
	radio.SetSelected(string(data.RecheckFailed))
	var days *widget.Entry
	apptest.Walk(d, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && !e.MultiLine && e.Text == "10" && days == nil {
			days = e
		}
	})
	if days == nil || days.Disabled() {
		t.Fatal("no period to type after 整改不到位")
	}
	days.SetText("")
	test.Type(days, "5")
	if !apptest.Shows(d, "新的整改期限：2026-11-27") {
		t.Errorf("recheck dialog = %v", apptest.Texts(d))
	}
	apptest.TapButton(t, d, "保存")
	got, err = db.Finding(ctx, f.Overdue.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.RectStatus != data.RectOpen || got.RecheckResult != data.RecheckFailed || got.RecheckOn != data.NewDate(2026, 11, 21) ||
		got.RectDue != data.NewDate(2026, 11, 27) || got.RecheckBy != "测试员" || !got.ClosedOn.IsZero() {
		t.Fatalf("after the recheck: %+v", got)
	}
	events, err = db.FindingEvents(ctx, f.Overdue.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Kind))
	}
	if strings.Join(kinds, ",") != "登记,限期整改,整改报告,复查" {
		t.Errorf("events = %v", kinds)
	}
	if !apptest.Shows(s.detail, "结果：整改不到位；重新限期5个工作日，期限2026-11-27") {
		t.Errorf("timeline = %v", apptest.Texts(s.detail))
	}
	// No longer overdue: the 已超期 chip is empty now.
	if got := s.table.Visible(); len(got) != 0 {
		t.Errorf("已超期 still lists %d findings", len(got))
	}
}

// A finding disposed of on the spot can still be put under rectification;
// a rectification in progress can be extended, with its reason.
func TestRectificationOrderAndExtend(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	f := apptest.NewRectFixture(t, db)
	s := apptest.Show(t, w, "问题整改", New)
	s.Open(f.OnSite.ID)
	if s.finding == nil || s.finding.ID != f.OnSite.ID {
		t.Fatal("openFinding did not show the finding")
	}
	if apptest.Shows(s.detail, "提交整改报告…") {
		t.Error("a report is offered for a finding not under rectification")
	}
	apptest.TapButton(t, s.detail, "限期整改…")
	d := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(d, "整改期限：2026-12-04") { // Saturday 2026-11-21 + 10
		t.Errorf("order dialog = %v", apptest.Texts(d))
	}
	apptest.TapButton(t, d, "保存")
	got, err := db.Finding(ctx, f.OnSite.ID)
	if err != nil || got.RectStatus != data.RectOpen || got.RectDue != data.NewDate(2026, 12, 4) {
		t.Fatalf("after the order: %+v, %v", got, err)
	}

	apptest.TapButton(t, s.detail, "延期…")
	d = apptest.TopOverlay(t, w.Window())
	apptest.TapButton(t, d, "保存")
	if got, _ := db.Finding(ctx, f.OnSite.ID); got.RectDue != data.NewDate(2026, 12, 4) {
		t.Fatal("an extension without days or reason was saved")
	}
	entries := apptest.Entries(d)
	test.Type(entries[0], "3")
	test.Type(entries[1], "单位申请延期，需采购导引设备")
	if !apptest.Shows(d, "延期后的期限：2026-12-09") {
		t.Errorf("extend dialog = %v", apptest.Texts(d))
	}
	apptest.TapButton(t, d, "保存")
	got, err = db.Finding(ctx, f.OnSite.ID)
	if err != nil || got.RectDue != data.NewDate(2026, 12, 9) || got.RectLimitDays != 13 {
		t.Fatalf("after the extension: %+v, %v", got, err)
	}
	if !apptest.Shows(s.detail, "延期3个工作日，新的期限2026-12-09。单位申请延期，需采购导引设备") {
		t.Errorf("timeline = %v", apptest.Texts(s.detail))
	}
}

// A ledger with more findings than the first page shows them all once the
// rest have arrived from the background.
func TestRectificationListLoadsBeyondTheFirstPage(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	u := apptest.MustUnit(t, db, "县行政服务中心", data.UnitWindow)
	r := apptest.MustRound(t, db, "2026年明察暗访", data.RoundCovert, nil, nil, u)
	const visits = firstPage/4 + 1
	for i := range visits {
		var fs []*data.Finding
		for range 4 {
			fs = append(fs, &data.Finding{Category: "事难办", Description: "办事指南与实际不符", Disposition: data.DispositionOnSite})
		}
		apptest.MustVisit(t, db, r, u, time.Date(2026, 6, 1, 9, 0, 0, 0, data.Zone).AddDate(0, 0, i), fs...)
	}
	s := apptest.Show(t, w, "问题整改", New)
	if got := len(s.table.Visible()); got != visits*4 {
		t.Errorf("the list shows %d findings, want all %d", got, visits*4)
	}
	if s.loading.Visible() {
		t.Errorf("still says %q", s.loading.Text)
	}
}
