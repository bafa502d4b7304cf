package exchange

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
)

// Writer writes a package: the changes, then the audit rows, then the
// settings, then the files, then the manifest (Finish). Everything streams
// through the zip and the cipher into a temporary file beside the output,
// which becomes the output only when complete: memory does not grow with
// the number or the size of the files.
type Writer struct {
	path   string
	tmp    *os.File
	enc    io.WriteCloser
	zw     *zip.Writer
	part   *partWriter
	parts  []Part
	phase  int
	counts Counts
	files  map[string]bool
}

// The order of the parts.
const (
	phaseChanges = iota
	phaseAudit
	phaseSettings
	phaseFiles
	phaseDone
)

// Create starts the package at path (never overwriting a file there).
func Create(path string, c Cipher) (*Writer, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, refuse("文件“%s”已存在，不会覆盖；请换一个文件名。", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("exchange: %w", err)
	}
	enc, err := c.Encrypt(tmp)
	if err != nil {
		return nil, errors.Join(err, tmp.Close(), os.Remove(tmp.Name()))
	}
	return &Writer{path: path, tmp: tmp, enc: enc, zw: zip.NewWriter(enc),
		counts: Counts{Records: map[string]int{}}, files: map[string]bool{}}, nil
}

// partWriter hashes and counts what goes into one part.
type partWriter struct {
	name string
	w    io.Writer
	h    hash.Hash
	n    int64
	enc  *json.Encoder
}

func (p *partWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.h.Write(b[:n])
	p.n += int64(n)
	return n, err
}

// open moves to phase and starts part name (compressed, or stored as a
// photo is: compressing a JPEG gains nothing).
func (w *Writer) open(phase int, name string, compress bool) error {
	if phase < w.phase || w.phase == phaseDone {
		return fmt.Errorf("exchange: part %s written out of order", name)
	}
	if w.part != nil && w.part.name == name {
		return nil
	}
	w.closePart()
	w.phase = phase
	method := zip.Store
	if compress {
		method = zip.Deflate
	}
	zf, err := w.zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
	if err != nil {
		return fmt.Errorf("exchange: %w", err)
	}
	w.part = &partWriter{name: name, w: zf, h: sha256.New()}
	w.part.enc = json.NewEncoder(w.part)
	w.part.enc.SetEscapeHTML(false)
	return nil
}

func (w *Writer) closePart() {
	if w.part == nil {
		return
	}
	w.parts = append(w.parts, Part{Name: w.part.name, Size: w.part.n, SHA256: hex.EncodeToString(w.part.h.Sum(nil))})
	w.part = nil
}

// Change adds a record.
func (w *Writer) Change(c *Change) error {
	if err := w.open(phaseChanges, ChangesPart, true); err != nil {
		return err
	}
	w.counts.Records[c.Table]++
	return w.part.enc.Encode(c)
}

// Audit adds an audit row.
func (w *Writer) Audit(r *AuditRow) error {
	if err := w.open(phaseAudit, AuditPart, true); err != nil {
		return err
	}
	w.counts.Audit++
	return w.part.enc.Encode(r)
}

// Settings adds the office's settings (JSON), which the office sends out.
func (w *Writer) Settings(b []byte) error {
	if err := w.open(phaseSettings, SettingsPart, true); err != nil {
		return err
	}
	_, err := w.part.Write(b)
	return err
}

// File adds a file's bytes under their SHA-256, read from r; each hash
// once. What r yields must have that hash.
func (w *Writer) File(sha string, r io.Reader) error {
	if w.files[sha] {
		return nil
	}
	if err := w.open(phaseFiles, filesFolder+sha, false); err != nil {
		return err
	}
	if _, err := io.Copy(w.part, r); err != nil {
		return fmt.Errorf("exchange: file %s: %w", sha, err)
	}
	if got := hex.EncodeToString(w.part.h.Sum(nil)); got != sha {
		return fmt.Errorf("exchange: file %s read back as %s: the ledger's copy is damaged", sha, got)
	}
	w.closePart()
	w.files[sha] = true
	w.counts.Files++
	return nil
}

// Finish writes the manifest (m, completed with the format, the counts and
// the parts), closes the zip and the cipher, and puts the file in place.
func (w *Writer) Finish(m *Manifest) error {
	w.closePart()
	w.phase = phaseDone
	m.Format, m.FormatVersion = FormatName, FormatVersion
	m.Counts, m.Parts = w.counts, w.parts
	zf, err := w.zw.CreateHeader(&zip.FileHeader{Name: ManifestPart, Method: zip.Deflate})
	if err != nil {
		return errors.Join(fmt.Errorf("exchange: %w", err), w.Abort())
	}
	enc := json.NewEncoder(zf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return errors.Join(fmt.Errorf("exchange: manifest: %w", err), w.Abort())
	}
	err = errors.Join(w.zw.Close(), w.enc.Close())
	if err == nil {
		err = w.tmp.Sync()
	}
	if cerr := w.tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return errors.Join(fmt.Errorf("exchange: write %s: %w", w.path, err), os.Remove(w.tmp.Name()))
	}
	// A file that appeared meanwhile is not overwritten either. (No hard
	// link: a USB stick's FAT file system has none.)
	if _, err := os.Stat(w.path); err == nil {
		return errors.Join(refuse("文件“%s”已存在，不会覆盖；请换一个文件名。", w.path), os.Remove(w.tmp.Name()))
	}
	if err := os.Rename(w.tmp.Name(), w.path); err != nil {
		return errors.Join(fmt.Errorf("exchange: write %s: %w", w.path, err), os.Remove(w.tmp.Name()))
	}
	return nil
}

// Abort removes the unfinished package.
func (w *Writer) Abort() error {
	w.phase = phaseDone
	err := w.tmp.Close()
	if rerr := os.Remove(w.tmp.Name()); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
		err = errors.Join(err, rerr)
	}
	return err
}
