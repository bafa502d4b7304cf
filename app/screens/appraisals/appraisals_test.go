package appraisals

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"xiaoneng/app/apptest"
	"xiaoneng/data"
)

// An appraisal round entered by hand: units added by name, ballots typed
// with the 满意率 worked out as they are; then the sheet of another round
// imported from an .xlsx written here; the 满意度汇总 lists the units,
// lowest first.
func TestAppraisalByHandAndImported(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	town := apptest.MustUnit(t, db, "城关镇", data.UnitTownship)
	tax := apptest.MustUnit(t, db, "县税务局", data.UnitDepartment)
	market := apptest.MustUnit(t, db, "县市场监督管理局", data.UnitDepartment)
	s := apptest.Show(t, w, "评议", New)

	apptest.TapButton(t, s.View(), "新建评议")
	test.Type(s.title, "2026年上半年群众评议")
	s.kind.SetSelected(string(data.AppraisalPublic))
	test.Type(s.from, "2026-01-01")
	test.Type(s.to, "2026-06-30")
	test.Type(s.held, "2026-07-10")
	if s.imp.Visible() {
		t.Error("import is offered before the round is saved")
	}
	apptest.PickUnit(t, w.Window(), s.results.picker, "城关")
	apptest.PickUnit(t, w.Window(), s.results.picker, "县税务")
	if len(s.results.rows) != 2 {
		t.Fatalf("%d rows", len(s.results.rows))
	}
	r0, r1 := s.results.rows[0], s.results.rows[1]
	test.Type(r0.sat, "80")
	test.Type(r0.basic, "15")
	test.Type(r0.unsat, "5")
	if r0.rate.Text != "95.0%" {
		t.Errorf("rate shown %q", r0.rate.Text)
	}
	test.Type(r1.score, "101")
	apptest.TapButton(t, s.form.Widget(), "保存")
	if !apptest.Shows(s.form.Widget(), "“县税务局”的得分：得分应在0至100之间") || s.round != nil {
		t.Errorf("a score of 101: %v", apptest.Texts(s.form.Widget()))
	}
	r1.score.SetText("")
	test.Type(r1.score, "88.5")
	apptest.TapButton(t, s.form.Widget(), "保存")
	rounds, err := db.Appraisals(ctx, data.AppraisalFilter{})
	if err != nil || len(rounds) != 1 {
		t.Fatalf("%d rounds (%v); the form says %v", len(rounds), err, apptest.Texts(s.form.Widget()))
	}
	r := rounds[0]
	if len(r.Results) != 2 || r.Results[0].UnitID != town.ID || r.Results[0].Satisfied != 80 || r.Results[0].Ballots != 100 ||
		!r.Results[1].HasScore || r.Results[1].Score != 88.5 {
		t.Fatalf("saved %+v", r.Results)
	}
	if !s.imp.Visible() || s.dirty() {
		t.Errorf("after saving: import shown %v, dirty %v", s.imp.Visible(), s.dirty())
	}

	// The sheet of the round: a title line, the header, the units by full
	// or short name.
	x := excelize.NewFile()
	for i, row := range [][]any{
		{"2026年上半年群众评议测评结果"},
		{"单位名称", "满意", "基本满意", "不满意"},
		{"县税务局", 60, 20, 20},
		{"县市场监督管理局", 50, 20, 30},
	} {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if err := x.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	n, err := s.importSheet(&buf)
	if err != nil || n != 2 {
		t.Fatalf("imported %d (%v)", n, err)
	}
	if len(s.results.rows) != 3 {
		t.Fatalf("the form shows %d rows after the import", len(s.results.rows))
	}
	r, err = db.Appraisal(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range r.Results {
		if x.UnitID == tax.ID && (x.Satisfied != 60 || x.Ballots != 100) {
			t.Errorf("imported tax result %+v", x)
		}
	}

	s.tabs.SelectIndex(1)
	list := s.ranking.Visible()
	if len(list) != 3 || list[0].UnitID != market.ID {
		t.Fatalf("ranking %+v", list)
	}
	if !strings.Contains(s.summary.Text, "满意率最低的单位：县市场监督管理局（70.0%）") {
		t.Errorf("summary %q", s.summary.Text)
	}
}

// A 关键岗位评议: posts entered with scores and marks; the bottom holder
// warned through the dialog, which records the 责任追究 and fixes the post.
func TestKeyPostsWarned(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	apptest.MustUnit(t, db, "县市场监督管理局", data.UnitDepartment)
	apptest.MustUnit(t, db, "县税务局", data.UnitDepartment)
	s := apptest.Show(t, w, "评议", New)
	test.Type(s.title, "2026年关键岗位评议")
	s.kind.SetSelected(string(data.AppraisalKeyPosts))
	if s.results.box.Visible() || !s.posts.box.Visible() {
		t.Fatal("a key-post round shows the results of units")
	}
	test.Type(s.from, "2026-01-01")
	test.Type(s.to, "2026-10-31")
	for _, p := range []struct{ unit, post, holder, score, mark string }{
		{"县市场", "企业登记窗口", "刘洋", "95", string(data.MarkModel)},
		{"县税务", "办税服务厅", "孙某", "61.5", noMark},
	} {
		apptest.PickUnit(t, w.Window(), s.posts.picker, p.unit)
		row := s.posts.rows[len(s.posts.rows)-1]
		test.Type(row.post, p.post)
		test.Type(row.holder, p.holder)
		test.Type(row.score, p.score)
		row.mark.SetSelected(p.mark)
	}
	apptest.TapButton(t, s.form.Widget(), "保存")
	if s.round == nil {
		t.Fatalf("not saved: %v", apptest.Texts(s.form.Widget()))
	}
	apptest.TapButton(t, s.form.Widget(), "告诫排名靠后的岗位…")
	dlg := apptest.TopOverlay(t, w.Window())
	group := apptest.Find[*widget.CheckGroup](t, dlg)
	if len(group.Options) != 2 || !strings.HasPrefix(group.Options[0], "61.5分 孙某") {
		t.Fatalf("options %v", group.Options)
	}
	group.SetSelected([]string{group.Options[0]})
	apptest.TapButton(t, dlg, "保存")
	apptest.TopOverlay(t, w.Window()).Hide() // 已告诫
	r, err := db.Appraisal(ctx, s.round.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Posts {
		switch p.Holder {
		case "孙某":
			a, err := db.Action(ctx, p.ActionID)
			if p.Mark != data.MarkWarned || err != nil || a.Measure != "效能告诫" || a.PersonName != "孙某" {
				t.Errorf("warned post %+v, action %+v (%v)", p, a, err)
			}
		case "刘洋":
			if p.Mark != data.MarkModel || p.Score != 95 {
				t.Errorf("model post %+v", p)
			}
		}
	}
	for _, row := range s.posts.rows {
		if row.p.Holder == "孙某" && !row.holder.Disabled() {
			t.Error("the warned post can still be changed")
		}
	}
	if !apptest.Shows(s.posts.box, "已告诫") {
		t.Error("the warned post is not marked 已告诫")
	}
}
