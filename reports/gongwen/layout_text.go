package gongwen

import (
	"fmt"
	"math"
	"regexp"
	"strings"
)

// Text on the grid: body lines broken and justified on the character
// grid, headings set in their faces, titles balanced over centred lines.

// textItems breaks a paragraph into flow items for frame f: each line
// justified on the frame's character grid, headings in their faces.
func (l *layouter) textItems(f frame, text string, indent float64, style ParaStyle, part string) []item {
	headEnd, headRole := 0, Body
	if style == ParaAuto {
		headEnd, headRole = heading(text)
	}
	b := l.breaker(f, indent)
	var items []item
	for _, ln := range b.Break(text) {
		start := ln.Start
		roleAt := func(i int) Role {
			if start+i < headEnd {
				return headRole
			}
			return Body
		}
		items = append(items, item{emit: func(p *Page, f frame, slot int) {
			p.Runs = append(p.Runs, l.justified(f, slot, ln, roleAt, source{part: part, offset: start})...)
		}})
	}
	return items
}

// breaker breaks body text on frame f, the first line indented indent
// characters.
func (l *layouter) breaker(f frame, indent float64) *Breaker {
	return &Breaker{Width: f.cells, Indent: indent, Advance: l.fonts.Face(Body).Advance, Keep: l.keep()}
}

// justified places a broken line on slot of f: full and squeezed lines fill
// the measure exactly; others keep the grid's character pitch.
func (l *layouter) justified(f frame, slot int, ln Line, roleAt func(int) Role, src source) []Run {
	em := f.size * ptToMM
	n := len([]rune(ln.Text))
	natural := 0.0
	i := 0
	for _, r := range ln.Text {
		natural += l.adv(roleAt(i), r) * em
		i++
	}
	indent := ln.Indent * f.cell()
	grid := f.cell() - em // the grid: one character per cell
	spacing := grid
	if (ln.Full || ln.Squeeze) && n > 1 {
		spacing = (f.width - indent - natural) / float64(n-1)
	}
	y := baseline(f.slotTop(slot), f.pitch, f.size)
	// A heading run in at the start of a stretched line keeps the grid's
	// pitch: the body text after it takes up the slack, so the heading is
	// spaced like every other line.
	heads := 0
	for heads < n && roleAt(heads) != Body {
		heads++
	}
	if heads == 0 || heads == n || spacing <= grid {
		return l.runs(f.left+indent, y, f.size, spacing, ln.Text, roleAt, Black, src)
	}
	rs := []rune(ln.Text)
	head := string(rs[:heads])
	x := f.left + indent
	out := l.runs(x, y, f.size, grid, head, roleAt, Black, src)
	x += l.lineWidth(roleAt(0), f.size, grid, head) + grid
	rest := string(rs[heads:])
	restW := l.width(Body, f.size, rest)
	sp := grid
	if k := len(rs) - heads; k > 1 {
		sp = (f.left + f.width - x - restW) / float64(k-1)
	}
	tail := l.runs(x, y, f.size, sp, rest, func(int) Role { return Body }, Black, source{part: src.part, offset: src.offset + heads})
	return append(out, tail...)
}

var (
	reH1 = regexp.MustCompile(`^[一二三四五六七八九十百]+、`)
	reH2 = regexp.MustCompile(`^[（(][一二三四五六七八九十百]+[）)]`)
)

// heading finds a heading at the start of a paragraph: its length in runes
// and its role. Only a heading is set in the heading face: a paragraph
// that is a title ("一、监督检查情况", no closing stop), or the run-in
// title of one ("（一）投诉办理超期。" before the text). A numbered
// paragraph that is a sentence ("一、未公示服务承诺制。", "二、严格落实首问
// 负责制度，建立……。") is body text and stays in 仿宋.
func heading(text string) (int, Role) {
	role := Body
	switch {
	case reH1.MatchString(text):
		role = Heading1
	case reH2.MatchString(text):
		role = Heading2
	default:
		return 0, Body
	}
	rs := []rune(text)
	stop := -1
	for i, r := range rs {
		if strings.ContainsRune("。！？；", r) {
			stop = i
			break
		}
	}
	switch {
	case stop < 0:
		// a title without a stop: a heading if it reads as one
		if len(rs) > CharsPerLine || strings.ContainsAny(text, "，：") {
			return 0, Body
		}
		return len(rs), role
	case stop == len(rs)-1:
		return 0, Body // one sentence: a numbered paragraph
	case strings.ContainsAny(string(rs[:stop]), "，；：") || stop+1 > CharsPerLine:
		return 0, Body // its first sentence is no title
	}
	return stop + 1, role
}

// keep lists the strings the breaker must not split in this document.
func (l *layouter) keep() []string {
	var k []string
	if l.doc.Number != "" {
		k = append(k, l.doc.Number)
	}
	return k
}

// numberPages prints "— 1 —" in 4号宋体 7 mm below the text block: odd
// pages on the right, even on the left, one character in from the edge.
// first says whether the first page carries its number (the 信函格式's
// does not). A blank page before the 版记's and the 版记's own are not
// numbered (GB/T 9704 7.5).
func (l *layouter) numberPages(first bool) {
	face := l.fonts.Face(PageNumber)
	em := PageNumberSize * ptToMM
	inkTop := face.InkTop('—')
	if inkTop <= 0 {
		inkTop = 0.4
	}
	y := MarginTop + BlockHeight + PageNumberGap + inkTop*em
	for i := range l.pages {
		n := i + 1
		if n == 1 && !first || l.footBlank && n > len(l.pages)-2 {
			continue
		}
		text := fmt.Sprintf("— %d —", n)
		w := l.width(PageNumber, PageNumberSize, text)
		x := MarginLeft + em
		if n%2 == 1 {
			x = MarginLeft + BlockWidth - em - w
		}
		p := &l.pages[i]
		p.Number = n
		p.Runs = append(p.Runs, l.simple(x, y, PageNumberSize, 0, PageNumber, text, Black, source{part: "页码"})...)
	}
}

