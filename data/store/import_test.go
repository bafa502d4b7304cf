package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
)

func TestImportUnits(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	if err := db.CreateUnit(ctx, &data.Unit{Name: "县人力资源和社会保障局", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	list := func() []*data.Unit {
		return []*data.Unit{
			// a window listed before the department it belongs to
			{Name: "政务服务中心社保窗口", Category: data.UnitWindow, ParentName: "县市场监督管理局"},
			{Name: "县市场监督管理局", Category: data.UnitDepartment, Principal: "陈国华", Phone: "0591-2345678"},
			{Name: "县人力资源和社会保障局", Category: data.UnitDepartment}, // already there
			{Name: "城关镇人民政府", Category: data.UnitTownship, ShortName: "城关镇"},
			{Name: "政务服务中心人社窗口", Category: data.UnitWindow, ParentName: "县人力资源和社会保障局"},
		}
	}
	opt := ImportOptions{Rows: []int{3, 4, 5, 6, 7}, Mapping: ImportMapping{Signature: "units|单位名称|类别", Columns: map[string]string{"单位名称": "name", "类别": "category"}}}

	dry, err := db.ImportUnits(ctx, list(), ImportOptions{DryRun: true, Rows: opt.Rows})
	if err != nil || dry.Added != 4 || dry.Existing != 1 {
		t.Fatalf("dry run: %+v, %v", dry, err)
	}
	if n, _ := db.Units(ctx, data.UnitFilter{}); len(n) != 1 {
		t.Fatalf("dry run wrote %d units", len(n)-1)
	}

	res, err := db.ImportUnits(ctx, list(), opt)
	if err != nil || res.Added != 4 || res.Existing != 1 || len(res.Problems) != 0 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	want := []ImportOutcome{ImportAdded, ImportAdded, ImportExisting, ImportAdded, ImportAdded}
	if fmt.Sprint(res.Outcomes) != fmt.Sprint(want) {
		t.Errorf("outcomes %v, want %v", res.Outcomes, want)
	}
	units, err := db.Units(ctx, data.UnitFilter{Search: "窗口"})
	if err != nil || len(units) != 2 {
		t.Fatalf("windows: %d, %v", len(units), err)
	}
	for _, u := range units {
		wantParent := map[string]string{"政务服务中心社保窗口": "县市场监督管理局", "政务服务中心人社窗口": "县人力资源和社会保障局"}[u.Name]
		if u.ParentName != wantParent {
			t.Errorf("%s: parent %q, want %q", u.Name, u.ParentName, wantParent)
		}
	}
	s, err := db.Settings(ctx)
	if err != nil || s.ImportMappings["units|单位名称|类别"]["类别"] != "category" {
		t.Errorf("mapping not remembered: %v, %v", s.ImportMappings, err)
	}

	// The same list again adds nothing.
	again, err := db.ImportUnits(ctx, list(), opt)
	if err != nil || again.Added != 0 || again.Existing != 5 {
		t.Fatalf("again: %+v, %v", again, err)
	}
	all, err := db.Units(ctx, data.UnitFilter{})
	if err != nil || len(all) != 5 {
		t.Fatalf("%d units after importing twice, %v", len(all), err)
	}
}

func TestImportUnitsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	units := []*data.Unit{
		{Name: "县教育局", Category: data.UnitDepartment},
		{Name: "县教育局", Category: data.UnitDepartment},
		{Name: "某某窗口", Category: data.UnitWindow, ParentName: "县不存在局"},
		{Name: "县卫生健康局", Category: "卫生系统"},
		{Name: "甲", Category: data.UnitOther, ParentName: "乙"},
		{Name: "乙", Category: data.UnitOther, ParentName: "甲"},
		{Name: "县民政局", Category: data.UnitDepartment, Phone: "电话未知"},
	}
	res, err := db.ImportUnits(ctx, units, ImportOptions{Rows: []int{2, 3, 4, 5, 6, 7, 8}})
	var ve *data.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a validation error", err)
	}
	got := map[int]string{}
	for _, p := range res.Problems {
		got[p.Row] = p.Message
	}
	want := map[int]string{
		3: "单位名称“县教育局”与第2行重复",
		4: "上级单位“县不存在局”不在单位名录中，也不在本表中",
		5: "单位类别“卫生系统”不在可选范围内",
		6: "上级单位“乙”不能导入（见第7行），或上下级关系成环",
		7: "上级单位“甲”不能导入（见第6行），或上下级关系成环",
		8: "联系电话只能包含数字、空格和“-”",
	}
	for row, msg := range want {
		if got[row] != msg {
			t.Errorf("row %d: %q, want %q", row, got[row], msg)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems %v", got)
	}
	if all, _ := db.Units(ctx, data.UnitFilter{}); len(all) != 0 {
		t.Errorf("a refused import wrote %d units", len(all))
	}
}

// registeredByHand registers a complaint in the fixture's ledger, as the
// office did before importing.
func registeredByHand(t *testing.T, f *complaintFixture) *data.Complaint {
	t.Helper()
	c := &data.Complaint{ReceivedAt: tm("2026-10-09 09:30"), Channel: data.ChannelPhone, UnitID: f.unit,
		Complainant: data.Complainant{Name: "赵建国"}, Category: "事难办", Subject: "不动产登记多次往返", Content: "三次补充材料。"}
	if _, err := f.db.RegisterComplaint(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestImportComplaints(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	db := f.db
	manual := registeredByHand(t, f)
	list := func() []*data.Complaint {
		return []*data.Complaint{
			// closed, late: the day after its due date
			{Number: "2026-001", ReceivedAt: tm("2026-09-01 10:00"), Channel: data.ChannelPhone, UnitName: f.unitName,
				Complainant: data.Complainant{Name: "王芳", Phone: "13905918888"}, Category: "脸难看", Subject: "窗口工作人员态度生硬", Content: "态度生硬。",
				Status: data.StatusClosed, HandlerUnitName: f.h1Name, LimitDays: 5, ClosedAt: tm("2026-09-09 00:00"),
				Verification: data.VerifiedTrue, Satisfaction: data.FairlySatisfied},
			// being handled, assigned by default to the unit itself on receipt
			{Number: "2026-002", ReceivedAt: tm("2026-11-02 15:20"), Channel: data.Channel12345, UnitName: "县住房和城乡建设局",
				Complainant: data.Complainant{Anonymous: true}, Category: "不作为", Subject: "举报违建无人处理", Content: "举报违建无人处理。",
				Status: data.StatusHandling},
			// pending, without a 编号: found again by its time, unit and subject
			{ReceivedAt: tm("2026-11-20 00:00"), Channel: data.ChannelLetter, UnitName: f.h1Name,
				Complainant: data.Complainant{Name: "李强"}, Category: "慢作为", Subject: "审批超时", Content: "审批超时。"},
			// the complaint registered by hand, as an export of this ledger lists it
			{Number: manual.Number, ReceivedAt: tm("2026-10-09 09:30"), Channel: data.ChannelPhone, UnitName: f.unitName,
				Complainant: data.Complainant{Name: "赵建国"}, Category: "事难办", Subject: "不动产登记多次往返", Content: "三次补充材料。"},
			{Number: "2025-077", ReceivedAt: tm("2025-12-30 08:00"), Channel: data.ChannelVisit, UnitName: f.unitName,
				Complainant: data.Complainant{Name: "张伟"}, Category: "其他", Subject: "不予受理的来访", Content: "咨询政策。", Status: data.StatusRejected},
		}
	}
	opt := ImportOptions{Source: "投诉台账.xlsx", Rows: []int{2, 3, 4, 5, 6}}
	res, err := db.ImportComplaints(ctx, list(), opt)
	if err != nil || res.Added != 4 || res.Existing != 1 {
		t.Fatalf("import: %+v, %v", res, err)
	}

	got, err := db.Complaints(ctx, data.ComplaintFilter{})
	if err != nil || len(got) != 5 {
		t.Fatalf("%d complaints, %v", len(got), err)
	}
	byUnitSubject := map[string]*data.Complaint{}
	for _, c := range got {
		byUnitSubject[c.Subject] = c
	}
	closed := byUnitSubject["窗口工作人员态度生硬"]
	if closed.Number != "TS2026-0002" || closed.Status != data.StatusClosed || closed.HandlerUnitID != f.h1 ||
		closed.DueDate.String() != "2026-09-08" || closed.ClosedAt.IsZero() || closed.Satisfaction != data.FairlySatisfied ||
		closed.AcceptedAt != tm("2026-09-01 10:00") || !closed.FedBackAt.Equal(closed.ClosedAt) || closed.Complainant.Phone != "139****8888" {
		t.Errorf("closed complaint: %+v", closed)
	}
	if p, err := f.db.RevealComplainant(ctx, closed.ID); err != nil || p.Phone != "13905918888" {
		t.Errorf("imported identity %+v %v", p, err)
	}
	handling := byUnitSubject["举报违建无人处理"]
	if handling.HandlerUnitID != f.h2 || handling.LimitDays != 5 || handling.DueDate.String() != "2026-11-09" || !handling.Complainant.Anonymous {
		t.Errorf("complaint being handled: %+v", handling)
	}
	if r := byUnitSubject["不予受理的来访"]; r.Number != "TS2025-0001" || r.RejectReason != "原台账未注明理由" {
		t.Errorf("rejected: %+v", r)
	}
	// A midnight date on the day of receipt is not before receipt.
	events, err := db.ComplaintEvents(ctx, closed.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Kind)+":"+e.Result)
	}
	if strings.Join(kinds, " ") != "登记: 交办: 核实:属实 回访:基本满意" {
		t.Errorf("events %v", kinds)
	}
	if events[0].Note != "由Excel台账导入（投诉台账.xlsx第2行）" {
		t.Errorf("registration note %q", events[0].Note)
	}
	// The identity is audited masked, as when registered by hand; the
	// search key, given as the complaint is written, is not audited, as
	// when the trigger gives it.
	trail, err := db.AuditTrail(ctx, "complaints", closed.ID)
	if err != nil || len(trail) == 0 {
		t.Fatalf("audit trail %v, %v", trail, err)
	}
	for _, e := range trail {
		if strings.Contains(fmt.Sprint(e), "13905918888") || strings.Contains(fmt.Sprint(e), "王芳") {
			t.Errorf("audit row leaks the identity: %v", e)
		}
		if strings.Contains(fmt.Sprint(e), "search_key") {
			t.Errorf("audit row holds the search key: %v", e)
		}
	}
	// The figures of the 工作台 see the import as registered complaints.
	y, err := db.ComplaintYearFigures(ctx, 2026)
	if err != nil || y.Received != 4 || y.Accepted != 2 || y.Concluded != 1 || y.Surveyed != 1 || y.Satisfied != 1 {
		t.Errorf("year figures %+v, %v", y, err)
	}
	// The figures, the counts and the search indexes, brought up to date
	// once at the end of the import, are what the triggers would keep; and
	// the triggers are back for the next complaint.
	checkImportUpkeep := func() {
		t.Helper()
		checkStatCounts(t, db)
		checkMonthCounts(t, db)
		checkSearchKeys(t, db)
		for _, term := range []string{"违建", "态度生硬", "2026-001", "王芳", f.unitName, "登记"} {
			checkSearch(t, db, data.ComplaintFilter{Search: term})
		}
	}
	checkImportUpkeep()
	later := &data.Complaint{ReceivedAt: tm("2026-11-02 15:20"), Channel: data.ChannelVisit, UnitID: f.h1,
		Complainant: data.Complainant{Name: "孙丽"}, Category: "不作为", Subject: "违建整改无进展", Content: "登记后无人联系。"}
	if _, err := db.RegisterComplaint(ctx, later); err != nil {
		t.Fatal(err)
	}
	checkImportUpkeep()

	// Again: nothing added.
	again, err := db.ImportComplaints(ctx, list(), opt)
	if err != nil || again.Added != 0 || again.Existing != 5 {
		t.Fatalf("again: %+v, %v", again, err)
	}
	if n, err := db.CountComplaints(ctx, data.ComplaintFilter{}); err != nil || n != 6 {
		t.Errorf("%d complaints after importing twice, %v", n, err)
	}
	checkImportUpkeep()
}

func TestImportComplaintsProblems(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	db := f.db
	ok := func() *data.Complaint {
		return &data.Complaint{ReceivedAt: tm("2026-11-02 09:00"), Channel: data.ChannelPhone, UnitName: f.unitName,
			Complainant: data.Complainant{Name: "王芳"}, Category: "事难办", Subject: "办事难", Content: "办事难。"}
	}
	with := func(change func(c *data.Complaint)) *data.Complaint {
		c := ok()
		change(c)
		return c
	}
	list := []*data.Complaint{
		ok(),
		with(func(c *data.Complaint) { c.UnitName = "县不存在局" }),
		with(func(c *data.Complaint) { c.Status = data.StatusClosed; c.Subject = "已办结无日期" }),
		with(func(c *data.Complaint) { c.Status = data.StatusReplying; c.Subject = "待答复无核实结论" }),
		with(func(c *data.Complaint) { c.ReceivedAt = tm("2026-12-01 09:00") }),
		ok(), // the same complaint twice in the file
		with(func(c *data.Complaint) {
			c.Subject, c.Status, c.ClosedAt, c.Satisfaction = "不满意", data.StatusClosed, tm("2026-11-10 09:00"), data.Dissatisfied
		}),
		with(func(c *data.Complaint) {
			c.Subject, c.Status, c.ClosedAt = "办结早于收件", data.StatusClosed, tm("2026-11-01 09:00")
		}),
		with(func(c *data.Complaint) { c.Subject, c.Status, c.LimitDays = "时限过长", data.StatusHandling, 99 }),
		with(func(c *data.Complaint) { c.Subject, c.Status = "转办无机关", data.StatusTransferred }),
		with(func(c *data.Complaint) { c.Subject, c.Satisfaction = "未办结却有满意度", data.Satisfied }),
	}
	res, err := db.ImportComplaints(ctx, list, ImportOptions{})
	if err == nil {
		t.Fatal("an import with bad rows succeeded")
	}
	want := map[int]string{
		2:  "被投诉单位“县不存在局”不在单位名录中，请先导入或新建该单位",
		3:  "状态为“已办结”，请填写办结时间",
		4:  "状态为“待答复”，请填写核实结论",
		5:  "收件时间不能晚于当前时间",
		6:  "与第1行是同一件投诉（编号相同，或投诉人、被投诉单位、事由和收件时间都相同）",
		7:  "回访不满意的投诉应重新办理，不能是已办结状态",
		8:  "办结时间不能早于收件时间",
		9:  "办理时限应在1至30个工作日之间",
		10: "状态为“已转办”，请填写转办的机关",
		11: "状态为“待受理”，尚未办结，不应有核实结论或回访满意度",
	}
	got := map[int]string{}
	for _, p := range res.Problems {
		got[p.Row] = p.Message
	}
	for row, msg := range want {
		if got[row] != msg {
			t.Errorf("row %d: %q, want %q", row, got[row], msg)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems: %v", got)
	}
	if n, _ := db.CountComplaints(ctx, data.ComplaintFilter{}); n != 0 {
		t.Errorf("a refused import wrote %d complaints", n)
	}
	if s, _ := db.Settings(ctx); len(s.ImportMappings) != 0 {
		t.Errorf("a refused import remembered its mapping")
	}
	// The triggers the import set aside came back with the rollback.
	again := ok()
	again.UnitID = f.unit
	if _, err := db.RegisterComplaint(ctx, again); err != nil {
		t.Fatal(err)
	}
	checkStatCounts(t, db)
	checkMonthCounts(t, db)
	checkSearchKeys(t, db)
	checkSearch(t, db, data.ComplaintFilter{Search: "办事难"})
	// An import adding to figures the ledger already has, received in the
	// same second as a complaint there.
	more := ok()
	more.Subject = "办事难又一次"
	if res, err := db.ImportComplaints(ctx, []*data.Complaint{more}, ImportOptions{}); err != nil || res.Added != 1 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	checkStatCounts(t, db)
	checkMonthCounts(t, db)
	checkSearchKeys(t, db)
	checkSearch(t, db, data.ComplaintFilter{Search: "办事难"})
}

// Records are the same complaint only with the same 编号, or the same
// complainant, unit, 事由 and minute of receipt: two people reporting the
// same matter at the same minute are two complaints, imported both, and
// listed as possible 并单 with the ledger's open complaint like them.
func TestImportLookAlikesAreTwoComplaints(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	db := f.db
	registered := f.register(t, "2026-11-02 08:00", func(c *data.Complaint) { c.Subject = "12345热线无人接听" })
	row := func(name, subject string, status data.ComplaintStatus) *data.Complaint {
		return &data.Complaint{ReceivedAt: tm("2026-11-03 09:00"), Channel: data.ChannelPhone, UnitName: f.unitName,
			Complainant: data.Complainant{Name: name}, Category: "不作为", Subject: subject, Content: subject + "。", Status: status}
	}
	list := func() []*data.Complaint {
		closed := row("赵敏", "12345热线无人接听", data.StatusClosed) // closed: nothing to merge
		closed.ClosedAt = tm("2026-11-10 09:00")
		return []*data.Complaint{
			row("王芳", "12345热线无人接听", data.StatusPending),
			row("李强", "12345热线无人接听", data.StatusPending), // another complainant: another complaint
			row("张伟", "窗口排队太久", data.StatusPending),      // nothing like it
			closed,
		}
	}
	rows := list()
	opt := ImportOptions{Rows: []int{2, 3, 4, 5}}
	dry, err := db.ImportComplaints(ctx, rows, ImportOptions{DryRun: true, Rows: opt.Rows})
	if err != nil || dry.Added != 4 || len(dry.Problems) != 0 {
		t.Fatalf("dry run: %+v, %v", dry, err)
	}
	want := []ImportLookAlike{
		{Index: 0, Row: 2, Like: []string{registered.Number}},
		{Index: 1, Row: 3, Like: []string{registered.Number, "第2行"}},
	}
	if !reflect.DeepEqual(dry.LookAlikes, want) {
		t.Errorf("dry run's look-alikes %+v, want %+v", dry.LookAlikes, want)
	}
	// What the dry run found holds for the import until the ledger changes.
	holds := func() bool {
		t.Helper()
		var ok bool
		if err := db.write(ctx, data.PermComplaints, func(tx *tx) error {
			end, err := tx.chainEnd()
			ok = dry.Plan.holds(tx, end, len(rows)) != nil
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if dry.Plan == nil || !holds() {
		t.Fatalf("the dry run's plan %+v does not hold", dry.Plan)
	}
	rows = list()
	opt.Plan = dry.Plan
	res, err := db.ImportComplaints(ctx, rows, opt)
	if err != nil || res.Added != 4 || res.Plan != nil {
		t.Fatalf("import: %+v, %v", res, err)
	}
	want[0].Number, want[1].Number = rows[0].Number, rows[1].Number
	if !reflect.DeepEqual(res.LookAlikes, want) || rows[0].Number == "" {
		t.Errorf("look-alikes %+v, want %+v", res.LookAlikes, want)
	}
	if holds() {
		t.Error("the dry run's plan still holds after the import")
	}
	// Again, with the same plan, now stale: every record is found, by its
	// complainant.
	rows = list()
	again, err := db.ImportComplaints(ctx, rows, opt)
	if err != nil || again.Added != 0 || again.Existing != 4 || len(again.LookAlikes) != 0 {
		t.Errorf("again: %+v, %v", again, err)
	}
	// A complaint registered here is found by its complainant too, which
	// is sealed there.
	identity, err := db.RevealComplainant(ctx, registered.ID)
	if err != nil {
		t.Fatal(err)
	}
	same := row("张三丰", registered.Subject, data.StatusPending)
	same.ReceivedAt, same.Complainant = registered.ReceivedAt, identity
	other := row("张三丰", registered.Subject, data.StatusPending)
	other.ReceivedAt = registered.ReceivedAt
	if res, err := db.ImportComplaints(ctx, []*data.Complaint{other}, ImportOptions{DryRun: true}); err != nil || res.Added != 1 {
		t.Errorf("another complainant the same minute: %+v, %v", res, err)
	}
	if res, err := db.ImportComplaints(ctx, []*data.Complaint{same}, ImportOptions{}); err != nil || res.Existing != 1 {
		t.Errorf("the registered complaint from a file: %+v, %v", res, err)
	}
}

// TestImportArchivedUnhandledAndMerged: complaints archived without being
// handled (not accepted, transferred, merged) need no 办结 time; a
// duplicate is merged into its master, named by 编号 in the file (before or
// after it) or in the ledger, and counts in no figure.
func TestImportArchivedUnhandledAndMerged(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	db := f.db
	here := registeredByHand(t, f)
	row := func(number string, at string, subject string) *data.Complaint {
		return &data.Complaint{Number: number, ReceivedAt: tm(at), Channel: data.ChannelVisit, UnitName: f.unitName,
			Complainant: data.Complainant{Name: "张伟"}, Category: "其他", Subject: subject, Content: subject + "。"}
	}
	list := []*data.Complaint{
		row("A-1", "2026-09-01 09:00", "咨询政策"),
		row("A-2", "2026-09-02 09:00", "反映市场管理问题"),
		row("A-3", "2026-09-03 09:00", "再次反映窗口推诿"), // merged into A-4, which comes after it
		row("A-4", "2026-09-03 08:00", "窗口推诿"),
		row("A-5", "2026-10-10 10:00", "又一次反映不动产登记多次往返"), // merged into the ledger's complaint, archived
	}
	list[0].Status, list[0].RejectReason, list[0].ArchivedAt = data.StatusArchived, "属政策咨询，已当场解答", tm("2026-09-05 10:00")
	list[1].Status, list[1].TransferTo = data.StatusArchived, "县市场监督管理局"
	list[2].Status, list[2].MergedIntoNo = data.StatusMerged, "A-4"
	list[3].Status = data.StatusHandling
	list[4].Status, list[4].MergedIntoNo = data.StatusArchived, here.Number
	res, err := db.ImportComplaints(ctx, list, ImportOptions{})
	if err != nil || res.Added != 5 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	history := func(c *data.Complaint) string {
		t.Helper()
		events, err := db.ComplaintEvents(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range events {
			kinds = append(kinds, string(e.Kind))
		}
		return strings.Join(kinds, " ")
	}
	for _, tc := range []struct {
		c          *data.Complaint
		status     data.ComplaintStatus
		mergedInto string
		history    string
	}{
		{list[0], data.StatusArchived, "", "登记 不予受理 归档"},
		{list[1], data.StatusArchived, "", "登记 转办 归档"},
		{list[2], data.StatusMerged, list[3].ID, "登记 并单"},
		{list[3], data.StatusHandling, "", "登记 交办"},
		{list[4], data.StatusArchived, here.ID, "登记 并单 归档"},
	} {
		got, err := db.Complaint(ctx, tc.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != tc.status || got.MergedIntoID != tc.mergedInto || !got.ClosedAt.IsZero() || history(got) != tc.history {
			t.Errorf("%s: %s, merged into %q, history %q", tc.c.Subject, got.Status, got.MergedIntoID, history(got))
		}
	}
	if got, err := db.Complaint(ctx, list[0].ID); err != nil || !got.ArchivedAt.Equal(tm("2026-09-05 10:00")) || got.RejectReason != "属政策咨询，已当场解答" {
		t.Errorf("not accepted: %+v, %v", got, err)
	}
	checkStatCounts(t, db)
	checkMonthCounts(t, db)
	checkSearchKeys(t, db)
	// the duplicates are not counted: the ledger's complaint and four imported
	if y, err := db.ComplaintYearFigures(ctx, 2026); err != nil || y.Received != 4 {
		t.Errorf("year figures %+v, %v", y, err)
	}

	// A duplicate needs its master, which must not be a duplicate itself.
	bad := []*data.Complaint{
		row("B-1", "2026-11-01 09:00", "并入不存在的投诉"),
		row("B-2", "2026-11-01 10:00", "并入已并单的投诉"),
		row("B-3", "2026-11-01 11:00", "办理中却填写了并入"),
		row("B-4", "2026-11-01 12:00", "已并单未写并入哪件"),
		row("B-5", "2026-11-01 13:00", "归档未写办结时间"),
		row("B-6", "2026-11-01 14:00", "延期后时限超过30个工作日"), // fine: its due date is given
	}
	bad[5].Status, bad[5].LimitDays, bad[5].DueDate = data.StatusHandling, 45, day("2027-01-06")
	bad[0].Status, bad[0].MergedIntoNo = data.StatusMerged, "X-404"
	bad[1].Status, bad[1].MergedIntoNo = data.StatusMerged, "A-3"
	bad[2].Status, bad[2].MergedIntoNo = data.StatusHandling, "A-4"
	bad[3].Status = data.StatusMerged
	bad[4].Status = data.StatusArchived
	res, err = db.ImportComplaints(ctx, bad, ImportOptions{})
	if err == nil {
		t.Fatal("an import of bad duplicates succeeded")
	}
	want := map[int]string{
		1: "并入的投诉“X-404”不在台账中，也不在本表中",
		2: "并入的投诉“A-3”本身已并入其他投诉，请填写最终的主投诉",
		3: "状态为“办理中”，却填写了并入的投诉",
		4: "状态为“已并单”，请填写并入的投诉编号",
		5: "状态为“已归档”，请填写办结时间",
	}
	got := map[int]string{}
	for _, p := range res.Problems {
		got[p.Row] = p.Message
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems %v, want %v", got, want)
	}
}

// TestImportComplaintsInBatches imports more complaints than one statement
// writes: every complaint arrives with its history, the figures and the
// search indexes agree with the complaints, and a dry run foresees exactly
// what the import does. Two complaints of the file with their own numbers
// are two complaints, even received in the same minute about the same thing.
func TestImportComplaintsInBatches(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	db := f.db
	list := func() []*data.Complaint {
		var out []*data.Complaint
		start := tm("2026-03-02 09:00")
		for i := range 3*importBatchSize + 7 {
			c := &data.Complaint{Number: fmt.Sprintf("XT-%03d", i+1), ReceivedAt: start.Add(time.Duration(i) * 7 * time.Hour),
				Channel: data.Channels[i%len(data.Channels)], UnitName: f.unitName, Complainant: data.Complainant{Name: "王芳"},
				Category: data.Categories[i%len(data.Categories)], Subject: fmt.Sprintf("第%d件窗口推诿", i+1), Content: "窗口推诿。"}
			if i%3 == 0 {
				c.Status, c.ClosedAt, c.Satisfaction, c.Verification = data.StatusClosed, c.ReceivedAt.Add(72*time.Hour), data.Satisfied, data.VerifiedTrue
			}
			out = append(out, c)
		}
		// the same minute, unit and subject as the first complaint (written
		// with the first batch), its own number
		twin := *out[0]
		twin.Number = "XT-TWIN"
		return append(out, &twin)
	}
	dry, err := db.ImportComplaints(ctx, list(), ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.ImportComplaints(ctx, list(), ImportOptions{Source: "台账.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	want := 3*importBatchSize + 8
	if res.Added != want || res.Existing != 0 || dry.Added != res.Added || dry.Existing != res.Existing {
		t.Fatalf("import %d added, %d existing; the dry run foresaw %d and %d", res.Added, res.Existing, dry.Added, dry.Existing)
	}
	all, err := db.Complaints(ctx, data.ComplaintFilter{})
	if err != nil || len(all) != want {
		t.Fatalf("%d complaints, %v", len(all), err)
	}
	for _, c := range all {
		events, err := db.ComplaintEvents(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		kinds := make([]string, len(events))
		for i, e := range events {
			kinds[i] = string(e.Kind)
		}
		wantKinds := "登记"
		if c.Status == data.StatusClosed {
			wantKinds = "登记 交办 核实 回访"
		}
		if strings.Join(kinds, " ") != wantKinds || !strings.HasPrefix(events[0].Note, "由Excel台账导入（台账.xlsx第") {
			t.Errorf("%s (%s): history %v, %q", c.Number, c.Status, kinds, events[0].Note)
		}
	}
	checkStatCounts(t, db)
	checkMonthCounts(t, db)
	checkSearchKeys(t, db)
	checkSearch(t, db, data.ComplaintFilter{Search: "窗口推诿"})
	checkSearch(t, db, data.ComplaintFilter{Search: "第199件"})
	// The import wrote each search index as a segment left unmerged; the
	// indexes merge as before after it (bulkIndexing).
	if !db.dialect.postgres {
		for _, ix := range searchIndexes {
			var automerge, hashsize int64
			if err := db.reader.QueryRowContext(ctx, fmt.Sprintf(`SELECT (SELECT v FROM %[1]s_config WHERE k = 'automerge'),
				(SELECT v FROM %[1]s_config WHERE k = 'hashsize')`, ix)).Scan(&automerge, &hashsize); err != nil {
				t.Fatal(err)
			}
			if automerge != 4 || hashsize != 1<<20 {
				t.Errorf("%s after an import: automerge %d, hashsize %d; want FTS5's defaults, 4 and 1 MiB", ix, automerge, hashsize)
			}
		}
	}
}

// BenchmarkImportComplaints imports 10,000 complaints (target: under 3 s).
func BenchmarkImportComplaints(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		db := newTestDB(b)
		var names []string
		for i := range 50 {
			u := &data.Unit{Name: fmt.Sprintf("县第%d局", i+1), Category: data.UnitDepartment}
			if err := db.CreateUnit(ctx, u); err != nil {
				b.Fatal(err)
			}
			names = append(names, u.Name)
		}
		list := make([]*data.Complaint, 10_000)
		start := time.Date(2025, 1, 1, 9, 0, 0, 0, data.Zone)
		for i := range list {
			c := &data.Complaint{Number: fmt.Sprintf("XT-%05d", i+1), ReceivedAt: start.Add(time.Duration(i) * 97 * time.Minute),
				Channel: data.Channels[i%len(data.Channels)], UnitName: names[i%len(names)],
				Complainant: data.Complainant{Name: "王芳", Phone: "13905918888"}, Category: data.Categories[i%len(data.Categories)],
				Subject: "窗口办事多次往返", Content: "反映到窗口办理业务，往返三次仍未办结。"}
			// an old ledger: most complaints concluded
			if i%5 != 0 {
				c.Status, c.ClosedAt, c.Satisfaction, c.Verification = data.StatusClosed, c.ReceivedAt.Add(96*time.Hour), data.Satisfied, data.VerifiedPartly
			}
			list[i] = c
		}
		b.StartTimer()
		res, err := db.ImportComplaints(ctx, list, ImportOptions{Source: "bench.xlsx"})
		if err != nil || res.Added != len(list) {
			b.Fatalf("%+v, %v", res.Problems[:min(3, len(res.Problems))], err)
		}
	}
}
