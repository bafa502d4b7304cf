package store

import (
	"path/filepath"

	"golang.org/x/sys/windows"
)

// fullBelow is the free space under which a disk counts as full: less
// than a few pages of the ledger, its journal and its index can grow by.
const fullBelow = 256 << 10

// diskFull tells whether the disk holding path has (next to) no space
// left for this user.
func diskFull(path string) bool {
	dir, err := windows.UTF16PtrFromString(filepath.Dir(path))
	if err != nil {
		return false
	}
	var free, total, totalFree uint64
	if err := windows.GetDiskFreeSpaceEx(dir, &free, &total, &totalFree); err != nil {
		return false
	}
	return free < fullBelow
}
