package kit

import (
	"context"
	"testing"
)

// A load started later stops the earlier one and is the only one still
// the latest.
func TestLatest(t *testing.T) {
	var l Latest
	first, firstLatest := l.Start(context.Background())
	if !firstLatest() || first.Err() != nil {
		t.Fatal("the only load is not the latest")
	}
	second, secondLatest := l.Start(context.Background())
	if firstLatest() || !secondLatest() {
		t.Error("the earlier load is still the latest")
	}
	if first.Err() == nil || second.Err() != nil {
		t.Errorf("contexts: earlier %v, later %v", first.Err(), second.Err())
	}
}
