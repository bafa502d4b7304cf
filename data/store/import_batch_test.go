package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
)

// ledgerFiles is the bytes of the files of the ledger's folder (the
// ledger, its WAL), to show that nothing in it changed. The WAL's index
// (-shm) is left out: readers write their marks in it, and it is rebuilt
// from the WAL.
func ledgerFiles(t *testing.T, db *DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(filepath.Dir(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), "-shm") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(filepath.Dir(db.Path()), e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

// undoRefused checks that undoing batch id is refused with a Chinese
// sentence containing want, leaving the ledger's files as they were.
func undoRefused(t *testing.T, db *DB, id int64, want string) {
	t.Helper()
	files := ledgerFiles
	if db.dialect.postgres { // no file: every table's rows instead
		files = tableRows
	}
	before := files(t, db)
	_, err := db.UndoImport(context.Background(), id)
	var se *data.StateError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), want) {
		t.Fatalf("undo batch %d: %v, want a refusal saying %q", id, err, want)
	}
	if after := files(t, db); !reflect.DeepEqual(before, after) {
		for name := range after {
			if before[name] != after[name] {
				t.Errorf("a refused undo of batch %d changed %s (%d → %d bytes)", id, name, len(before[name]), len(after[name]))
			}
		}
	}
}

// tableRows is every table of the server's ledger with its rows, as text.
func tableRows(t *testing.T, db *DB) map[string]string {
	t.Helper()
	names, err := queryStrings(context.Background(), db.reader, "SELECT name FROM "+db.dialect.tables()+" s ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, name := range names {
		rows, err := queryStrings(context.Background(), db.reader, "SELECT t::text FROM "+name+" t ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		out[name] = strings.Join(rows, "\n")
	}
	return out
}

// advancingClock makes every transaction of db a second later than the
// one before, as a real clock would.
func advancingClock(db *DB) {
	now := fixedNow
	db.SetClock(func() time.Time { now = now.Add(time.Second); return now })
}

// An import is a batch that 撤销导入 removes whole: its complaints leave the
// registers, the figures and the search indexes; the audit chain grows
// and still holds; the same rows import again; a batch undone, or
// unknown, is refused.
func TestUndoImportComplaints(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	db := f.db
	advancingClock(db)
	manual := registeredByHand(t, f)
	list := func() []*data.Complaint {
		return []*data.Complaint{
			{Number: "2026-001", ReceivedAt: tm("2026-09-01 10:00"), Channel: data.ChannelPhone, UnitName: f.unitName,
				Complainant: data.Complainant{Name: "王芳", Phone: "13905918888"}, Category: "脸难看", Subject: "窗口工作人员态度生硬", Content: "态度生硬。",
				Status: data.StatusClosed, HandlerUnitName: f.h1Name, LimitDays: 5, ClosedAt: tm("2026-09-09 00:00"),
				Verification: data.VerifiedTrue, Satisfaction: data.FairlySatisfied},
			{Number: "2026-002", ReceivedAt: tm("2026-11-02 15:20"), Channel: data.Channel12345, UnitName: f.unitName,
				Complainant: data.Complainant{Anonymous: true}, Category: "不作为", Subject: "举报违建无人处理", Content: "举报违建无人处理。",
				Status: data.StatusHandling},
			// merged into the one above, of the same file
			{Number: "2026-003", ReceivedAt: tm("2026-11-03 09:00"), Channel: data.ChannelPhone, UnitName: f.unitName,
				Complainant: data.Complainant{Name: "李强"}, Category: "不作为", Subject: "违建举报无回音", Content: "同一处违建。",
				Status: data.StatusMerged, MergedIntoNo: "2026-002"},
			// the complaint registered by hand: already there, not the batch's
			{Number: manual.Number, ReceivedAt: tm("2026-10-09 09:30"), Channel: data.ChannelPhone, UnitName: f.unitName,
				Complainant: data.Complainant{Name: "赵建国"}, Category: "事难办", Subject: "不动产登记多次往返", Content: "三次补充材料。"},
		}
	}
	year := func() ComplaintYear {
		t.Helper()
		y, err := db.ComplaintYearFigures(ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		return y
	}
	figures := year()
	res, err := db.ImportComplaints(ctx, list(), ImportOptions{Source: "投诉台账.xlsx"})
	if err != nil || res.Added != 3 || res.Batch != 1 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	batches, err := db.ImportBatches(ctx, 10)
	if err != nil || len(batches) != 1 || batches[0].Added != 3 || batches[0].Source != "投诉台账.xlsx" || batches[0].KindLabel() != "投诉件" ||
		!batches[0].UndoneAt.IsZero() {
		t.Fatalf("batches %+v, %v", batches, err)
	}
	// the search indexes written at once for the batch, their twins (of the
	// complaint 办理中) too
	if problems, err := db.Check(ctx, true); err != nil || len(problems) != 0 {
		t.Errorf("check after the import: %v, %v", problems, err)
	}

	b, err := db.UndoImport(ctx, res.Batch)
	if err != nil || b.UndoneAt.IsZero() || b.UndoneBy == "" {
		t.Fatalf("undo: %+v, %v", b, err)
	}
	left, err := db.Complaints(ctx, data.ComplaintFilter{})
	if err != nil || len(left) != 1 || left[0].ID != manual.ID {
		t.Fatalf("after undo: %d complaints, %v", len(left), err)
	}
	if got := year(); got != figures {
		t.Errorf("year figures after undo %+v, before the import %+v", got, figures)
	}
	checkStatCounts(t, db)
	checkMonthCounts(t, db)
	for _, term := range []string{"违建", "态度生硬", "王芳"} {
		if n, err := db.CountComplaints(ctx, data.ComplaintFilter{Search: term}); err != nil || n != 0 {
			t.Errorf("search %q finds %d after undo, %v", term, n, err)
		}
	}
	// audited: each complaint's deletion and the batch's, the chain whole
	for _, c := range res.Outcomes[:3] {
		if c != ImportAdded {
			t.Fatalf("outcomes %v", res.Outcomes)
		}
	}
	var deletions int
	err = db.reader.QueryRow("SELECT count(*) FROM audit_log WHERE table_name = 'complaints' AND action = ?", string(data.AuditDelete)).Scan(&deletions)
	if err != nil || deletions != 3 {
		t.Errorf("%d deletions audited, %v", deletions, err)
	}
	if broken, err := db.VerifyAuditChain(ctx); err != nil || len(broken) != 0 {
		t.Errorf("audit chain after undo: %v, %v", broken, err)
	}
	if problems, err := db.Check(ctx, true); err != nil || len(problems) != 0 {
		t.Errorf("check after undo: %v, %v", problems, err)
	}

	undoRefused(t, db, res.Batch, "第1批导入已于")
	undoRefused(t, db, 99, "没有第99批导入")

	// The same rows import again, as new complaints (numbers are never given
	// twice), and a batch whose complaint was handled since stays.
	again, err := db.ImportComplaints(ctx, list(), ImportOptions{Source: "投诉台账.xlsx"})
	if err != nil || again.Added != 3 || again.Existing != 1 || again.Batch != 2 {
		t.Fatalf("again: %+v, %v", again, err)
	}
	handling := list()[1]
	for _, c := range mustComplaints(t, db) {
		if c.Subject == handling.Subject {
			if _, _, err := db.ApplyStep(ctx, c.ID, data.Step{Kind: data.EventRemind, Method: "电话", Note: "请加快办理"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	undoRefused(t, db, again.Batch, "第2批导入的投诉件导入后已被")
	if n, _ := db.CountComplaints(ctx, data.ComplaintFilter{}); n != 4 {
		t.Errorf("%d complaints after a refused undo", n)
	}
}

func mustComplaints(t *testing.T, db *DB) []*data.Complaint {
	t.Helper()
	list, err := db.Complaints(context.Background(), data.ComplaintFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// A batch of units is undone whole, a unit under another of the same file
// included; once a complaint names one of its units, undoing it is refused.
func TestUndoImportUnits(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	advancingClock(db)
	list := func() []*data.Unit {
		return []*data.Unit{
			{Name: "政务服务中心社保窗口", Category: data.UnitWindow, ParentName: "县市场监督管理局"},
			{Name: "县市场监督管理局", Category: data.UnitDepartment},
		}
	}
	res, err := db.ImportUnits(ctx, list(), ImportOptions{Source: "单位.xlsx"})
	if err != nil || res.Batch == 0 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	if _, err := db.UndoImport(ctx, res.Batch); err != nil {
		t.Fatal(err)
	}
	if units, err := db.Units(ctx, data.UnitFilter{}); err != nil || len(units) != 0 {
		t.Fatalf("%d units after undo, %v", len(units), err)
	}
	res, err = db.ImportUnits(ctx, list(), ImportOptions{Source: "单位.xlsx"})
	if err != nil || res.Added != 2 {
		t.Fatalf("import again: %+v, %v", res, err)
	}
	c := &data.Complaint{ReceivedAt: tm("2026-10-09 09:30"), Channel: data.ChannelPhone, UnitID: list()[0].ID,
		Complainant: data.Complainant{Name: "赵建国"}, Category: "事难办", Subject: "社保转移多次往返", Content: "三次补充材料。"}
	for _, u := range mustUnits(t, db) {
		if u.Name == "政务服务中心社保窗口" {
			c.UnitID = u.ID
		}
	}
	if _, err := db.RegisterComplaint(ctx, c); err != nil {
		t.Fatal(err)
	}
	undoRefused(t, db, res.Batch, "第2批导入的单位导入后已被投诉件记录引用（1条）")
}

func mustUnits(t *testing.T, db *DB) []*data.Unit {
	t.Helper()
	list, err := db.Units(context.Background(), data.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return list
}
