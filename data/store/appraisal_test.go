package store

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"xiaoneng/data"
)

type appraisalFixture struct {
	db                *DB
	town, tax, market *data.Unit
}

func newAppraisalFixture(t *testing.T) appraisalFixture {
	db := newTestDB(t)
	f := appraisalFixture{db: db,
		town:   svUnit(t, db, "城关镇人民政府", data.UnitTownship),
		tax:    svUnit(t, db, "县税务局", data.UnitDepartment),
		market: svUnit(t, db, "县市场监督管理局", data.UnitDepartment),
	}
	f.market.ShortName = "县市场监管局"
	mustOK(t, db.UpdateUnit(context.Background(), f.market))
	return f
}

func (f appraisalFixture) round(kind data.AppraisalKind, title string, from, to data.Date, results ...data.AppraisalResult) *data.AppraisalRound {
	return &data.AppraisalRound{Title: title, Kind: kind, From: from, To: to, HeldOn: to, Results: results}
}

func ballots(u *data.Unit, satisfied, basic, unsatisfied int) data.AppraisalResult {
	return data.AppraisalResult{UnitID: u.ID, UnitName: u.Name, Satisfied: satisfied, Basic: basic, Unsatisfied: unsatisfied}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// A round entered by hand: results per unit, edited (a result changed, one
// removed, one added) with its audit rows, and listed by year, kind and unit.
func TestAppraisalEnteredByHand(t *testing.T) {
	f := newAppraisalFixture(t)
	ctx := context.Background()
	db := f.db
	r := f.round(data.AppraisalPublic, "2026年上半年群众评议机关作风", svDay(2026, 1, 1), svDay(2026, 6, 30),
		ballots(f.town, 80, 15, 5), ballots(f.tax, 60, 20, 20))
	r.Results[0].Ballots = 104 // four ballots gave no verdict
	mustOK(t, db.CreateAppraisal(ctx, r))
	got, err := db.Appraisal(ctx, r.ID)
	mustOK(t, err)
	if len(got.Results) != 2 || got.Title != r.Title || !got.HeldOn.Equal(svDay(2026, 6, 30)) {
		t.Fatalf("round %+v", got)
	}
	byUnit := map[string]data.AppraisalResult{}
	for _, x := range got.Results {
		byUnit[x.UnitID] = x
	}
	town, tax := byUnit[f.town.ID], byUnit[f.tax.ID]
	if town.Ballots != 104 || tax.Ballots != 100 || town.UnitName != f.town.Name {
		t.Errorf("ballots %d %d", town.Ballots, tax.Ballots)
	}
	if rate, ok := town.Rate(); !ok || !near(rate, 0.95) {
		t.Errorf("town rate %v %v", rate, ok)
	}

	got.Results = []data.AppraisalResult{
		{UnitID: f.tax.ID, Satisfied: 70, Basic: 20, Unsatisfied: 10},
		{UnitID: f.market.ID, Score: 88.5, HasScore: true},
	}
	mustOK(t, db.UpdateAppraisal(ctx, got))
	again, err := db.Appraisal(ctx, r.ID)
	mustOK(t, err)
	if len(again.Results) != 2 {
		t.Fatalf("results %+v", again.Results)
	}
	for _, x := range again.Results {
		switch x.UnitID {
		case f.tax.ID:
			if x.ID != tax.ID || x.Satisfied != 70 {
				t.Errorf("tax result %+v (was %s)", x, tax.ID)
			}
		case f.market.ID:
			if rate, ok := x.Rate(); !ok || !near(rate, 0.885) || x.Counted() != 0 {
				t.Errorf("scored result %+v", x)
			}
		default:
			t.Errorf("unexpected result %+v", x)
		}
	}
	trail, err := db.AuditTrail(ctx, "appraisal_results", tax.ID)
	mustOK(t, err)
	if len(trail) != 2 || trail[1].After["satisfied"] != float64(70) {
		t.Errorf("audit %+v", trail)
	}
	trail, err = db.AuditTrail(ctx, "appraisal_results", town.ID)
	mustOK(t, err)
	if len(trail) != 2 || trail[1].Action != data.AuditDelete {
		t.Errorf("removed result audit %+v", trail)
	}

	online := f.round(data.AppraisalOnline, "2025年度网络评议", svDay(2025, 1, 1), svDay(2025, 12, 31), ballots(f.town, 10, 0, 0))
	mustOK(t, db.CreateAppraisal(ctx, online))
	for _, c := range []struct {
		filter data.AppraisalFilter
		want   []string
	}{
		{data.AppraisalFilter{}, []string{r.ID, online.ID}},
		{data.AppraisalFilter{Year: 2025}, []string{online.ID}},
		{data.AppraisalFilter{Kind: data.AppraisalPublic}, []string{r.ID}},
		{data.AppraisalFilter{UnitID: f.town.ID}, []string{online.ID}},
		{data.AppraisalFilter{UnitID: f.market.ID}, []string{r.ID}},
	} {
		list, err := db.Appraisals(ctx, c.filter)
		mustOK(t, err)
		var ids []string
		for _, x := range list {
			ids = append(ids, x.ID)
		}
		if !slices.Equal(ids, c.want) {
			t.Errorf("%+v: %v, want %v", c.filter, ids, c.want)
		}
	}
	mustOK(t, db.DeleteAppraisal(ctx, online.ID))
	if list, err := db.Appraisals(ctx, data.AppraisalFilter{}); err != nil || len(list) != 1 {
		t.Errorf("after delete: %d (%v)", len(list), err)
	}
}

func TestAppraisalValidation(t *testing.T) {
	f := newAppraisalFixture(t)
	ctx := context.Background()
	db := f.db
	base := func(mod func(*data.AppraisalRound)) error {
		r := f.round(data.AppraisalDemocratic, "民主评议", svDay(2026, 1, 1), svDay(2026, 12, 31), ballots(f.town, 10, 5, 1))
		mod(r)
		return db.CreateAppraisal(ctx, r)
	}
	svInvalid(t, base(func(r *data.AppraisalRound) { r.Title = "" }), "Title")
	svInvalid(t, base(func(r *data.AppraisalRound) { r.Kind = "年终考评" }), "Kind")
	svInvalid(t, base(func(r *data.AppraisalRound) { r.To = svDay(2025, 12, 31) }), "To")
	svInvalid(t, base(func(r *data.AppraisalRound) { r.From = data.Date{} }), "From")
	err := base(func(r *data.AppraisalRound) { r.Results[0].Ballots = 12 })
	svInvalid(t, err, "Results")
	if !strings.Contains(err.Error(), "多于收回的12张选票") {
		t.Errorf("message %q", err)
	}
	svInvalid(t, base(func(r *data.AppraisalRound) { r.Results[0].Satisfied = -1 }), "Results")
	svInvalid(t, base(func(r *data.AppraisalRound) { r.Results[0] = data.AppraisalResult{UnitID: f.town.ID} }), "Results")
	svInvalid(t, base(func(r *data.AppraisalRound) {
		r.Results[0] = data.AppraisalResult{UnitID: f.town.ID, Score: 101, HasScore: true}
	}), "Results")
	svInvalid(t, base(func(r *data.AppraisalRound) { r.Results = append(r.Results, ballots(f.town, 1, 0, 0)) }), "Results")
	svInvalid(t, base(func(r *data.AppraisalRound) { r.Results[0].UnitID = "missing" }), "Results")
	svInvalid(t, base(func(r *data.AppraisalRound) {
		r.Posts = []data.AppraisalPost{{UnitID: f.tax.ID, Post: "办税窗口", Holder: "陈某"}}
	}), "Posts")
	svInvalid(t, base(func(r *data.AppraisalRound) {
		r.Kind, r.Results = data.AppraisalKeyPosts, nil
		r.Posts = []data.AppraisalPost{{UnitID: f.tax.ID, Post: "办税窗口", Holder: ""}}
	}), "Posts")
}

// A round's results imported from an office's sheet: units by name or
// short name; a sheet naming an unknown unit changes nothing and says which
// line.
func TestAppraisalImportedFromSheet(t *testing.T) {
	f := newAppraisalFixture(t)
	ctx := context.Background()
	db := f.db
	r := f.round(data.AppraisalCountywide, "2026年“万人评风”", svDay(2026, 1, 1), svDay(2026, 12, 31), ballots(f.tax, 1, 1, 1))
	r.Results[0].Note = "手工录入"
	mustOK(t, db.CreateAppraisal(ctx, r))

	// rows as reports/importer reads them from the office's sheet
	rows := []data.AppraisalRow{
		{Line: 3, UnitName: "城关镇人民政府", Ballots: 210, Satisfied: 150, Basic: 40, Unsatisfied: 15},
		{Line: 4, UnitName: "县市场监管局", Ballots: 200, Satisfied: 120, Basic: 50, Unsatisfied: 30},
		{Line: 5, UnitName: "县税务局", Satisfied: 90, Basic: 8, Unsatisfied: 2},
	}
	n, err := db.ImportAppraisalResults(ctx, r.ID, rows)
	mustOK(t, err)
	if n != 3 {
		t.Errorf("imported %d", n)
	}
	got, err := db.Appraisal(ctx, r.ID)
	mustOK(t, err)
	if len(got.Results) != 3 {
		t.Fatalf("results %+v", got.Results)
	}
	for _, x := range got.Results {
		switch x.UnitID {
		case f.market.ID:
			if x.Satisfied != 120 || x.Ballots != 200 {
				t.Errorf("market %+v", x)
			}
		case f.tax.ID:
			if x.Satisfied != 90 || x.Ballots != 100 || x.Note != "手工录入" || x.ID != r.Results[0].ID {
				t.Errorf("tax %+v", x)
			}
		}
	}

	// Scores only; one unknown unit refuses the whole sheet.
	rows = []data.AppraisalRow{
		{Line: 2, UnitName: "城关镇人民政府", Score: 91.5, HasScore: true},
		{Line: 3, UnitName: "县教育局", Score: 88, HasScore: true},
		{Line: 4, UnitName: "县税务局", Score: 95, HasScore: true},
	}
	_, err = db.ImportAppraisalResults(ctx, r.ID, rows)
	svInvalid(t, err, "File")
	if !strings.Contains(err.Error(), "第3行“县教育局”不在单位名录中") {
		t.Errorf("message %q", err)
	}
	again, err := db.Appraisal(ctx, r.ID)
	mustOK(t, err)
	for _, x := range again.Results {
		if x.HasScore {
			t.Errorf("a refused sheet changed %s", x.UnitName)
		}
	}

	dup := []data.AppraisalRow{{Line: 2, UnitName: "县税务局", Satisfied: 1}, {Line: 3, UnitName: "县税务局", Satisfied: 2}}
	if _, err := db.ImportAppraisalResults(ctx, r.ID, dup); err == nil || !strings.Contains(err.Error(), "第3行与第2行是同一单位") {
		t.Errorf("duplicate: %v", err)
	}
}

// 关键岗位评议: posts scored and marked; the bottom holder warned, which
// records a 效能告诫 against the person and fixes the post.
func TestKeyPostAppraisal(t *testing.T) {
	f := newAppraisalFixture(t)
	ctx := context.Background()
	db := f.db
	r := &data.AppraisalRound{Title: "2026年关键岗位公务员评议", Kind: data.AppraisalKeyPosts, From: svDay(2026, 1, 1), To: svDay(2026, 10, 31),
		Posts: []data.AppraisalPost{
			{UnitID: f.tax.ID, Post: "办税服务厅窗口", Holder: "陈静", Duties: "受理纳税申报", Score: 96, HasScore: true, Mark: data.MarkModel},
			{UnitID: f.market.ID, Post: "企业登记窗口", Holder: "刘洋", Duties: "办理企业开办", Score: 91, HasScore: true, Mark: data.MarkExcellent},
			{UnitID: f.market.ID, Post: "投诉举报受理", Holder: "孙某", Duties: "受理消费投诉", Score: 62, HasScore: true},
		}}
	mustOK(t, db.CreateAppraisal(ctx, r))
	got, err := db.Appraisal(ctx, r.ID)
	mustOK(t, err)
	var bottom data.AppraisalPost
	for _, p := range got.Posts {
		if p.Holder == "孙某" {
			bottom = p
		}
	}
	svInvalid(t, func() error {
		_, err := db.WarnPosts(ctx, r.ID, nil, svDay(2026, 11, 20), "县效能办", "")
		return err
	}(), "Posts")
	actions, err := db.WarnPosts(ctx, r.ID, []string{bottom.ID}, svDay(2026, 11, 20), "县效能办", "效告〔2026〕3号")
	mustOK(t, err)
	if len(actions) != 1 {
		t.Fatalf("actions %d", len(actions))
	}
	a, err := db.Action(ctx, actions[0].ID)
	mustOK(t, err)
	if a.TargetKind != data.TargetPerson || a.PersonName != "孙某" || a.PersonPost != "投诉举报受理" || a.Measure != "效能告诫" ||
		a.UnitID != f.market.ID || !strings.Contains(a.Reason, "得分62") {
		t.Errorf("action %+v", a)
	}
	got, err = db.Appraisal(ctx, r.ID)
	mustOK(t, err)
	for _, p := range got.Posts {
		if p.ID == bottom.ID && (p.Mark != data.MarkWarned || p.ActionID != a.ID) {
			t.Errorf("warned post %+v", p)
		}
	}
	_, err = db.WarnPosts(ctx, r.ID, []string{bottom.ID}, svDay(2026, 11, 20), "县效能办", "")
	svState(t, err, "已对“投诉举报受理（孙某）”予以告诫")

	// The warning stands: the post is not removed nor its mark changed;
	// other posts are still edited.
	edit := func(mod func(*data.AppraisalRound)) error {
		x, err := db.Appraisal(ctx, r.ID)
		mustOK(t, err)
		mod(x)
		return db.UpdateAppraisal(ctx, x)
	}
	svState(t, edit(func(x *data.AppraisalRound) {
		x.Posts = slices.DeleteFunc(x.Posts, func(p data.AppraisalPost) bool { return p.ID == bottom.ID })
	}), "已对“投诉举报受理（孙某）”予以告诫，该岗位不能删除")
	svState(t, edit(func(x *data.AppraisalRound) {
		for i := range x.Posts {
			if x.Posts[i].ID == bottom.ID {
				x.Posts[i].Mark = data.MarkNone
			}
		}
	}), "已对“投诉举报受理（孙某）”予以告诫，不能更改其单位、在岗人员和评定结果")
	svInvalid(t, edit(func(x *data.AppraisalRound) { x.Posts[0].Mark = data.MarkWarned }), "Posts")
	mustOK(t, edit(func(x *data.AppraisalRound) { x.Posts[0].Duties = "受理纳税申报、发票领用" }))
	svState(t, db.DeleteAppraisal(ctx, r.ID), "该评议已据以告诫岗位人员，不能删除")
	_, err = db.ImportAppraisalResults(ctx, r.ID, []data.AppraisalRow{{Line: 2, UnitName: "县税务局", Satisfied: 1}})
	svState(t, err, "关键岗位评议按岗位评分，不能导入单位测评结果")
}

// The satisfaction the assessment scores: the mean of a unit's rates in the
// unit rounds of the period; key-post rounds and other periods left out.
func TestAppraisalSatisfaction(t *testing.T) {
	f := newAppraisalFixture(t)
	ctx := context.Background()
	db := f.db
	mustOK(t, db.CreateAppraisal(ctx, f.round(data.AppraisalPublic, "上半年", svDay(2026, 1, 1), svDay(2026, 6, 30),
		ballots(f.town, 90, 0, 10), ballots(f.tax, 50, 30, 20))))
	mustOK(t, db.CreateAppraisal(ctx, f.round(data.AppraisalOnline, "下半年", svDay(2026, 7, 1), svDay(2026, 12, 31),
		ballots(f.town, 70, 0, 30), data.AppraisalResult{UnitID: f.market.ID, Score: 75, HasScore: true})))
	mustOK(t, db.CreateAppraisal(ctx, f.round(data.AppraisalPublic, "去年", svDay(2025, 1, 1), svDay(2025, 12, 31),
		ballots(f.tax, 0, 0, 10))))
	mustOK(t, db.CreateAppraisal(ctx, &data.AppraisalRound{Title: "岗位", Kind: data.AppraisalKeyPosts, From: svDay(2026, 1, 1), To: svDay(2026, 12, 31),
		Posts: []data.AppraisalPost{{UnitID: f.tax.ID, Post: "窗口", Holder: "甲", Score: 10, HasScore: true}}}))

	sat, err := db.AppraisalSatisfaction(ctx, svDay(2026, 1, 1), svDay(2026, 12, 31))
	mustOK(t, err)
	if len(sat) != 3 || !near(sat[f.town.ID], 0.8) || !near(sat[f.tax.ID], 0.8) || !near(sat[f.market.ID], 0.75) {
		t.Errorf("satisfaction %v", sat)
	}
	ranking, err := db.AppraisalRanking(ctx, svDay(2026, 1, 1), svDay(2026, 12, 31))
	mustOK(t, err)
	if ranking[0].UnitID != f.market.ID || ranking[0].Rounds != 1 || ranking[1].Ballots+ranking[2].Ballots != 300 {
		t.Errorf("ranking %+v", ranking)
	}
	first, err := db.AppraisalSatisfaction(ctx, svDay(2026, 1, 1), svDay(2026, 6, 30))
	mustOK(t, err)
	if len(first) != 2 || !near(first[f.town.ID], 0.9) {
		t.Errorf("first half %v", first)
	}
}
