package stats

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"xiaoneng/app/apptest"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// statsComplaints puts four complaints of the third quarter of 2026 in db:
//
//	A 07-06 电话 市场监管局 脸难看  交办5日(到期07-13)，07-10办结，属实，满意
//	B 08-03 来访 市场监管局 事难办  交办5日(到期08-10)，08-20办结(超期)，基本满意
//	C 09-01 电话 城关镇     不作为  交办5日(到期09-08)，仍在办理(超期)
//	D 09-15 来信 县供电公司  其他    待受理
func statsComplaints(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	apptest.MustUnit(t, db, "城关镇人民政府", data.UnitTownship)
	apptest.MustUnit(t, db, "县市场监督管理局", data.UnitDepartment)
	apptest.MustUnit(t, db, "县供电公司", data.UnitUtility)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, data.Zone)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	list := []*data.Complaint{
		{Number: "A", ReceivedAt: at("2026-07-06 09:00"), Channel: data.ChannelPhone, UnitName: "县市场监督管理局", Category: "脸难看",
			Status: data.StatusClosed, LimitDays: 5, ClosedAt: at("2026-07-10 16:00"), Verification: data.VerifiedTrue, Satisfaction: data.Satisfied},
		{Number: "B", ReceivedAt: at("2026-08-03 09:00"), Channel: data.ChannelVisit, UnitName: "县市场监督管理局", Category: "事难办",
			Status: data.StatusClosed, LimitDays: 5, ClosedAt: at("2026-08-20 16:00"), Satisfaction: data.FairlySatisfied},
		{Number: "C", ReceivedAt: at("2026-09-01 09:00"), Channel: data.ChannelPhone, UnitName: "城关镇人民政府", Category: "不作为",
			Status: data.StatusHandling, LimitDays: 5},
		{Number: "D", ReceivedAt: at("2026-09-15 09:00"), Channel: data.ChannelLetter, UnitName: "县供电公司", Category: "其他"},
	}
	for _, c := range list {
		c.Complainant.Anonymous = true
		c.Subject, c.Content = "投诉"+c.Number, "投诉"+c.Number+"的内容。"
	}
	if _, err := db.ImportComplaints(ctx, list, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}

// waitStats runs the screen's computation of its figures.
func waitStats(t *testing.T, s *Screen) {
	t.Helper()
	apptest.RunQueued()
	select {
	case <-s.loaded:
	case <-time.After(30 * time.Second):
		t.Fatal("statistics not computed after 30 s")
	}
}

func TestStatsScreen(t *testing.T) {
	apptest.QueueBackground(t)
	w := apptest.New(t)
	db := w.DB()
	statsComplaints(t, db)
	s := apptest.Show(t, w, "统计考核", New)
	waitStats(t, s)
	if s.kind.Selected != periodQuarter || s.part.Selected != "第四季度" || s.year.Selected != "2026年" {
		t.Errorf("opens on %s %s %s, want this quarter", s.year.Selected, s.kind.Selected, s.part.Selected)
	}
	if s.received.Value.Text != "0" {
		t.Errorf("the fourth quarter has %s complaints", s.received.Value.Text)
	}

	s.part.SetSelected("第三季度")
	waitStats(t, s)
	for _, c := range []struct {
		name string
		tile *parts.Tile
		want string
	}{{"登记", s.received, "4"}, {"交办", s.assigned, "3"}, {"办结", s.concluded, "2"}, {"在办", s.inProgress, "1"}, {"超期", s.overdue, "2"},
		{"办结率", s.concludedRate, "66.7%"}, {"按期办结率", s.onTime, "50.0%"}, {"满意率", s.satisfied, "100.0%"}} {
		if c.tile.Value.Text != c.want {
			t.Errorf("%s shows %s, want %s", c.name, c.tile.Value.Text, c.want)
		}
	}
	if want := "共登记群众投诉4件，其中电话投诉2件、来访1件、来信1件；另有1件尚待受理；已办结2件，办结率66.7%，按期办结率50.0%；其余1件正在办理中。"; !strings.Contains(s.complaintText.Text, want) {
		t.Errorf("sentence %q", s.complaintText.Text)
	}
	if s.asOf.Text != "2026年7月1日至9月30日，统计截至2026年11月21日" {
		t.Errorf("as of %q", s.asOf.Text)
	}
	if len(s.channels.Items) != 8 || s.channels.Items[0] != (parts.ChartItem{Label: "电话", Value: 2}) || s.channels.Items[2] != (parts.ChartItem{Label: "来信", Value: 1}) {
		t.Errorf("channel bars %v", s.channels.Items)
	}
	if len(s.categories.Items) != 4 || s.categories.Items[0] != (parts.ChartItem{Label: "脸难看", Value: 1}) {
		t.Errorf("category bars %v", s.categories.Items)
	}
	if !slices.Equal(s.trend.Labels, []string{"7月", "8月", "9月"}) || !slices.Equal(s.trend.Series[0].Values, []int{1, 1, 2}) ||
		!slices.Equal(s.trend.Series[1].Values, []int{1, 1, 0}) {
		t.Errorf("trend %v %v", s.trend.Labels, s.trend.Series)
	}
	// the ranking: 市场监管局 lost 3 (属实) and 2 (B late), 城关镇 2 (C overdue)
	_, rows := s.ranking.Export()
	want := [][]string{
		{"1", "县供电公司", "公用事业单位", "100", "", "", "", "", "", ""},
		{"2", "城关镇人民政府", "乡镇/街道", "98", "", "", "-2.0", "", "", "黄牌警告"},
		{"3", "县市场监督管理局", "县直部门", "95", "", "-3.0", "-2.0", "", "", "黄牌警告"},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("ranking\n%v\nwant\n%v", rows, want)
	}
	if s.flagged.Text != "黄牌警告：县市场监督管理局、城关镇人民政府" {
		t.Errorf("flagged %q", s.flagged.Text)
	}
	// The units' figures add up in a 合计 row.
	_, units := s.units.Export()
	if len(units) != 4 || units[0][0] != "城关镇人民政府" || units[1][2] != "2" || units[3][0] != "合计" || units[3][2] != "4" {
		t.Errorf("units %v", units)
	}

	s.kind.SetSelected(periodMonth)
	waitStats(t, s)
	s.part.SetSelected("8月")
	waitStats(t, s)
	if s.received.Value.Text != "1" || s.period.Label() != "2026年8月" {
		t.Errorf("August: %s complaints, period %s", s.received.Value.Text, s.period.Label())
	}
	s.kind.SetSelected(periodYear)
	waitStats(t, s)
	// the trend stops at the day counted (November)
	if s.received.Value.Text != "4" || len(s.trend.Labels) != 11 || s.part.Visible() {
		t.Errorf("the year: %s complaints, %d months, month picker shown %v", s.received.Value.Text, len(s.trend.Labels), s.part.Visible())
	}
	s.kind.SetSelected(periodCustom)
	if !s.custom.Visible() || s.partBox.Visible() {
		t.Fatal("the custom period shows no dates")
	}
	waitStats(t, s)
	s.from.SetText("2026-09-01")
	waitStats(t, s)
	s.to.SetText("2026-09-30")
	waitStats(t, s)
	if s.received.Value.Text != "2" || s.period.Label() != "2026年9月1日至9月30日" {
		t.Errorf("September by days: %s complaints, %s", s.received.Value.Text, s.period.Label())
	}
	s.to.SetText("2026-08-30")
	if !strings.Contains(s.asOf.Text, "结束日期不能早于开始日期") {
		t.Errorf("a period ending before it starts: %q", s.asOf.Text)
	}
}

