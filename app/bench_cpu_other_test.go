//go:build !linux

package app

import "time"

// threadCPU reports that a thread's CPU time is not read on this system
// (see the Linux version).
func threadCPU() (time.Duration, bool) { return 0, false }
