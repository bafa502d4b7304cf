package gongwen

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"xiaoneng/data/atomicfile"
)

// Role is what a font is used for on the page (GB/T 9704-2012 names a
// typeface for each).
type Role int

const (
	Body       Role = iota // 正文: 仿宋
	Title                  // 标题 and 发文机关标志: 小标宋
	Heading1               // 一级标题 "一、": 黑体
	Heading2               // 二级标题 "（一）": 楷体
	PageNumber             // 页码: 宋体
	numRoles
)

// Roles lists every role in order.
var Roles = []Role{Body, Title, Heading1, Heading2, PageNumber}

// String is the typeface the standard asks for, as the office calls it.
func (r Role) String() string {
	switch r {
	case Body:
		return "仿宋"
	case Title:
		return "小标宋"
	case Heading1:
		return "黑体"
	case Heading2:
		return "楷体"
	case PageNumber:
		return "宋体"
	}
	return "角色" + strconv.Itoa(int(r))
}

// Use says what the role prints, for messages.
func (r Role) Use() string {
	switch r {
	case Body:
		return "正文"
	case Title:
		return "标题"
	case Heading1:
		return "一级标题"
	case Heading2:
		return "二级标题"
	case PageNumber:
		return "页码"
	}
	return r.String()
}

// installHint says exactly what to install when no font serves the role.
func (r Role) installHint() string {
	switch r {
	case Body:
		return "请安装 simfang.ttf（仿宋）或 方正仿宋_GBK，或 sudo apt-get install fonts-arphic-gbsn00lp"
	case Title:
		return "请安装 方正小标宋简体（FZXBSJW.TTF）或 simsun.ttc（宋体），或 sudo apt-get install fonts-arphic-gbsn00lp"
	case Heading1:
		return "请安装 simhei.ttf（黑体），或 sudo apt-get install fonts-wqy-microhei"
	case Heading2:
		return "请安装 simkai.ttf（楷体），或 sudo apt-get install fonts-arphic-gkai00mp"
	case PageNumber:
		return "请安装 simsun.ttc（宋体），或 sudo apt-get install fonts-arphic-gbsn00lp"
	}
	return ""
}

// candidate is a font the resolver accepts for a role: pattern is matched,
// lower-cased, against the file name and the face's family names.
type candidate struct {
	pattern    string
	substitute bool // not the typeface the standard names: a stand-in
	embolden   bool // a light 宋 standing in for 小标宋: printed heavier
}

// candidates per role, best first. The Windows fonts every Chinese office
// has come first; the free fonts of Linux distributions are stand-ins.
// Droid Sans Fallback is never chosen: it has no digits.
var candidates = [numRoles][]candidate{
	Body: {
		{pattern: "simfang"}, {pattern: "方正仿宋"}, {pattern: "fs_gb2312"}, {pattern: "fzfsk"}, {pattern: "fzfsjw"},
		{pattern: "fangsong"}, {pattern: "仿宋"}, {pattern: "stfangso"},
		// TeX Live's free 仿宋: closer to the standard than any 宋
		{pattern: "fandolfang", substitute: true},
		{pattern: "gbsn00lp", substitute: true}, {pattern: "ar pl sungtil gb", substitute: true},
		{pattern: "uming", substitute: true},
	},
	Title: {
		{pattern: "小标宋"}, {pattern: "xiaobiaosong"}, {pattern: "fzxbsjw"}, {pattern: "fzxbsk"},
		{pattern: "stzhongs", substitute: true}, {pattern: "华文中宋", substitute: true},
		{pattern: "simsun", substitute: true, embolden: true}, {pattern: "宋体", substitute: true, embolden: true},
		// a bold 宋 of its own rather than a light one with a stroke
		{pattern: "fandolsong-bold", substitute: true},
		{pattern: "gbsn00lp", substitute: true, embolden: true}, {pattern: "ar pl sungtil gb", substitute: true, embolden: true},
		{pattern: "uming", substitute: true, embolden: true},
	},
	Heading1: {
		{pattern: "simhei"}, {pattern: "黑体"}, {pattern: "fzhtk"}, {pattern: "fzhtjw"}, {pattern: "stheiti"},
		{pattern: "wenquanyi micro hei", substitute: true}, {pattern: "wqy-microhei", substitute: true},
		{pattern: "wqy-zenhei", substitute: true}, {pattern: "fandolhei-regular", substitute: true},
	},
	Heading2: {
		{pattern: "simkai"}, {pattern: "方正楷体"}, {pattern: "kt_gb2312"}, {pattern: "fzktk"}, {pattern: "fzktjw"},
		{pattern: "kaiti_gb2312"}, {pattern: "楷体"}, {pattern: "stkaiti"},
		{pattern: "gkai00mp", substitute: true}, {pattern: "ar pl kaitim gb", substitute: true},
		{pattern: "lxgwwenkai-regular", substitute: true}, {pattern: "ukai", substitute: true},
		{pattern: "fandolkai", substitute: true},
	},
	PageNumber: {
		{pattern: "simsun"}, {pattern: "宋体"}, {pattern: "stsong"}, {pattern: "fzssk"},
		{pattern: "gbsn00lp", substitute: true}, {pattern: "ar pl sungtil gb", substitute: true},
		{pattern: "uming", substitute: true}, {pattern: "fandolsong-regular", substitute: true},
	},
}

