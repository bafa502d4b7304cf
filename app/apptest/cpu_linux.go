//go:build linux

package apptest

import (
	"syscall"
	"time"
	"unsafe"
)

// clockThreadCPUTime is CLOCK_THREAD_CPUTIME_ID, which package syscall
// does not name.
const clockThreadCPUTime = 3

// ThreadCPU returns the CPU time the calling OS thread has used, to the
// nanosecond; the goroutine must stay locked to its thread between two
// readings. Unlike the wall clock it leaves out the time spent waiting for
// a core on a loaded machine.
func ThreadCPU() (time.Duration, bool) {
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
