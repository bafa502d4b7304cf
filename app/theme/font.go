package theme

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/fontscan"
)

// resolvedFont is the outcome of the font search.
type resolvedFont struct {
	regular, bold fyne.Resource
	name          string // family and file, e.g. "WenQuanYi Micro Hei (/usr/share/…/wqy-microhei.ttc)"
	note          string // why nothing was found
}

// candidate is a font file worth trying, best first. A collection (.ttc)
// holds several faces; family picks one ("" takes the first that has Chinese
// glyphs).
type candidate struct {
	path, family string
	boldPath     string // the matching bold face, if the family has one
	fontconfig   bool   // ask fc-match for path and face (only if reached)
	systemScan   bool   // ask go-text's index of installed fonts (only if reached)
}

// probe runes: common characters of the office's vocabulary. A face that lacks
// them would draw tofu boxes.
const probe = "效能台账投诉督查"

func candidates() []candidate {
	var list []candidate
	// FYNE_FONT is Fyne's own override convention; honour it first so a site
	// with an unusual font setup can choose.
	if p := os.Getenv("FYNE_FONT"); p != "" {
		list = append(list, candidate{path: p})
	}
	if runtime.GOOS == "windows" {
		dir := os.Getenv("WINDIR")
		if dir == "" {
			dir = `C:\Windows`
		}
		f := func(name string) string { return filepath.Join(dir, "Fonts", name) }
		return append(list,
			candidate{path: f("msyh.ttc"), family: "Microsoft YaHei UI", boldPath: f("msyhbd.ttc")},
			candidate{path: f("msyh.ttf"), boldPath: f("msyhbd.ttf")}, // Windows 7
			candidate{path: f("Deng.ttf"), boldPath: f("Dengb.ttf")},
			candidate{path: f("simhei.ttf")},
			candidate{path: f("simsun.ttc"), family: "SimSun"},
			candidate{systemScan: true},
		)
	}
	for _, dir := range []string{"/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk",
		"/usr/share/fonts/google-noto-cjk", "/usr/share/fonts/google-noto-sans-cjk-fonts"} {
		list = append(list, candidate{path: dir + "/NotoSansCJK-Regular.ttc", family: "Noto Sans CJK SC",
			boldPath: dir + "/NotoSansCJK-Bold.ttc"})
	}
	list = append(list,
		candidate{path: "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
			boldPath: "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Bold.otf"},
		candidate{path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", family: "WenQuanYi Micro Hei"},
		candidate{path: "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", family: "WenQuanYi Micro Hei"},
		candidate{path: "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", family: "WenQuanYi Micro Hei"},
		candidate{path: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", family: "WenQuanYi Zen Hei"},
		candidate{path: "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc", family: "WenQuanYi Zen Hei"},
		candidate{path: "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"},
	)
	list = append(list, candidate{fontconfig: true})
	// Serif and brush faces last: readable, but not what an office UI looks like.
	return append(list,
		candidate{path: "/usr/share/fonts/truetype/arphic/uming.ttc"},
		candidate{path: "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"},
		candidate{path: "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
			boldPath: "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Bold.ttf"},
		candidate{systemScan: true},
	)
}

// installHint says what to install on a machine with no font that draws
// Chinese. On Linux the one command also brings the stand-ins the printed
// documents need.
func installHint() string {
	const boxes = "这台电脑没有能显示中文的字体，效能台账的文字会显示为方框。\n"
	if runtime.GOOS == "windows" {
		return boxes + "请在“设置 → 时间和语言 → 语言和区域”中添加“中文(简体)”，" +
			"或在“设置 → 应用 → 可选功能”中添加“中文(简体)补充字体”；" +
			"也可以把微软雅黑（msyh.ttc）或宋体（simsun.ttc）复制到 C:\\Windows\\Fonts。然后重新打开效能台账。"
	}
	return boxes + "请安装中文字体后重新打开效能台账（统信UOS、银河麒麟、Debian、Ubuntu 均可）：\n" +
		"sudo apt-get install fonts-wqy-microhei fonts-arphic-gbsn00lp fonts-arphic-gkai00mp"
}

// fcMatch asks fontconfig for its best Simplified Chinese face. The index
// is encoded in family as "#n" so loadFace picks that face of a collection.
func fcMatch() (candidate, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "fc-match", "-f", "%{file}|%{index}", ":lang=zh-cn").Output()
	if err != nil {
		return candidate{}, false
	}
	path, index, ok := strings.Cut(strings.TrimSpace(string(out)), "|")
	if !ok || path == "" {
		return candidate{}, false
	}
	return candidate{path: path, family: "#" + index}, true
}

// scanSystem asks go-text's index of the installed fonts, the one Fyne's
// own fallback uses, for any face that draws Chinese: a machine whose fonts
// are all unusual still gets one, and one that has none at all is told so.
// The first scan of a machine reads every font; later ones read the index
// cached in the user's cache folder.
func scanSystem() (candidate, bool) {
	fm := fontscan.NewFontMap(log.New(io.Discard, "", 0))
	if err := fm.UseSystemFonts(""); err != nil {
		return candidate{}, false
	}
	// Chinese sans-serif faces first, as office screens use; then any other
	// sans-serif; then any face that draws Chinese.
	fm.SetQuery(fontscan.Query{Families: []string{"Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
		"WenQuanYi Micro Hei", "WenQuanYi Zen Hei", fontscan.SansSerif}})
	face := fm.ResolveFace([]rune(probe)[0])
	if face == nil {
		return candidate{}, false
	}
	loc := fm.FontLocation(face.Font)
	if loc.File == "" {
		return candidate{}, false
	}
	return candidate{path: loc.File, family: "#" + strconv.Itoa(int(loc.Index))}, true
}

// resolveFont takes the first candidate whose face Fyne can load and that
// draws the probe characters.
func resolveFont() resolvedFont {
	var reasons []string
	for _, c := range candidates() {
		var ok bool
		switch {
		case c.fontconfig:
			c, ok = fcMatch()
		case c.systemScan:
			c, ok = scanSystem()
		default:
			ok = true
		}
		if !ok {
			continue
		}
		regular, family, err := loadFace(c.path, c.family)
		if err != nil {
			if !errors.Is(err, os.ErrNotExist) {
				reasons = append(reasons, err.Error())
			}
			continue
		}
		r := resolvedFont{regular: regular, name: fmt.Sprintf("%s (%s)", family, c.path)}
		if c.boldPath != "" {
			// The bold face is a nicety: without it bold text is drawn upright.
			if bold, _, err := loadFace(c.boldPath, ""); err == nil {
				r.bold = bold
			}
		}
		return r
	}
	if len(reasons) == 0 {
		reasons = append(reasons, "no candidate font file exists")
	}
	return resolvedFont{note: strings.Join(reasons, "; ")}
}

// loadFace reads a font file and returns one face as a resource Fyne can
// parse. Fyne parses single fonts only, so a face of a collection (.ttc) is
// copied out into a standalone font. family selects the face by family name,
// or by index as "#n"; "" takes the first face with Chinese glyphs.
func loadFace(path, family string) (fyne.Resource, string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	loaders, err := opentype.NewLoaders(bytes.NewReader(raw))
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	want := -1
	if n, ok := strings.CutPrefix(family, "#"); ok {
		if want, err = strconv.Atoi(n); err != nil || want < 0 || want >= len(loaders) {
			return nil, "", fmt.Errorf("%s: no face %q", path, family)
		}
	}
	// A family that is not found by name (names differ between releases of
	// the same font) falls back to the first face that draws Chinese.
	for _, byName := range []bool{family != "" && want < 0, false} {
		for i, ld := range loaders {
			desc, _ := font.Describe(ld, nil)
			if (want >= 0 && i != want) || (byName && desc.Family != family) {
				continue
			}
			content := raw
			if len(loaders) > 1 {
				if content, err = extract(ld); err != nil {
					return nil, "", fmt.Errorf("%s: face %d: %w", path, i, err)
				}
			}
			if err := drawsChinese(content); err != nil {
				if want >= 0 {
					return nil, "", fmt.Errorf("%s: %s: %w", path, desc.Family, err)
				}
				continue
			}
			return fyne.NewStaticResource(filepath.Base(path), content), desc.Family, nil
		}
		if want >= 0 {
			break
		}
	}
	return nil, "", fmt.Errorf("%s: no suitable face", path)
}

// extract copies one face of a collection into a standalone font file.
func extract(ld *opentype.Loader) ([]byte, error) {
	tags := ld.Tables()
	slices.Sort(tags) // WriteTTF requires tag order
	tables := make([]opentype.Table, 0, len(tags))
	for _, tag := range tags {
		b, err := ld.RawTable(tag)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", tag, err)
		}
		tables = append(tables, opentype.Table{Tag: tag, Content: b})
	}
	return opentype.WriteTTF(tables), nil
}

// drawsChinese parses content the way Fyne does and checks that it maps the
// probe characters to glyphs.
func drawsChinese(content []byte) error {
	face, err := font.ParseTTF(bytes.NewReader(content))
	if err != nil {
		return err
	}
	for _, r := range probe {
		if _, ok := face.NominalGlyph(r); !ok {
			return fmt.Errorf("no glyph for %q", r)
		}
	}
	return nil
}
