package complaints

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/apptest"
	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// buttonTexts lists the visible buttons' labels under o.
func buttonTexts(o fyne.CanvasObject) []string {
	var out []string
	apptest.Walk(o, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.Button); ok {
			out = append(out, b.Text)
		}
	})
	return out
}

// stepButtons lists the complaint view's step buttons (those opening a
// dialog: "…"), in order.
func stepButtons(o fyne.CanvasObject) string {
	var out []string
	for _, b := range buttonTexts(o) {
		if strings.HasSuffix(b, "…") {
			out = append(out, b)
		}
	}
	return strings.Join(out, " ")
}

// findButton finds the visible button labelled label under o.
func findButton(t *testing.T, o fyne.CanvasObject, label string) *widget.Button {
	t.Helper()
	var found *widget.Button
	apptest.Walk(o, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.Button); ok && b.Text == label && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q", label)
	}
	return found
}

// complaintFixture is a ledger with two units and one complaint 待受理.
type complaintFixture struct {
	w    *apptest.Host
	db   *store.DB
	s    *Screen
	unit *data.Unit
	c    *data.Complaint
}

func newComplaintFixture(t *testing.T) *complaintFixture {
	t.Helper()
	w := apptest.New(t)
	db := w.DB()
	f := &complaintFixture{w: w, db: db}
	f.unit = apptest.MustUnit(t, db, "县自然资源局", data.UnitDepartment)
	apptest.MustUnit(t, db, "城关镇人民政府", data.UnitTownship)
	f.c = &data.Complaint{ReceivedAt: apptest.FixedNow.Add(-26 * time.Hour), Channel: data.ChannelPhone,
		Complainant: data.Complainant{Name: "刘小红", Phone: "13800000000", Address: "城关镇解放路12号"},
		UnitID:      f.unit.ID, PersonName: "王某", PersonPost: "不动产登记窗口", Category: "慢作为",
		Subject: "宅基地审批超期未办", Content: "宅基地审批申请提交两个月仍未办结，多次询问无答复。"}
	if _, err := db.RegisterComplaint(context.Background(), f.c); err != nil {
		t.Fatal(err)
	}
	f.s = apptest.Show(t, w, "效能投诉", New)
	return f
}

