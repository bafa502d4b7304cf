package exchange

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"xiaoneng/data"
)

// plain is a Cipher that does not encrypt: the fuzz target feeds the
// package reader its zip directly, at a thousand times the pace scrypt
// allows. age itself is fuzzed upstream; the refusals of a damaged age
// file are TestRefusals'.
type plain struct{}

var plainHeader = []byte("XNPLAIN\n")

func (plain) Recognizes(head []byte) bool { return bytes.HasPrefix(head, plainHeader) }

func (plain) Encrypt(dst io.Writer) (io.WriteCloser, error) {
	if _, err := dst.Write(plainHeader); err != nil {
		return nil, err
	}
	return nopCloser{dst}, nil
}

func (plain) Open(src io.ReaderAt, size int64) (io.ReaderAt, int64, error) {
	n := int64(len(plainHeader))
	return io.NewSectionReader(src, n, size-n), size - n, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// latin finds English words in what the user is told (file names and
// part names quoted in “” aside).
var latin = regexp.MustCompile(`[A-Za-z]{3,}`)
var quotedName = regexp.MustCompile(`“[^”]*”|（[0-9a-f]{64}）|（[a-z_]+\.[a-z]+）`)

// wantPackageRefusal checks an error of the reader: a refusal naming in
// Chinese what is wrong, never an error from inside.
func wantPackageRefusal(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var pe *data.PackageError
	if !errors.As(err, &pe) {
		t.Fatalf("%s: not a refusal in Chinese: %v", what, err)
	}
	if latin.MatchString(quotedName.ReplaceAllString(pe.Message, "")) {
		t.Fatalf("%s: the user is told %q", what, pe.Message)
	}
}

// FuzzOpen: whatever a package's zip holds, Open refuses it in a Chinese
// sentence or returns a package whose every part reads within its bounds,
// and never takes the program down.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	good, err := os.ReadFile(writePackageWith(f, dir, bytes.Repeat([]byte("jpeg"), 300), plain{}))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good[len(plainHeader):])
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18)))) // an empty zip
	// one file per process, written over at each run: a folder per run
	// costs more than the reading
	path := filepath.Join(dir, "fuzz.xnpkg")
	f.Fuzz(func(t *testing.T, zip []byte) {
		if err := os.WriteFile(path, append(append([]byte{}, plainHeader...), zip...), 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := Open(path, plain{})
		wantPackageRefusal(t, "open", err)
		if err != nil {
			return
		}
		defer p.Close()
		wantPackageRefusal(t, "changes", p.Changes(func(*Change) error { return nil }))
		wantPackageRefusal(t, "audit", p.Audit(func(*AuditRow) error { return nil }))
		if _, err := p.Settings(); err != nil {
			t.Fatalf("settings of a verified package: %v", err)
		}
		for _, part := range p.Manifest.Parts {
			if !fileName.MatchString(part.Name) {
				continue
			}
			rc, n, err := p.File(part.Name[len(filesFolder):])
			if err != nil {
				t.Fatalf("file of a verified package: %v", err)
			}
			got, err := io.Copy(io.Discard, rc)
			rc.Close()
			if err != nil || got != n || n > data.MaxAttachmentSize {
				t.Fatalf("file %s: %d of %d bytes (%v)", part.Name, got, n, err)
			}
		}
	})
}
