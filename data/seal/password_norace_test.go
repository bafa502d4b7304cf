//go:build linux && !race

// The race detector's shadow memory faults in pages of its own beside
// argon2's, and the page faults counted here are Linux's: scripts/test.sh
// runs this test without the detector.

package seal

import (
	"os"
	"os/exec"
	"syscall"
	"testing"

	"golang.org/x/crypto/argon2"
)

// TestWrittenHeapSparesArgon2Faults checks what writtenHeap is for: argon2
// at the default cost, allocated after it, faults in almost none of its
// 19 MiB (two faults a page, about 9,700, without it). It runs in a
// process of its own, whose heap is as a command's at its first sign-in:
// in a test binary that has hashed before (-count=2), the heap holds the
// freed memory of earlier hashes and the count means nothing.
func TestWrittenHeapSparesArgon2Faults(t *testing.T) {
	if os.Getenv("XIAONENG_FAULTS_CHILD") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWrittenHeapSparesArgon2Faults$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "XIAONENG_FAULTS_CHILD=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
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
