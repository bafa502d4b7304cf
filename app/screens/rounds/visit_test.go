package rounds

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"xiaoneng/app/apptest"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// A day in the field: three planned units, entered one after another with
// 保存并下一个; the second has a finding with a period, a photo and the
// 制度公示 checklist.
func TestFieldDayQuickEntry(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	social := apptest.MustUnit(t, db, "县政务服务中心社保窗口", data.UnitWindow)
	estate := apptest.MustUnit(t, db, "县不动产登记中心", data.UnitWindow)
	market := apptest.MustUnit(t, db, "县市场监督管理局", data.UnitDepartment)
	wang, chen := apptest.MustPerson(t, db, "王强"), apptest.MustPerson(t, db, "陈静")
	apptest.MustPerson(t, db, "刘洋") // not on the team
	r := apptest.MustRound(t, db, "2026年第四季度明察暗访", data.RoundCovert, wang, []*data.Person{chen}, social, estate, market)

	s := apptest.Show(t, w, "督查检查", New)
	apptest.SelectRow(t, w.Window(), s.table.Widget(), 0)
	if s.round == nil || s.round.ID != r.ID {
		t.Fatalf("round shown = %+v", s.round)
	}
	apptest.TapButton(t, s.View(), "登记检查记录")
	e := s.entry
	if e == nil {
		t.Fatal("the visit entry did not open")
	}
	// Units come in the plan's order: category, then name.
	if id, _ := e.unit.Unit(); id != market.ID {
		t.Fatalf("first unit = %s, want 县市场监督管理局", id)
	}
	if got := e.inspectors.Selected(); !slices.Equal(got, []string{"王强", "陈静"}) && !slices.Equal(got, []string{"陈静", "王强"}) {
		t.Errorf("inspectors = %v, want the team", got)
	}
	if !strings.Contains(e.progress.Text, "尚有3个未检查") {
		t.Errorf("progress = %q", e.progress.Text)
	}
	e.clock.SetText("")
	test.Type(e.clock, "09:10")
	test.Type(e.place, "行政审批股")
	test.Type(e.summary, "上午九时许暗访，工作人员在岗，秩序良好。")
	apptest.TapButton(t, e.root, "保存并下一个")
	if s.entry != e {
		t.Fatalf("保存并下一个 left the entry: %v", apptest.Texts(e.form.Widget()))
	}
	if id, _ := e.unit.Unit(); id != estate.ID {
		t.Fatalf("next unit = %s, want 县不动产登记中心 (%s)", id, apptest.Texts(e.form.Widget()))
	}
	if !strings.Contains(e.lastSaved.Text, "县市场监督管理局，未发现问题") {
		t.Errorf("saved notice = %q", e.lastSaved.Text)
	}
	if e.place.Text != "" || e.summary.Text != "" || e.clock.Text != "09:10" || len(e.inspectors.Selected()) != 2 {
		t.Errorf("after 保存并下一个: place %q, summary %q, time %q, inspectors %v",
			e.place.Text, e.summary.Text, e.clock.Text, e.inspectors.Selected())
	}

	// The second unit: a finding, a photo, the checklist.
	e.clock.SetText("")
	test.Type(e.clock, "10:30")
	test.Type(e.place, "3号窗口")
	test.Type(e.summary, "不动产登记大厅3号窗口无人，群众排队等候。")
	apptest.TapButton(t, e.root, "添加问题")
	if len(e.findings) != 1 {
		t.Fatalf("%d finding editors", len(e.findings))
	}
	fe := e.findings[0]
	fe.Category.SetSelected("脱岗/纪律作风")
	test.Type(fe.Description, "3号窗口工作人员离岗约二十分钟，群众等候")
	test.Type(fe.StaffName, "李某")
	test.Type(fe.StaffPost, "窗口受理员")
	fe.Disposition.SetSelected(string(data.DispositionNotice))
	if fe.Days.Text != "10" {
		t.Errorf("a 监察通知书 proposes %q days, want the default 10", fe.Days.Text)
	}
	fe.Days.SetText("")
	test.Type(fe.Days, "5")
	// Saturday 2026-11-21 + 5 working days.
	if !strings.Contains(fe.Due.Text, "整改期限：2026-11-27") {
		t.Errorf("deadline shown = %q", fe.Due.Text)
	}
	apptest.TapCheck(t, e.root, "本次检查了制度公示情况（已公示的打勾）")
	apptest.TapCheck(t, e.root, "岗位责任制")
	apptest.TapCheck(t, e.root, "服务承诺制")

	dir := t.TempDir()
	photo := apptest.WritePhoto(t, filepath.Join(dir, "IMG_0001.jpg"), color.RGBA{200, 120, 0, 255})
	apptest.WritePhoto(t, filepath.Join(dir, "IMG_0002.jpg"), color.RGBA{20, 120, 200, 255})
	if err := os.WriteFile(filepath.Join(dir, "说明.txt"), []byte("不是照片"), 0o644); err != nil {
		t.Fatal(err)
	}
	apptest.TapButton(t, e.root, "添加照片…")
	apptest.PickIn(t, w.Window(), e.picker, dir, "IMG_0001.jpg")
	if len(e.photos) != 1 || e.photos[0].Name != "IMG_0001.jpg" {
		t.Fatalf("photos = %v", e.photos)
	}
	if slices.ContainsFunc(e.picker.Entries, func(d os.DirEntry) bool { return d.Name() == "说明.txt" }) {
		t.Error("the photo picker offers a text file")
	}
	apptest.TapButton(t, e.root, "保存并下一个")
	if id, _ := e.unit.Unit(); id != social.ID {
		t.Fatalf("third unit = %s, want 县政务服务中心社保窗口: %v", id, apptest.Texts(e.form.Widget()))
	}

	// What the ledger holds.
	visits, err := db.Visits(ctx, data.VisitFilter{RoundID: r.ID})
	if err != nil || len(visits) != 2 {
		t.Fatalf("visits = %v, %v", visits, err)
	}
	var v *data.Visit
	for _, x := range visits {
		if x.UnitID == estate.ID {
			v = x
		}
	}
	if v == nil {
		t.Fatal("no visit to 县不动产登记中心")
	}
	want := time.Date(2026, 11, 21, 10, 30, 0, 0, data.Zone)
	if !v.VisitedAt.Equal(want) || v.Place != "3号窗口" || v.Summary != "不动产登记大厅3号窗口无人，群众排队等候。" || v.FindingCount != 1 {
		t.Errorf("visit = %+v", v)
	}
	if !slices.Equal(v.InspectorIDs, sortedIDs(wang.ID, chen.ID)) {
		t.Errorf("inspectors = %v", v.InspectorIDs)
	}
	findings, err := db.Findings(ctx, data.FindingFilter{VisitID: v.ID})
	if err != nil || len(findings) != 1 {
		t.Fatalf("findings = %v, %v", findings, err)
	}
	f := findings[0]
	if f.Category != "脱岗/纪律作风" || f.Description != "3号窗口工作人员离岗约二十分钟，群众等候" ||
		f.StaffName != "李某" || f.StaffPost != "窗口受理员" || f.Disposition != data.DispositionNotice ||
		f.RectStatus != data.RectOpen || f.RectLimitDays != 5 || f.RectDue != data.NewDate(2026, 11, 27) {
		t.Errorf("finding = %+v", f)
	}
	photos, err := db.Attachments(ctx, data.OwnerVisit, v.ID)
	if err != nil || len(photos) != 1 {
		t.Fatalf("photos = %v, %v", photos, err)
	}
	sum := sha256.Sum256(photo)
	if photos[0].Name != "IMG_0001.jpg" || photos[0].SHA256 != hex.EncodeToString(sum[:]) || photos[0].MIME != "image/jpeg" {
		t.Errorf("photo = %+v", photos[0])
	}
	b, err := db.AttachmentData(ctx, photos[0].ID)
	if err != nil || !bytes.Equal(b, photo) {
		t.Errorf("photo bytes: %d, %v", len(b), err)
	}
	u, err := db.Unit(ctx, estate.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range u.Disclosures {
		posted := i < 2
		if d.Posted != posted || d.CheckedOn != data.NewDate(2026, 11, 21) || d.VisitID != v.ID {
			t.Errorf("%s = %+v, want posted %v, checked on the visit", d.Item, d, posted)
		}
	}
	if m, err := db.Unit(ctx, market.ID); err != nil || len(m.Disclosures) > 0 && m.Disclosures[0].VisitID != "" {
		t.Errorf("the first visit, which did not check the checklist, changed it: %+v, %v", m, err)
	}

	// 返回 without typing anything goes back to the round, whose plan has
	// one unit left.
	apptest.TapButton(t, e.root, "返回")
	if s.entry != nil {
		t.Fatal("返回 did not close the entry")
	}
	if got := s.unvisited.Visible(); len(got) != 1 || got[0].ID != social.ID {
		t.Errorf("unvisited = %v", got)
	}
	if !strings.Contains(s.planSummary.Text, "已检查2个，尚有1个未检查") {
		t.Errorf("plan = %q", s.planSummary.Text)
	}
	if got := s.visits.Visible(); len(got) != 2 {
		t.Errorf("the round lists %d visits", len(got))
	}
}

func sortedIDs(ids ...string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// A visit left half typed asks before it is given up; a bad period is
// refused with the finding's number.
func TestVisitEntryValidationAndLeaving(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	u := apptest.MustUnit(t, db, "县医疗保障局", data.UnitDepartment)
	u2 := apptest.MustUnit(t, db, "县税务局办税服务厅", data.UnitWindow)
	r := apptest.MustRound(t, db, "2026年第四季度随机抽查", data.RoundRandom, nil, nil, u, u2)
	s := apptest.Show(t, w, "督查检查", New)
	apptest.SelectRow(t, w.Window(), s.table.Widget(), 0)
	s.startEntry("")
	e := s.entry
	test.Type(e.summary, "大厅秩序一般")
	apptest.TapButton(t, e.root, "添加问题")
	apptest.TapButton(t, e.root, "添加问题")
	e.findings[0].Category.SetSelected("事难办")
	test.Type(e.findings[0].Description, "办事指南与实际要求不一致")
	e.findings[0].Disposition.SetSelected(string(data.DispositionOnSite))
	e.findings[1].Category.SetSelected("门难进")
	test.Type(e.findings[1].Description, "入口无指引")
	e.findings[1].Disposition.SetSelected(string(data.DispositionOnSite))
	test.Type(e.findings[1].Days, "120")
	apptest.TapButton(t, e.root, "保存")
	if !apptest.Shows(e.form.Widget(), "第2个问题：整改时限应为1至90之间的整数") {
		t.Errorf("no message for the bad period: %v", apptest.Texts(e.form.Widget()))
	}
	e.findings[1].Days.SetText("")
	e.findings[1].Description.SetText("")
	apptest.TapButton(t, e.root, "保存")
	if !apptest.Shows(e.form.Widget(), "第2个问题：问题描述不能为空") {
		t.Errorf("no message for the empty description: %v", apptest.Texts(e.form.Widget()))
	}
	if vs, err := db.Visits(context.Background(), data.VisitFilter{RoundID: r.ID}); err != nil || len(vs) != 0 {
		t.Fatalf("a refused visit was saved: %v, %v", vs, err)
	}

	// Leaving for another screen asks; 继续登记 keeps the typing.
	w.Leave()
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "继续登记")
	if s.entry != e || e.summary.Text != "大厅秩序一般" {
		t.Fatal("继续登记 did not keep the entry")
	}
	// Removing the second finding and saving records the first.
	apptest.TapButton(t, e.findings[1].Root, "删除此问题")
	apptest.TapButton(t, e.root, "保存")
	if s.entry != nil {
		t.Fatalf("保存 did not close the entry: %v", apptest.Texts(e.form.Widget()))
	}
	vs, err := db.Visits(context.Background(), data.VisitFilter{RoundID: r.ID})
	if err != nil || len(vs) != 1 || vs[0].FindingCount != 1 || vs[0].UnitID != u.ID {
		t.Fatalf("visits = %+v, %v", vs, err)
	}
}

// A 电话暗访 round asks for the number called and whether it was answered,
// proposing the unit's hotline.
func TestPhoneCheckEntry(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	u := &data.Unit{Name: "县自来水公司", Category: data.UnitUtility, Hotline: "0791-96777"}
	if err := db.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	r := apptest.MustRound(t, db, "2026年第四季度电话暗访", data.RoundPhoneCheck, nil, nil, u)
	s := apptest.Show(t, w, "督查检查", New)
	apptest.SelectRow(t, w.Window(), s.table.Widget(), 0)
	s.startEntry("")
	e := s.entry
	if e.phone == nil || e.phone.Text != "0791-96777" {
		t.Fatalf("phone = %v", e.phone)
	}
	if e.strip != nil || e.checkDisc != nil {
		t.Error("a call offers photos or the 制度公示 checklist")
	}
	e.answered.SetSelected("未接听")
	test.Type(e.summary, "连续拨打三次均无人接听")
	apptest.TapButton(t, e.root, "保存")
	vs, err := db.Visits(ctx, data.VisitFilter{RoundID: r.ID})
	if err != nil || len(vs) != 1 || vs[0].PhoneNumber != "0791-96777" || vs[0].Answered != "未接听" {
		t.Fatalf("visits = %+v, %v", vs, err)
	}
}

// The visit detail shows the photos as thumbnails, adds a finding to the
// visit and deletes a visit entered by mistake.
func TestVisitDetail(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	u := apptest.MustUnit(t, db, "县公安局出入境窗口", data.UnitWindow)
	r := apptest.MustRound(t, db, "2026年第四季度明察", data.RoundOpen, nil, nil, u)
	dir := t.TempDir()
	photo := apptest.WritePhoto(t, filepath.Join(dir, "现场.jpg"), color.RGBA{90, 200, 90, 255})
	v := &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: time.Date(2026, 11, 16, 9, 0, 0, 0, data.Zone), Summary: "窗口秩序良好"}
	if err := db.RecordVisit(ctx, v, nil, []*data.Attachment{{Name: "现场.jpg", Data: photo}}); err != nil {
		t.Fatal(err)
	}
	s := apptest.Show(t, w, "督查检查", New)
	apptest.SelectRow(t, w.Window(), s.table.Widget(), 0)
	s.detail.SelectIndex(1)
	grid := apptest.SelectRow(t, w.Window(), s.visits.Widget(), 0)
	grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	d := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(d, "窗口秩序良好") || !apptest.Shows(d, "未发现问题") {
		t.Fatalf("detail shows %v", apptest.Texts(d))
	}
	if th := apptest.Find[*parts.Thumb](t, d); th.Img.Image == nil || th.Img.Image.Bounds().Dx() != parts.ThumbW {
		t.Error("the photo's thumbnail is not shown")
	}

	apptest.TapButton(t, d, "补充问题…")
	d = apptest.TopOverlay(t, w.Window())
	apptest.Find[*widget.Select](t, d).SetSelected("推诿扯皮/办事拖拉")
	test.Type(apptest.Find[*kit.TextArea](t, d), "群众反映护照办理多次往返")
	var selects []*widget.Select
	apptest.Walk(d, func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok {
			selects = append(selects, s)
		}
	})
	selects[1].SetSelected(string(data.DispositionNotice))
	apptest.TapButton(t, d, "保存")
	fs, err := db.Findings(ctx, data.FindingFilter{VisitID: v.ID})
	if err != nil || len(fs) != 1 || fs[0].RectStatus != data.RectOpen || fs[0].FoundOn != data.NewDate(2026, 11, 16) {
		t.Fatalf("findings = %+v, %v", fs, err)
	}
	// Ten working days from Monday 2026-11-16.
	if fs[0].RectDue != data.NewDate(2026, 11, 30) {
		t.Errorf("due = %s, want 2026-11-30", fs[0].RectDue)
	}
	d = apptest.TopOverlay(t, w.Window()) // the detail again, with the finding
	if !apptest.Shows(d, "发现问题1个") {
		t.Errorf("detail after adding: %v", apptest.Texts(d))
	}

	// 修改… opens the entry on the visit: what was seen can change, the
	// unit and day of a visit with findings cannot.
	apptest.TapButton(t, d, "修改…")
	if got := w.LastOpened(); got != "EditVisit "+v.ID {
		t.Fatalf("修改 asks for %q", got)
	}
	shown, err := db.Visit(context.Background(), v.ID) // the visit the detail shows
	if err != nil {
		t.Fatal(err)
	}
	s.EditVisit(shown) // as the shell does
	e := s.entry
	if e == nil || e.visit == nil || e.visit.ID != v.ID {
		t.Fatal("修改 did not open the visit in the entry")
	}
	if !strings.Contains(e.progress.Text, "不能修改") {
		t.Errorf("progress = %q", e.progress.Text)
	}
	e.summary.SetText("")
	test.Type(e.summary, "窗口秩序良好，叫号系统正常")
	e.day.SetText("2026-11-17")
	apptest.TapButton(t, e.root, "保存")
	if !apptest.Shows(e.form.Widget(), "不能更改被检查单位或检查日期") {
		t.Errorf("changing the day of a visit with findings: %v", apptest.Texts(e.form.Widget()))
	}
	e.day.SetText("2026-11-16")
	apptest.TapButton(t, e.root, "保存")
	if s.entry != nil {
		t.Fatalf("保存 did not close the entry: %v", apptest.Texts(e.form.Widget()))
	}
	if got, err := db.Visit(ctx, v.ID); err != nil || got.Summary != "窗口秩序良好，叫号系统正常" {
		t.Fatalf("visit after editing = %+v, %v", got, err)
	}
	s.detail.SelectIndex(1)
	grid = apptest.SelectRow(t, w.Window(), s.visits.Widget(), 0)
	grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	d = apptest.TopOverlay(t, w.Window())
	apptest.TapButton(t, d, "删除检查记录")
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "删除")
	if vs, err := db.Visits(ctx, data.VisitFilter{RoundID: r.ID}); err != nil || len(vs) != 0 {
		t.Fatalf("visits after delete = %v, %v", vs, err)
	}
	if got := s.visits.Visible(); len(got) != 0 {
		t.Errorf("the round still lists %d visits", len(got))
	}
}
