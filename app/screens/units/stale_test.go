package units

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"xiaoneng/app/apptest"
	"xiaoneng/data"
	"xiaoneng/data/store/storetest"
)

// TestStaleSaveReloadsKeepingTyped: signed in, a user saving a unit that
// another desktop saved since the form read it is told
// "此记录已被他人修改（测试员，…）"; the ledger keeps the other save; 重新载入
// (kit.Records') shows the other desktop's version with what the user
// typed kept under the fields, and the next save goes through.
func TestStaleSaveReloadsKeepingTyped(t *testing.T) {
	ctx := context.Background()
	w := apptest.New(t)
	db := w.DB()
	u := apptest.MustUnit(t, db, "县市场监督管理局", data.UnitDepartment)
	s := apptest.Show(t, w, "单位", New)
	s.Open(u.ID)

	other := storetest.Open(t, db.Path()) // another desktop, its user signed in
	defer other.Close()
	theirs, err := other.Unit(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	theirs.Phone = "0571-2000"
	if err := other.UpdateUnit(ctx, theirs); err != nil {
		t.Fatal(err)
	}

	s.phone.SetText("")
	test.Type(s.phone, "0571-3000")
	s.form.Save()
	top := apptest.TopOverlay(t, w.Window())
	var said string
	for _, text := range apptest.Texts(top) {
		if strings.HasPrefix(text, "此记录已被他人修改（测试员，") {
			said = text
		}
	}
	if said == "" {
		t.Fatalf("no stale save question; the window shows %v", apptest.Texts(top))
	}
	if got, _ := db.Unit(ctx, u.ID); got.Phone != "0571-2000" || got.Version != 2 {
		t.Fatalf("the refused save changed the ledger: %q version %d", got.Phone, got.Version)
	}
	apptest.TapButton(t, top, "重新载入")
	if s.phone.Text != "0571-2000" || s.form.Dirty() {
		t.Fatalf("after 重新载入 the form shows %q (dirty %v), want the other desktop's 0571-2000", s.phone.Text, s.form.Dirty())
	}
	if kept := s.form.Kept(); !strings.Contains(kept, "0571-3000") || strings.Contains(kept, "县市场监督管理局") {
		t.Fatalf("kept under the fields: %q, want the phone typed only", kept)
	}
	test.Type(s.hotline, "12345")
	s.form.Save()
	got, err := db.Unit(ctx, u.ID)
	if err != nil || got.Phone != "0571-2000" || got.Hotline != "12345" || got.Version != 3 {
		t.Fatalf("the save after 重新载入: %+v (%v)", got, err)
	}
}
