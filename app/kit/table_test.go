package kit

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

type complaint struct {
	No       int
	Unit     string
	Received string // YYYY-MM-DD
	Amount   string
	Done     bool
}

func complaintColumns() []Column[*complaint] {
	return []Column[*complaint]{
		{Title: "编号", Width: 60, Text: func(r *complaint) string { return strconv.Itoa(r.No) }, Align: fyne.TextAlignTrailing},
		{Title: "单位", Text: func(r *complaint) string { return r.Unit }},
		{Title: "收件日期", Text: func(r *complaint) string { return r.Received }},
		{Title: "金额", Text: func(r *complaint) string { return r.Amount }},
		{Title: "状态", Text: func(r *complaint) string {
			if r.Done {
				return "已办结"
			}
			return "办理中"
		}},
	}
}

func sampleComplaints() []*complaint {
	return []*complaint{
		{No: 3, Unit: "县自然资源局", Received: "2026-11-02", Amount: "1,200", Done: true},
		{No: 10, Unit: "城关镇", Received: "2026-09-30", Amount: "", Done: false},
		{No: 1, Unit: "县公安局", Received: "2026-01-15", Amount: "35", Done: true},
		{No: 22, Unit: "安乐乡", Received: "2025-12-31", Amount: "4", Done: false},
		{No: 7, Unit: "县市场监督管理局", Received: "2026-11-21", Amount: "300", Done: false},
	}
}

type tableFixture struct {
	t      *testing.T
	tbl    *Table[*complaint]
	win    fyne.Window
	opened []*complaint
}

func newTableFixture(t *testing.T) *tableFixture {
	f := &tableFixture{t: t}
	f.tbl = NewTable(complaintColumns(), nil, func(r *complaint) { f.opened = append(f.opened, r) })
	f.win = newWindow(t, f.tbl.Widget(), 900, 500)
	f.tbl.SetRows(sampleComplaints())
	return f
}

func (f *tableFixture) visible() []int {
	var nos []int
	for _, r := range f.tbl.Visible() {
		nos = append(nos, r.No)
	}
	return nos
}

func (f *tableFixture) want(nos ...int) {
	f.t.Helper()
	if got := f.visible(); !slices.Equal(got, nos) {
		f.t.Fatalf("visible rows %v, want %v", got, nos)
	}
}

func (f *tableFixture) header(col int) *tableHeader[*complaint] {
	f.t.Helper()
	hs := find(f.win.Canvas(), func(h *tableHeader[*complaint]) bool { return h.col == col })
	if len(hs) == 0 {
		f.t.Fatalf("no header for column %d", col)
	}
	return hs[0]
}

func (f *tableFixture) cell(row, col int) *tableCell[*complaint] {
	f.t.Helper()
	want := f.tbl.cols[col].Text(f.tbl.Visible()[row])
	cs := find(f.win.Canvas(), func(c *tableCell[*complaint]) bool { return c.row == row && c.label.Text == want })
	if len(cs) == 0 {
		f.t.Fatalf("no cell at row %d col %d", row, col)
	}
	return cs[0]
}

func (f *tableFixture) count() string { return f.tbl.count.Text }

func TestTableShowsRowsAndCount(t *testing.T) {
	f := newTableFixture(t)
	f.want(3, 10, 1, 22, 7) // as given
	if f.count() != "共 5 条" {
		t.Fatalf("count %q", f.count())
	}
	if !hasLabel(f.win.Canvas(), "县市场监督管理局") || !hasLabel(f.win.Canvas(), "已办结") {
		t.Fatal("cells not drawn")
	}
	if f.header(1).label.Text != "单位" {
		t.Fatalf("header %q", f.header(1).label.Text)
	}
}