// complaint reads the complaint again from the ledger.
func (f *complaintFixture) complaint(t *testing.T) *data.Complaint {
	t.Helper()
	c, err := f.db.Complaint(context.Background(), f.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// step taps a step's button on the complaint view and returns its dialog.
func (f *complaintFixture) step(t *testing.T, label string) fyne.CanvasObject {
	t.Helper()
	apptest.TapButton(t, apptest.TopOverlay(t, f.w.Window()), label)
	return apptest.TopOverlay(t, f.w.Window())
}

func TestComplaintWorkedFromRegisterToArchive(t *testing.T) {
	f := newComplaintFixture(t)
	ctx := context.Background()
	f.s.OpenComplaint(f.c)
	view := apptest.TopOverlay(t, f.w.Window())

	// Only the steps valid now are offered.
	if got := stepButtons(view); got != "受理… 交办… 不予受理… 转办… 并单…" {
		t.Errorf("待受理 offers %q", got)
	}

	d := f.step(t, "受理…")
	apptest.TapButton(t, d, "保存")
	if c := f.complaint(t); c.Status != data.StatusAccepted {
		t.Fatalf("after 受理: %s", c.Status)
	}
	view = apptest.TopOverlay(t, f.w.Window())
	if got := stepButtons(view); got != "交办… 并单…" {
		t.Errorf("待交办 offers %q", got)
	}

	// 交办 shows the due date as the limit is typed, counted in working days.
	cal, err := f.db.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d = f.step(t, "交办…")
	due15, _ := cal.AddWorkdays(host.Today(), 15)
	if !apptest.Shows(d, "办理期限："+due15.String()) {
		t.Errorf("交办 shows %v, want the due date %s", apptest.Texts(d), due15)
	}
	days := apptest.Find[*widget.Entry](t, d)
	for _, e := range []apptest.TextField{apptest.EntryWith(t, d, "交办要求")} {
		test.Type(e, "请依规调查处理，交办单不含投诉人信息")
	}
	// The limit entry is the one holding the default.
	apptest.Walk(d, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.Text == "15" {
			days = e
		}
	})
	days.SetText("5")
	due5, _ := cal.AddWorkdays(host.Today(), 5)
	if !apptest.Shows(d, "办理期限："+due5.String()) {
		t.Errorf("交办 with 5 days shows %v, want %s", apptest.Texts(d), due5)
	}
	days.SetText("40")
	apptest.TapButton(t, d, "保存")
	if c := f.complaint(t); c.Status != data.StatusAccepted {
		t.Fatalf("a limit over the maximum was saved: %s", c.Status)
	}
	days.SetText("5")
	apptest.TapButton(t, d, "保存")
	c := f.complaint(t)
	if c.Status != data.StatusHandling || c.HandlerUnitID != f.unit.ID || c.LimitDays != 5 || !c.DueDate.Equal(due5) {
		t.Fatalf("after 交办: %s handler %s limit %d due %s", c.Status, c.HandlerUnitName, c.LimitDays, c.DueDate)
	}
	// The 交办单 is offered; not now.
	offer := apptest.TopOverlay(t, f.w.Window())
	if !apptest.Shows(offer, "已交办。现在制作交办单吗？") {
		t.Fatalf("after 交办 the window shows %v", apptest.Texts(offer))
	}
	apptest.TapButton(t, offer, "取消")
	view = apptest.TopOverlay(t, f.w.Window())
	if !apptest.Shows(view, "状态：办理中") || !apptest.Shows(view, due5.String()) {
		t.Errorf("the view after 交办 shows %v", apptest.Texts(view))
	}
	if got := stepButtons(view); got != "登记反馈… 催办… 延期… 并单… 制作交办单… 制作催办通知单…" {
		t.Errorf("办理中 offers %q", got)
	}

	// 催办, twice: each is recorded with its method and who reminded.
	for _, method := range []string{"电话", "书面"} {
		d = f.step(t, "催办…")
		apptest.Find[*widget.SelectEntry](t, d).SetText(method)
		apptest.TapButton(t, d, "保存")
	}
	// 反馈 needs the unit's result: 保存 says so under the field.
	d = f.step(t, "登记反馈…")
	apptest.TapButton(t, d, "保存")
	if c := f.complaint(t); c.Status != data.StatusHandling || !apptest.Shows(d, "请填写") {
		t.Errorf("反馈 without the unit's result: %s, %v", c.Status, apptest.Texts(d))
	}
	test.Type(apptest.EntryWith(t, d, "承办单位报送的调查核实和处理情况"), "经查属实，已对窗口人员批评教育并办结审批。")
	apptest.TapButton(t, d, "保存")
	if c := f.complaint(t); c.Status != data.StatusVerifying || c.Feedback != "经查属实，已对窗口人员批评教育并办结审批。" {
		t.Fatalf("after 反馈: %s %q", c.Status, c.Feedback)
	}

	// 核实 属实 offers the 责任追究, recorded against the person.
	d = f.step(t, "核实…")
	apptest.Find[*widget.RadioGroup](t, d).SetSelected("属实")
	apptest.TapButton(t, d, "保存")
	offer = apptest.TopOverlay(t, f.w.Window())
	if !apptest.Shows(offer, "核实结论为“属实”") {
		t.Fatalf("after 核实 the window shows %v", apptest.Texts(offer))
	}
	apptest.TapButton(t, offer, "记录责任追究")
	ad := apptest.TopOverlay(t, f.w.Window())
	apptest.Find[*widget.Select](t, ad).SetSelected("诫勉谈话")
	apptest.TapButton(t, ad, "保存")
	actions, err := f.db.Actions(ctx, data.ActionFilter{ComplaintID: f.c.ID})
	if err != nil || len(actions) != 1 || actions[0].TargetKind != data.TargetPerson || actions[0].PersonName != "王某" ||
		actions[0].Measure != "诫勉谈话" {
		t.Fatalf("责任追究 on the complaint: %+v, %v", actions, err)
	}
	view = apptest.TopOverlay(t, f.w.Window())
	if tabs := apptest.Find[*container.AppTabs](t, view); tabs.Selected().Text != "责任追究（1）" || !apptest.Shows(view, "诫勉谈话") {
		t.Errorf("the view shows tab %q: %v", tabs.Selected().Text, apptest.Texts(view))
	}

	d = f.step(t, "答复…")
	apptest.Find[*widget.SelectEntry](t, d).SetText("电话")
	test.Type(apptest.EntryWith(t, d, "答复投诉人的主要内容"), "已电话告知处理结果")
	apptest.TapButton(t, d, "保存")
	d = f.step(t, "回访…")
	apptest.Find[*widget.RadioGroup](t, d).SetSelected("满意")
	apptest.TapButton(t, d, "保存")
	if c := f.complaint(t); c.Status != data.StatusClosed || c.Satisfaction != data.Satisfied {
		t.Fatalf("after 回访: %s %s", c.Status, c.Satisfaction)
	}
	d = f.step(t, "归档…")
	apptest.TapButton(t, d, "保存")
	if c := f.complaint(t); c.Status != data.StatusArchived {
		t.Fatalf("after 归档: %s", c.Status)
	}
	view = apptest.TopOverlay(t, f.w.Window())
	if !apptest.Shows(view, "本投诉已归档，不再办理。") || stepButtons(view) != "记录责任追究… 记录责任追究…" {
		t.Errorf("the archived complaint shows %v, offers %q", apptest.Texts(view), stepButtons(view))
	}

	// The history holds every step, each reminder with its method.
	events, err := f.db.ComplaintEvents(ctx, f.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Kind))
		if e.Kind == data.EventRemind && (e.By != "测试员" || (e.Method != "电话" && e.Method != "书面")) {
			t.Errorf("催办 recorded as %+v", e)
		}
	}
	if got := strings.Join(kinds, " "); got != "登记 受理 交办 催办 催办 反馈 核实 答复 回访 归档" {
		t.Errorf("history %q", got)
	}
	tabs := apptest.Find[*container.AppTabs](t, view)
	tabs.SelectIndex(1)
	if tabs.Items[1].Text != "办理经过（10）" || !apptest.Shows(view, "承办单位：县自然资源局；时限：5个工作日；期限："+due5.String()) {
		t.Errorf("timeline tab %q shows %v", tabs.Items[1].Text, apptest.Texts(view))
	}
	// The register behind follows: the complaint has left 待受理.
	if got := f.s.table.Visible(); len(got) != 0 {
		t.Errorf("待受理 still lists %v", subjects(got))
	}
}

