package store

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"xiaoneng/data"
)

// TestWatchSeesOtherDesktops: a desktop watching the ledger hears of
// another's change, and of nothing while nothing changes or another only
// signs in.
func TestWatchSeesOtherDesktops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	db := newTestDB(t)
	other := desktops(t, db, 1)[0]
	var changes atomic.Int32
	done := make(chan error, 1)
	go func() { done <- db.Watch(ctx, 10*time.Millisecond, func() { changes.Add(1) }) }()
	time.Sleep(100 * time.Millisecond)
	if n := changes.Load(); n != 0 {
		t.Errorf("%d changes heard while nothing changed", n)
	}
	if err := other.CreateUnit(context.Background(), &data.Unit{Name: "县市场监督管理局", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for changes.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := changes.Load(); n != 1 {
		t.Errorf("%d changes heard after another desktop's, want 1", n)
	}
	// A sign-in writes an audit row but changes no record: no list to
	// refresh.
	signInAs(t, other, "desk1")
	time.Sleep(100 * time.Millisecond)
	if n := changes.Load(); n != 1 {
		t.Errorf("%d changes heard after a sign-in, want still 1", n)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("watch ended with %v", err)
	}
}