// samples are characters a face must have to serve a role: digits (which
// Droid Sans Fallback lacks), the punctuation of official documents and
// common characters.
var samples = [numRoles]string{
	Body:       "0123456789，。、；：？！（）《》“”〔〕年月日号的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发关通知书",
	Title:      "0123456789〔〕（）关于的通知书建议县办公室",
	Heading1:   "一二三四五六七八九十、（）的问题",
	Heading2:   "一二三四五六七八九十（）的问题",
	PageNumber: "—0123456789",
}

// FontSet is the face chosen for each role. It is read-only once built and
// may be shared between goroutines.
type FontSet struct {
	faces      [numRoles]*Face
	substitute [numRoles]bool
	embolden   [numRoles]bool
}

// NewFontSet builds a set from faces chosen by the caller (a test, or fonts
// the office picked by hand). Every role must have a face.
func NewFontSet(faces map[Role]*Face) (*FontSet, error) {
	fs := &FontSet{}
	var missing []Role
	for _, r := range Roles {
		f := faces[r]
		if f == nil {
			missing = append(missing, r)
			continue
		}
		fs.faces[r] = f
	}
	if len(missing) > 0 {
		return nil, &FontError{Missing: missing}
	}
	return fs, nil
}

// Face returns the face that prints role.
func (fs *FontSet) Face(role Role) *Face { return fs.faces[role] }

// Substitute reports whether role is printed with a stand-in rather than
// the typeface the standard names (e.g. 文鼎简报宋 for 仿宋).
func (fs *FontSet) Substitute(role Role) bool { return fs.substitute[role] }

// Embolden reports whether role's stand-in is printed with a stroke to
// come closer to the weight of the typeface it replaces.
func (fs *FontSet) Embolden(role Role) bool { return fs.embolden[role] }

// Describe says which font prints role, for the settings screen.
func (fs *FontSet) Describe(role Role) string {
	f := fs.faces[role]
	s := fmt.Sprintf("%s：%s（%s", role.Use(), f.Family, f.Path)
	if strings.HasSuffix(strings.ToLower(f.Path), ".ttc") {
		s += fmt.Sprintf(" 第%d个字体", f.Index+1)
	}
	s += "）"
	if fs.substitute[role] {
		s += "，代替" + role.String()
	}
	return s
}

