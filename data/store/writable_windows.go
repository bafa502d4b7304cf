package store

import "os"

// writable tells whether the ledger at path may be written: on Windows,
// whether its file is not marked read-only (folders in the user's profile
// are the user's to write; a denied folder shows when the engine is
// refused, and the ledger is then opened read-only all the same).
func writable(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().Perm()&0o200 != 0
}