func TestComplaintStepRefusedInPlace(t *testing.T) {
	f := newComplaintFixture(t)
	f.s.OpenComplaint(f.c)
	// 不予受理 needs a reason: 保存 says so under the field.
	d := f.step(t, "不予受理…")
	apptest.TapButton(t, d, "保存")
	if c := f.complaint(t); c.Status != data.StatusPending || !apptest.Shows(d, "请填写") {
		t.Errorf("不予受理 without a reason: %s, %v", c.Status, apptest.Texts(d))
	}
	// A time before the complaint was received is refused by the store, under
	// the field.
	day := apptest.Find[*kit.DateEntry](t, d)
	if day.Text != host.Today().String() {
		t.Errorf("the step starts on %q", day.Text)
	}
	day.SetText("2026-11-01")
	test.Type(apptest.EntryWith(t, d, "如：不属于效能投诉受理范围，已告知投诉人向有关部门反映"), "不属于受理范围")
	apptest.TapButton(t, d, "保存")
	if !apptest.Shows(d, "不予受理时间不能早于收件时间") {
		t.Errorf("the dialog shows %v", apptest.Texts(d))
	}
	if c := f.complaint(t); c.Status != data.StatusPending {
		t.Errorf("the refused step changed the complaint to %s", c.Status)
	}
	day.SetText(host.Today().String())
	apptest.TapButton(t, d, "保存")
	if c := f.complaint(t); c.Status != data.StatusRejected || c.RejectReason != "不属于受理范围" {
		t.Errorf("after 不予受理: %s %q", c.Status, c.RejectReason)
	}
}

