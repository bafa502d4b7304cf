package kit

import (
	"time"

	"fyne.io/fyne/v2"
)

// TypingPause is how long a search waits for the typing to pause, so that
// the ledger is searched for a word, not for each of its letters. Tests
// set it to 0: the search then runs at once.
var TypingPause = 300 * time.Millisecond

// Pause runs a screen's search once the typing pauses: each After restarts
// the wait, and only the last action given runs, on the UI thread. Used on
// the UI thread.
type Pause struct {
	timer *time.Timer
}

// After runs fn when TypingPause has passed without another After.
func (p *Pause) After(fn func()) {
	if p.timer != nil {
		p.timer.Stop()
	}
	if TypingPause <= 0 {
		fn()
		return
	}
	p.timer = time.AfterFunc(TypingPause, func() { fyne.Do(fn) })
}
