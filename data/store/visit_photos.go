package store

import (
	"context"

	"xiaoneng/data"
)

// AddVisitPhotos adds photos to a visit already recorded: photos are often
// copied off a phone after the day in the field.
func (db *DB) AddVisitPhotos(ctx context.Context, visitID string, photos []*data.Attachment) error {
	if len(photos) == 0 {
		return data.Invalid("Attachments", "请选择要添加的照片")
	}
	return db.write(ctx, data.PermFieldWork, func(t *tx) error {
		if visitID == "" {
			return data.Invalid("VisitID", "请选择检查记录")
		}
		if err := t.requireLive("visits", visitID, "VisitID", "该检查记录已删除或不存在"); err != nil {
			return err
		}
		return t.saveAttachments(data.OwnerVisit, visitID, photos)
	})
}