func TestRevealComplainantIsAudited(t *testing.T) {
	f := newComplaintFixture(t)
	f.s.OpenComplaint(f.c)
	view := apptest.TopOverlay(t, f.w.Window())
	if !apptest.Shows(view, "刘** 138****0000") || !apptest.Shows(view, "住址：***") || apptest.Shows(view, "刘小红") || apptest.Shows(view, "解放路") {
		t.Fatalf("the view shows %v", apptest.Texts(view))
	}
	apptest.TapButton(t, view, "显示身份")
	confirm := apptest.TopOverlay(t, f.w.Window())
	if !apptest.Shows(confirm, "记入审计日志") {
		t.Fatalf("no confirmation: %v", apptest.Texts(confirm))
	}
	apptest.TapButton(t, confirm, "显示身份")
	view = apptest.TopOverlay(t, f.w.Window())
	if !apptest.Shows(view, "刘小红 13800000000") || !apptest.Shows(view, "住址：城关镇解放路12号") ||
		!apptest.Shows(view, "投诉人身份已由测试员于2026-11-21 10:00查看，已记入审计日志") || !apptest.Shows(view, "查看记录（1次）：2026-11-21 10:00 测试员") {
		t.Errorf("after 显示身份 the view shows %v", apptest.Texts(view))
	}
	trail, err := f.db.AuditTrail(context.Background(), "complaints", f.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	reveals := 0
	for _, e := range trail {
		if e.Action == data.AuditReveal {
			reveals++
			if e.Actor != "ceshi" || e.ActorName != "测试员" || !e.At.Equal(apptest.FixedNow) {
				t.Errorf("reveal audited as %+v", e)
			}
		}
	}
	if reveals != 1 {
		t.Errorf("%d reveals audited, want 1", reveals)
	}
	// Another look at the complaint starts masked again.
	apptest.TapButton(t, view, "关闭")
	f.s.OpenComplaint(f.c)
	if view := apptest.TopOverlay(t, f.w.Window()); apptest.Shows(view, "刘小红") || !apptest.Shows(view, "查看记录（1次）") {
		t.Errorf("reopened, the view shows %v", apptest.Texts(view))
	}
}

// A 督查员, who may not reveal identities, is not offered 显示身份; the
// complainant stays masked.
func TestInspectorIsNotOfferedReveal(t *testing.T) {
	f := newComplaintFixture(t)
	storetest.AddUser(t, f.db, "ducha", "督查甲", data.InspectorRole)
	storetest.SignInAs(t, f.db, "ducha")
	f.s.OpenComplaint(f.c)
	view := apptest.TopOverlay(t, f.w.Window())
	if !apptest.Shows(view, "刘** 138****0000") || apptest.Shows(view, "刘小红") {
		t.Fatalf("the view shows %v", apptest.Texts(view))
	}
	apptest.Walk(view, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "显示身份" && b.Visible() {
			t.Error("a 督查员 is offered 显示身份")
		}
	})
}

