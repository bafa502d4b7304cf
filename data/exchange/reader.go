package exchange

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"xiaoneng/data"
)

// Package is a package opened for reading: decrypted as it is read from
// its file (no plaintext on disk), its manifest read and every part's size
// and SHA-256 verified before Open returns. Close it.
type Package struct {
	Manifest Manifest
	file     *os.File
	parts    map[string]*zip.File
}

var fileName = regexp.MustCompile(`^files/[0-9a-f]{64}$`)

// Open opens and verifies the package at path. Whatever is wrong with it is
// a *data.PackageError naming what.
func Open(path string, c Cipher) (*Package, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, refuse("无法打开外勤包“%s”：%v", path, err)
	}
	p, err := open(f, c)
	if err != nil {
		return nil, errors.Join(err, f.Close())
	}
	return p, nil
}

func open(f *os.File, c Cipher) (*Package, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("exchange: %w", err)
	}
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head)
	if !c.Recognizes(head[:n]) {
		return nil, refuse("这不是效能台账的外勤包（文件开头不对），或者文件已损坏。")
	}
	plain, size, err := c.Open(f, st.Size())
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(plain, size)
	if err != nil {
		return nil, refuse("外勤包已损坏：解密后的内容不是完整的压缩包。")
	}
	if len(zr.File) > maxParts+4 {
		return nil, refuse("外勤包中的文件多达%d个，超过上限，不是本程序写出的包。", len(zr.File))
	}
	p := &Package{file: f, parts: map[string]*zip.File{}}
	for _, zf := range zr.File {
		if p.parts[zf.Name] != nil {
			return nil, refuse("外勤包中“%s”出现了两次，包已被改动。", zf.Name)
		}
		p.parts[zf.Name] = zf
	}
	if err := p.readManifest(); err != nil {
		return nil, err
	}
	if err := p.verify(); err != nil {
		return nil, err
	}
	return p, nil
}

// Close closes the file.
func (p *Package) Close() error { return p.file.Close() }

func (p *Package) readManifest() error {
	zf := p.parts[ManifestPart]
	if zf == nil {
		return refuse("外勤包中没有清单（manifest.json），包已损坏。")
	}
	if zf.UncompressedSize64 > maxManifest {
		return refuse("外勤包的清单超过%dMB，不是本程序写出的包。", maxManifest>>20)
	}
	rc, err := zf.Open()
	if err != nil {
		return refuse("外勤包的清单无法读取，包已损坏。")
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxManifest+1))
	if err != nil || len(b) > maxManifest {
		return refuse("外勤包的清单无法读取，包已损坏。")
	}
	m := &p.Manifest
	if err := json.Unmarshal(b, m); err != nil || m.Format != FormatName {
		return refuse("外勤包的清单格式不对，不是效能台账的外勤包。")
	}
	switch {
	case m.FormatVersion > FormatVersion:
		return refuse("此外勤包由更新版本的效能台账写出（包格式第%d版，本程序只认到第%d版），请先升级本程序。", m.FormatVersion, FormatVersion)
	case m.FormatVersion < 1:
		return refuse("外勤包的格式版本不对，不是效能台账的外勤包。")
	case m.Kind != KindOut && m.Kind != KindMore && m.Kind != KindBack:
		return refuse("外勤包的种类“%s”不对，不是效能台账的外勤包。", m.Kind)
	case m.ID == "" || m.Office.LedgerID == "" || m.Checkout.ID == "" || m.From.LedgerID == "" || m.Seq < 1:
		return refuse("外勤包的清单缺少必要的项目，包已损坏。")
	}
	for k := range m.Summary {
		if !p.knownReplica(k) {
			return refuse("外勤包的清单不完整（版本中有未列出的台账），包已损坏。")
		}
	}
	return nil
}

func (p *Package) knownReplica(k string) bool {
	for i := range p.Manifest.Replicas {
		if k == fmt.Sprint(i) {
			return true
		}
	}
	return false
}

// verify checks that the zip holds exactly the parts of the manifest, each
// within its bounds and with its SHA-256, reading every byte once.
func (p *Package) verify() error {
	listed := map[string]bool{ManifestPart: true}
	files := 0
	for _, part := range p.Manifest.Parts {
		switch {
		case listed[part.Name]:
			return refuse("外勤包的清单两次列出“%s”，包已被改动。", part.Name)
		case part.Name == ChangesPart || part.Name == AuditPart || part.Name == SettingsPart:
		case fileName.MatchString(part.Name):
			files++
		default:
			return refuse("外勤包的清单中有不认识的部分“%s”，不是本程序写出的包。", part.Name)
		}
		listed[part.Name] = true
		zf := p.parts[part.Name]
		if zf == nil {
			return refuse("外勤包缺少“%s”，包不完整或已损坏。", part.Name)
		}
		if err := checkBounds(part, zf); err != nil {
			return err
		}
		if err := checkSum(part, zf); err != nil {
			return err
		}
	}
	for name := range p.parts {
		if !listed[name] {
			return refuse("外勤包中有清单未列出的“%s”，包已被改动。", name)
		}
	}
	if files != p.Manifest.Counts.Files {
		return refuse("外勤包的照片和附件数与清单不符，包已被改动。")
	}
	return nil
}

