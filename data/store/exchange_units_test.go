package store

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
)

// packageRecords reads the ids of a package's records by table.
func packageRecords(t *testing.T, path string) map[string][]string {
	t.Helper()
	pkg, err := exchange.Open(path, testCipher)
	if err != nil {
		t.Fatal(err)
	}
	defer pkg.Close()
	out := map[string][]string{}
	err = pkg.Changes(func(ch *exchange.Change) error {
		out[ch.Table] = append(out[ch.Table], ch.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Units taken out one by one (按单位出库) go on a round the checkout makes
// for them in the office: a 回访复查 from today over those units, on which
// the laptop's visits come home. The package carries for them what a
// round's carries: their recent visits, open findings with their 整改
// deadlines, 制度公示, the complaints waiting to be verified with their masks
// only; nothing of a unit not taken out. A conflict on the way back is
// held and decided as for a round; units added later join the same round;
// 结束出库 ends it.
func TestFieldOutByUnits(t *testing.T) {
	ctx := context.Background()
	office := newTestDB(t)
	dir := t.TempDir()
	a := svUnit(t, office, "县市场监督管理局", data.UnitDepartment)
	b := svUnit(t, office, "县人社局", data.UnitDepartment)
	c := svUnit(t, office, "县交通运输局", data.UnitDepartment)
	earlier := svRound(t, office, "2026年第三季度明察暗访", svDay(2026, 7, 1), a, c)
	open := svFinding(data.Category("脱岗/纪律作风"), data.DispositionNotice, 10)
	visit := &data.Visit{RoundID: earlier.ID, UnitID: a.ID, VisitedAt: svAt(2026, 7, 15, 10), Summary: "窗口秩序检查",
		Disclosures: []data.Disclosure{{Item: data.DisclosureItems[0], Posted: false}}}
	if err := office.RecordVisit(ctx, visit, []*data.Finding{open}, nil); err != nil {
		t.Fatal(err)
	}
	cVisit := svVisit(t, office, earlier, c, svAt(2026, 7, 16, 10))
	complaint := &data.Complaint{ReceivedAt: svAt(2026, 11, 2, 9), Channel: data.ChannelPhone, UnitID: a.ID,
		Complainant: data.Complainant{Name: "欧阳秀英", Phone: "13987654321", IDNumber: "530102198001011234", Address: "城关镇解放路12号"},
		Category:    "事难办", Subject: "多次往返", Content: "办理登记被要求补充材料三次。"}
	plain := complaint.Complainant
	if _, err := office.RegisterComplaint(ctx, complaint); err != nil {
		t.Fatal(err)
	}
	if _, err := office.writer.Exec("UPDATE complaints SET status = ? WHERE id = ?", string(data.StatusVerifying), complaint.ID); err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(dir, "出库.xnpkg")
	m, err := office.WritePackageForLaptop(ctx, FieldOut{Units: []string{a.ID, b.ID}, Laptop: "外勤笔记本-1", Path: out, Cipher: testCipher})
	if err != nil {
		t.Fatal(err)
	}
	if m.FormatVersion != exchange.FormatVersion || len(m.Checkout.Rounds) != 1 || !m.Checkout.Rounds[0].ForUnits || !m.Full {
		t.Fatalf("manifest: version %d, checkout %+v", m.FormatVersion, m.Checkout)
	}
	trip, err := office.Round(ctx, m.Checkout.Rounds[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if trip.Kind != data.RoundFollowUp || trip.Start != data.DateOf(fixedNow) || !trip.End.IsZero() ||
		!slices.Equal(trip.UnitIDs, svSorted(a.ID, b.ID)) || trip.Title != "2026年11月21日外勤笔记本-1按单位出库" {
		t.Fatalf("the checkout's round: %+v", trip)
	}
	if trail, err := office.AuditTrail(ctx, "rounds", trip.ID); err != nil || len(trail) == 0 {
		t.Errorf("the round made by the checkout has no history: %v (%v)", trail, err)
	}
	recs := packageRecords(t, out)
	want := map[string][]string{
		"rounds":           svSorted(trip.ID, earlier.ID), // the earlier round, which the recent visit points at
		"visits":           {visit.ID},
		"findings":         {open.ID},
		"complaints":       {complaint.ID},
		"unit_disclosures": nil,
	}
	for table, ids := range want {
		got := svSorted(recs[table]...)
		if table == "unit_disclosures" {
			if len(got) == 0 {
				t.Error("the 制度公示 checklist of the units did not go out")
			}
			continue
		}
		if !slices.Equal(got, ids) {
			t.Errorf("%s in the package: %v, want %v", table, got, ids)
		}
	}
	// The units taken out, and a unit the earlier round planned (that
	// round goes out as the recent visit's): its name, none of its records.
	if got := svSorted(recs["units"]...); !slices.Equal(got, svSorted(a.ID, b.ID, c.ID)) {
		t.Errorf("units in the package: %v", got)
	}
	if slices.Contains(recs["visits"], cVisit.ID) {
		t.Error("a visit of a unit not taken out went out")
	}
	wantNoIdentity(t, out, complaint.ID, plain, "complainant_name_mask")

	opt := testOptions
	opt.Device = "laptop-1"
	field, _, err := CreateFieldLedger(ctx, filepath.Join(dir, "外勤台账.db"), out, testCipher, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer field.Close()
	signInAs(t, field, "ceshi")
	fc, ok, err := field.FieldLedger(ctx)
	if err != nil || !ok || len(fc.Rounds) != 1 || fc.Rounds[0].ID != trip.ID || !fc.Rounds[0].ForUnits {
		t.Fatalf("the field ledger's checkout: %+v (%v)", fc, err)
	}
	ft, err := field.Finding(ctx, open.ID)
	if err != nil || ft.RectDue.IsZero() {
		t.Fatalf("the open finding on the laptop: %+v (%v)", ft, err)
	}

	// In the field: a 复查 visit on the checkout's round, and the finding's
	// description edited; in the office, the same description otherwise.
	recheck := &data.Visit{RoundID: trip.ID, UnitID: a.ID, VisitedAt: svAt(2026, 11, 22, 9), Summary: "复查整改情况"}
	if err := field.RecordVisit(ctx, recheck, nil, nil); err != nil {
		t.Fatal(err)
	}
	ft.Description = "外勤复查时改的描述"
	if err := field.UpdateFinding(ctx, ft); err != nil {
		t.Fatal(err)
	}
	of, err := office.Finding(ctx, open.ID)
	if err != nil {
		t.Fatal(err)
	}
	of.Description = "办公室改的描述"
	if err := office.UpdateFinding(ctx, of); err != nil {
		t.Fatal(err)
	}
	back := filepath.Join(dir, "交回.xnpkg")
	if _, err := field.WriteReturnPackage(ctx, back, testCipher); err != nil {
		t.Fatal(err)
	}
	wantNoIdentity(t, back, complaint.ID, plain, "")
	pv, err := office.ImportPackage(ctx, back, testCipher)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Conflicts) != 1 || pv.Conflicts[0].Field != "description" {
		t.Fatalf("conflicts %+v", pv.Conflicts)
	}
	home, err := office.Visit(ctx, recheck.ID)
	if err != nil || home.RoundID != trip.ID {
		t.Fatalf("the field's visit at home: %+v (%v)", home, err)
	}
	held, err := office.Conflicts(ctx)
	if err != nil || len(held) != 1 {
		t.Fatalf("held %+v (%v)", held, err)
	}
	if err := office.DecideConflict(ctx, held[0].ID, data.TakeIncoming, ""); err != nil {
		t.Fatal(err)
	}

	// A unit added for the same laptop joins the checkout's round; the
	// refreshed package brings it, and the decision, without a conflict.
	more := filepath.Join(dir, "补充.xnpkg")
	m, err = office.WritePackageForLaptop(ctx, FieldOut{Units: []string{c.ID}, Laptop: "外勤笔记本-1", Path: more, Cipher: testCipher})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Checkout.Rounds) != 1 || m.Checkout.Rounds[0].ID != trip.ID || m.Kind != exchange.KindMore {
		t.Fatalf("refreshed package: %s, rounds %+v", m.Describe(), m.Checkout.Rounds)
	}
	if trip, err = office.Round(ctx, trip.ID); err != nil || !slices.Equal(trip.UnitIDs, svSorted(a.ID, b.ID, c.ID)) {
		t.Fatalf("the checkout's round after adding a unit: %+v (%v)", trip, err)
	}
	pv, err = field.ImportPackage(ctx, more, testCipher)
	if err != nil || len(pv.Conflicts) != 0 {
		t.Fatalf("the refreshed package on the laptop: %+v (%v)", pv, err)
	}
	if _, err := field.Unit(ctx, c.ID); err != nil {
		t.Errorf("the unit added is not on the laptop: %v", err)
	}
	if ft, err := field.Finding(ctx, open.ID); err != nil || ft.Description != "外勤复查时改的描述" {
		t.Errorf("the decided description on the laptop: %v (%v)", ft.Description, err)
	}
	if fr, err := field.Round(ctx, trip.ID); err != nil || !slices.Equal(fr.UnitIDs, trip.UnitIDs) {
		t.Errorf("the checkout's round on the laptop: %+v (%v)", fr, err)
	}

	// Rounds and units together: the round joins, the units' round stays one.
	later := svRound(t, office, "2026年第四季度明察暗访", svDay(2026, 10, 1), b)
	m, err = office.WritePackageForLaptop(ctx, FieldOut{Rounds: []string{later.ID}, Units: []string{b.ID}, Laptop: "外勤笔记本-1",
		Path: filepath.Join(dir, "补充2.xnpkg"), Cipher: testCipher})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Checkout.Rounds) != 2 || m.Checkout.Rounds[1].ID != later.ID {
		t.Errorf("rounds after a round and a unit: %+v", m.Checkout.Rounds)
	}
	if _, err := field.ImportPackage(ctx, filepath.Join(dir, "补充2.xnpkg"), testCipher); err != nil {
		t.Fatal(err)
	}
	if fc, ok, err := field.FieldLedger(ctx); err != nil || !ok || len(fc.Rounds) != 2 {
		t.Errorf("the laptop's banner rounds: %+v (%v)", fc, err)
	}

	// 结束出库 ends the units' round today.
	outs, err := office.FieldCheckouts(ctx)
	if err != nil || len(outs) != 1 {
		t.Fatalf("checkouts %+v (%v)", outs, err)
	}
	if err := office.CloseCheckout(ctx, outs[0].ID); err != nil {
		t.Fatal(err)
	}
	if trip, err = office.Round(ctx, trip.ID); err != nil || trip.End != data.DateOf(fixedNow) {
		t.Errorf("the checkout's round after 结束出库: %+v (%v)", trip, err)
	}
	if r, err := office.Round(ctx, later.ID); err != nil || r.End != later.End {
		t.Errorf("结束出库 changed a planned round: %+v (%v)", r, err)
	}
}

// A 出库 by units is refused, in Chinese and with the ledger unchanged
// byte for byte, when a unit is deleted or unknown, when nothing is chosen,
// and on a field ledger.
func TestFieldOutByUnitsRefused(t *testing.T) {
	ctx := context.Background()
	fp := newFieldPair(t)
	gone := svUnit(t, fp.office, "县粮食局", data.UnitDepartment)
	if err := fp.office.DeleteUnit(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		db   *DB
		out  FieldOut
		want string
	}{
		{fp.office, FieldOut{Units: []string{fp.unit.ID, gone.ID}, Laptop: "外勤笔记本-2"}, "所选单位中有已删除或不存在的单位"},
		{fp.office, FieldOut{Units: []string{"no-such-unit"}, Laptop: "外勤笔记本-1"}, "所选单位中有已删除或不存在的单位"},
		{fp.office, FieldOut{Laptop: "外勤笔记本-2"}, "请选择要带出的督查活动或单位"},
		{fp.field, FieldOut{Units: []string{fp.unit.ID}, Laptop: "外勤笔记本-3"}, "这是外勤台账，不能出库"},
	}
	for _, tc := range cases {
		before, rounds := fileState(t, tc.db), roundCount(t, tc.db)
		tc.out.Path, tc.out.Cipher = filepath.Join(fp.dir, "拒绝.xnpkg"), testCipher
		_, err := tc.db.WritePackageForLaptop(ctx, tc.out)
		if err == nil || !strings.Contains(data.UserMessage(err), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.out.Units, err, tc.want)
		}
		if fileState(t, tc.db) != before || roundCount(t, tc.db) != rounds {
			t.Errorf("%+v: the refusal changed the ledger", tc.out.Units)
		}
		if _, err := os.Stat(tc.out.Path); err == nil {
			t.Errorf("%+v: a refused 出库 wrote a package", tc.out.Units)
		}
	}
}

func roundCount(t *testing.T, db *DB) int {
	t.Helper()
	list, err := db.Rounds(context.Background(), data.RoundFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// A package of format 1 (written before units could go out one by one)
// is still read: a laptop out over an upgrade sends its 交回 home.
func TestFieldPackageFormat1Read(t *testing.T) {
	ctx := context.Background()
	fp := newFieldPair(t)
	v := svVisit(t, fp.field, fp.round, fp.unit, svAt(2026, 11, 22, 9))
	back := fp.pkg()
	if _, err := fp.field.WriteReturnPackage(ctx, back, testCipher); err != nil {
		t.Fatal(err)
	}
	m, parts := manifestOf(t, back)
	m["format_version"] = 1
	old := filepath.Join(fp.dir, "第1版.xnpkg")
	rawPackage(t, old, m, parts)
	pv, err := fp.office.ImportPackage(ctx, old, testCipher)
	if err != nil || pv.Imported {
		t.Fatalf("a format 1 package: %+v (%v)", pv, err)
	}
	if _, err := fp.office.Visit(ctx, v.ID); err != nil {
		t.Errorf("the format 1 package's visit: %v", err)
	}
}
