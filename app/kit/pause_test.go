package kit

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// Searches typed in a row run once, the last, after the pause; with no
// pause (tests) each runs at once.
func TestPause(t *testing.T) {
	test.NewTempApp(t)
	prev := TypingPause
	t.Cleanup(func() { TypingPause = prev })

	TypingPause = 0
	var p Pause
	ran := 0
	p.After(func() { ran++ })
	if ran != 1 {
		t.Fatalf("without a pause the search ran %d times", ran)
	}

	// a second between the letters typed would be a pause, not typing
	TypingPause = time.Second
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
