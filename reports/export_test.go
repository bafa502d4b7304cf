package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// exportLedger is a small ledger with one record, at least, of every kind.
type exportLedger struct {
	db                            *store.DB
	dept, window, retired         *data.Unit
	inspector, leader             *data.Person
	late, onTime, anonymous, slow *data.Complaint
	round                         *data.Round
	visit                         *data.Visit
	finding                       *data.Finding
	doc                           *data.Document
	action                        *data.Action
}

// Dates are relative to the wall clock, because overdue is judged as of
// today.
func newExportLedger(t *testing.T) *exportLedger {
	t.Helper()
	ctx := context.Background()
	db := storetest.New(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	l := &exportLedger{db: db}
	l.dept = &data.Unit{Name: "县人力资源和社会保障局", ShortName: "县人社局", Category: data.UnitDepartment, Principal: "王局长"}
	must(db.CreateUnit(ctx, l.dept))
	l.window = &data.Unit{Name: "县政务服务中心社保窗口", Category: data.UnitWindow, ParentID: l.dept.ID, Phone: "0571-88886666",
		Disclosures: []data.Disclosure{{Item: "服务承诺制", Posted: true, CheckedOn: data.NewDate(2026, 10, 12)}}}
	must(db.CreateUnit(ctx, l.window))
	l.retired = &data.Unit{Name: "县劳动就业管理处", Category: data.UnitDepartment}
	must(db.CreateUnit(ctx, l.retired))
	must(db.RetireUnit(ctx, l.retired.ID, l.dept.ID))
	gone := &data.Unit{Name: "录错的单位", Category: data.UnitOther}
	must(db.CreateUnit(ctx, gone))
	must(db.DeleteUnit(ctx, gone.ID))

	l.inspector = &data.Person{Name: "张监察", Role: data.RoleInspector, Active: true}
	must(db.CreatePerson(ctx, l.inspector))
	l.leader = &data.Person{Name: "李主任", Role: data.RoleLeader, Active: true, CanSign: true}
	must(db.CreatePerson(ctx, l.leader))

	now := time.Now().In(data.Zone).Truncate(time.Minute)
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	register := func(c *data.Complaint) *data.Complaint {
		t.Helper()
		c.UnitID, c.Category = l.window.ID, "事难办"
		if c.Channel == "" {
			c.Channel = data.ChannelPhone
		}
		if c.Content == "" {
			c.Content = c.Subject + "，请效能办督促。"
		}
		_, err := db.RegisterComplaint(ctx, c)
		must(err)
		return c
	}
	step := func(c *data.Complaint, s data.Step) {
		t.Helper()
		got, _, err := db.ApplyStep(ctx, c.ID, s)
		must(err)
		*c = *got
	}
	// Still being handled well past its due date.
	l.late = register(&data.Complaint{ReceivedAt: ago(40), Channel: data.Channel12345, SourceRef: "12345-2026-0001",
		Complainant: data.Complainant{Name: "赵六"}, Subject: "社保转移办了一个月没结果", PersonName: "钱某", PersonPost: "窗口工作人员"})
	step(l.late, data.Step{Kind: data.EventAssign, At: ago(40).Add(time.Hour), HandlerUnitID: l.dept.ID, LimitDays: 5})
	// The whole way to 已办结, in time.
	l.onTime = register(&data.Complaint{ReceivedAt: ago(20), Subject: "窗口人员态度生硬",
		Complainant: data.Complainant{Name: "张三", Phone: "13800138000", IDNumber: "11010519491231002X", Address: "清溪镇河东路8号", Unit: "清溪镇中心小学"}})
	step(l.onTime, data.Step{Kind: data.EventAssign, At: ago(20).Add(time.Hour), HandlerUnitID: l.dept.ID, LimitDays: 15})
	step(l.onTime, data.Step{Kind: data.EventFeedback, At: ago(18), Note: "已约谈窗口负责人"})
	step(l.onTime, data.Step{Kind: data.EventVerify, At: ago(17), Result: string(data.VerifiedTrue)})
	step(l.onTime, data.Step{Kind: data.EventReply, At: ago(16), Method: "电话", Note: "已告知处理结果"})
	step(l.onTime, data.Step{Kind: data.EventFollowUp, At: ago(15), Method: "电话", Result: string(data.Satisfied)})
	// Waiting for acceptance, anonymous.
	l.anonymous = register(&data.Complaint{ReceivedAt: ago(1), Channel: data.ChannelOnline, Complainant: data.Complainant{Anonymous: true}, Subject: "上班时间玩手机"})
	// Fed back after its due date.
	l.slow = register(&data.Complaint{ReceivedAt: ago(60), Complainant: data.Complainant{Name: "孙七"}, Subject: "办证材料一次没说清"})
	step(l.slow, data.Step{Kind: data.EventAssign, At: ago(60).Add(time.Hour), HandlerUnitID: l.dept.ID, LimitDays: 3})
	step(l.slow, data.Step{Kind: data.EventFeedback, At: ago(30), Note: "已补充一次性告知单"})

	l.round = &data.Round{Title: "2026年第四季度明察暗访", Kind: data.RoundCovert, Start: data.DateOf(ago(10)), End: data.DateOf(ago(5)),
		LeaderID: l.leader.ID, MemberIDs: []string{l.inspector.ID}, UnitIDs: []string{l.window.ID}}
	must(db.CreateRound(ctx, l.round))
	l.visit = &data.Visit{RoundID: l.round.ID, UnitID: l.window.ID, VisitedAt: ago(8), Place: "3号窗口", Summary: "工作人员离岗",
		InspectorIDs: []string{l.inspector.ID}}
	l.finding = &data.Finding{Category: "脱岗/纪律作风", Description: "上班时间3号窗口无人", StaffName: "钱某", Disposition: data.DispositionNotice, RectLimitDays: 10}
	must(db.RecordVisit(ctx, l.visit, []*data.Finding{l.finding}, nil))

	l.doc = &data.Document{Kind: data.DocNotice, Title: "关于社保窗口离岗问题的监察通知书", RecipientUnitID: l.window.ID,
		Recipient: "县政务服务中心社保窗口", Body: "投诉人张三反映窗口人员离岗。\n特此通知", WithIdentity: true,
		RoundID: l.round.ID, VisitID: l.visit.ID, FindingIDs: []string{l.finding.ID}}
	must(db.CreateDocument(ctx, l.doc))
	signed, err := db.SignDocument(ctx, l.doc.ID, data.DateOf(ago(7)), "李主任")
	must(err)
	l.doc = signed

	l.action = &data.Action{TargetKind: data.TargetPerson, UnitID: l.window.ID, PersonName: "钱某", PersonPost: "窗口工作人员",
		Measure: "诫勉谈话", FindingID: l.finding.ID, Reason: "上班时间离岗", DecidedOn: data.DateOf(ago(3)), DecidedBy: "县效能办", DocNumber: "效告〔2026〕3号"}
	must(db.CreateAction(ctx, l.action))
	return l
}

// export runs ExportJSON and decodes the array by id.
func (l *exportLedger) export(t *testing.T, kind string, withIdentity bool) map[string]map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := ExportJSON(context.Background(), l.db, kind, &buf, withIdentity); err != nil {
		t.Fatalf("export %s: %v", kind, err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rows); err != nil {
		t.Fatalf("export %s is not a JSON array: %v\n%s", kind, err, buf.String())
	}
	byID := map[string]map[string]any{}
	for _, r := range rows {
		id, _ := r["id"].(string)
		if !uuidPattern.MatchString(id) {
			t.Fatalf("%s row without a UUID id: %v", kind, r)
		}
		byID[id] = r
	}
	return byID
}

var (
	uuidPattern  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	datePattern  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	identityKeys = []string{"complainant_name", "complainant_phone", "complainant_id_number", "complainant_address", "complainant_unit"}
)

// want checks row[key] against v; v nil means JSON null (the key present).
func want(t *testing.T, what string, row map[string]any, key string, v any) {
	t.Helper()
	got, ok := row[key]
	if !ok {
		t.Errorf("%s: key %q missing", what, key)
		return
	}
	if n, isInt := v.(int); isInt {
		v = float64(n)
	}
	if got != v {
		t.Errorf("%s: %s = %#v, want %#v", what, key, got, v)
	}
}

func wantTime(t *testing.T, what string, row map[string]any, key string, at time.Time) {
	t.Helper()
	s, _ := row[key].(string)
	got, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Errorf("%s: %s = %q is not RFC 3339", what, key, row[key])
		return
	}
	if !got.Equal(at.Truncate(time.Second)) {
		t.Errorf("%s: %s = %s, want %s", what, key, got, at)
	}
	if !strings.HasSuffix(s, "+08:00") {
		t.Errorf("%s: %s = %q is not in the office's zone", what, key, s)
	}
}

