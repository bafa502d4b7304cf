//go:build !linux

package apptest

import "time"

// ThreadCPU reports that a thread's CPU time is not read on this system
// (see the Linux version).
func ThreadCPU() (time.Duration, bool) { return 0, false }
