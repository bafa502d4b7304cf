package store

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
)

// fileState is a ledger's files as bytes: the ledger and its WAL.
func fileState(t *testing.T, db *DB) string {
	t.Helper()
	var b strings.Builder
	for _, p := range []string{db.Path(), db.Path() + "-wal"} {
		data, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		b.WriteString(hex.EncodeToString(sum[:]))
	}
	return b.String()
}

// refused imports pkg into db, expecting a refusal whose sentence says
// want, with the ledger's files unchanged byte for byte; the preview is
// refused alike.
func refused(t *testing.T, db *DB, pkg string, c exchange.Cipher, want string) {
	t.Helper()
	ctx := context.Background()
	before := fileState(t, db)
	for _, try := range []func() (*data.FieldPreview, error){
		func() (*data.FieldPreview, error) { return db.PreviewPackage(ctx, pkg, c) },
		func() (*data.FieldPreview, error) { return db.ImportPackage(ctx, pkg, c) },
	} {
		_, err := try()
		var pe *data.PackageError
		if !errors.As(err, &pe) || !strings.Contains(pe.Message, want) {
			t.Fatalf("refused with %v, want a sentence with %q", err, want)
		}
		if msg := data.UserMessage(err); msg != pe.Message {
			t.Errorf("the user reads %q", msg)
		}
	}
	if fileState(t, db) != before {
		t.Fatal("the refused package changed the ledger's files")
	}
}

// rawPackage writes a package from a manifest and parts as given, for the
// packages no ledger would write.
func rawPackage(t *testing.T, path string, m map[string]any, parts map[string][]byte) {
	t.Helper()
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	if m["parts"] == nil {
		m["parts"] = partList(parts)
	}
	for name, b := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	mb, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	w, err := zw.Create(exchange.ManifestPart)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(mb)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := testCipher.Encrypt(f)
	if err != nil {
		t.Fatal(err)
	}
	enc.Write(zbuf.Bytes())
	if err := errors.Join(enc.Close(), f.Close()); err != nil {
		t.Fatal(err)
	}
}

// partList lists parts with their sizes and hashes, as a manifest does.
func partList(parts map[string][]byte) []map[string]any {
	var list []map[string]any
	for name, b := range parts {
		sum := sha256.Sum256(b)
		list = append(list, map[string]any{"name": name, "size": len(b), "sha256": hex.EncodeToString(sum[:])})
	}
	return list
}