func TestStatsScreenWorkbookAndBulletin(t *testing.T) {
	apptest.QueueBackground(t)
	w := apptest.New(t)
	db := w.DB()
	opened := apptest.CapturePrints(t)
	statsComplaints(t, db)
	s := apptest.Show(t, w, "统计考核", New)
	waitStats(t, s)
	s.part.SetSelected("第三季度")
	waitStats(t, s)
	dir := t.TempDir()

	c := s.exportWorkbook()
	c.Enter(dir)
	if c.NameEntry().Text != "2026年第三季度统计考核.xlsx" {
		t.Errorf("proposed name %q", c.NameEntry().Text)
	}
	c.Confirm()
	apptest.WaitJobs(t, w)
	path := filepath.Join(dir, "2026年第三季度统计考核.xlsx")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.GetCellValue("概况", "B4")
	f.Close()
	if err != nil || v != "4" {
		t.Errorf("workbook: %q %v", v, err)
	}
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "文件已保存到") {
		t.Errorf("no confirmation: %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
	}

	c = s.makeBulletin()
	c.Enter(dir)
	c.Confirm()
	apptest.WaitJobs(t, w)
	pdf := filepath.Join(dir, "关于2026年第三季度机关效能建设情况的通报.pdf")
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("通报: %v", err)
	}
	// A PDF saved is announced as a workbook is, with 打开.
	saved := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(saved, "文件已保存到") {
		t.Errorf("no confirmation: %v", apptest.Texts(saved))
	}
	apptest.TapButton(t, saved, "打开")
	if got := opened(); len(got) != 1 || got[0] != pdf {
		t.Errorf("opened %v", got)
	}

	// 文件 menu: the list shown (the ranking) to Excel
	s.tabs.SelectIndex(3)
	if name, sheet := s.ExportSheet(); name != "2026年第三季度考核排名" || len(sheet.Rows) == 0 {
		t.Errorf("导出Excel of the ranking: %q, %d rows", name, len(sheet.Rows))
	}
}

func TestStatsScreenWeights(t *testing.T) {
	apptest.QueueBackground(t)
	w := apptest.New(t)
	db := w.DB()
	statsComplaints(t, db)
	s := apptest.Show(t, w, "统计考核", New)
	waitStats(t, s)
	s.part.SetSelected("第三季度")
	waitStats(t, s)
	s.editWeights()
	dlg := apptest.TopOverlay(t, w.Window())
	entries := findAll[*widget.Entry](dlg)
	if len(entries) != 7 || entries[3].Text != "2" {
		t.Fatalf("weights shown: %d entries", len(entries))
	}
	entries[3].SetText("十") // 超期 in words
	apptest.TapButton(t, dlg, "保存")
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "“每件超期办理扣分”应填写数字") {
		t.Fatalf("no reason: %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
	}
	entries[3].SetText("10")
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "保存")
	waitStats(t, s)
	settings, err := db.Settings(context.Background())
	if err != nil || settings.AssessmentWeights.Overdue != 10 {
		t.Fatalf("saved %+v, %v", settings.AssessmentWeights, err)
	}
	_, rows := s.ranking.Export()
	if rows[2][1] != "县市场监督管理局" || rows[2][3] != "87" || rows[1][3] != "90" {
		t.Errorf("ranking with heavier overdue %v", rows)
	}
}

func findAll[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var out []T
	apptest.Walk(o, func(c fyne.CanvasObject) {
		if x, ok := c.(T); ok {
			out = append(out, x)
		}
	})
	return out
}