// Substitutions says which stand-ins print in place of the faces GB/T 9704
// names, and what to install for the real ones; "" when there are none.
// Shown where the user prints: a stand-in changes how the paper looks.
func (fs *FontSet) Substitutions() string {
	var parts, hints []string
	for _, r := range Roles {
		if !fs.substitute[r] {
			continue
		}
		how := ""
		if fs.embolden[r] {
			how = "（加粗）"
		}
		parts = append(parts, fmt.Sprintf("%s以%s%s代替%s", r.Use(), fs.faces[r].Family, how, r))
		if h := r.standardFile(); !slices.Contains(hints, h) {
			hints = append(hints, h)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "本机没有公文的标准字体：" + strings.Join(parts, "，") + "，纸面与标准略有不同。请安装" +
		strings.Join(hints, "、") + "（Windows 自带或随 WPS、方正字库提供），或在“设置”中指定存放这些字体的文件夹。"
}

// standardFile is the font file of the face GB/T 9704 names for the role.
func (r Role) standardFile() string {
	switch r {
	case Body:
		return "仿宋（simfang.ttf）"
	case Title:
		return "方正小标宋简体（FZXBSJW.TTF）"
	case Heading1:
		return "黑体（simhei.ttf）"
	case Heading2:
		return "楷体（simkai.ttf）"
	}
	return "宋体（simsun.ttc）"
}

// FontError says which roles have no usable font and what to install.
type FontError struct {
	Missing []Role
}

func (e *FontError) Error() string {
	parts := make([]string, len(e.Missing))
	for i, r := range e.Missing {
		parts[i] = fmt.Sprintf("未找到%s字体（用于%s）：%s", r, r.Use(), r.installHint())
	}
	return strings.Join(parts, "；")
}

// debianFandol is where Debian's texlive-lang-chinese puts the Fandol faces.
const debianFandol = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"

// fontDirs are where installed fonts are looked for after the office's own
// folders: Windows first (the fonts every Chinese office has), then the
// directories of macOS and Linux.
func fontDirs() (windows, others []string) {
	windir := os.Getenv("WINDIR")
	if windir == "" {
		windir = `C:\Windows`
	}
	windows = append(windows, filepath.Join(windir, "Fonts"))
	if local := os.Getenv("LOCALAPPDATA"); local != "" {
		windows = append(windows, filepath.Join(local, "Microsoft", "Windows", "Fonts"))
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = ""
	}
	others = []string{"/Library/Fonts", "/System/Library/Fonts", "/usr/share/fonts", "/usr/local/share/fonts", debianFandol}
	if home != "" {
		others = append(others, filepath.Join(home, "Library", "Fonts"), filepath.Join(home, ".fonts"), filepath.Join(home, ".local", "share", "fonts"))
	}
	return windows, others
}

// ResolveFonts finds a face for every role. It looks in extraDirs first (the
// office's font folder from 设置, data.Settings.FontDir), then in the
// Windows font folders, then in the fonts installed on Linux or macOS. When
// a role has no usable font the *FontError says exactly what to install.
func ResolveFonts(extraDirs ...string) (*FontSet, error) {
	windows, others := fontDirs()
	var tiers [][]faceInfo
	var office []faceInfo
	for _, d := range extraDirs {
		if strings.TrimSpace(d) == "" {
			continue
		}
		office = append(office, listFaces(d, true)...)
	}
	tiers = append(tiers, office)
	var win []faceInfo
	for _, d := range windows {
		win = append(win, listFaces(d, false)...)
	}
	tiers = append(tiers, win)
	// TeX Live's Fandol faces are not in fontconfig's list unless the
	// machine's fontconfig is told of them
	tiers = append(tiers, append(systemFaces(others), listFaces(debianFandol, false)...))

	fs := &FontSet{}
	loaded := map[string]*Face{}
	var missing []Role
	for _, role := range Roles {
		f, c := pickFace(role, tiers, loaded)
		if f == nil {
			missing = append(missing, role)
			continue
		}
		fs.faces[role], fs.substitute[role], fs.embolden[role] = f, c.substitute, c.embolden
	}
	// The faces loaded and not chosen give their files' mappings back.
	var errs []error
	for _, f := range loaded {
		if f != nil && !slices.Contains(fs.faces[:], f) {
			errs = append(errs, f.release())
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, &FontError{Missing: missing}
	}
	return fs, nil
}

// pickFace takes the first candidate, tier by tier, that loads and has the
// role's sample characters. loaded caches faces shared between roles.
func pickFace(role Role, tiers [][]faceInfo, loaded map[string]*Face) (*Face, candidate) {
	for _, tier := range tiers {
		for _, c := range candidates[role] {
			for _, fi := range tier {
				if !fi.matches(c.pattern) {
					continue
				}
				key := fi.path + "#" + strconv.Itoa(fi.index)
				f, ok := loaded[key]
				if !ok {
					var err error
					f, err = LoadFace(fi.path, fi.index)
					if err != nil {
						f = nil // unusable: remember, and try the next file
					}
					loaded[key] = f
				}
				if f != nil && covers(f, samples[role]) {
					return f, c
				}
			}
		}
	}
	return nil, candidate{}
}

func covers(f *Face, s string) bool {
	for _, r := range s {
		if !f.Has(r) {
			return false
		}
	}
	return true
}

func (fi faceInfo) matches(pattern string) bool {
	base := strings.ToLower(filepath.Base(fi.path))
	if strings.Contains(base, "droid") {
		return false
	}
	if strings.Contains(base, pattern) {
		return true
	}
	for _, fam := range fi.families {
		fam = strings.ToLower(fam)
		if strings.Contains(fam, "droid") {
			return false
		}
		if strings.Contains(fam, pattern) {
			return true
		}
	}
	return false
}

func isFontFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".ttf", ".ttc", ".otf":
		return true
	}
	return false
}

// listFaces lists the font files of dir. withNames reads family names too,
// which the office's own folder needs (files named 方正小标宋简体.ttf or
// FZXBSJW.TTF alike) but the Windows folder, with hundreds of files whose
// names are well known, does not.
func listFaces(dir string, withNames bool) []faceInfo {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil // a folder that does not exist simply has no fonts
	}
	var faces []faceInfo
	for _, e := range entries {
		if e.IsDir() || !isFontFile(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if !withNames {
			faces = append(faces, faceInfo{path: path})
			continue
		}
		fis, err := scanFile(path)
		if err != nil {
			continue // not a font after all; the resolver reports what is missing
		}
		faces = append(faces, fis...)
	}
	return faces
}

// systemFaces lists installed fonts with their families: from fc-list where
// fontconfig exists (it knows every configured directory), otherwise by
// walking the usual directories. fc-list's list is kept in the user's
// cache folder until a font directory changes (faceCache): run for every
// print it cost 30 ms and more of a 90 ms `xiaoneng print`.
func systemFaces(dirs []string) []faceInfo {
	if runtime.GOOS != "windows" {
		stamp := dirStamp(dirs)
		if faces, ok := cachedFaces(stamp); ok {
			return faces
		}
		if faces, err := fcList(); err == nil && len(faces) > 0 {
			if err := cacheFaces(stamp, faces); err != nil {
				return faces // listed again next time
			}
			return faces
		}
	}
	var faces []faceInfo
	for _, d := range dirs {
		err := filepath.WalkDir(d, func(path string, e os.DirEntry, err error) error {
			if err != nil {
				return filepath.SkipDir
			}
			if !e.IsDir() && isFontFile(path) {
				faces = append(faces, faceInfo{path: path})
			}
			return nil
		})
		if err != nil {
			continue
		}
	}
	return faces
}

// faceCache is the file fc-list's list is kept in: the stamp of the font
// directories it was made under, then a face a line (file, index,
// families).
func faceCache() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "xiaoneng", "fonts-v1.tsv"), nil
}

