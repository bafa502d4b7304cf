//go:build linux && !race

// The race detector's shadow memory faults in pages of its own beside
// argon2's, and the page faults counted here are Linux's: scripts/test.sh
// runs this test without the detector.

package seal

import (
	"syscall"
	"testing"

	"golang.org/x/crypto/argon2"
)

// TestWrittenHeapSparesArgon2Faults checks what writtenHeap is for: argon2
// at the default cost, allocated after it, faults in almost none of its
// 19 MiB (two faults a page, about 9,700, without it).
func TestWrittenHeapSparesArgon2Faults(t *testing.T) {
	k := DefaultKDF
	writtenHeap(k.MemoryKiB, k.Threads)
	before := minorFaults(t)
	argon2.IDKey([]byte("xiaoneng2026"), make([]byte, 16), k.Time, k.MemoryKiB, k.Threads, 64)
	if n := minorFaults(t) - before; n > 1000 {
		t.Errorf("argon2 faulted in %d pages after writtenHeap; want under 1000", n)
	}
}

func minorFaults(t *testing.T) int64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		t.Fatal(err)
	}
	return u.Minflt
}