func TestTableSortByHeaderClick(t *testing.T) {
	f := newTableFixture(t)

	test.Tap(f.header(0))
	f.want(1, 3, 7, 10, 22) // numerically, not "1 10 22 3 7"
	if f.header(0).label.Text != "编号 ▲" {
		t.Fatalf("header %q", f.header(0).label.Text)
	}
	test.Tap(f.header(0))
	f.want(22, 10, 7, 3, 1)
	if f.header(0).label.Text != "编号 ▼" {
		t.Fatalf("header %q", f.header(0).label.Text)
	}

	// Chinese in pinyin order: an(安乐乡) cheng(城关镇) xian gong … xian shi … xian zi …
	test.Tap(f.header(1))
	f.want(22, 10, 1, 7, 3)
	if f.header(0).label.Text != "编号" {
		t.Fatal("the arrow stayed on the old column")
	}

	test.Tap(f.header(2)) // dates by text
	f.want(22, 1, 10, 3, 7)

	test.Tap(f.header(3)) // amounts with separators numerically, the empty cell last
	f.want(22, 1, 7, 3, 10)
	test.Tap(f.header(3))
	f.want(3, 7, 1, 22, 10) // descending, empty still last
}

func TestSortKeysOrderKinds(t *testing.T) {
	texts := []string{"县", "abc", "", "ABD", "12", "2026-11-21", "阿", "3.5%", " 1,000 ", "2026-01-31"}
	keys := makeKeys(len(texts), func(i int) string { return texts[i] })
	order := make([]int, len(texts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return compareKeys(keys[a], keys[b]) })
	var got []string
	for _, i := range order {
		got = append(got, texts[i])
	}
	want := []string{"3.5%", "12", " 1,000 ", "2026-01-31", "2026-11-21", "abc", "ABD", "阿", "县", ""}
	if !slices.Equal(got, want) {
		t.Fatalf("order %q, want %q", got, want)
	}
}

// TestSortKeysInParallel checks that keys computed on several workers are
// those one worker computes.
func TestSortKeysInParallel(t *testing.T) {
	rows := bigComplaints(40_000)
	text := func(i int) string { return rows[i].Unit + strconv.Itoa(i%977) }
	got := makeKeys(len(rows), text)
	want := make([]sortKey, len(rows))
	texts := make([]string, len(rows))
	for i := range texts {
		texts[i] = text(i)
	}
	fillKeys(want, texts)
	for i := range want {
		if compareKeys(got[i], want[i]) != 0 || got[i].kind != keyText {
			t.Fatalf("key %d differs", i)
		}
	}
}

func TestTableCustomLess(t *testing.T) {
	cols := complaintColumns()
	// Sort 状态 with open complaints first, whatever the text says.
	cols[4].Less = func(a, b *complaint) bool { return !a.Done && b.Done }
	tbl := NewTable(cols, nil, nil)
	newWindow(t, tbl.Widget(), 900, 400)
	tbl.SetRows(sampleComplaints())
	tbl.SortBy(4, false)
	var got []bool
	for _, r := range tbl.Visible() {
		got = append(got, r.Done)
	}
	if !slices.Equal(got, []bool{false, false, false, true, true}) {
		t.Fatalf("order %v", got)
	}
	if v := tbl.Visible(); v[0].No != 10 || v[3].No != 3 { // stable within equal keys
		t.Fatalf("not stable: %d, %d", v[0].No, v[3].No)
	}
}

func TestTableSearchChineseText(t *testing.T) {
	f := newTableFixture(t)
	test.Type(f.tbl.search, "县")
	f.want(3, 1, 7)
	test.Type(f.tbl.search, "公安")
	f.want(1)
	if f.count() != "共 1 条（全部 5 条）" {
		t.Fatalf("count %q", f.count())
	}
	f.tbl.search.SetText("没有这个单位")
	f.want()
	if !f.tbl.empty.Visible() || f.tbl.empty.Text != "没有符合条件的记录" {
		t.Fatal("empty result not announced")
	}
	f.tbl.search.SetText("  2026-11 ")
	f.want(3, 7)
	f.tbl.search.SetText("")
	f.want(3, 10, 1, 22, 7)
	if f.tbl.empty.Visible() {
		t.Fatal("empty label shown with rows")
	}
}

func TestTableCustomMatch(t *testing.T) {
	tbl := NewTable(complaintColumns(), func(r *complaint, q string) bool { return strconv.Itoa(r.No) == q }, nil)
	newWindow(t, tbl.Widget(), 900, 400)
	tbl.SetRows(sampleComplaints())
	test.Type(tbl.search, "7")
	if v := tbl.Visible(); len(v) != 1 || v[0].No != 7 {
		t.Fatalf("visible %v", v)
	}
}

