package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"xiaoneng/data"
)

// saveAttachments stores files as attachments of one record: each file's
// bytes go into blobs once per SHA-256 (the same photo attached twice is
// kept once), and each file gets its own attachment record and audit row.
func (t *tx) saveAttachments(owner data.OwnerKind, ownerID string, files []*data.Attachment) error {
	for _, f := range files {
		// Keep the file's own name, not the folder it was picked from on
		// whichever system (a Windows path arrives with backslashes).
		name := strings.TrimSpace(f.Name)
		name = strings.TrimSpace(name[strings.LastIndexAny(name, `/\`)+1:])
		switch {
		case name == "" || name == "." || name == "..":
			return data.Invalid("Attachments", "附件文件名不能为空")
		case len(f.Data) == 0:
			return data.Invalid("Attachments", fmt.Sprintf("附件“%s”是空文件", name))
		case len(f.Data) > data.MaxAttachmentSize:
			return data.AttachmentTooLarge(name)
		}
		sum := sha256.Sum256(f.Data)
		f.SHA256 = hex.EncodeToString(sum[:])
		f.Size = int64(len(f.Data))
		f.Name = name
		f.OwnerKind, f.OwnerID = owner, ownerID
		if f.MIME == "" {
			f.MIME = http.DetectContentType(f.Data)
		}
		if _, err := t.exec("INSERT INTO blobs(sha256, size, data) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", f.SHA256, f.Size, f.Data); err != nil {
			return fmt.Errorf("store: blob of %s: %w", name, err)
		}
		err := t.insert("attachments", &f.Record, []field{
			{"owner_kind", string(owner)}, {"owner_id", ownerID}, {"name", f.Name},
			{"mime", f.MIME}, {"sha256", f.SHA256}, {"size", f.Size},
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// tombstoneAttachments deletes the attachments of a record deleted with
// them; their bytes stay in blobs, as every deleted record's content stays.
func (t *tx) tombstoneAttachments(owner data.OwnerKind, ownerID string) error {
	ids, err := queryStrings(t.ctx, t.Tx, "SELECT id FROM attachments WHERE owner_kind = ? AND owner_id = ? AND deleted_at IS NULL", string(owner), ownerID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := t.tombstone("attachments", id); err != nil {
			return err
		}
	}
	return nil
}

// Attachments lists the files of a record in the order they were added,
// without their bytes (AttachmentData loads them).
func (db *DB) Attachments(ctx context.Context, owner data.OwnerKind, ownerID string) ([]*data.Attachment, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, rd, "attachments", scanAttachment, "SELECT "+recordColumns+`, owner_kind, owner_id, name, mime, sha256, size
		FROM attachments WHERE owner_kind = ? AND owner_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid`, string(owner), ownerID)
}

func scanAttachment(row rowScanner) (*data.Attachment, error) {
	a := &data.Attachment{}
	return a, row.Scan(append(recordDest(&a.Record), &a.OwnerKind, &a.OwnerID, &a.Name, &a.MIME, &a.SHA256, &a.Size)...)
}

// AttachmentData returns the bytes of one attachment.
func (db *DB) AttachmentData(ctx context.Context, id string) ([]byte, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	var b []byte
	err = rd.QueryRowContext(ctx, `SELECT b.data FROM attachments a JOIN blobs b ON b.sha256 = a.sha256
		WHERE a.id = ? AND a.deleted_at IS NULL`, id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: attachment %s: %w", id, data.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: attachment %s: %w", id, err)
	}
	return b, nil
}
