package parts

import (
	"context"
	"errors"
	"testing"

	"xiaoneng/reports"
)

// An export's rows read as they are written stop when its job is
// cancelled.
func TestExportStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	sheet := reports.Sheet{Each: func(yield func([]any) error) error {
		for i := range 3 {
			if err := yield([]any{i}); err != nil {
				return err
			}
		}
		return nil
	}}
	var got int
	err := stopping(ctx, sheet).Each(func([]any) error {
		got++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || got != 1 {
		t.Errorf("after the cancel: %d rows, %v", got, err)
	}
}