func TestTableChips(t *testing.T) {
	f := newTableFixture(t)
	f.tbl.AddChip("办理中", func(r *complaint) bool { return !r.Done })
	f.tbl.AddChip("已办结", func(r *complaint) bool { return r.Done })
	c := f.win.Canvas()

	test.Tap(button(t, c, "已办结"))
	f.want(3, 1)
	if button(t, c, "已办结").Importance != widget.HighImportance || button(t, c, "全部").Importance == widget.HighImportance {
		t.Fatal("active chip not marked")
	}
	test.Tap(button(t, c, "办理中")) // exclusive: replaces 已办结
	f.want(10, 22, 7)
	test.Type(f.tbl.search, "县") // chip and search together
	f.want(7)
	if f.count() != "共 1 条（全部 5 条）" {
		t.Fatalf("count %q", f.count())
	}
	test.Tap(button(t, c, "全部"))
	f.want(3, 1, 7)
	f.tbl.SetChip("已办结")
	f.want(3, 1)
	f.tbl.SetChip("")
	f.want(3, 1, 7)
}

func TestTableSetRowsKeepsSortSearchChipAndSelection(t *testing.T) {
	f := newTableFixture(t)
	f.tbl.AddChip("办理中", func(r *complaint) bool { return !r.Done })
	f.tbl.SetChip("办理中")
	test.Tap(f.header(0))
	f.want(7, 10, 22)
	test.Tap(f.cell(1, 1))
	if sel, ok := f.tbl.Selected(); !ok || sel.No != 10 {
		t.Fatalf("selected %v %v", sel, ok)
	}

	rows := sampleComplaints()
	kept := f.tbl.Visible()[1]
	rows = append(rows[:1], rows[2:]...) // drop the old 10 …
	rows = append(rows, kept, &complaint{No: 8, Unit: "县教育局", Received: "2026-10-01"})
	f.tbl.SetRows(rows)
	f.want(7, 8, 10, 22)
	if sel, ok := f.tbl.Selected(); !ok || sel != kept {
		t.Fatal("selection lost after SetRows")
	}
	if f.header(0).label.Text != "编号 ▲" {
		t.Fatal("sort arrow lost")
	}
	// A filter that hides the selected row drops the selection.
	test.Type(f.tbl.search, "教育")
	if _, ok := f.tbl.Selected(); ok {
		t.Fatal("hidden row still selected")
	}
}

func TestTableSelectAndOpen(t *testing.T) {
	f := newTableFixture(t)
	var selected []int
	f.tbl.OnSelected = func(r *complaint) { selected = append(selected, r.No) }

	test.Tap(f.cell(2, 1))
	if !slices.Equal(selected, []int{1}) {
		t.Fatalf("OnSelected %v", selected)
	}
	if len(f.opened) != 0 {
		t.Fatal("a single tap opened the record")
	}
	test.DoubleTap(f.cell(3, 2))
	if len(f.opened) != 1 || f.opened[0].No != 22 {
		t.Fatalf("double tap opened %v", f.opened)
	}
	if sel, _ := f.tbl.Selected(); sel.No != 22 {
		t.Fatal("double tap did not select")
	}

	// Keyboard: the tap focused the grid; arrows move, Enter opens.
	if f.win.Canvas().Focused() != f.tbl.grid {
		t.Fatal("grid not focused after a tap")
	}
	f.tbl.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	f.tbl.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(f.opened) != 2 || f.opened[1].No != 7 {
		t.Fatalf("Enter opened %v", f.opened)
	}
	f.tbl.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) // at the end: stays
	f.tbl.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	f.tbl.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	f.tbl.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter})
	if f.opened[2].No != 3 {
		t.Fatalf("Home/Up/Enter opened %d", f.opened[2].No)
	}
	// The selected row is painted.
	if f.cell(0, 1).bg.FillColor == color.Transparent || f.cell(1, 1).bg.FillColor != color.Transparent {
		t.Fatal("selection not painted on its row only")
	}
}

func TestTableEnterWithoutSelectionOpensNothing(t *testing.T) {
	f := newTableFixture(t)
	f.tbl.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(f.opened) != 0 {
		t.Fatal("Enter opened a record with nothing selected")
	}
}

