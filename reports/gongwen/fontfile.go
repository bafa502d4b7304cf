package gongwen

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/edsrzf/mmap-go"
)

// mapFont maps the font file at path into memory, read-only: a face reads
// the few tables it measures with and the glyphs a document prints, and
// the system reads just those pages of a 5–20 MB file (reading five whole
// files was most of a first print's 40 ms, and most of a print command's
// memory). A file that cannot be mapped (an empty one) is read. unmap
// gives the mapping back.
func mapFont(path string) (data []byte, unmap func() error, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	m, err := mmap.Map(f, mmap.RDONLY, 0)
	if err != nil {
		b, rerr := os.ReadFile(path)
		return b, func() error { return nil }, rerr
	}
	return m, m.Unmap, nil
}

// errFontChanged is a font file cut short while it was mapped: the glyphs
// that were in it are gone.
var errFontChanged = errors.New("字体文件在程序运行期间被改动")

// readMapped runs read, which reads the face's mapped file, turning the
// fault of a file cut short meanwhile (SIGBUS) into an error instead of
// the end of the program.
func (f *Face) readMapped(read func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, fault := r.(interface{ Addr() uintptr }); !fault {
				panic(r)
			}
			err = fmt.Errorf("%w（%s），请重新启动程序后再打印", errFontChanged, f.Path)
		}
	}()
	return read()
}

// release gives back the mapping of a face no longer used (one the
// resolver loaded and did not choose).
func (f *Face) release() error {
	if f.unmap == nil {
		return nil
	}
	err := f.unmap()
	f.unmap = nil
	return err
}