// dirStamp sums up the font directories as fontconfig judges its own
// caches: every directory under them and when it last changed (a font added
// or removed changes its directory). Some hundred directories: a
// millisecond.
func dirStamp(dirs []string) string {
	h := sha256.New()
	for _, d := range dirs {
		// a directory that cannot be read counts as absent
		filepath.WalkDir(d, func(path string, e os.DirEntry, err error) error {
			if err != nil || !e.IsDir() {
				return nil
			}
			if info, err := e.Info(); err == nil {
				fmt.Fprintf(h, "%s\t%d\n", path, info.ModTime().UnixNano())
			}
			return nil
		})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// cachedFaces reads the kept list when it was made under stamp.
func cachedFaces(stamp string) ([]faceInfo, bool) {
	path, err := faceCache()
	if err != nil {
		return nil, false
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	head, rest, _ := bytes.Cut(b, []byte("\n"))
	if string(head) != stamp {
		return nil, false
	}
	faces := parseFaces(rest)
	return faces, len(faces) > 0
}

// cacheFaces keeps faces as listed under stamp.
func cacheFaces(stamp string, faces []faceInfo) error {
	path, err := faceCache()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		fmt.Fprintln(bw, stamp)
		for _, f := range faces {
			fmt.Fprintf(bw, "%s\t%d\t%s\n", f.path, f.index, strings.Join(f.families, ","))
		}
		return bw.Flush()
	})
}

func fcList() ([]faceInfo, error) {
	if _, err := exec.LookPath("fc-list"); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "fc-list", "-f", "%{file}\t%{index}\t%{family}\n").Output()
	if err != nil {
		return nil, err
	}
	return parseFaces(out), nil
}