func TestTableFocusSearch(t *testing.T) {
	f := newTableFixture(t)
	f.tbl.search.SetText("旧的查询")
	f.tbl.FocusSearch(f.win)
	if f.win.Canvas().Focused() != f.tbl.search {
		t.Fatal("search box not focused")
	}
	test.Type(f.tbl.search, "城关")
	if f.tbl.search.Text != "城关" {
		t.Fatalf("typing did not replace the old query: %q", f.tbl.search.Text)
	}
	f.want(10)
}

// A list read a page at a time: its chips are handed to the screen, which
// reads the rows they select; the count is the whole list's; while the
// rows are read an empty table says so.
func TestTableChipsWithAndTotal(t *testing.T) {
	tbl := NewTable(complaintColumns(), nil, nil)
	win := newWindow(t, tbl.Widget(), 900, 400)
	var asked []string
	tbl.AddChip("办理中", nil)
	tbl.ChipsWith(func(chip string) { asked = append(asked, chip) })
	tbl.Waiting()
	if !tbl.empty.Visible() || tbl.empty.Text != "正在读取……" || tbl.count.Text != "" {
		t.Fatalf("while reading: %q, count %q", tbl.empty.Text, tbl.count.Text)
	}
	tbl.SetTotal(1200)
	tbl.SetRows(sampleComplaints())
	if tbl.count.Text != "共 1200 条" || tbl.empty.Visible() {
		t.Fatalf("a page of 1200: %q", tbl.count.Text)
	}
	test.Tap(button(t, win.Canvas(), "办理中"))
	// the rows of the page stay until the screen gives others
	if len(tbl.Visible()) != 5 || tbl.Chip() != "办理中" || !slices.Equal(asked, []string{"办理中"}) {
		t.Fatalf("chip 办理中: %d rows, chip %q, asked %v", len(tbl.Visible()), tbl.Chip(), asked)
	}
	tbl.SetRows(nil)
	if tbl.empty.Text != "暂无记录" {
		t.Errorf("no rows read, the table says %q", tbl.empty.Text)
	}
	test.Tap(button(t, win.Canvas(), "全部"))
	if tbl.Chip() != "" || !slices.Equal(asked, []string{"办理中", ""}) {
		t.Errorf("全部: chip %q, asked %v", tbl.Chip(), asked)
	}
}

func TestTableEmpty(t *testing.T) {
	tbl := NewTable(complaintColumns(), nil, nil)
	newWindow(t, tbl.Widget(), 900, 400)
	if tbl.count.Text != "共 0 条" || !tbl.empty.Visible() || tbl.empty.Text != "暂无记录" {
		t.Fatalf("empty table: %q, %q", tbl.count.Text, tbl.empty.Text)
	}
	if _, ok := tbl.Selected(); ok {
		t.Fatal("selection in an empty table")
	}
}

// bigComplaints builds n rows with varied units, dates and states.
func bigComplaints(n int) []*complaint {
	units := []string{"县公安局", "县市场监督管理局", "城关镇", "安乐乡", "县自然资源局", "县人社局", "县医保局", "县不动产登记中心"}
	rows := make([]*complaint, n)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		rows[i] = &complaint{
			No:       (i * 7919) % n,
			Unit:     units[(i*31)%len(units)] + fmt.Sprintf("第%d窗口", i%17),
			Received: start.AddDate(0, 0, (i*13)%1000).Format("2006-01-02"),
			Amount:   strconv.Itoa((i * 37) % 5000),
			Done:     i%3 == 0,
		}
	}
	return rows
}

