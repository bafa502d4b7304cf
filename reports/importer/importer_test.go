package importer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

var fixedNow = time.Date(2026, 11, 21, 10, 0, 0, 0, data.Zone)

func newLedger(t testing.TB) *store.DB {
	t.Helper()
	db := storetest.New(t)
	db.SetClock(func() time.Time { return fixedNow })
	return db
}

func addUnits(t testing.TB, db *store.DB, names ...string) {
	t.Helper()
	for _, n := range names {
		if err := db.CreateUnit(context.Background(), &data.Unit{Name: n, Category: data.UnitDepartment}); err != nil {
			t.Fatal(err)
		}
	}
}

// serial is the Excel serial number of a local time.
func serial(t testing.TB, s string) float64 {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return v.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

// complaintWorkbook is a ledger as an office keeps it: a title merged over
// the table, a line naming the office, a two-row header with 投诉人 over
// 姓名 and 联系电话, dates typed every which way and as Excel dates, a unit
// merged down over two complaints, bad rows, and totals and a signature line
// under the table.
func complaintWorkbook(t testing.TB) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	if err := f.SetSheetName(sh, "投诉台账"); err != nil {
		t.Fatal(err)
	}
	sh = "投诉台账"
	set := func(cell string, v any) {
		t.Helper()
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(a, b string) {
		t.Helper()
		if err := f.MergeCell(sh, a, b); err != nil {
			t.Fatal(err)
		}
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm
	if err != nil {
		t.Fatal(err)
	}
	set("A1", "2026年机关效能投诉登记台账")
	merge("A1", "N1")
	set("A2", "填报单位：县机关效能建设办公室　　　　统计时间：2026年1月至11月")
	merge("A2", "N2")
	heads := []string{"序号", "编号", "收件时间", "投诉渠道", "投诉人", "", "被投诉单位", "投诉类别", "事由", "投诉内容", "承办单位", "办理时限", "办结日期", "办理状态"}
	for i, h := range heads {
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		if h != "" {
			set(cell, h)
		}
		if h != "投诉人" && h != "" {
			below, _ := excelize.CoordinatesToCellName(i+1, 4)
			merge(cell, below)
		}
	}
	merge("E3", "F3")
	set("E4", "姓名")
	set("F4", "联系电话")
	rows := [][]any{
		{1, "XT2026-001", serial(t, "2026-03-05 14:30"), "来电", "王芳", 13905918888, "县市场监督管理局", "脸难看", "窗口人员态度生硬", "反映办理执照时工作人员态度生硬。", "县市场监督管理局", 15, "2026/3/20", "已办结"},
		{2, "XT2026-002", "2026-3-6", "来访", "李强", "0591-2345678", "县自然资源局", "事难办", "", "反映不动产登记多次往返仍未办结。后续又去了两次。", "", "10天", "", "办理中"},
		{3, "XT2026-003", "2026年3月7日", "12345", "", "", "", "慢作为", "审批超时", "审批超过承诺时限。", "县自然资源局", "", "", ""},
		{4, "XT2026-004", 20260308, "网上投诉", "匿名", "", "县教育局", "乱收费", "学校收取资料费", "学校收取未公示的资料费。", "县教育局", 5, "2026年3月12日", "办结"},
		{5, "XT2026-005", "2026-13-45", "电话", "赵六", "", "县教育局", "其他", "日期写错", "日期写错。", "", "", "", ""},
		{6, "XT2026-006", "2026-04-01 09:00", "传真", "孙七", "", "县教育局", "其他", "渠道不明", "渠道不明。", "", "", "", ""},
		{7, "XT2026-007", "2026-04-02", "电话", "周八", "", "县不存在局", "其他", "单位不存在", "单位不存在。", "", "", "", ""},
		{8, "XT2026-008", "2026-04-03", "电话", "吴九", "", "县教育局", "其他", "办结无日期", "办结无日期。", "", "", "", "已办结"},
		{"合计", "", "", "", "", "", "", "", "", "8件", "", "", "", ""},
		{"制表人：张明　　审核人：李华", "", "", "", "", "", "", "", "", "", "", "", "", ""},
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+5)
			if v != "" {
				set(cell, v)
			}
			if r == 0 && c == 2 {
				if err := f.SetCellStyle(sh, cell, cell, dateStyle); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// complaint 3's unit is merged down from complaint 2's
	merge("G6", "G7")
	path := filepath.Join(t.TempDir(), "2026年投诉台账.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportComplaintWorkbook(t *testing.T) {
	ctx := context.Background()
	db := newLedger(t)
	addUnits(t, db, "县市场监督管理局", "县自然资源局", "县教育局")
	path := complaintWorkbook(t)

	p, err := Open(ctx, db, path, Complaints)
	if err != nil {
		t.Fatal(err)
	}
	if p.Table.Sheet != "投诉台账" || p.Header.Row != 3 {
		t.Errorf("sheet %q, header at row %d", p.Table.Sheet, p.Header.Row+1)
	}
	wantTitles := "序号|编号|收件时间|投诉渠道|投诉人姓名|投诉人联系电话|被投诉单位|投诉类别|事由|投诉内容|承办单位|办理时限|办结日期|办理状态"
	if got := strings.Join(p.Header.Titles, "|"); got != wantTitles {
		t.Errorf("titles\n%s, want\n%s", got, wantTitles)
	}
	wantMap := "|number|received_at|channel|complainant|phone|unit|category|subject|content|handler|limit|closed_at|status"
	if got := strings.Join(p.Mapping, "|"); got != wantMap {
		t.Errorf("mapping\n%s, want\n%s", got, wantMap)
	}
	status := map[int]string{}
	for _, r := range p.Rows {
		status[r.Number] = r.Status.Label() + ":" + r.Message
	}
	want := map[int]string{
		5:  "新增:",
		6:  "新增:",
		7:  "新增:",
		8:  "新增:",
		9:  "有错误:“2026-13-45”不是有效的日期，请写作2026-3-5、2026/3/5或2026年3月5日",
		10: "有错误:投诉渠道“传真”无法识别，应为电话、来访、来信、网络、12345转办、上级交办、媒体曝光、监测点反映之一",
		11: "有错误:被投诉单位“县不存在局”不在单位名录中，请先导入或新建该单位",
		12: "有错误:状态为“已办结”，请填写办结时间",
		13: "跳过:合计行",
		14: "跳过:表尾说明",
	}
	for row, w := range want {
		if status[row] != w {
			t.Errorf("row %d: %q, want %q", row, status[row], w)
		}
	}
	if p.New != 4 || p.Bad != 4 || p.Skipped != 2 || p.OK() {
		t.Errorf("counts: new %d bad %d skipped %d", p.New, p.Bad, p.Skipped)
	}
	for _, r := range p.Rows {
		if r.Number == 10 && r.Column != "投诉渠道" {
			t.Errorf("the bad channel is placed in column %q", r.Column)
		}
	}
	if _, err := p.Import(ctx, db); err == nil {
		t.Fatal("a file with bad rows was imported")
	}
	if n, _ := db.CountComplaints(ctx, data.ComplaintFilter{}); n != 0 {
		t.Fatalf("%d complaints written from a refused file", n)
	}

	// With the bad rows left out of the file (here: their cells cleared),
	// the rest imports, and importing again adds nothing.
	for i := range p.Rows {
		if p.Rows[i].Status == RowBad {
			p.Table.Rows[p.Rows[i].Number-1] = nil
		}
	}
	p, err = p.Remap(ctx, db, p.Mapping)
	if err != nil || !p.OK() || p.New != 4 {
		t.Fatalf("cleaned preview: %+v, %v", p, err)
	}
	res, err := p.Import(ctx, db)
	if err != nil || res.Added != 4 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	list, err := db.Complaints(ctx, data.ComplaintFilter{})
	if err != nil || len(list) != 4 {
		t.Fatalf("%d complaints, %v", len(list), err)
	}
	got := map[string]*data.Complaint{}
	for _, c := range list {
		got[c.Subject] = c
	}
	a := got["窗口人员态度生硬"]
	if a == nil || !a.ReceivedAt.Equal(time.Date(2026, 3, 5, 14, 30, 0, 0, data.Zone)) || a.Channel != data.ChannelPhone ||
		a.Complainant.Phone != "139****8888" || a.Status != data.StatusClosed || a.LimitDays != 15 ||
		data.DateOf(a.ClosedAt).String() != "2026-03-20" || a.HandlerUnitName != "县市场监督管理局" {
		t.Errorf("complaint 1: %+v", a)
	}
	b := got["反映不动产登记多次往返仍未办结"]
	if b == nil || data.DateOf(b.ReceivedAt).String() != "2026-03-06" || b.Status != data.StatusHandling || b.LimitDays != 10 ||
		b.HandlerUnitName != "县自然资源局" || b.Content != "反映不动产登记多次往返仍未办结。后续又去了两次。" {
		t.Errorf("complaint 2 (事由 from its content, handled by itself): %+v", b)
	}
	c := got["审批超时"]
	if c == nil || c.UnitName != "县自然资源局" || c.Channel != data.Channel12345 || !c.Complainant.Anonymous ||
		c.Status != data.StatusHandling || c.LimitDays != 5 {
		t.Errorf("complaint 3 (unit merged down, anonymous, status from its handler): %+v", c)
	}
	d := got["学校收取资料费"]
	if d == nil || data.DateOf(d.ReceivedAt).String() != "2026-03-08" || d.Channel != data.ChannelOnline || !d.Complainant.Anonymous ||
		d.Complainant.Name != "" || d.Status != data.StatusClosed || data.DateOf(d.ClosedAt).String() != "2026-03-12" {
		t.Errorf("complaint 4 (20260308 as a number, 匿名): %+v", d)
	}

	again, err := Open(ctx, db, path, Complaints)
	if err != nil {
		t.Fatal(err)
	}
	if again.Present != 4 || again.New != 0 {
		t.Errorf("the same file again: %d present, %d new", again.Present, again.New)
	}
}

func TestRememberedMapping(t *testing.T) {
	ctx := context.Background()
	db := newLedger(t)
	path := filepath.Join(t.TempDir(), "单位.csv")
	// 负责人 is the contact person in this office's sheet, not the principal
	if err := os.WriteFile(path, []byte("单位名称,类别,负责人\n县教育局,县直部门,陈明\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Open(ctx, db, path, Units)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(p.Mapping, ",") != "name,category,principal" {
		t.Fatalf("guessed %v", p.Mapping)
	}
	p, err = p.Remap(ctx, db, Mapping{"name", "category", "contact"})
	if err != nil || !p.OK() {
		t.Fatalf("%v %v", p.MappingError, err)
	}
	if _, err := p.Import(ctx, db); err != nil {
		t.Fatal(err)
	}
	units, err := db.Units(ctx, data.UnitFilter{})
	if err != nil || len(units) != 1 || units[0].Contact != "陈明" || units[0].Principal != "" {
		t.Fatalf("imported %+v, %v", units, err)
	}
	// The next file with the same headers gets the mapping the user chose.
	if err := os.WriteFile(path, []byte("单位名称,类别,负责人\n县卫生健康局,县直部门,林芳\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err = Open(ctx, db, path, Units)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(p.Mapping, ",") != "name,category,contact" {
		t.Errorf("remembered %v", p.Mapping)
	}

	// A mapping that fills a field twice or misses a required one is refused.
	p, err = p.Remap(ctx, db, Mapping{"name", "name", ""})
	if err != nil {
		t.Fatal(err)
	}
	if p.MappingError == nil || p.MappingError.Error() != "“单位名称”、“类别”列都对应了“单位名称”，只能选一列；没有对应“单位类别”的列" {
		t.Errorf("mapping error %v", p.MappingError)
	}
}

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportUnitsGBKCSV(t *testing.T) {
	ctx := context.Background()
	db := newLedger(t)
	addUnits(t, db, "县人力资源和社会保障局")
	csv := strings.Join([]string{
		"县直单位及窗口名录,,,,",
		"单位名称,单位类别,主管部门,主要负责人,联系电话",
		"政务服务中心社保窗口,窗口,县人力资源和社会保障局,陈国华,0591-2345678",
		"城关镇人民政府,乡镇,,林建平,0591 2345679",
		"县人力资源和社会保障局,县直部门,,王强,",
		"县卫生健康局,卫生系统,,,",
		",,,,",
		"\"县医疗保障局\",\"县直\",,\"郑 明\",\"0591-2345680、13905918888\"",
	}, "\r\n") + "\r\n"
	path := filepath.Join(t.TempDir(), "单位名录.csv")
	if err := os.WriteFile(path, gbk(t, csv), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Open(ctx, db, path, Units)
	if err != nil {
		t.Fatal(err)
	}
	if p.Table.Encoding != "GBK" || p.Header.Row != 1 {
		t.Errorf("encoding %s, header row %d", p.Table.Encoding, p.Header.Row+1)
	}
	status := map[int]string{}
	for _, r := range p.Rows {
		status[r.Number] = r.Status.Label() + ":" + r.Message
	}
	want := map[int]string{3: "新增:", 4: "新增:", 5: "已存在:",
		6: "有错误:单位类别“卫生系统”无法识别，应为乡镇/街道、县直部门、窗口服务单位、公用事业单位、中介机构、监测点企业、其他之一",
		7: "跳过:空行", 8: "新增:"}
	for row, w := range want {
		if status[row] != w {
			t.Errorf("row %d: %q, want %q", row, status[row], w)
		}
	}
	if p.OK() {
		t.Fatal("a file with a bad row is ready to import")
	}
	// put right in the file, read again
	fixed := strings.Replace(csv, "卫生系统", "县直部门", 1)
	if err := os.WriteFile(path, gbk(t, fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err = Open(ctx, db, path, Units); err != nil || !p.OK() {
		t.Fatalf("fixed file: %v %v", p.Rows, err)
	}
	res, err := p.Import(ctx, db)
	if err != nil || res.Added != 4 || res.Existing != 1 {
		t.Fatalf("import %+v, %v", res, err)
	}
	window, err := db.Units(ctx, data.UnitFilter{Search: "社保窗口"})
	if err != nil || len(window) != 1 || window[0].ParentName != "县人力资源和社会保障局" || window[0].Category != data.UnitWindow || window[0].Phone != "0591-2345678" {
		t.Errorf("window %+v, %v", window, err)
	}
	ins, err := db.Units(ctx, data.UnitFilter{Search: "医疗保障"})
	if err != nil || len(ins) != 1 || ins[0].Phone != "0591-2345680 13905918888" || ins[0].Principal != "郑 明" {
		t.Errorf("quoted cells %+v, %v", ins, err)
	}
}

func TestReadCSVEncodings(t *testing.T) {
	text := "单位名称,单位类别\n县教育局,县直部门\n"
	for _, tc := range []struct {
		name string
		b    []byte
		enc  string
	}{
		{"utf8", []byte(text), "UTF-8"},
		{"bom", append([]byte{0xEF, 0xBB, 0xBF}, text...), "UTF-8"},
		{"gbk", gbk(t, text), "GBK"},
		{"utf16", utf16le("单位名称\t单位类别\r\n县教育局\t县直部门\r\n"), "UTF-16"},
	} {
		tab, err := ReadCSV(bytes.NewReader(tc.b), int64(len(tc.b)), tc.name+".csv")
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if tab.Encoding != tc.enc || tab.Cell(0, 0) != "单位名称" || tab.Cell(1, 1) != "县直部门" {
			t.Errorf("%s: %s %q", tc.name, tab.Encoding, tab.Rows)
		}
	}
}

func utf16le(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestParseTime(t *testing.T) {
	want := time.Date(2026, 3, 5, 0, 0, 0, 0, data.Zone)
	withTime := time.Date(2026, 3, 5, 14, 30, 0, 0, data.Zone)
	for in, w := range map[string]time.Time{
		"2026-3-5": want, "2026-03-05": want, "2026/3/5": want, "2026.3.5": want, "2026年3月5日": want, "20260305": want,
		"46086": want, "46086.604166666664": withTime, "2026-03-05 14:30": withTime, "2026/3/5 14:30:00": withTime,
		"2026年3月5日14时30分": withTime, "2026年3月5日 14:30": withTime, "2026-03-05T14:30:00+08:00": withTime, "": {},
	} {
		got, err := parseTime(in)
		if err != nil || !got.Equal(w) {
			t.Errorf("parseTime(%q) = %v, %v; want %v", in, got, err, w)
		}
	}
	for _, in := range []string{"2026-2-30", "2026年3月", "三月五日", "15", "2026-13-01", "明天"} {
		if _, err := parseTime(in); err == nil {
			t.Errorf("parseTime(%q) accepted", in)
		}
	}
}

func TestMatchHeader(t *testing.T) {
	for h, want := range map[string]string{
		"收件时间": "received_at", "受理日期": "received_at", "来源": "channel", "被投诉单位名称": "unit", "被投诉人": "person",
		"投诉人": "complainant", "被投诉人姓名": "person", "投诉人\n联系电话": "phone", "办理时限（工作日）": "limit", "事 由": "subject",
		"*投诉内容": "content", "是否超期": "", "序号": "",
	} {
		if got := matchHeader(Complaints, h); got != want {
			t.Errorf("complaints %q → %q, want %q", h, got, want)
		}
	}
	for h, want := range map[string]string{"单位名称": "name", "单位地址": "address", "主管部门": "parent", "单位类别（必填）": "category"} {
		if got := matchHeader(Units, h); got != want {
			t.Errorf("units %q → %q, want %q", h, got, want)
		}
	}
}

// BenchmarkImportWorkbook reads, checks and imports a workbook of 10,000
// complaints (target: under 3 s).
func BenchmarkImportWorkbook(b *testing.B) {
	ctx := context.Background()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"编号", "收件时间", "投诉渠道", "投诉人", "联系电话", "被投诉单位", "投诉类别", "事由", "投诉内容", "承办单位", "办结日期", "满意度"}); err != nil {
		b.Fatal(err)
	}
	units := make([]string, 40)
	for i := range units {
		units[i] = fmt.Sprintf("县第%d局", i+1)
	}
	start := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range 10_000 {
		at := start.Add(time.Duration(i) * 97 * time.Minute)
		row := []any{fmt.Sprintf("XT-%05d", i+1), at, string(data.Channels[i%len(data.Channels)]), "王芳", "13905918888", units[i%len(units)],
			string(data.Categories[i%len(data.Categories)]), "窗口办事多次往返", "反映到窗口办理业务，往返三次仍未办结。", units[(i+1)%len(units)], nil, nil}
		if i%5 != 0 {
			row[10], row[11] = at.Add(96*time.Hour), "满意"
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "投诉.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		db := newLedger(b)
		addUnits(b, db, units...)
		b.StartTimer()
		p, err := Open(ctx, db, path, Complaints)
		if err != nil || !p.OK() {
			b.Fatalf("preview: %v", err)
		}
		res, err := p.Import(ctx, db)
		if err != nil || res.Added != 10_000 {
			b.Fatalf("%+v %v", res.Problems[:min(3, len(res.Problems))], err)
		}
	}
}

// The workbook reader finds a sheet's merged ranges and fills each with
// its value: the title over the table, the group 投诉人 over 姓名 and 联系电话,
// the unit merged down over two complaints.
func TestMergedRanges(t *testing.T) {
	path := complaintWorkbook(t)
	tab, err := ReadFile(path, Complaints)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Merged) != 16 {
		t.Errorf("%d merged ranges: %v", len(tab.Merged), tab.Merged)
	}
	if tab.Cell(0, 13) != "2026年机关效能投诉登记台账" || tab.Cell(2, 5) != "投诉人" || tab.Cell(6, 6) != "县自然资源局" {
		t.Errorf("merged cells not filled: %q %q %q", tab.Cell(0, 13), tab.Cell(2, 5), tab.Cell(6, 6))
	}
}

func TestShown(t *testing.T) {
	for _, c := range [][3]string{
		{"received_at", "46023.4", "2026-01-01 09:36"}, {"received_at", "2026年1月9日", "2026-01-09"}, {"closed_at", "20260114", "2026-01-14"},
		{"received_at", "2026-1-32", "2026-1-32"}, {"channel", "46023", "46023"}, {"subject", "2026/1/9", "2026/1/9"},
	} {
		if got := Shown(c[0], c[1]); got != c[2] {
			t.Errorf("Shown(%s, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

// A duplicate whose master is neither in the file nor in the ledger is shown
// in its 并入投诉 column.
func TestMergedIntoUnknownComplaintShownInItsColumn(t *testing.T) {
	ctx := context.Background()
	db := newLedger(t)
	addUnits(t, db, "县自然资源局")
	f := excelize.NewFile()
	rows := [][]any{
		{"编号", "收件时间", "投诉渠道", "投诉人", "被投诉单位", "投诉类别", "事由", "投诉内容", "办理状态", "并入投诉"},
		{"A-1", "2026-09-01 09:00", "电话", "王芳", "县自然资源局", "事难办", "再次反映", "同一事项。", "已并单", "X-404"},
	}
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "投诉.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	p, err := Open(ctx, db, path, Complaints)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 1 || p.Rows[0].Status != RowBad || p.Rows[0].Column != "并入投诉" ||
		p.Rows[0].Message != "并入的投诉“X-404”不在台账中，也不在本表中" {
		t.Errorf("rows %+v", p.Rows)
	}
}
