package store

import (
	"context"
	"errors"
	"testing"

	"xiaoneng/data"
)

// Several drafts are saved together or not at all: one naming a unit that
// does not exist keeps the others out too.
func TestCreateDocumentsAllOrNone(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	u := &data.Unit{Name: "县税务局", Category: data.UnitDepartment}
	if err := db.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	draft := func(unitID string) *data.Document {
		return &data.Document{Kind: data.DocNotice, Title: "监察通知书", Recipient: "县税务局", RecipientUnitID: unitID, Body: "请整改。"}
	}
	bad := []*data.Document{draft(u.ID), draft("no-such-unit")}
	var ve *data.ValidationError
	if err := db.CreateDocuments(ctx, bad); !errors.As(err, &ve) || ve.Field != "RecipientUnitID" {
		t.Fatalf("a draft to a missing unit: %v", err)
	}
	if docs, err := db.Documents(ctx, data.DocumentFilter{}); err != nil || len(docs) != 0 {
		t.Fatalf("after a refused batch: %d documents, %v", len(docs), err)
	}
	invalid := []*data.Document{draft(u.ID), {Kind: data.DocNotice, Recipient: "县税务局", Body: "请整改。"}}
	if err := db.CreateDocuments(ctx, invalid); !errors.As(err, &ve) || ve.Field != "Title" {
		t.Fatalf("a draft without a title: %v", err)
	}
	good := []*data.Document{draft(u.ID), draft(u.ID)}
	if err := db.CreateDocuments(ctx, good); err != nil {
		t.Fatal(err)
	}
	docs, err := db.Documents(ctx, data.DocumentFilter{})
	if err != nil || len(docs) != 2 || docs[0].Status != data.DocDraft {
		t.Fatalf("after the batch: %v, %v", docs, err)
	}
	trail, err := db.AuditTrail(ctx, "documents", good[1].ID)
	if err != nil || len(trail) != 1 || trail[0].Action != data.AuditInsert {
		t.Errorf("audit of a batch draft: %v, %v", trail, err)
	}
}