// A search and a chip together keep the rows that fit both, whichever
// comes first. How fast they are on 100,000 rows is measured by
// BenchmarkTableFilter100k and BenchmarkTableChip100k.
func TestTableSearchWithChip(t *testing.T) {
	rows := bigComplaints(5_000)
	tbl := NewTable(complaintColumns(), nil, nil)
	newWindow(t, tbl.Widget(), 900, 600)
	tbl.SetRows(rows)
	tbl.AddChip("办理中", func(r *complaint) bool { return !r.Done })
	tbl.SetChip("办理中")
	test.Type(tbl.search, "市场监督")
	fits := func() int {
		t.Helper()
		for _, r := range tbl.Visible() {
			if r.Done || !strings.Contains(r.Unit, "市场监督") {
				t.Fatalf("row %+v does not fit the filter", r)
			}
		}
		return len(tbl.Visible())
	}
	want := 0
	for _, r := range rows {
		if !r.Done && strings.Contains(r.Unit, "市场监督") {
			want++
		}
	}
	if n := fits(); n != want || n == 0 {
		t.Fatalf("%d rows visible, want %d", n, want)
	}
	tbl.SetChip("")
	tbl.SetChip("办理中")
	if n := fits(); n != want {
		t.Fatalf("chip toggled: %d rows visible, want %d", n, want)
	}
}

func BenchmarkTableFilter100k(b *testing.B) {
	rows := bigComplaints(100_000)
	tbl := NewTable(complaintColumns(), nil, nil)
	newWindow(b, tbl.Widget(), 900, 600)
	tbl.SetRows(rows)
	tbl.AddChip("办理中", func(r *complaint) bool { return !r.Done })
	tbl.SetChip("办理中")
	tbl.search.SetText("x") // search text built outside the loop
	queries := []string{"市场监督", "城关镇第3窗口", "2025-03", "县"}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		tbl.search.SetText(queries[i%len(queries)])
	}
}

func BenchmarkTableChip100k(b *testing.B) {
	rows := bigComplaints(100_000)
	tbl := NewTable(complaintColumns(), nil, nil)
	newWindow(b, tbl.Widget(), 900, 600)
	tbl.SetRows(rows)
	tbl.AddChip("办理中", func(r *complaint) bool { return !r.Done })
	tbl.search.SetText("市场监督")
	chips := []string{"办理中", ""}
	for i := 0; b.Loop(); i++ {
		tbl.SetChip(chips[i%len(chips)])
	}
}

func BenchmarkTableSort100k(b *testing.B) {
	rows := bigComplaints(100_000)
	tbl := NewTable(complaintColumns(), nil, nil)
	newWindow(b, tbl.Widget(), 900, 600)
	tbl.SetRows(rows)
	for _, bc := range []struct {
		name string
		col  int
	}{{"number", 0}, {"chinese", 1}, {"date", 2}} {
		b.Run(bc.name+"/first", func(b *testing.B) {
			for b.Loop() {
				clear(tbl.keys) // includes computing the keys
				clear(tbl.sorted)
				tbl.SortBy(bc.col, false)
			}
		})
		b.Run(bc.name+"/toggle", func(b *testing.B) {
			desc := false
			for b.Loop() {
				desc = !desc
				tbl.SortBy(bc.col, desc)
			}
		})
	}
}

func TestTableSelectFromCode(t *testing.T) {
	f := newTableFixture(t)
	calls := 0
	f.tbl.OnSelected = func(*complaint) { calls++ }
	rows := f.tbl.Visible()

	if !f.tbl.Select(rows[3]) {
		t.Fatal("Select refused a shown row")
	}
	if sel, ok := f.tbl.Selected(); !ok || sel.No != 22 {
		t.Fatalf("selected %v %v", sel, ok)
	}
	if calls != 0 {
		t.Fatal("Select called OnSelected")
	}
	if f.cell(3, 1).bg.FillColor == color.Transparent || f.cell(0, 1).bg.FillColor != color.Transparent {
		t.Fatal("selection not painted on its row only")
	}
	// The keyboard moves on from the row selected in code.
	f.tbl.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if sel, _ := f.tbl.Selected(); sel.No != 7 || calls != 1 {
		t.Fatalf("down from 22 selected %d (%d calls)", sel.No, calls)
	}

	// A row the search hides cannot be selected, and the old selection goes.
	test.Type(f.tbl.search, "县")
	if f.tbl.Select(rows[3]) {
		t.Fatal("Select took a row the search hides")
	}
	if _, ok := f.tbl.Selected(); ok {
		t.Fatal("a row stays selected after Select of a hidden one")
	}
	if f.tbl.Select(&complaint{No: 22}) { // an equal-looking row that is not in the table
		t.Fatal("Select took a record not in the table")
	}
	f.tbl.search.SetText("")
	if !f.tbl.Select(rows[3]) || f.tbl.selectedView() != 3 {
		t.Fatal("Select failed once the row was shown again")
	}
}

