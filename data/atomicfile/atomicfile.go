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
	return place(path, func(tmp string) error {
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
// INTO): make writes the file at tmp, a name beside path that does not
// exist yet.
func Make(path string, make func(tmp string) error) error {
	return place(path, func(tmp string) error {
		if err := make(tmp); err != nil {
			return err
		}
		f, err := os.OpenFile(tmp, os.O_RDWR, 0)
		if err != nil {
			return err
		}
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

// place makes the folder of path and a temporary name beside it for fill
// to write and sync the file under; when fill succeeds, it renames the
// file over path and syncs the folder. On failure the temporary file is
// removed.
func place(path string, fill func(tmp string) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// A name of our own in the folder, free for fill to create.
	f, err := os.CreateTemp(dir, ".xiaoneng-*"+filepath.Ext(path))
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := errors.Join(f.Close(), os.Remove(tmp)); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			if rerr := os.Remove(tmp); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
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
