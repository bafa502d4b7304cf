//go:build unix

package store

import (
	"path/filepath"

	"golang.org/x/sys/unix"
)

// writable tells whether this user may write the ledger at path and create
// its companion files beside it (a read-only mount says no as well).
func writable(path string) bool {
	return unix.Access(path, unix.W_OK) == nil && unix.Access(filepath.Dir(path), unix.W_OK) == nil
}