func TestTableSelectScrollsToRow(t *testing.T) {
	rows := bigComplaints(2000)
	tbl := NewTable(complaintColumns(), nil, nil)
	w := newWindow(t, tbl.Widget(), 900, 400)
	tbl.SetRows(rows)
	tbl.SortBy(0, false) // No runs 0 … 1999
	drawn := func(no int) bool {
		return len(find(w.Canvas(), func(c *tableCell[*complaint]) bool {
			return c.row < len(tbl.view) && tbl.all[tbl.view[c.row]].No == no && c.label.Text == strconv.Itoa(no)
		})) > 0
	}
	if drawn(1500) {
		t.Fatal("row 1500 drawn before scrolling")
	}
	target := tbl.Visible()[1500]
	if !tbl.Select(target) {
		t.Fatal("Select refused row 1500")
	}
	if !drawn(1500) || drawn(0) {
		t.Fatal("Select did not scroll to the row")
	}
	if sel, _ := tbl.Selected(); sel != target {
		t.Fatal("wrong row selected")
	}
}

// The columns share the width: the growing one takes what is spare and, in
// a narrow table, the shrinking one gives up width, so that the others stay
// whole.
func TestTableColumnsShareTheWidth(t *testing.T) {
	cols := complaintColumns()
	cols[1].Grow, cols[1].Shrink, cols[1].Width = true, true, 200 // 单位
	tbl := NewTable(cols, nil, nil)
	w := newWindow(t, tbl.Widget(), 1200, 400)
	tbl.SetRows(sampleComplaints())
	wide := tbl.ColumnWidth("单位")
	if wide <= 400 || tbl.ColumnWidth("状态") != defaultColumnWidth {
		t.Fatalf("at 1200 px: 单位 %v, 状态 %v", wide, tbl.ColumnWidth("状态"))
	}
	w.Resize(fyne.NewSize(640, 400))
	if n := tbl.ColumnWidth("单位"); n >= 200 || n < 100 || tbl.ColumnWidth("状态") != defaultColumnWidth {
		t.Fatalf("at 640 px: 单位 %v, 状态 %v", n, tbl.ColumnWidth("状态"))
	}
}

// A column dragged wider or hidden stays so, in this table and in the next
// one remembered under the same key.
func TestTableColumnsResizedAndHiddenAreRemembered(t *testing.T) {
	tbl := NewTable(complaintColumns(), nil, nil)
	tbl.Remember("测试")
	newWindow(t, tbl.Widget(), 900, 400)
	tbl.SetRows(sampleComplaints())
	// As Fyne's table is resized: the pointer in the gap after the header of
	// 单位, pressed, dragged 80 pixels (through the table's clip), released.
	g := tbl.grid
	gap := fyne.NewPos(tbl.ColumnWidth("编号")+tbl.ColumnWidth("单位")+theme.Padding()*1.5, 10)
	g.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: gap}})
	g.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: gap}})
	g.Table.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: gap.AddXY(80, 0)}, Dragged: fyne.NewDelta(80, 0)})
	g.Table.DragEnd()
	g.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: gap.AddXY(80, 40)}})
	if got := tbl.ColumnWidth("单位"); got != defaultColumnWidth+80 {
		t.Fatalf("dragged 80 px wider: %v", got)
	}
	tbl.SetColumnShown("金额", false)
	if slices.Contains(tbl.ShownColumns(), "金额") || tbl.grid.Length == nil {
		t.Fatal("金额 still shown")
	}
	if _, cols := tbl.grid.Length(); cols != 4 {
		t.Fatalf("the grid has %d columns", cols)
	}

	again := NewTable(complaintColumns(), nil, nil)
	again.Remember("测试")
	if again.ColumnWidth("单位") != defaultColumnWidth+80 || slices.Contains(again.ShownColumns(), "金额") {
		t.Fatalf("not remembered: 单位 %v, shown %v", again.ColumnWidth("单位"), again.ShownColumns())
	}
	again.ResetColumns()
	if again.ColumnWidth("单位") != defaultColumnWidth || len(again.ShownColumns()) != 5 {
		t.Fatal("恢复 did not restore the columns")
	}
}

