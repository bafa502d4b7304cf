//go:build unix

package store

import (
	"path/filepath"

	"golang.org/x/sys/unix"
)

// fullBelow is the free space under which a disk counts as full: less
// than a few pages of the ledger, its journal and its index can grow by.
const fullBelow = 256 << 10

// diskFull tells whether the disk holding path has (next to) no space
// left for this user.
func diskFull(path string) bool {
	var st unix.Statfs_t
	if err := unix.Statfs(filepath.Dir(path), &st); err != nil {
		return false
	}
	return uint64(st.Bavail)*uint64(st.Bsize) < fullBelow
}
