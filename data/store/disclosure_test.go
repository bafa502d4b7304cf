package store

import (
	"context"
	"errors"
	"testing"

	"xiaoneng/data"
)

// Printing a 交办单 with the complainant on it gives the identity and
// leaves an audit row on the complaint naming who printed it, when, and what
// for.
func TestPrintIdentity(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	c := f.register(t, "2026-11-02 09:00")
	addTestUser(t, f.db, "lisi", "李四", data.ClerkRole)
	signInAs(t, f.db, "lisi")
	p, err := f.db.PrintIdentity(ctx, c.ID, "打印交办单效投交〔2026〕3号")
	if err != nil || p.Name != "张三丰" {
		t.Fatalf("printed identity %+v, %v", p, err)
	}
	trail, err := f.db.AuditTrail(ctx, "complaints", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := trail[len(trail)-1]
	if last.Action != data.AuditPrint || last.Actor != "lisi" || last.ActorName != "李四" || !last.At.Equal(fixedNow) ||
		last.After["purpose"] != "打印交办单效投交〔2026〕3号" {
		t.Errorf("print audit %+v", last)
	}

	var ve *data.ValidationError
	if _, err := f.db.PrintIdentity(ctx, c.ID, "  "); !errors.As(err, &ve) || ve.Field != "Purpose" {
		t.Errorf("no purpose: %v", err)
	}
	if _, err := f.db.PrintIdentity(ctx, "no-such-complaint", "打印"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("unknown complaint: %v", err)
	}
	after, err := f.db.AuditTrail(ctx, "complaints", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(trail) {
		t.Errorf("refused prints wrote %d audit rows", len(after)-len(trail))
	}
}

// The office's own templates are kept with the other settings.
func TestSettingsKeepTemplates(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	s, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Templates) != 0 {
		t.Fatalf("a new ledger has templates %v", s.Templates)
	}
	s.Templates = map[data.DocKind]string{data.DocNotice: "标题：{{单位}}效能监察通知书\n主送：{{单位}}\n请整改。"}
	if err := db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Templates[data.DocNotice] != s.Templates[data.DocNotice] || len(got.Templates) != 1 {
		t.Errorf("templates read back %v", got.Templates)
	}
	trail, err := db.AuditTrail(ctx, "settings", settingsKey)
	if err != nil {
		t.Fatal(err)
	}
	if len(trail) == 0 || trail[len(trail)-1].After["Templates"] == nil {
		t.Errorf("the template change is not in the audit trail: %+v", trail)
	}
}
