package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
)

// testCipher is the real cipher at a cost tests can afford.
var testCipher = exchange.Passphrase{Secret: "外勤口令2026", WorkFactor: 10}

// fieldPair is an office ledger with a round taken out to a laptop, and
// the field ledger made from its package.
type fieldPair struct {
	office, field *DB
	dir           string
	round         *data.Round
	unit, other   *data.Unit
	visit         *data.Visit
	finding       *data.Finding
	n             int
}

func (fp *fieldPair) pkg() string {
	fp.n++
	return filepath.Join(fp.dir, "包"+strings.Repeat("I", fp.n)+".xnpkg")
}

// createTestField makes a field ledger at path from the office package
// pkg on device, and signs in as 测试员 (ceshi), whose account (a 督查员's
// among every role) the package carried with the office password.
func createTestField(t testing.TB, path, pkg, device string) (*DB, *data.FieldPreview, error) {
	t.Helper()
	opt := testOptions
	opt.Device = device
	db, pv, err := CreateFieldLedger(context.Background(), path, pkg, testCipher, opt)
	if err != nil {
		return nil, nil, err
	}
	signInAs(t, db, "ceshi")
	return db, pv, nil
}

func newFieldPair(t *testing.T) *fieldPair {
	t.Helper()
	ctx := context.Background()
	fp := &fieldPair{office: newTestDB(t), dir: t.TempDir()}
	fp.unit = svUnit(t, fp.office, "县市场监督管理局", data.UnitDepartment)
	fp.other = svUnit(t, fp.office, "县交通运输局", data.UnitDepartment)
	fp.round = svRound(t, fp.office, "2026年第四季度明察暗访", svDay(2026, 10, 1), fp.unit)
	fp.finding = svFinding(data.Category("脱岗/纪律作风"), data.DispositionOnSite, 0)
	fp.visit = svVisit(t, fp.office, fp.round, fp.unit, svAt(2026, 11, 2, 10), fp.finding)
	out := fp.pkg()
	m, err := fp.office.WritePackageForLaptop(ctx, FieldOut{Rounds: []string{fp.round.ID}, Laptop: "外勤笔记本-1", Path: out, Cipher: testCipher})
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != exchange.KindOut || !m.Full || m.Seq != 1 {
		t.Fatalf("first package %s, full %v", m.Describe(), m.Full)
	}
	field, pv, err := createTestField(t, filepath.Join(fp.dir, "外勤台账.db"), out, "laptop-1")
	if err != nil {
		t.Fatal(err)
	}
	field.SetClock(func() time.Time { return fixedNow })
	t.Cleanup(func() { field.Close() })
	fp.field = field
	if len(pv.Added) == 0 || len(pv.Conflicts) != 0 {
		t.Fatalf("the field ledger was made with %d records, %d conflicts", len(pv.Added), len(pv.Conflicts))
	}
	return fp
}

