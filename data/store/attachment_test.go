package store

import (
	"context"
	"errors"
	"testing"

	"xiaoneng/data"
)

func TestSaveAttachmentsAcrossOwners(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	scan := []byte("%PDF-1.4 整改报告扫描件")
	err := db.write(ctx, data.PermRead, func(w *tx) error {
		if err := w.saveAttachments(data.OwnerComplaint, "c1", []*data.Attachment{{Name: "/home/user/报告.pdf", Data: scan}}); err != nil {
			return err
		}
		return w.saveAttachments(data.OwnerDocument, "d1", []*data.Attachment{{Name: "报告副本.pdf", Data: scan}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, db, "SELECT count(*) FROM blobs"); n != 1 {
		t.Errorf("%d blobs for one file's bytes", n)
	}
	c, err := db.Attachments(ctx, data.OwnerComplaint, "c1")
	if err != nil || len(c) != 1 || c[0].Name != "报告.pdf" || c[0].OwnerKind != data.OwnerComplaint || c[0].OwnerID != "c1" {
		t.Fatalf("complaint files %+v %v", c, err)
	}
	if d, err := db.Attachments(ctx, data.OwnerDocument, "d1"); err != nil || len(d) != 1 || d[0].SHA256 != c[0].SHA256 {
		t.Errorf("document files %+v %v", d, err)
	}
	for name, f := range map[string]*data.Attachment{
		"no name":  {Name: " ", Data: scan},
		"a folder": {Name: `C:\扫描\`, Data: scan},
		"empty":    {Name: "空.pdf"},
	} {
		err := db.write(ctx, data.PermRead, func(w *tx) error { return w.saveAttachments(data.OwnerDocument, "d1", []*data.Attachment{f}) })
		var ve *data.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
