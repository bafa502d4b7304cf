package picture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xiaoneng/data"
)

// A picture whose header claims more pixels than a camera takes is
// refused from its header, before anything is allocated; a damaged one is
// unreadable; a real one decodes.
func TestDecodeBounds(t *testing.T) {
	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.White)
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if got, err := Decode(buf.Bytes()); err != nil || got.Bounds().Dx() != 4 {
		t.Fatalf("a real picture: %v", err)
	}
	// the same PNG claiming 100,000 × 100,000 pixels: its IHDR's width
	// and height, and the chunk's checksum to match
	huge := bytes.Clone(buf.Bytes())
	copy(huge[16:24], []byte{0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0})
	binary.BigEndian.PutUint32(huge[29:33], crc32.ChecksumIEEE(huge[12:29]))
	_, err := Decode(huge)
	var ve *data.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Message, "100000×100000像素") {
		t.Errorf("a picture claiming 10 gigapixels: %v", err)
	}
	if _, err := Decode(buf.Bytes()[:20]); !errors.Is(err, ErrUnreadable) {
		t.Errorf("a cut picture: %v", err)
	}
}

// A file larger than an attachment may be is refused without being read
// whole.
func TestReadFileBound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "扫描件.pdf")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(data.MaxAttachmentSize + 1); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = ReadFile(path)
	if msg := data.UserMessage(err); !strings.Contains(msg, "附件“扫描件.pdf”超过50MB") {
		t.Errorf("%v (%q)", err, msg)
	}
	if p, _ := data.FileOf(err); p != path {
		t.Errorf("the error names %q", p)
	}
}