// Rows are coloured by their tone: red overdue, amber due soon.
func TestTableRowTone(t *testing.T) {
	f := newTableFixture(t)
	f.tbl.RowTone = func(r *complaint) widget.Importance {
		switch r.No {
		case 10:
			return widget.DangerImportance
		case 22:
			return widget.WarningImportance
		}
		return widget.MediumImportance
	}
	f.tbl.grid.Refresh()
	red, amber, plain := f.cell(1, 1).bg.FillColor, f.cell(3, 1).bg.FillColor, f.cell(0, 1).bg.FillColor
	if red == color.Transparent || amber == color.Transparent || red == amber || plain != color.Transparent {
		t.Fatalf("tones: overdue %v, due soon %v, plain %v", red, amber, plain)
	}
}

// A column of numbers adds up in a 合计 row under the rows shown.
func TestTableTotalsRow(t *testing.T) {
	cols := complaintColumns()
	cols[3].Sum = true // 金额
	tbl := NewTable(cols, nil, nil)
	newWindow(t, tbl.Widget(), 900, 400)
	tbl.SetRows(sampleComplaints())
	if r, _ := tbl.grid.Length(); r != 6 {
		t.Fatalf("%d rows drawn for 5 and a total", r)
	}
	titles, rows := tbl.Export()
	last := rows[len(rows)-1]
	if titles[3] != "金额" || last[0] != "合计" || last[3] != "1539" {
		t.Fatalf("total row %q", last)
	}
	tbl.search.SetText("县")
	if _, rows = tbl.Export(); rows[len(rows)-1][3] != "1535" {
		t.Fatalf("total of the rows the search keeps: %q", rows[len(rows)-1])
	}
}

// Ctrl and Shift clicks select several rows; Ctrl+C copies them, with the
// titles, as tab-separated text that pastes into Excel.
func TestTableCopiesRowsAsTSV(t *testing.T) {
	f := newTableFixture(t)
	test.Tap(f.cell(0, 1))
	c := f.cell(2, 1)
	c.MouseDown(&desktop.MouseEvent{Modifier: fyne.KeyModifierShift})
	test.Tap(c)
	if got := len(f.tbl.SelectedRows()); got != 3 {
		t.Fatalf("Shift click selected %d rows", got)
	}
	c = f.cell(1, 1)
	c.MouseDown(&desktop.MouseEvent{Modifier: fyne.KeyModifierShortcutDefault})
	test.Tap(c)
	if got := len(f.tbl.SelectedRows()); got != 2 {
		t.Fatalf("Ctrl click did not take a row out: %d", got)
	}
	f.tbl.grid.TypedShortcut(&fyne.ShortcutCopy{})
	want := "编号\t单位\t收件日期\t金额\t状态\r\n3\t县自然资源局\t2026-11-02\t1,200\t已办结\r\n1\t县公安局\t2026-01-15\t35\t已办结\r\n"
	if got := fyne.CurrentApp().Clipboard().Content(); got != want {
		t.Fatalf("copied %q", got)
	}
	f.tbl.grid.TypedShortcut(&fyne.ShortcutSelectAll{})
	if len(f.tbl.SelectedRows()) != 5 {
		t.Fatal("Ctrl+A did not select every row")
	}
}

// After a sideways scroll and a new search every cell in view is drawn
// (the 编号 column once stayed blank).
func TestTableSidewaysScrollThenSearchDrawsEveryCell(t *testing.T) {
	rows := bigComplaints(50)
	tbl := NewTable(complaintColumns(), nil, nil)
	w := newWindow(t, tbl.Widget(), 420, 400)
	tbl.SetRows(rows)
	grid := fyne.CurrentApp().Driver().AbsolutePositionForObject(tbl.grid)
	test.Scroll(w.Canvas(), grid.AddXY(100, 100), -300, 0)
	test.Type(tbl.search, "县")
	for _, c := range find(w.Canvas(), func(c *tableCell[*complaint]) bool { return c.row < len(tbl.view) }) {
		if c.label.Text == "" {
			t.Fatalf("a cell of row %d is blank", c.row)
		}
	}
}
