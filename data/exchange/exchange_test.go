package exchange

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xiaoneng/data"
)

// testCipher is the real cipher at a cost tests can afford.
var testCipher = Passphrase{Secret: "口令 test", WorkFactor: 10}

func manifest() *Manifest {
	return &Manifest{Kind: KindBack, ID: "p1", Seq: 1, Office: Office{LedgerID: "o"},
		Checkout: Checkout{ID: "c", Laptop: "外勤笔记本-1"}, From: Sender{LedgerID: "f"},
		Replicas: []string{"o", "f"}, Summary: Vector{"0": 3, "1": 2}}
}

func writePackage(t *testing.T, dir string, photo []byte) string {
	t.Helper()
	return writePackageWith(t, dir, photo, testCipher)
}

// writePackageWith writes a package of one change, one audit row and one
// photo, encrypted with c.
func writePackageWith(t testing.TB, dir string, photo []byte, c Cipher) string {
	t.Helper()
	path := filepath.Join(dir, "包.xnpkg")
	w, err := Create(path, c)
	if err != nil {
		t.Fatal(err)
	}
	ch := &Change{Table: "visits", ID: "v1", Fields: map[string]any{"place": "窗口"}, Clock: Clock{Base: Vector{"1": 2}}}
	if err := w.Change(ch); err != nil {
		t.Fatal(err)
	}
	if err := w.Audit(&AuditRow{ID: 1, Table: "visits", RecordID: "v1", Action: "新增"}); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(photo)
	if err := w.File(hex.EncodeToString(sum[:]), bytes.NewReader(photo)); err != nil {
		t.Fatal(err)
	}
	if err := w.Change(ch); err == nil {
		t.Fatal("a change after the files was accepted")
	}
	if err := w.Finish(manifest()); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	photo := bytes.Repeat([]byte("jpeg"), 50000)
	path := writePackage(t, dir, photo)
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("the folder holds %d files, want the package alone", len(entries))
	}
	if _, err := Create(path, testCipher); err == nil {
		t.Fatal("an existing package was overwritten")
	}
	p, err := Open(path, testCipher)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.Manifest.Counts.Records["visits"] != 1 || p.Manifest.Counts.Files != 1 || p.Manifest.Counts.Audit != 1 {
		t.Errorf("counts %+v", p.Manifest.Counts)
	}
	var got []*Change
	if err := p.Changes(func(c *Change) error { got = append(got, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Fields["place"] != "窗口" || got[0].Clock.Field("place")["1"] != 2 {
		t.Errorf("changes read back as %+v", got)
	}
	sum := sha256.Sum256(photo)
	rc, size, err := p.File(hex.EncodeToString(sum[:]))
	if err != nil || size != int64(len(photo)) {
		t.Fatal(err, size)
	}
	rc.Close()
}

// Every damage is refused with a sentence naming it.
func TestRefusals(t *testing.T) {
	dir := t.TempDir()
	path := writePackage(t, dir, bytes.Repeat([]byte{7}, 300000))
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		bytes  []byte
		cipher Cipher
		want   string
	}{
		{"wrong passphrase", good, Passphrase{Secret: "别的口令", WorkFactor: 10}, "口令不对"},
		{"truncated", good[:len(good)/2], testCipher, "截断"},
		{"tampered", flip(good, len(good)/2), testCipher, "损坏或被改动"},
		{"tampered salt", otherSalt(good), testCipher, "口令不对"},
		{"tampered header", flip(good, bytes.Index(good, []byte("\n--- "))+8), testCipher, "损坏"},
		{"not a package", []byte("PK\x03\x04 a zip, not a package"), testCipher, "不是效能台账的外勤包"},
		{"empty", nil, testCipher, "不是效能台账的外勤包"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "x.xnpkg")
			if err := os.WriteFile(p, c.bytes, 0o600); err != nil {
				t.Fatal(err)
			}
			pkg, err := Open(p, c.cipher)
			if err == nil {
				pkg.Close()
				t.Fatal("opened")
			}
			var pe *data.PackageError
			if !errors.As(err, &pe) || !strings.Contains(pe.Message, c.want) {
				t.Fatalf("refused with %v, want a sentence with %q", err, c.want)
			}
		})
	}
}

// otherSalt changes a character of the scrypt stanza's salt for another
// base64 character (a flipped byte may not be base64, which fails as a
// malformed header instead: the salt is random).
func otherSalt(b []byte) []byte {
	at := bytes.Index(b, []byte("-> scrypt ")) + len("-> scrypt ") + 8
	out := bytes.Clone(b)
	out[at] = 'A'
	if b[at] == 'A' {
		out[at] = 'B'
	}
	return out
}

func flip(b []byte, at int) []byte {
	out := bytes.Clone(b)
	out[at] ^= 0x55
	return out
}

func TestVectors(t *testing.T) {
	a, b := Vector{"1": 2}, Vector{"1": 2, "2": 1}
	if !a.LessEq(b) || b.LessEq(a) || !a.Merge(b).Equal(b) {
		t.Error("order of vectors")
	}
	c := Vector{"2": 3}
	if a.LessEq(c) || c.LessEq(a) {
		t.Error("concurrent vectors compared as ordered")
	}
	var k Clock
	k.Base = Vector{"1": 1}
	k.Set("place", Vector{"1": 4, "2": 2})
	back, err := ParseClock(k.String())
	if err != nil || !back.Field("place").Equal(k.Field("place")) || !back.Field("summary").Equal(k.Base) {
		t.Fatalf("clock %s read back as %+v (%v)", k, back, err)
	}
	if !k.Knowledge().Equal(Vector{"1": 4, "2": 2}) {
		t.Errorf("knowledge %v", k.Knowledge())
	}
}