func TestFieldRoundTrip(t *testing.T) {
	ctx := context.Background()
	fp := newFieldPair(t)
	fc, ok, err := fp.field.FieldLedger(ctx)
	if err != nil || !ok || fc.Laptop != "外勤笔记本-1" || len(fc.Rounds) != 1 {
		t.Fatalf("field ledger %+v (%v)", fc, err)
	}
	// The round's unit went out, the other did not.
	if _, err := fp.field.Unit(ctx, fp.unit.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := fp.field.Unit(ctx, fp.other.ID); err == nil {
		t.Error("a unit outside the round went out")
	}
	v, err := fp.field.Visit(ctx, fp.visit.ID)
	if err != nil {
		t.Fatal(err)
	}
	// In the field: the visit's summary edited, a new visit with a photo.
	v.Summary = "窗口秩序良好，复查已整改"
	if err := fp.field.UpdateVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	v2 := &data.Visit{RoundID: fp.round.ID, UnitID: fp.unit.ID, VisitedAt: svAt(2026, 11, 20, 9), Summary: "暗访窗口"}
	photo := &data.Attachment{Name: "窗口.png", Data: pngBytes(1000, 3)}
	if err := fp.field.RecordVisit(ctx, v2, nil, []*data.Attachment{photo}); err != nil {
		t.Fatal(err)
	}
	back := fp.pkg()
	m, err := fp.field.WriteReturnPackage(ctx, back, testCipher)
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != exchange.KindBack || m.Counts.Records["visits"] != 2 || m.Counts.Files != 1 {
		t.Errorf("return package %s holds %+v", m.Describe(), m.Counts)
	}
	pv, err := fp.office.PreviewPackage(ctx, back, testCipher)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Added) != 2 || len(pv.Changed) != 1 || len(pv.Conflicts) != 0 {
		t.Errorf("preview: added %v, changed %v, conflicts %v", pv.Added, pv.Changed, pv.Conflicts)
	}
	if got, _ := fp.office.Visit(ctx, fp.visit.ID); got.Summary == v.Summary {
		t.Error("the preview wrote")
	}
	// A file is copied aside before the import writes (the server's
	// ledger is backed up on the server: backupBefore).
	onFile := !fp.office.dialect.postgres
	if list, err := AutoBackups(fp.office.Path()); onFile && (err != nil || len(list) != 0) {
		t.Fatalf("backups before the import: %v (%v)", list, err)
	}
	if _, err := fp.office.ImportPackage(ctx, back, testCipher); err != nil {
		t.Fatal(err)
	}
	if onFile {
		list, err := AutoBackups(fp.office.Path())
		if err != nil || len(list) != 1 || list[0].Kind != BackupBeforeFieldImport {
			t.Fatalf("backups after the import: %v (%v)", list, err)
		}
		old, err := Open(ctx, list[0].Path, testOptions)
		if err != nil {
			t.Fatal(err)
		}
		signInAs(t, old, "ceshi")
		if ov, err := old.Visit(ctx, fp.visit.ID); err != nil || ov.Summary == v.Summary {
			t.Errorf("the backup holds the visit as %+v (%v)", ov, err)
		}
		if err := old.Close(); err != nil {
			t.Fatal(err)
		}
	}
	outs, err := fp.office.FieldCheckouts(ctx)
	if err != nil || len(outs) != 1 || outs[0].LastPackage != "导入交回包" || !outs[0].LastExchange.Equal(fixedNow) {
		t.Fatalf("checkouts %+v (%v)", outs, err)
	}
	got, err := fp.office.Visit(ctx, fp.visit.ID)
	if err != nil || got.Summary != v.Summary {
		t.Fatalf("office visit summary %q (%v)", got.Summary, err)
	}
	photos, err := fp.office.Attachments(ctx, data.OwnerVisit, v2.ID)
	if err != nil || len(photos) != 1 {
		t.Fatalf("photos %v (%v)", photos, err)
	}
	if b, err := fp.office.AttachmentData(ctx, photos[0].ID); err != nil || len(b) != len(photo.Data) {
		t.Fatalf("photo bytes %d (%v)", len(b), err)
	}
	// Twice: nothing, and it says so.
	pv, err = fp.office.ImportPackage(ctx, back, testCipher)
	if err != nil || !pv.Imported {
		t.Fatalf("second import: %+v (%v)", pv, err)
	}
	if list, err := AutoBackups(fp.office.Path()); onFile && (err != nil || len(list) != 1) {
		t.Errorf("a package imported before was backed up for: %v (%v)", list, err)
	}
	// Back to the field: the field has everything already.
	more := fp.pkg()
	m, err = fp.office.WritePackageForLaptop(ctx, FieldOut{Rounds: []string{fp.round.ID}, Laptop: "外勤笔记本-1", Path: more, Cipher: testCipher})
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != exchange.KindMore || m.Full {
		t.Errorf("refresh %s full %v", m.Describe(), m.Full)
	}
	pv, err = fp.field.ImportPackage(ctx, more, testCipher)
	if err != nil {
		t.Fatal(err)
	}
	if !pv.Nothing() {
		t.Errorf("the refresh changed %+v", pv)
	}
}