// manifestOf reads a package's manifest as a map, to write a changed copy.
func manifestOf(t *testing.T, path string) (map[string]any, map[string][]byte) {
	t.Helper()
	p, err := exchange.Open(path, testCipher)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	b, err := json.Marshal(p.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	var changes bytes.Buffer
	if err := p.Changes(func(c *exchange.Change) error {
		line, err := json.Marshal(c)
		changes.Write(append(line, '\n'))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	parts[exchange.ChangesPart] = changes.Bytes()
	var audit bytes.Buffer
	if err := p.Audit(func(r *exchange.AuditRow) error {
		line, err := json.Marshal(r)
		audit.Write(append(line, '\n'))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if audit.Len() > 0 {
		parts[exchange.AuditPart] = audit.Bytes()
	}
	for _, part := range p.Manifest.Parts {
		if sha, ok := strings.CutPrefix(part.Name, "files/"); ok {
			rc, _, err := p.File(sha)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			parts[part.Name] = b.Bytes()
		}
	}
	delete(m, "parts")
	return m, parts
}

// Every refusal a user can meet names what is wrong and leaves the ledger
// as it was, byte for byte.
func TestExchangeRefusals(t *testing.T) {
	ctx := context.Background()
	fp := newFieldPair(t)
	v, err := fp.field.Visit(ctx, fp.visit.ID)
	if err != nil {
		t.Fatal(err)
	}
	v.Summary = "外勤修改"
	if err := fp.field.UpdateVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	// Larger than a chunk of the cipher, so that damage can be in the middle.
	noise := make([]byte, 300<<10)
	for i := range noise {
		noise[i] = byte(i*7919 + i>>8)
	}
	photo := &data.Attachment{Name: "现场.jpg", MIME: "image/jpeg", Data: noise}
	if err := fp.field.AddVisitPhotos(ctx, v.ID, []*data.Attachment{photo}); err != nil {
		t.Fatal(err)
	}
	back := fp.pkg()
	if _, err := fp.field.WriteReturnPackage(ctx, back, testCipher); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(back)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(fp.dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flip := func(at int) []byte {
		b := bytes.Clone(good)
		b[at] ^= 0x20
		return b
	}

	t.Run("damaged", func(t *testing.T) {
		refused(t, fp.office, write("damaged.xnpkg", flip(len(good)/2)), testCipher, "损坏或被改动")
	})
	t.Run("truncated", func(t *testing.T) {
		refused(t, fp.office, write("truncated.xnpkg", good[:len(good)*2/3]), testCipher, "截断")
	})
	t.Run("tampered end", func(t *testing.T) {
		refused(t, fp.office, write("tampered.xnpkg", flip(len(good)-3)), testCipher, "被改动")
	})
	t.Run("not a package", func(t *testing.T) {
		refused(t, fp.office, write("note.xnpkg", []byte("这不是外勤包")), testCipher, "不是效能台账的外勤包")
	})
	t.Run("wrong passphrase", func(t *testing.T) {
		refused(t, fp.office, back, exchange.Passphrase{Secret: "别的口令", WorkFactor: 10}, "口令不对")
	})
	t.Run("newer schema", func(t *testing.T) {
		m, parts := manifestOf(t, back)
		m["schema_version"] = LatestVersion() + 1
		p := filepath.Join(fp.dir, "newer-schema.xnpkg")
		rawPackage(t, p, m, parts)
		refused(t, fp.office, p, testCipher, "更新版本")
	})
	t.Run("newer format", func(t *testing.T) {
		m, parts := manifestOf(t, back)
		m["format_version"] = exchange.FormatVersion + 1
		p := filepath.Join(fp.dir, "newer-format.xnpkg")
		rawPackage(t, p, m, parts)
		refused(t, fp.office, p, testCipher, "更新版本")
	})
	t.Run("part tampered inside", func(t *testing.T) {
		m, parts := manifestOf(t, back)
		m["parts"] = partList(parts)
		parts[exchange.ChangesPart] = bytes.Replace(parts[exchange.ChangesPart], []byte("外勤修改"), []byte("偷偷修改"), 1)
		p := filepath.Join(fp.dir, "inside.xnpkg")
		rawPackage(t, p, m, parts)
		refused(t, fp.office, p, testCipher, "校验值与清单不符")
	})
	t.Run("a part too many", func(t *testing.T) {
		m, parts := manifestOf(t, back)
		m["parts"] = partList(parts)
		parts["files/extra"] = []byte("多出来的")
		p := filepath.Join(fp.dir, "extra.xnpkg")
		rawPackage(t, p, m, parts)
		refused(t, fp.office, p, testCipher, "清单未列出")
	})
	t.Run("another office", func(t *testing.T) {
		other := newTestDB(t)
		refused(t, other, back, testCipher, "不是本台账出库的")
	})
	t.Run("office package into the office", func(t *testing.T) {
		more := fp.pkg()
		if _, err := fp.office.WritePackageForLaptop(ctx, FieldOut{Rounds: []string{fp.round.ID}, Laptop: "外勤笔记本-1", Path: more, Cipher: testCipher}); err != nil {
			t.Fatal(err)
		}
		refused(t, fp.office, more, testCipher, "应在外勤台账上导入")
	})

	// A second laptop out of the same office.
	out2 := fp.pkg()
	if _, err := fp.office.WritePackageForLaptop(ctx, FieldOut{Rounds: []string{fp.round.ID}, Laptop: "外勤笔记本-2", Path: out2, Cipher: testCipher}); err != nil {
		t.Fatal(err)
	}
	field2, _, err := createTestField(t, filepath.Join(fp.dir, "外勤台账2.db"), out2, "laptop-2")
	if err != nil {
		t.Fatal(err)
	}
	defer field2.Close()
	t.Run("another laptop's package", func(t *testing.T) {
		more := fp.pkg()
		if _, err := fp.office.WritePackageForLaptop(ctx, FieldOut{Rounds: []string{fp.round.ID}, Laptop: "外勤笔记本-1", Path: more, Cipher: testCipher}); err != nil {
			t.Fatal(err)
		}
		refused(t, field2, more, testCipher, "本外勤台账属于“外勤笔记本-2”")
	})
	t.Run("a laptop's package into another laptop", func(t *testing.T) {
		refused(t, field2, back, testCipher, "外勤台账只导入主台账发来的包")
	})
	t.Run("a field ledger made twice", func(t *testing.T) {
		twin, _, err := createTestField(t, filepath.Join(fp.dir, "双胞胎.db"), out2, "laptop-3")
		if err != nil {
			t.Fatal(err)
		}
		defer twin.Close()
		b2 := fp.pkg()
		if _, err := field2.WriteReturnPackage(ctx, b2, testCipher); err != nil {
			t.Fatal(err)
		}
		if _, err := fp.office.ImportPackage(ctx, b2, testCipher); err != nil {
			t.Fatal(err)
		}
		b3 := fp.pkg()
		if _, err := twin.WriteReturnPackage(ctx, b3, testCipher); err != nil {
			t.Fatal(err)
		}
		refused(t, fp.office, b3, testCipher, "建了两个外勤台账")
	})
	t.Run("a refresh cannot make a field ledger", func(t *testing.T) {
		more := fp.pkg()
		if _, err := fp.office.WritePackageForLaptop(ctx, FieldOut{Rounds: []string{fp.round.ID}, Laptop: "外勤笔记本-2", Path: more, Cipher: testCipher}); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(fp.dir, "不行.db")
		_, _, err := CreateFieldLedger(ctx, path, more, testCipher, Options{})
		var pe *data.PackageError
		if !errors.As(err, &pe) || !strings.Contains(pe.Message, "补充包") {
			t.Fatalf("made with %v", err)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Error("a field ledger file was left behind")
		}
	})
	t.Run("a unit of the same name", func(t *testing.T) {
		// Both sides create an active unit of one name: the import is
		// refused whole, naming it, and the ledger is unchanged.
		if err := fp.field.CreateUnit(ctx, &data.Unit{Name: "县自然资源局", Category: data.UnitDepartment}); err != nil {
			t.Fatal(err)
		}
		if err := fp.office.CreateUnit(ctx, &data.Unit{Name: "县自然资源局", Category: data.UnitDepartment}); err != nil {
			t.Fatal(err)
		}
		b := fp.pkg()
		if _, err := fp.field.WriteReturnPackage(ctx, b, testCipher); err != nil {
			t.Fatal(err)
		}
		refused(t, fp.office, b, testCipher, "县自然资源局")
	})
	// None of the refusals kept the good package from importing.
	if _, err := fp.office.ImportPackage(ctx, back, testCipher); err != nil {
		t.Fatal(err)
	}
}