func TestRegisterComplaintAskingAboutDuplicates(t *testing.T) {
	f := newComplaintFixture(t)
	ctx := context.Background()
	fill := func(subject, unit string) *registerDialog {
		t.Helper()
		if !f.w.Press(fyne.KeyN) {
			t.Fatal("Ctrl+N is not bound")
		}
		r := f.s.register
		r.channel.SetSelected(string(data.ChannelLetter))
		test.Type(r.identity[0], "陈静")
		test.Type(r.identity[1], "13905918888")
		apptest.PickUnit(t, f.w.Window(), r.unit, unit)
		r.category.SetSelected("慢作为")
		test.Type(r.subject, subject)
		test.Type(r.content, "来信反映宅基地审批申请两个月未办结。")
		return r
	}

	// Like the complaint 待受理: the form says so, and 保存 asks.
	r := fill("宅基地审批超期", "县自然")
	if !strings.Contains(r.similar.Text, "近90天该单位有1件事由相似的投诉（最近："+f.c.Number+"）") {
		t.Errorf("hint under 事由: %q", r.similar.Text)
	}
	r.files = []*data.Attachment{{Name: "来信.pdf", Data: []byte("%PDF-1.4 来信扫描件")}}
	apptest.TapButton(t, apptest.TopOverlay(t, f.w.Window()), "保存")
	ask := apptest.TopOverlay(t, f.w.Window())
	if !apptest.Shows(ask, f.c.Number) || !apptest.Shows(ask, "宅基地审批超期未办（待受理）") {
		t.Fatalf("the duplicate prompt shows %v", apptest.Texts(ask))
	}
	apptest.TapButton(t, ask, "并入此件")
	list, err := f.db.Complaints(ctx, data.ComplaintFilter{Status: data.StatusMerged})
	if err != nil || len(list) != 1 {
		t.Fatalf("merged complaints %v, %v", list, err)
	}
	dup := list[0]
	if dup.MergedIntoID != f.c.ID || dup.Number != "TS2026-0002" || dup.Complainant.Name != "陈*" || dup.Channel != data.ChannelLetter { // masked: the list shows no identity
		t.Errorf("registered %+v", dup)
	}
	if files, err := f.db.Attachments(ctx, data.OwnerComplaint, dup.ID); err != nil || len(files) != 1 {
		t.Errorf("files of the new complaint %v, %v", files, err)
	}
	// The new complaint opens, merged.
	view := apptest.TopOverlay(t, f.w.Window())
	if !apptest.Shows(view, "状态：已并单") || !apptest.Shows(view, "陈* 139****8888") {
		t.Errorf("the new complaint shows %v", apptest.Texts(view))
	}
	apptest.TapButton(t, view, "关闭")

	// Not a duplicate after all: registered as new.
	fill("宅基地审批超期又一件", "县自然")
	apptest.TapButton(t, apptest.TopOverlay(t, f.w.Window()), "保存")
	apptest.TapButton(t, apptest.TopOverlay(t, f.w.Window()), "不是重复，登记为新投诉")
	if c, err := f.db.Complaints(ctx, data.ComplaintFilter{Status: data.StatusPending}); err != nil || len(c) != 2 {
		t.Errorf("pending complaints %v, %v", c, err)
	}
	apptest.TapButton(t, apptest.TopOverlay(t, f.w.Window()), "关闭")

	// Nothing alike at another unit: saved at once.
	r = fill("便民服务中心午休无人", "城关")
	if !strings.Contains(r.similar.Text, "没有事由相似的投诉") {
		t.Errorf("hint under 事由: %q", r.similar.Text)
	}
	apptest.TapButton(t, apptest.TopOverlay(t, f.w.Window()), "保存")
	view = apptest.TopOverlay(t, f.w.Window())
	if !apptest.Shows(view, "TS2026-0004") || !apptest.Shows(view, "便民服务中心午休无人") {
		t.Errorf("the new complaint shows %v", apptest.Texts(view))
	}
	f.s.ShowState(stateAll)
	if got := f.s.table.Visible(); len(got) != 4 {
		t.Errorf("全部 lists %v", subjects(got))
	}

	// A complainant without a name must tick 匿名.
	r = fill("又一件", "城关")
	r.identity[0].SetText("")
	apptest.TapButton(t, apptest.TopOverlay(t, f.w.Window()), "保存")
	if !apptest.Shows(apptest.TopOverlay(t, f.w.Window()), "投诉人姓名不能为空；不愿留名的请勾选“匿名”") {
		t.Errorf("the form shows %v", apptest.Texts(apptest.TopOverlay(t, f.w.Window())))
	}
	apptest.TapButton(t, apptest.TopOverlay(t, f.w.Window()), "取消")

	// Received on the year's last day, in a year whose holidays the ledger
	// does not know yet: the deadline counts Monday to Friday, and says so.
	f.db.SetClock(func() time.Time { return time.Date(2027, 1, 4, 9, 0, 0, 0, data.Zone) })
	r = fill("除夕前一天窗口关闭", "城关")
	r.when.day.SetDate(data.NewDate(2026, 12, 31))
	apptest.TapButton(t, apptest.TopOverlay(t, f.w.Window()), "保存")
	if note := apptest.TopOverlay(t, f.w.Window()); !apptest.Shows(note, "工作日计算提示") || !apptest.Shows(note, "2027年的节假日安排尚未录入") {
		t.Errorf("after registering: %v", apptest.Texts(note))
	}
}