func TestFieldConflictDecided(t *testing.T) {
	ctx := context.Background()
	fp := newFieldPair(t)
	// The same finding's description changed on both sides.
	of, err := fp.office.Finding(ctx, fp.finding.ID)
	if err != nil {
		t.Fatal(err)
	}
	of.Description = "办公室改的描述"
	if err := fp.office.UpdateFinding(ctx, of); err != nil {
		t.Fatal(err)
	}
	ff, err := fp.field.Finding(ctx, fp.finding.ID)
	if err != nil {
		t.Fatal(err)
	}
	ff.Description = "外勤改的描述"
	ff.StaffName = "王某"
	if err := fp.field.UpdateFinding(ctx, ff); err != nil {
		t.Fatal(err)
	}
	back := fp.pkg()
	if _, err := fp.field.WriteReturnPackage(ctx, back, testCipher); err != nil {
		t.Fatal(err)
	}
	pv, err := fp.office.ImportPackage(ctx, back, testCipher)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Conflicts) != 1 || pv.Conflicts[0].Field != "description" {
		t.Fatalf("conflicts %+v", pv.Conflicts)
	}
	got, _ := fp.office.Finding(ctx, fp.finding.ID)
	if got.Description != "办公室改的描述" || got.StaffName != "王某" {
		t.Errorf("office finding: %q, staff %q", got.Description, got.StaffName)
	}
	held, err := fp.office.Conflicts(ctx)
	if err != nil || len(held) != 1 {
		t.Fatalf("held %+v (%v)", held, err)
	}
	if held[0].Local != "办公室改的描述" || held[0].Incoming != "外勤改的描述" || held[0].FieldLabel != "问题描述" && held[0].FieldLabel != "说明" {
		t.Errorf("held %+v", held[0])
	}
	if err := fp.office.DecideConflict(ctx, held[0].ID, data.TakeIncoming, ""); err != nil {
		t.Fatal(err)
	}
	got, _ = fp.office.Finding(ctx, fp.finding.ID)
	if got.Description != "外勤改的描述" {
		t.Errorf("decided: %q", got.Description)
	}
	if held, _ := fp.office.Conflicts(ctx); len(held) != 0 {
		t.Errorf("still held: %+v", held)
	}
	// The decision goes out and settles without a conflict on the laptop.
	more := fp.pkg()
	if _, err := fp.office.WritePackageForLaptop(ctx, FieldOut{Rounds: []string{fp.round.ID}, Laptop: "外勤笔记本-1", Path: more, Cipher: testCipher}); err != nil {
		t.Fatal(err)
	}
	pv, err = fp.field.ImportPackage(ctx, more, testCipher)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Conflicts) != 0 {
		t.Errorf("the decision conflicted again: %+v", pv.Conflicts)
	}
	// Both values stay in the record's history.
	trail, err := fp.office.AuditTrail(ctx, "findings", fp.finding.ID)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, e := range trail {
		if d, ok := e.After["description"].(string); ok {
			seen = append(seen, d)
		}
	}
	if j := strings.Join(seen, "|"); !strings.Contains(j, "办公室改的描述") || !strings.Contains(j, "外勤改的描述") {
		t.Errorf("history has %v", seen)
	}
}

