package store

import (
	"context"
	"testing"

	"xiaoneng/data"
)

func TestAddVisitPhotos(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	u := svUnit(t, db, "县行政服务中心", data.UnitWindow)
	r := svRound(t, db, "2026年第四季度暗访", svDay(2026, 10, 1), u)
	v := svVisit(t, db, r, u, svAt(2026, 11, 20, 9))

	photo := pngBytes(2000, 3)
	if err := db.AddVisitPhotos(ctx, v.ID, []*data.Attachment{{Name: `C:\照片\IMG_0102.png`, Data: photo}}); err != nil {
		t.Fatal(err)
	}
	atts, err := db.Attachments(ctx, data.OwnerVisit, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != 1 || atts[0].Name != "IMG_0102.png" || atts[0].Size != int64(len(photo)) || atts[0].MIME != "image/png" {
		t.Fatalf("attachments = %+v", atts)
	}
	b, err := db.AttachmentData(ctx, atts[0].ID)
	if err != nil || string(b) != string(photo) {
		t.Fatalf("data = %d bytes, %v", len(b), err)
	}
	if n := countRows(t, db, "SELECT count(*) FROM audit_log WHERE table_name = 'attachments' AND record_id = ?", atts[0].ID); n != 1 {
		t.Errorf("%d audit rows for the photo, want 1", n)
	}

	svInvalid(t, db.AddVisitPhotos(ctx, v.ID, nil), "Attachments")
	svInvalid(t, db.AddVisitPhotos(ctx, v.ID, []*data.Attachment{{Name: "空.jpg"}}), "Attachments")
	if err := db.DeleteVisit(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	svInvalid(t, db.AddVisitPhotos(ctx, v.ID, []*data.Attachment{{Name: "a.png", Data: photo}}), "VisitID")
	if n := countRows(t, db, "SELECT count(*) FROM attachments WHERE owner_id = ? AND deleted_at IS NULL", v.ID); n != 0 {
		t.Errorf("%d live photos on a deleted visit", n)
	}
}