// The register lists every complaint the tab selects (no pages to ask for),
// and its search box searches the ledger.
func TestRegisterListsEveryComplaintAndSearches(t *testing.T) {
	f := newComplaintFixture(t)
	ctx := context.Background()
	for i, subject := range []string{"窗口工作人员态度生硬", "办事大厅午休无人值守", "收取未公示的资料费", "窗口人员脱岗"} {
		c := &data.Complaint{ReceivedAt: apptest.FixedNow.Add(-time.Duration(i+1) * time.Hour), Channel: data.ChannelPhone,
			Complainant: data.Complainant{Name: "赵强"}, UnitID: f.unit.ID, Category: "脸难看", Subject: subject, Content: subject + "。"}
		if _, err := f.db.RegisterComplaint(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	f.s.ShowState(stateAll)
	if got := len(f.s.table.Visible()); got != 5 || f.s.status.Visible() {
		t.Fatalf("全部 lists %d, status %q", got, f.s.status.Text)
	}

	// The search box searches the ledger.
	f.w.Press(fyne.KeyF)
	test.Type(f.w.Window().Canvas().Focused(), "窗口")
	if got := subjects(f.s.table.Visible()); strings.Join(got, " ") != "窗口工作人员态度生硬 窗口人员脱岗" {
		t.Errorf("search 窗口: %v", got)
	}
	if f.s.status.Text != "搜索“窗口”：共2件" {
		t.Errorf("status %q", f.s.status.Text)
	}
	// Unit names are searched too, and the complainant's name, never shown.
	f.s.table.SetSearchText("赵强")
	if got := len(f.s.table.Visible()); got != 4 || f.s.status.Text != "搜索“赵强”：共4件" {
		t.Errorf("search 赵强: %d listed, status %q", got, f.s.status.Text)
	}
	// One character is not searched: every complaint is listed, and two
	// characters are asked for.
	f.s.table.SetSearchText("窗")
	if got := len(f.s.table.Visible()); got != 5 || !strings.HasPrefix(f.s.status.Text, "请至少输入两个字再搜索") {
		t.Errorf("search 窗: %d listed, status %q", got, f.s.status.Text)
	}
	apptest.TapButton(t, f.s.root, "清除条件")
	if f.s.query != "" || len(f.s.table.Visible()) != 5 {
		t.Errorf("after 清除条件: query %q, %d listed", f.s.query, len(f.s.table.Visible()))
	}
}

func TestComplaintMergedExtendedTransferred(t *testing.T) {
	f := newComplaintFixture(t)
	ctx := context.Background()
	second := &data.Complaint{ReceivedAt: apptest.FixedNow.Add(-time.Hour), Channel: data.Channel12345, SourceRef: "GD20261121001",
		Complainant: data.Complainant{Anonymous: true}, UnitID: f.unit.ID, Category: "慢作为",
		Subject: "宅基地审批超期两个月", Content: "12345转来：宅基地审批超期。"}
	if _, err := f.db.RegisterComplaint(ctx, second); err != nil {
		t.Fatal(err)
	}

	// 并单 offers the open complaint like it, or takes a number typed.
	f.s.OpenComplaint(second)
	d := f.step(t, "并单…")
	want := f.c.Number + "　" + data.DateOf(f.c.ReceivedAt).String() + "　宅基地审批超期未办（待受理）"
	if opts := apptest.Find[*widget.RadioGroup](t, d).Options; len(opts) != 1 || opts[0] != want {
		t.Errorf("并单 offers %q, want %q", opts, want)
	}
	number := apptest.EntryWith(t, d, "或输入主投诉编号，如：TS2026-0007")
	number.SetText("TS2026-0009")
	if !apptest.Shows(d, "台账中没有这个编号的投诉") {
		t.Errorf("unknown number: %v", apptest.Texts(d))
	}
	number.SetText(strings.ToLower(f.c.Number))
	apptest.TapButton(t, d, "保存")
	got, err := f.db.Complaint(ctx, second.ID)
	if err != nil || got.Status != data.StatusMerged || got.MergedIntoID != f.c.ID {
		t.Fatalf("after 并单: %+v, %v", got, err)
	}
	// The master opens from the merged complaint.
	apptest.TapButton(t, apptest.TopOverlay(t, f.w.Window()), f.c.Number)
	if view := apptest.TopOverlay(t, f.w.Window()); !apptest.Shows(view, "宅基地审批超期未办") || !apptest.Shows(view, "状态：待受理") {
		t.Fatalf("the master's view shows %v", apptest.Texts(view))
	}

	// 交办 the master, then 延期 with the new due date shown.
	d = f.step(t, "交办…")
	apptest.TapButton(t, d, "保存")
	apptest.TapButton(t, apptest.TopOverlay(t, f.w.Window()), "取消") // no 交办单 now
	c := f.complaint(t)
	cal, err := f.db.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d = f.step(t, "延期…")
	apptest.Walk(d, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.Text == "" && e.PlaceHolder == "" {
			e.SetText("10")
		}
	})
	later, _ := cal.AddWorkdays(c.DueDate, 10)
	if !apptest.Shows(d, "延期后的办理期限："+later.String()) {
		t.Errorf("延期 shows %v, want %s", apptest.Texts(d), later)
	}
	test.Type(apptest.EntryWith(t, d, "承办单位申请延期的理由"), "涉及多部门会审")
	test.Type(apptest.EntryWith(t, d, "批准延期的领导"), "李主任")
	apptest.TapButton(t, d, "保存")
	if c := f.complaint(t); !c.DueDate.Equal(later) || c.LimitDays != 25 {
		t.Errorf("after 延期: due %s, limit %d", c.DueDate, c.LimitDays)
	}

	// 转办 a complaint that is not the office's, and the 转办函 is offered.
	third := &data.Complaint{ReceivedAt: apptest.FixedNow.Add(-time.Hour), Channel: data.ChannelPhone, Complainant: data.Complainant{Name: "周杰"},
		UnitID: f.unit.ID, Category: "其他", Subject: "邻里土地纠纷", Content: "与邻居的土地纠纷。"}
	if _, err := f.db.RegisterComplaint(ctx, third); err != nil {
		t.Fatal(err)
	}
	apptest.TapButton(t, apptest.TopOverlay(t, f.w.Window()), "关闭")
	f.s.OpenComplaint(third)
	d = f.step(t, "转办…")
	test.Type(apptest.EntryWith(t, d, "如：县信访局"), "县信访局")
	apptest.TapButton(t, d, "保存")
	offer := apptest.TopOverlay(t, f.w.Window())
	if !apptest.Shows(offer, "已转办。现在制作转办函吗？") {
		t.Fatalf("after 转办 the window shows %v", apptest.Texts(offer))
	}
	apptest.TapButton(t, offer, "取消")
	if got, err := f.db.Complaint(ctx, third.ID); err != nil || got.Status != data.StatusTransferred || got.TransferTo != "县信访局" {
		t.Errorf("after 转办: %+v, %v", got, err)
	}
	if got := stepButtons(apptest.TopOverlay(t, f.w.Window())); got != "归档… 制作转办函…" {
		t.Errorf("已转办 offers %q", got)
	}
}