// parseFaces reads fc-list's lines: file, index and families, tab-separated.
func parseFaces(b []byte) []faceInfo {
	var faces []faceInfo
	for line := range strings.Lines(string(b)) {
		parts := strings.SplitN(strings.TrimSuffix(line, "\n"), "\t", 3)
		if len(parts) != 3 || !isFontFile(parts[0]) {
			continue
		}
		idx, err := strconv.Atoi(parts[1])
		if err != nil {
			continue
		}
		faces = append(faces, faceInfo{path: parts[0], index: idx, families: strings.Split(parts[2], ",")})
	}
	return faces
}

// MissingGlyph is a character the font cannot print, and where it is.
type MissingGlyph struct {
	Rune  rune
	Where string // in Chinese: 正文第3段第12字（第1页第8行）
	Page  int    // 1-based, 0 when not laid out
	X, Y  float64
}

func (m MissingGlyph) String() string {
	return fmt.Sprintf("“%c”（U+%04X）%s", m.Rune, m.Rune, m.Where)
}

// Missing lists the characters of text the role's face cannot print, with
// the paragraph (lines of text) and position of each. Characters beyond
// U+FFFF are always listed: the PDF engine cannot encode them.
func (fs *FontSet) Missing(role Role, text string) []MissingGlyph {
	var out []MissingGlyph
	f := fs.faces[role]
	for p, para := range strings.Split(text, "\n") {
		col := 0
		for _, r := range para {
			col++
			if printable(f, r) {
				continue
			}
			out = append(out, MissingGlyph{Rune: r, Where: fmt.Sprintf("第%d段第%d字", p+1, col)})
		}
	}
	return out
}

func printable(f *Face, r rune) bool {
	return r != utf8.RuneError && f.Has(r)
}

// GlyphError refuses to print text with characters the fonts lack: the
// office must see them rather than find an empty box on paper.
type GlyphError struct {
	Missing []MissingGlyph
}

func (e *GlyphError) Error() string {
	const show = 5
	parts := make([]string, 0, show)
	for i, m := range e.Missing {
		if i == show {
			break
		}
		parts = append(parts, m.String())
	}
	s := "字体缺少以下字符，无法打印：" + strings.Join(parts, "；")
	if len(e.Missing) > show {
		s += fmt.Sprintf("；等共%d处", len(e.Missing))
	}
	return s + "。请改用常用字或在“设置”中指定包含这些字符的字体"
}

// errFontMismatch is returned when pages laid out with one font set are
// rendered with another: positions would no longer match the glyphs.
var errFontMismatch = errors.New("gongwen: pages were laid out with a different font set")
