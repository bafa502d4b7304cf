package kit

import (
	"testing"
	"time"

	"xiaoneng/app/apptest/testapp"
)

// Searches typed in a row run once, the last, after the pause; with no
// pause (tests) each runs at once.
func TestPause(t *testing.T) {
	testapp.New(t)
	prev := TypingPause
	t.Cleanup(func() { TypingPause = prev })

	TypingPause = 0
	var p Pause
	ran := 0
	p.After(func() { ran++ })
	if ran != 1 {
		t.Fatalf("without a pause the search ran %d times", ran)
	}

	// the program's pause (300 ms) between the letters typed would be a
	// pause, not typing; the three are typed within microseconds
	TypingPause = 300 * time.Millisecond
	done := make(chan string, 3)
	for _, word := range []string{"窗", "窗口", "窗口态度"} {
		p.After(func() { done <- word })
	}
	select {
	case got := <-done:
		if got != "窗口态度" {
			t.Errorf("searched %q, not the last text typed", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the search never ran")
	}
	select {
	case got := <-done:
		t.Errorf("searched %q as well", got)
	case <-time.After(2 * TypingPause):
	}
}
