package kit

import "context"

// Latest orders a screen's background loads: each Start stops the load
// under way, and only the last one started may show what it read — a late
// answer to an earlier filter is dropped. Used on the UI thread.
type Latest struct {
	gen    int
	cancel context.CancelFunc
}

// Start stops the load under way and returns the context of a new one,
// within parent, and a test, for the UI thread, that it is still the
// latest.
func (l *Latest) Start(parent context.Context) (context.Context, func() bool) {
	if l.cancel != nil {
		l.cancel()
	}
	ctx, cancel := context.WithCancel(parent)
	l.cancel = cancel
	l.gen++
	gen := l.gen
	return ctx, func() bool { return gen == l.gen }
}