func TestExportComplaints(t *testing.T) {
	l := newExportLedger(t)
	rows := l.export(t, "complaints", false)
	if len(rows) != 4 {
		t.Fatalf("%d complaints exported, want 4", len(rows))
	}
	for id, row := range rows {
		for _, k := range identityKeys {
			if _, ok := row[k]; ok {
				t.Errorf("complaint %s: %s exported without -with-identity", id, k)
			}
		}
		for _, k := range []string{"number", "received_at", "channel", "unit", "category", "status", "handler_unit",
			"assigned_at", "due_date", "closed_at", "overdue", "satisfaction", "subject", "content", "person_name", "verification", "round"} {
			if _, ok := row[k]; !ok {
				t.Errorf("complaint %s: key %s missing", id, k)
			}
		}
		if s, ok := row["due_date"].(string); ok && !datePattern.MatchString(s) {
			t.Errorf("due_date %q is not YYYY-MM-DD", s)
		}
	}
	if strings.Contains(mustJSON(t, rows), "张三") {
		t.Error("the complainant's name appears in an export without -with-identity")
	}

	late := rows[l.late.ID]
	want(t, "late", late, "number", l.late.Number)
	want(t, "late", late, "channel", "12345转办")
	want(t, "late", late, "source_ref", "12345-2026-0001")
	want(t, "late", late, "unit", "县政务服务中心社保窗口")
	want(t, "late", late, "unit_id", l.window.ID)
	want(t, "late", late, "handler_unit", "县人力资源和社会保障局")
	want(t, "late", late, "category", "事难办")
	want(t, "late", late, "status", "办理中")
	want(t, "late", late, "person_name", "钱某")
	want(t, "late", late, "due_date", l.late.DueDate.String())
	want(t, "late", late, "limit_days", 5)
	want(t, "late", late, "overdue", true)
	want(t, "late", late, "closed_at", nil)
	want(t, "late", late, "satisfaction", nil)
	want(t, "late", late, "anonymous", false)
	wantTime(t, "late", late, "received_at", l.late.ReceivedAt)
	wantTime(t, "late", late, "assigned_at", l.late.AssignedAt)

	done := rows[l.onTime.ID]
	want(t, "onTime", done, "status", "已办结")
	want(t, "onTime", done, "overdue", false)
	want(t, "onTime", done, "satisfaction", "满意")
	want(t, "onTime", done, "verification", "属实")
	want(t, "onTime", done, "round", 1)
	wantTime(t, "onTime", done, "closed_at", l.onTime.ClosedAt)

	pending := rows[l.anonymous.ID]
	want(t, "anonymous", pending, "status", "待受理")
	want(t, "anonymous", pending, "anonymous", true)
	want(t, "anonymous", pending, "due_date", nil)
	want(t, "anonymous", pending, "handler_unit", nil)
	want(t, "anonymous", pending, "assigned_at", nil)
	want(t, "anonymous", pending, "overdue", false)

	slow := rows[l.slow.ID]
	want(t, "slow", slow, "status", "待核实")
	want(t, "slow", slow, "overdue", true)

	withID := l.export(t, "complaints", true)
	named := withID[l.onTime.ID]
	want(t, "with identity", named, "complainant_name", "张三")
	want(t, "with identity", named, "complainant_phone", "13800138000")
	want(t, "with identity", named, "complainant_id_number", "11010519491231002X")
	want(t, "with identity", named, "complainant_address", "清溪镇河东路8号")
	want(t, "with identity", named, "complainant_unit", "清溪镇中心小学")
	for _, k := range identityKeys {
		want(t, "anonymous with identity", withID[l.anonymous.ID], k, nil)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExportUnits(t *testing.T) {
	l := newExportLedger(t)
	rows := l.export(t, "units", false)
	if len(rows) != 3 {
		t.Fatalf("%d units exported, want 3 (the deleted one left out)", len(rows))
	}
	dept := rows[l.dept.ID]
	want(t, "dept", dept, "name", "县人力资源和社会保障局")
	want(t, "dept", dept, "short_name", "县人社局")
	want(t, "dept", dept, "category", "县直部门")
	want(t, "dept", dept, "parent", nil)
	want(t, "dept", dept, "status", "在用")
	want(t, "dept", dept, "principal", "王局长")
	want(t, "dept", dept, "updated_by", "测试员")
	want(t, "dept", dept, "device", "test-pc")

	window := rows[l.window.ID]
	want(t, "window", window, "parent", "县人力资源和社会保障局")
	want(t, "window", window, "parent_id", l.dept.ID)
	want(t, "window", window, "phone", "0571-88886666")
	ds, _ := window["disclosures"].([]any)
	if len(ds) != len(data.DisclosureItems) {
		t.Fatalf("window has %d disclosure items, want %d", len(ds), len(data.DisclosureItems))
	}
	posted := 0
	for _, d := range ds {
		d := d.(map[string]any)
		if d["posted"] == true {
			posted++
			want(t, "disclosure", d, "item", "服务承诺制")
			want(t, "disclosure", d, "checked_on", "2026-10-12")
		}
	}
	if posted != 1 {
		t.Errorf("%d items posted, want 1", posted)
	}

	retired := rows[l.retired.ID]
	want(t, "retired", retired, "status", "已撤并")
	want(t, "retired", retired, "merged_into", "县人力资源和社会保障局")
}

func TestExportSupervision(t *testing.T) {
	l := newExportLedger(t)

	round := l.export(t, "rounds", false)[l.round.ID]
	want(t, "round", round, "title", "2026年第四季度明察暗访")
	want(t, "round", round, "kind", "暗访")
	want(t, "round", round, "start", l.round.Start.String())
	want(t, "round", round, "leader", "李主任")
	if got := mustJSON(t, round["members"]); got != `["张监察"]` {
		t.Errorf("members = %s", got)
	}
	if got := mustJSON(t, round["units"]); got != `["县政务服务中心社保窗口"]` {
		t.Errorf("units = %s", got)
	}

	visit := l.export(t, "visits", false)[l.visit.ID]
	want(t, "visit", visit, "round", "2026年第四季度明察暗访")
	want(t, "visit", visit, "unit", "县政务服务中心社保窗口")
	want(t, "visit", visit, "place", "3号窗口")
	want(t, "visit", visit, "finding_count", 1)
	want(t, "visit", visit, "result", "发现问题")
	want(t, "visit", visit, "phone_number", nil)
	wantTime(t, "visit", visit, "visited_at", l.visit.VisitedAt)
	if got := mustJSON(t, visit["inspectors"]); got != `["张监察"]` {
		t.Errorf("inspectors = %s", got)
	}

	finding := l.export(t, "findings", false)[l.finding.ID]
	want(t, "finding", finding, "visit_id", l.visit.ID)
	want(t, "finding", finding, "round_id", l.round.ID)
	want(t, "finding", finding, "unit", "县政务服务中心社保窗口")
	want(t, "finding", finding, "category", "脱岗/纪律作风")
	want(t, "finding", finding, "disposition", "下发监察通知书")
	want(t, "finding", finding, "rect_status", "整改中")
	want(t, "finding", finding, "rect_limit_days", 10)
	want(t, "finding", finding, "rect_due", l.finding.RectDue.String())
	want(t, "finding", finding, "found_on", data.DateOf(l.visit.VisitedAt).String())
	want(t, "finding", finding, "closed_on", nil)
}

func TestExportDocumentsAndActions(t *testing.T) {
	l := newExportLedger(t)

	doc := l.export(t, "documents", false)[l.doc.ID]
	want(t, "document", doc, "kind", "监察通知书")
	want(t, "document", doc, "status", "已签发")
	want(t, "document", doc, "number", l.doc.Number)
	want(t, "document", doc, "signed_on", l.doc.SignedOn.String())
	want(t, "document", doc, "with_identity", true)
	// The text names the complainant, so it stays out without -with-identity.
	want(t, "document", doc, "body", nil)
	if got := mustJSON(t, doc["finding_ids"]); got != `["`+l.finding.ID+`"]` {
		t.Errorf("finding_ids = %s", got)
	}
	withID := l.export(t, "documents", true)[l.doc.ID]
	want(t, "document with identity", withID, "body", l.doc.Body)

	action := l.export(t, "actions", false)[l.action.ID]
	want(t, "action", action, "target_kind", "个人")
	want(t, "action", action, "unit", "县政务服务中心社保窗口")
	want(t, "action", action, "person_name", "钱某")
	want(t, "action", action, "measure", "诫勉谈话")
	want(t, "action", action, "finding_id", l.finding.ID)
	want(t, "action", action, "complaint_id", nil)
	want(t, "action", action, "decided_on", l.action.DecidedOn.String())
	want(t, "action", action, "doc_number", "效告〔2026〕3号")
}

func TestExportEmptyLedgerAndUnknownKind(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	for _, kind := range ExportKinds {
		if kind == store.AuditExport {
			continue // never empty: the sign-in and the export itself are in it
		}
		var buf bytes.Buffer
		if err := ExportJSON(ctx, db, kind, &buf, false); err != nil {
			t.Fatalf("export %s: %v", kind, err)
		}
		if got := strings.TrimSpace(buf.String()); got != "[]" {
			t.Errorf("export %s of an empty ledger = %q, want []", kind, got)
		}
	}
	var buf bytes.Buffer
	err := ExportJSON(ctx, db, "people", &buf, false)
	var ve *data.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Message, "people") || !strings.Contains(ve.Message, "complaints") {
		t.Errorf("unknown kind: err = %v, want a ValidationError naming it and the kinds", err)
	}
	if buf.Len() != 0 {
		t.Errorf("unknown kind wrote %q", buf.String())
	}
}

// The audit log exports (to managers and leaders), oldest first, with the
// export's own row last and the complainant only masked; as a worksheet
// too. A 督查员 is refused it, and identities, before anything is written.
func TestExportAudit(t *testing.T) {
	ctx := context.Background()
	l := newExportLedger(t)
	c := &data.Complaint{ReceivedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, data.Zone), Channel: data.ChannelPhone, UnitID: l.window.ID,
		Complainant: data.Complainant{Name: "欧阳明珠", Phone: "13998765432"}, Category: "事难办", Subject: "多次往返", Content: "三次未办成。"}
	if _, err := l.db.RegisterComplaint(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := l.db.RevealComplainant(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ExportJSON(ctx, l.db, store.AuditExport, &buf, false); err != nil {
		t.Fatal(err)
	}
	if b := buf.Bytes(); bytes.Contains(b, []byte("欧阳明珠")) || bytes.Contains(b, []byte("13998765432")) {
		t.Error("the audit export holds the complainant in plain text")
	}
	var rows []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	var revealed, registered bool
	for i, r := range rows {
		if i > 0 && r["id"].(float64) <= rows[i-1]["id"].(float64) {
			t.Fatalf("rows not oldest first: %v after %v", r["id"], rows[i-1]["id"])
		}
		if r["record_id"] == c.ID {
			switch r["action"] {
			case "查看身份":
				revealed = r["kind"] == "查看身份" && r["actor"] == storetest.Login && r["actor_name"] == storetest.Name
			case "新增":
				after, _ := r["after"].(map[string]any)
				changes, _ := r["changes"].(string)
				registered = after["complainant_name_mask"] == data.MaskName("欧阳明珠") &&
					strings.Contains(changes, "投诉人："+data.MaskName("欧阳明珠")) && r["record"] == c.Number
			}
		}
	}
	last := rows[len(rows)-1]
	if after, _ := last["after"].(map[string]any); last["action"] != "导出" || after["export"] != "audit" {
		t.Errorf("last row %v, want the export's own", last)
	}
	if !revealed || !registered {
		t.Errorf("the complaint's rows: revealed %v, registered masked %v", revealed, registered)
	}

	buf.Reset()
	if err := ExportXLSX(ctx, l.db, store.AuditExport, &buf, false); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet, err := f.GetRows("审计日志")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(sheet[0], ","); got != "序号,时间,登录名,姓名,设备,类别,操作,对象,记录,内容,记录编号" {
		t.Errorf("header %s", got)
	}
	var shown bool
	for _, r := range sheet[1:] {
		if len(r) == 11 && r[6] == "新增" && r[10] == c.ID {
			// by label, the complaint by its number, the complainant masked
			shown = strings.Contains(r[9], "投诉人："+data.MaskName("欧阳明珠")) && r[8] == c.Number && r[7] == "投诉件"
		}
	}
	if !shown || len(sheet) != len(rows)+2 { // its own export row is one more
		t.Errorf("worksheet of %d rows for %d exported, the complaint's registration shown: %v", len(sheet), len(rows), shown)
	}

	storetest.AddUser(t, l.db, "ducha", "督查甲", data.InspectorRole)
	storetest.SignInAs(t, l.db, "ducha")
	before, err := l.db.AuditChainHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		kind     string
		identity bool
		who      string
	}{{store.AuditExport, false, "只有管理员、领导可以查看审计日志"}, {"complaints", true, "只有受理员、领导可以查看、打印或导出投诉人身份"}} {
		buf.Reset()
		err := ExportJSON(ctx, l.db, tc.kind, &buf, tc.identity)
		var pe *data.PermissionError
		if !errors.As(err, &pe) || !strings.HasPrefix(data.UserMessage(err), tc.who) || buf.Len() != 0 {
			t.Errorf("a 督查员 exports %s: %v, %d bytes", tc.kind, err, buf.Len())
		}
	}
	if after, err := l.db.AuditChainHead(ctx); err != nil || after != before {
		t.Errorf("refused exports wrote to the audit log: %v → %v (%v)", before, after, err)
	}
}