// A field ledger refuses what is the office's alone: its numbers, its
// settings and its calendar. Its users hold only the roles of field work
// (测试员 holds every role in the office), so most of it is refused for
// their roles already; registering a 督办事项, which a 督查员 may do, is
// refused as the office's. A draft made in the field is signed, and
// numbered, when it comes home.
func TestFieldLedgerOfficeOnly(t *testing.T) {
	ctx := context.Background()
	fp := newFieldPair(t)
	c := &data.Complaint{ReceivedAt: svAt(2026, 11, 20, 9), Channel: data.ChannelPhone, UnitID: fp.unit.ID,
		Category: "乱检查", Subject: "反复检查", Content: "一个月检查三次。"}
	c.Complainant.Anonymous = true
	officeOnly := func(err error, what string) {
		t.Helper()
		var se *data.StateError
		if !errors.As(err, &se) || !strings.Contains(se.Reason, "这是外勤台账，不能"+what) {
			t.Errorf("%s: %v", what, err)
		}
	}
	refused := func(err error, p data.Permission) {
		t.Helper()
		var pe *data.PermissionError
		if !errors.As(err, &pe) || pe.Permission != p {
			t.Errorf("%s: %v", p, err)
		}
	}
	_, err := fp.field.RegisterComplaint(ctx, c)
	refused(err, data.PermComplaints)
	refused(fp.field.SaveSettings(ctx, data.DefaultSettings()), data.PermSettings)
	task := &data.Task{Source: data.SourceStandingCommittee, Title: "窗口服务提升", Content: "推进窗口服务提升。",
		LeadUnitID: fp.unit.ID, Due: svDay(2026, 12, 31), Handler: "李明", RegisteredOn: svDay(2026, 11, 21)}
	officeOnly(fp.field.CreateTask(ctx, task), "登记督办事项")
	d := &data.Document{Kind: data.DocNotice, Title: "监察通知书", RecipientUnitID: fp.unit.ID, Recipient: "县市场监督管理局",
		Body: "经查，……", RoundID: fp.round.ID}
	if err := fp.field.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	_, err = fp.field.SignDocument(ctx, d.ID, svDay(2026, 11, 21), "主任")
	refused(err, data.PermSign)
	back := fp.pkg()
	if _, err := fp.field.WriteReturnPackage(ctx, back, testCipher); err != nil {
		t.Fatal(err)
	}
	if _, err := fp.office.ImportPackage(ctx, back, testCipher); err != nil {
		t.Fatal(err)
	}
	signed, err := fp.office.SignDocument(ctx, d.ID, svDay(2026, 11, 21), "主任")
	if err != nil {
		t.Fatal(err)
	}
	if signed.Number == "" {
		t.Error("the draft from the field got no number in the office")
	}
}

// TestFieldImportMakesOpenFormsStale: a record the laptop's package
// changes in the office ledger gets a new version, so a desktop whose form
// read it before the import is told, not silently saved over it.
func TestFieldImportMakesOpenFormsStale(t *testing.T) {
	ctx := context.Background()
	fp := newFieldPair(t)
	open, err := fp.office.Visit(ctx, fp.visit.ID) // a desktop's form
	if err != nil {
		t.Fatal(err)
	}
	v, err := fp.field.Visit(ctx, fp.visit.ID)
	if err != nil {
		t.Fatal(err)
	}
	v.Summary = "外勤复查：已整改"
	if err := fp.field.UpdateVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	back := fp.pkg()
	if _, err := fp.field.WriteReturnPackage(ctx, back, testCipher); err != nil {
		t.Fatal(err)
	}
	if _, err := fp.office.ImportPackage(ctx, back, testCipher); err != nil {
		t.Fatal(err)
	}
	got, err := fp.office.Visit(ctx, fp.visit.ID)
	if err != nil || got.Version != open.Version+1 {
		t.Fatalf("after the import the visit is at version %d (%v), want %d", got.Version, err, open.Version+1)
	}
	open.Summary = "办公室的修改"
	var stale *data.StaleError
	if err := fp.office.UpdateVisit(ctx, open); !errors.As(err, &stale) {
		t.Fatalf("a save based on the version before the import: %v, want StaleError", err)
	}
	if got, _ := fp.office.Visit(ctx, fp.visit.ID); got.Summary != "外勤复查：已整改" {
		t.Errorf("the refused save left %q", got.Summary)
	}
}