func checkBounds(part Part, zf *zip.File) error {
	limit := int64(maxSettings)
	switch {
	case strings.HasPrefix(part.Name, filesFolder):
		limit = data.MaxAttachmentSize
	case part.Name == ChangesPart || part.Name == AuditPart:
		limit = 1 << 40 // bounded by the ratio below and by the file's size
	}
	size := int64(zf.UncompressedSize64)
	switch {
	case size != part.Size || part.Size < 0:
		return refuse("外勤包中“%s”的大小与清单不符，包已损坏或被改动。", part.Name)
	case size > limit:
		return refuse("外勤包中“%s”有%dMB，超过上限%dMB。", part.Name, size>>20, limit>>20)
	case zf.Method == zip.Deflate && size > int64(zf.CompressedSize64)*maxRatio+(1<<20):
		return refuse("外勤包中“%s”解压后异常地大，不是本程序写出的包。", part.Name)
	case zf.Method != zip.Deflate && zf.Method != zip.Store:
		return refuse("外勤包中“%s”的压缩方式不认识，不是本程序写出的包。", part.Name)
	}
	return nil
}

func checkSum(part Part, zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return refuse("外勤包中“%s”无法读取，包已损坏。", part.Name)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(rc, part.Size+1))
	if err != nil {
		var pe *data.PackageError
		if errors.As(err, &pe) {
			return err
		}
		return refuse("外勤包中“%s”已损坏或被改动，无法读完。", part.Name)
	}
	if n != part.Size || hex.EncodeToString(h.Sum(nil)) != part.SHA256 {
		return refuse("外勤包中“%s”的校验值与清单不符，包已损坏或被改动。", part.Name)
	}
	return nil
}

// lines calls fn with each line of a JSON-lines part, decoded into a new
// value by decode; a part the package lacks has no lines.
func (p *Package) lines(name string, max int, fn func(dec *json.Decoder) error) error {
	zf := p.parts[name]
	if zf == nil {
		return nil
	}
	rc, err := zf.Open()
	if err != nil {
		return fmt.Errorf("exchange: %s: %w", name, err)
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	n := 0
	for sc.Scan() {
		if n++; n > max {
			return refuse("外勤包中“%s”超过%d行的上限。", name, max)
		}
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		if err := fn(dec); err != nil {
			return err
		}
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return refuse("外勤包中“%s”有一行超过%dMB的上限。", name, maxLine>>20)
	}
	if sc.Err() != nil {
		return fmt.Errorf("exchange: %s: %w", name, sc.Err())
	}
	return nil
}

// Changes calls fn with each record of the package, in the order written.
func (p *Package) Changes(fn func(*Change) error) error {
	return p.lines(ChangesPart, maxRecords, func(dec *json.Decoder) error {
		var c Change
		if err := dec.Decode(&c); err != nil || c.Table == "" || c.ID == "" {
			return refuse("外勤包中有一条记录格式不对，包已损坏。")
		}
		return fn(&c)
	})
}

// Audit calls fn with each audit row of the package.
func (p *Package) Audit(fn func(*AuditRow) error) error {
	return p.lines(AuditPart, maxRecords, func(dec *json.Decoder) error {
		var r AuditRow
		if err := dec.Decode(&r); err != nil {
			return refuse("外勤包中有一条修改记录格式不对，包已损坏。")
		}
		return fn(&r)
	})
}

// Settings returns the office's settings the package carries, or nil.
func (p *Package) Settings() ([]byte, error) {
	zf := p.parts[SettingsPart]
	if zf == nil {
		return nil, nil
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fmt.Errorf("exchange: settings: %w", err)
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, maxSettings))
}

// HasFile reports whether the package carries the file with hash sha.
func (p *Package) HasFile(sha string) bool { return p.parts[filesFolder+sha] != nil }

// File opens the file with hash sha (verified when the package was
// opened) and tells its size.
func (p *Package) File(sha string) (io.ReadCloser, int64, error) {
	zf := p.parts[filesFolder+sha]
	if zf == nil {
		return nil, 0, refuse("外勤包缺少照片或附件（%s），包不完整。", sha)
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, 0, fmt.Errorf("exchange: file %s: %w", sha, err)
	}
	return rc, int64(zf.UncompressedSize64), nil
}