// balanceTitle breaks a title into centred lines of similar length (GB/T
// 9704: 梯形或菱形, 词意完整): never a lone character on a line, no
// number or kind name split, and a break after 的 or a name preferred.
func (l *layouter) balanceTitle(title string) []string {
	title = strings.TrimSpace(title)
	rs := []rune(title)
	em := TitleSize * ptToMM
	maxW := BlockWidth / em // characters per title line
	ws := make([]float64, len(rs)+1)
	for i, r := range rs {
		ws[i+1] = ws[i] + l.adv(Title, r)
	}
	total := ws[len(rs)]
	if total <= maxW {
		return []string{title}
	}
	keep := append(l.keep(), string(l.doc.Kind), strings.TrimSuffix(strings.TrimSpace(l.doc.Recipient), "："))
	g := glue(rs, keep)
	for n := int(math.Ceil(total / maxW)); n <= len(rs)/2; n++ {
		if lines := splitBalanced(rs, ws, g, n, maxW, keep); lines != nil {
			return lines
		}
	}
	// nothing balanced fits: break as body text
	b := Breaker{Width: maxW, Advance: l.fonts.Face(Title).Advance, Keep: keep}
	var out []string
	for _, ln := range b.Break(title) {
		out = append(out, ln.Text)
	}
	return out
}

// splitBalanced splits rs into n lines of at most maxW em and at least two
// characters, at allowed breaks. The cost of a split is how far its lines
// are from the mean length, less a bonus for a break where the words allow
// it (词意完整): after a kept name such as the recipient, before 予以 or 暨,
// after 的; a longer line above a shorter one (倒梯形) costs a little. It
// returns nil if no split fits.
func splitBalanced(rs []rune, ws []float64, g []bool, n int, maxW float64, keep []string) []string {
	N := len(rs)
	mean := ws[N] / float64(n)
	bonus := make([]float64, N+1)
	s := string(rs)
	for _, k := range keep {
		if k == "" {
			continue
		}
		if j := strings.Index(s, k); j >= 0 {
			end := len([]rune(s[:j])) + len([]rune(k))
			bonus[end] = 8
		}
	}
	// breaking inside a word of the office's vocabulary costs as much as a
	// name's end gains
	for _, w := range titleWords {
		for off := 0; ; {
			j := strings.Index(s[off:], w)
			if j < 0 {
				break
			}
			a := len([]rune(s[:off+j]))
			for i := a + 1; i < a+len([]rune(w)); i++ {
				bonus[i] -= 6
			}
			off += j + len(w)
		}
	}
	for i := 1; i < N; i++ {
		switch {
		case strings.HasPrefix(string(rs[i:]), "予以"):
			bonus[i] = math.Max(bonus[i], 8)
		case rs[i] == '暨':
			bonus[i] = math.Max(bonus[i], 5)
		case rs[i-1] == '的', rs[i] == '和', rs[i] == '及':
			bonus[i] = math.Max(bonus[i], 3)
		}
	}
	inf := math.Inf(1)
	// cost[k][i]: best cost of breaking rs[:i] into k lines; from[k][i] the previous break
	cost := make([][]float64, n+1)
	from := make([][]int, n+1)
	for k := range cost {
		cost[k] = make([]float64, N+1)
		from[k] = make([]int, N+1)
		for i := range cost[k] {
			cost[k][i] = inf
		}
	}
	cost[0][0] = 0
	for k := 1; k <= n; k++ {
		for i := 2; i <= N; i++ {
			if i < N && g[i] {
				continue
			}
			for j := 0; j <= i-2; j++ {
				if cost[k-1][j] == inf || j > 0 && g[j] {
					continue
				}
				w := ws[i] - ws[j]
				if w > maxW+1e-9 {
					continue
				}
				c := cost[k-1][j] + math.Abs(w-mean)
				if j > 0 {
					c -= bonus[j]
					if prev := ws[j] - ws[from[k-1][j]]; prev > w+1e-9 {
						c += 0.5 // 倒梯形: the longer line above
					}
				}
				if c < cost[k][i] {
					cost[k][i], from[k][i] = c, j
				}
			}
		}
	}
	if cost[n][N] == inf {
		return nil
	}
	lines := make([]string, n)
	for k, i := n, N; k > 0; k-- {
		j := from[k][i]
		lines[k-1] = string(rs[j:i])
		i = j
	}
	return lines
}

// titleWords are words common in the office's titles: a title line does
// not end inside one when it can be helped.
var titleWords = strings.Fields(`
	单位 部门 机关 人员 工作 情况 问题 效能 建设 管理 服务 窗口 群众 投诉 举报
	整改 通知 通报 纪律 作风 明察 暗访 督查 检查 监察 建议 告诫 办理 审批 规范
	季度 年度 全县 县直 乡镇 街道 政务 中心 办公室 监督 市场 社会 保险 保障 资源
	住房 城乡 交通 运输 公安 卫生 健康 教育 自然 规划 供电 供水 公司 进一步 加强
	落实 责任 追究 专项 治理 营商 环境 优化 转办 交办 催办 工作人员 有关 部分`)
