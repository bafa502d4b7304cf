// Package picture reads the files a user attaches (photos of a visit,
// scans of a 整改报告) and decodes pictures, within bounds: a file is read
// only up to the largest attachment the ledger takes, and a picture is
// decoded only when its header claims a size a camera makes — a small
// file claiming 100,000 × 100,000 pixels would otherwise make the decoder
// allocate 40 GB and take the program down.
package picture

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // the formats the photo chooser offers
	_ "image/jpeg" //
	_ "image/png"  //
	"io"
	"os"
	"path/filepath"

	"xiaoneng/data"
)

// MaxPixels is the most pixels a picture decoded may have: more than any
// phone or office camera takes (a 108-megapixel phone photo is refused: it
// is far too large for a ledger anyway).
const MaxPixels = 100_000_000

// ReadFile reads a file to attach, refusing one larger than the ledger
// takes before reading it whole.
func ReadFile(path string) ([]byte, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, &data.FileError{Path: path, Err: err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &data.FileError{Path: path, Err: err}
	}
	if st.IsDir() {
		return nil, &data.FileError{Path: path, Err: data.Invalid("File", fmt.Sprintf("“%s”是文件夹，不是文件", name))}
	}
	// The size as stat gives it may change meanwhile: read one byte more
	// than allowed to know.
	b, err := io.ReadAll(io.LimitReader(f, data.MaxAttachmentSize+1))
	if err != nil {
		return nil, &data.FileError{Path: path, Err: err}
	}
	if len(b) > data.MaxAttachmentSize {
		return nil, &data.FileError{Path: path, Err: data.AttachmentTooLarge(name)}
	}
	return b, nil
}

// ErrUnreadable says a file is not a picture this program shows, or is
// damaged (the screen showing it says so in its own words).
var ErrUnreadable = errors.New("picture: unreadable")

// Decode decodes a picture (JPEG, PNG or GIF) once its header shows it
// within MaxPixels.
func Decode(b []byte) (image.Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, data.Invalid("Picture", fmt.Sprintf("照片有%d×%d像素，超过%d万像素，无法显示", cfg.Width, cfg.Height, MaxPixels/10000))
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	return img, nil
}
