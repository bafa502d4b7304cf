// Package atomicfile writes a file so that it is either all there or not
// changed at all: under a temporary name beside it, synced to the disk,
// renamed over it, and the folder synced, so that neither a failure nor a
// crash or power cut halfway leaves half a file (a half-written backup,
// PDF or workbook) under the name the user chose.
//
// google/renameio does the same on Unix but offers nothing on Windows,
// where the office works; this is the few lines it takes on both.
package atomicfile

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// Write writes path through write, buffered.
func Write(path string, write func(w io.Writer) error) error {
	return place(path, false, func(tmp string) error {
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		buf := bufio.NewWriterSize(f, 256<<10)
		err = write(buf)
		if err == nil {
			err = buf.Flush()
		}
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

// Make is Write for a file another party writes by name (SQLite's VACUUM
// INTO): make writes the file at tmp, a name beside path that holds an
// empty file readable by the user only (a copy of the ledger holds
// complainants' identities). Whatever make leaves at tmp, and the
// companion files an engine writing there may leave (tmp-journal,
// tmp-wal), is removed when it fails; the file placed is readable by the
// user only.
func Make(path string, make func(tmp string) error) error {
	return place(path, true, func(tmp string) error {
		if err := make(tmp); err != nil {
			return err
		}
		f, err := os.OpenFile(tmp, os.O_RDWR, 0)
		if err != nil {
			return err
		}
		err = f.Chmod(0o600)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

// TempPrefix begins the name of a file being written: one left behind
// (the machine stopped halfway) is known by it.
const TempPrefix = ".xiaoneng-"

// companions are the files SQLite may write beside a database it writes.
var companions = []string{"-journal", "-wal", "-shm"}

// place makes the folder of path and a temporary name beside it for fill
// to write and sync the file under (keep leaves an empty file there, made
// readable by the user only; otherwise the name is free); when fill
// succeeds, it renames the file over path and syncs the folder. On failure
// the temporary file and its companions are removed.
func place(path string, keep bool, fill func(tmp string) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// A name of our own in the folder (CreateTemp makes it 0600).
	f, err := os.CreateTemp(dir, TempPrefix+"*"+filepath.Ext(path))
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := f.Close(); err != nil {
		return errors.Join(err, os.Remove(tmp))
	}
	if !keep {
		if err := os.Remove(tmp); err != nil {
			return err
		}
	}
	defer func() {
		if err == nil {
			return
		}
		for _, p := range append([]string{tmp}, companionsOf(tmp)...) {
			if rerr := os.Remove(p); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
				err = errors.Join(err, rerr)
			}
		}
	}()
	if err := fill(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

func companionsOf(p string) []string {
	out := make([]string, len(companions))
	for i, c := range companions {
		out[i] = p + c
	}
	return out
}

// syncDir makes a rename in dir durable. Windows cannot open a folder to
// sync it; NTFS journals the rename itself.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
