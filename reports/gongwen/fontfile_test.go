package gongwen

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A face reads its file mapped: a file cut short while it is mapped (a
// font overwritten in place while the program runs) makes printing fail
// with a sentence, not end the program; a face of a collection is the
// same whether read from its file or given as bytes.
func TestMappedFaceCutShort(t *testing.T) {
	b, err := os.ReadFile(fontFile(t, gbsn, "fonts-arphic-gbsn00lp"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gbsn.ttf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFace(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := f.release(); err != nil {
			t.Error(err)
		}
	})
	if _, err := f.Subset([]rune("效能")); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, 4096); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Subset([]rune("监察通知书")); !errors.Is(err, errFontChanged) {
		t.Errorf("a subset of a file cut short: %v", err)
	}
	if f.Bytes() != nil {
		t.Error("the bytes of a file cut short")
	}
}

func TestCollectionFaceFromFile(t *testing.T) {
	b, err := os.ReadFile(fontFile(t, wqy, "fonts-wqy-microhei"))
	if err != nil {
		t.Fatal(err)
	}
	mapped, err := LoadFace(wqy, 1)
	if err != nil {
		t.Fatal(err)
	}
	given, err := ParseFace(b, 1)
	if err != nil {
		t.Fatal(err)
	}
	a, err := mapped.Subset([]rune("黑体效能"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := given.Subset([]rune("黑体效能"))
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(c) || string(mapped.Bytes()) != string(given.Bytes()) || mapped.Family != given.Family {
		t.Errorf("the mapped face differs from the one given as bytes: %q, %q", mapped.Family, given.Family)
	}
	if err := mapped.release(); err != nil {
		t.Error(err)
	}
}
