package importer

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// The workbook reader. A workbook is a zip of XML parts: the workbook
// (its sheets), their relationships, the shared strings and a part per
// sheet. excelize, which writes the program's workbooks, reads them by
// unpacking every part into memory and decoding the shared strings and
// merged ranges whole, with no bound on either: a 1.5 KB file claiming
// one merged range over the whole sheet, or a 1 MB file unpacking to a
// gigabyte, takes the program down. This reader streams the parts it needs
// through a tokenizer, counts what it unpacks and what it keeps (limits.go)
// and refuses beyond the bounds. It reads what the importer needs — each
// cell's stored text (a date is its serial number), the merged ranges and
// whether a sheet is hidden — and nothing else.

// workbook is an opened workbook.
type workbook struct {
	name     string               // the file's name, for messages
	parts    map[string]*zip.File // by lower-case name
	sheets   []sheetRef
	shared   []string // the shared strings, once a sheet needs them
	sharedAt string   // the shared strings' part
	loaded   bool
}

// sheetRef is a worksheet as the workbook lists it.
type sheetRef struct {
	name, part string
	hidden     bool
}

// openWorkbook reads the list of a workbook's sheets, after checking what
// its parts claim to unpack to.
func openWorkbook(r io.ReaderAt, size int64, name string) (*workbook, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNotWorkbook, damaged(name))
	}
	if len(zr.File) > maxParts {
		return nil, tooBig(name, fmt.Sprintf("有超过%d个部件", maxParts))
	}
	wb := &workbook{name: name, parts: map[string]*zip.File{}}
	var total uint64
	for _, f := range zr.File {
		// archive/zip refuses to unpack more than a part declares, so
		// what is declared is what is bounded.
		n := f.UncompressedSize64
		total += n
		if total > maxUnpacked {
			return nil, tooBig(name, fmt.Sprintf("解压后超过%dMB", maxUnpacked>>20))
		}
		if n > ratioFloor && n > f.CompressedSize64*maxRatio {
			return nil, tooBig(name, fmt.Sprintf("解压后的内容是文件中的%d倍以上，不像是台账（可能是恶意文件）", n/max(f.CompressedSize64, 1)))
		}
		wb.parts[strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))] = f
	}
	if err := wb.readSheetList(); err != nil {
		return nil, err
	}
	return wb, nil
}

// xmlReader streams a part through a tokenizer whose tokens and nesting are
// bounded.
type xmlReader struct {
	d     *xml.Decoder
	rc    io.ReadCloser
	guard *tokenGuard
	depth int
	name  string
}

var (
	errNoPart      = errors.New("importer: no such part")
	errNotWorkbook = errors.New("importer: not a zip file")
)

func (wb *workbook) open(part string) (*xmlReader, error) {
	f, ok := wb.parts[strings.ToLower(part)]
	if !ok {
		return nil, errNoPart
	}
	rc, err := f.Open()
	if err != nil {
		return nil, damaged(wb.name)
	}
	g := &tokenGuard{r: rc}
	d := xml.NewDecoder(g)
	d.Strict = true
	return &xmlReader{d: d, rc: rc, guard: g, name: wb.name}, nil
}

func (x *xmlReader) Close() error { return x.rc.Close() }

// next is the next token, its depth kept (the start of an element at the
// depth it opens, its end at the same depth); io.EOF at the end.
func (x *xmlReader) next() (xml.Token, error) {
	tok, err := x.d.RawToken()
	if err != nil {
		switch {
		case x.guard.over:
			// The decoder may report the cut as a syntax error (a
			// character cut in two) rather than the guard's error.
			return nil, tooBig(x.name, "中有超过1MB的单元格内容或标记")
		case errors.Is(err, io.EOF):
			return nil, io.EOF
		}
		return nil, damaged(x.name)
	}
	switch tok.(type) {
	case xml.StartElement:
		x.depth++
		if x.depth > maxDepth {
			return nil, damaged(x.name)
		}
	case xml.EndElement:
		x.depth--
	}
	return tok, nil
}

// text is the character data up to the end of the element just started,
// its children's included.
func (x *xmlReader) text() (string, error) {
	var b strings.Builder
	depth := x.depth
	for {
		tok, err := x.next()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if b.Len()+len(t) > maxToken {
				return "", tooBig(x.name, "中有超过1MB的单元格内容或标记")
			}
			b.Write(t)
		case xml.EndElement:
			if x.depth < depth {
				return b.String(), nil
			}
		}
	}
}

// errTokenTooLong stops a part whose tag or text runs past maxToken: the
// tokenizer would keep all of it in memory.
var errTokenTooLong = errors.New("importer: token too long")

// tokenGuard passes a part's bytes on, failing (and staying failed, over)
// once maxToken bytes pass without a '<' or '>'.
type tokenGuard struct {
	r    io.Reader
	run  int
	over bool
}

func (g *tokenGuard) Read(p []byte) (int, error) {
	if g.over {
		return 0, errTokenTooLong
	}
	n, err := g.r.Read(p)
	for _, c := range p[:n] {
		if c == '<' || c == '>' {
			g.run = 0
		} else if g.run++; g.run > maxToken {
			g.over = true
			return 0, errTokenTooLong
		}
	}
	return n, err
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// relationships maps a relationships part's ids to their targets, and
// notes the target of each type's last path element (sharedStrings,
// officeDocument).
func (wb *workbook) relationships(part, base string) (byID, byType map[string]string, err error) {
	byID, byType = map[string]string{}, map[string]string{}
	x, err := wb.open(part)
	if errors.Is(err, errNoPart) {
		return byID, byType, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer x.Close()
	for {
		tok, err := x.next()
		if err == io.EOF {
			return byID, byType, nil
		}
		if err != nil {
			return nil, nil, err
		}
		e, ok := tok.(xml.StartElement)
		if !ok || e.Name.Local != "Relationship" {
			continue
		}
		if len(byID) >= maxParts {
			return nil, nil, tooBig(wb.name, fmt.Sprintf("有超过%d个部件", maxParts))
		}
		target := attr(e, "Target")
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Join(base, target)
		}
		byID[attr(e, "Id")] = target
		t := attr(e, "Type")
		byType[t[strings.LastIndex(t, "/")+1:]] = target
	}
}

// readSheetList finds the workbook's part through the package's
// relationships and reads its sheets in order.
func (wb *workbook) readSheetList() error {
	_, pkg, err := wb.relationships("_rels/.rels", "")
	if err != nil {
		return err
	}
	book := pkg["officeDocument"]
	if book == "" {
		book = "xl/workbook.xml"
	}
	dir := path.Dir(book)
	ids, types, err := wb.relationships(path.Join(dir, "_rels", path.Base(book)+".rels"), dir)
	if err != nil {
		return err
	}
	wb.sharedAt = types["sharedStrings"]
	x, err := wb.open(book)
	if err != nil {
		return damaged(wb.name)
	}
	defer x.Close()
	for {
		tok, err := x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		e, ok := tok.(xml.StartElement)
		if !ok || e.Name.Local != "sheet" {
			continue
		}
		part, ok := ids[attr(e, "id")]
		if !ok {
			continue // a chart sheet or a dangling entry: no cells to read
		}
		state := attr(e, "state")
		wb.sheets = append(wb.sheets, sheetRef{name: attr(e, "name"), part: part, hidden: state == "hidden" || state == "veryHidden"})
	}
	if len(wb.sheets) == 0 {
		return damaged(wb.name)
	}
	return nil
}

// loadShared reads the shared strings, once: the text of each <si>, its
// runs' text joined, the phonetic guides (<rPh>) left out.
func (wb *workbook) loadShared() error {
	if wb.loaded {
		return nil
	}
	wb.loaded = true
	if wb.sharedAt == "" {
		wb.sharedAt = "xl/sharedStrings.xml"
	}
	x, err := wb.open(wb.sharedAt)
	if errors.Is(err, errNoPart) {
		return nil
	}
	if err != nil {
		return err
	}
	defer x.Close()
	var (
		b      strings.Builder
		in     bool // within an <si>
		inT    bool // within a <t> of the string itself
		rph    int  // depth of an <rPh> within the <si>, 0 when outside
		bytes_ int
	)
	for {
		tok, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				in = true
				b.Reset()
			case "rPh":
				rph = x.depth
			case "t":
				inT = in && rph == 0
			}
		case xml.CharData:
			if inT {
				if bytes_ += len(t); bytes_ > maxSharedBytes {
					return tooBig(wb.name, fmt.Sprintf("的文字超过%dMB", maxSharedBytes>>20))
				}
				b.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				if len(wb.shared) >= maxShared {
					return tooBig(wb.name, fmt.Sprintf("有超过%d万条不同的文字", maxShared/10000))
				}
				wb.shared = append(wb.shared, unescapeOOXML(b.String()))
				in = false
			case "rPh":
				if x.depth < rph {
					rph = 0
				}
			case "t":
				inT = false
			}
		}
	}
}

// reEscape finds OOXML's escapes of characters XML cannot carry: _x000D_
// for a carriage return.
var reEscape = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return reEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[2:6], 16, 16) // four hex digits
		return string(rune(n))
	})
}

// readSheet reads a sheet's cells and merged ranges into a table, keeping
// no more than rows rows (all of them for 0).
func (wb *workbook) readSheet(ref sheetRef, rows int) (*Table, error) {
	t := &Table{File: wb.name, Sheet: ref.name}
	b := newTableBuilder(t)
	x, err := wb.open(ref.part)
	if err != nil {
		return nil, damaged(wb.name)
	}
	defer x.Close()
	var (
		row       []string
		rowNum    = -1 // the row being read, 0-based
		col       int  // the next cell's column without a reference
		cellCol   int
		cellType  string
		value     string
		inlineStr string
		inCell    bool
		skip      bool // a row beyond those kept
	)
	for {
		tok, err := x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "row":
				n := rowNum + 1
				if r := attr(e, "r"); r != "" {
					v, err := strconv.Atoi(r)
					if err != nil || v < 1 || v-1 < n {
						return nil, damaged(wb.name)
					}
					n = v - 1
				}
				rowNum, row, col = n, nil, 0
				skip = rows > 0 && n >= rows
			case "c":
				if rowNum < 0 {
					return nil, damaged(wb.name)
				}
				cellCol = col
				if ref := attr(e, "r"); ref != "" {
					c, r, ok := cellRef(ref)
					if !ok || r != rowNum || c < col {
						return nil, damaged(wb.name)
					}
					cellCol = c
				}
				if cellCol >= maxColumns {
					return nil, tooBig(wb.name, fmt.Sprintf("第%d行有超过%d列", rowNum+1, maxColumns))
				}
				col = cellCol + 1
				cellType, value, inlineStr, inCell = attr(e, "t"), "", "", !skip
			case "v":
				if inCell {
					if value, err = x.text(); err != nil {
						return nil, err
					}
				}
			case "is":
				if inCell {
					if inlineStr, err = x.inline(); err != nil {
						return nil, err
					}
				}
			case "mergeCell":
				if len(t.Merged) >= maxMerged {
					return nil, tooBig(wb.name, fmt.Sprintf("有超过%d个合并单元格", maxMerged))
				}
				r, ok := rangeRef(attr(e, "ref"))
				if !ok {
					return nil, damaged(wb.name)
				}
				t.Merged = append(t.Merged, r)
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "c":
				if !inCell {
					continue
				}
				inCell = false
				text, err := wb.cellText(cellType, value, inlineStr)
				if err != nil {
					return nil, err
				}
				if text == "" {
					continue
				}
				for len(row) < cellCol {
					row = append(row, "")
				}
				row = append(row, text)
			case "row":
				if skip {
					continue
				}
				if err := b.set(rowNum, row); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := b.fillMerged(); err != nil {
		return nil, err
	}
	t.trim()
	return t, nil
}

// inline is the text of an inline string (<is>) just started: its <t>s,
// runs' included, phonetic guides left out.
func (x *xmlReader) inline() (string, error) {
	var b strings.Builder
	depth, rph := x.depth, 0
	for {
		tok, err := x.next()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "rPh":
				rph = x.depth
			case t.Name.Local == "t" && rph == 0:
				s, err := x.text()
				if err != nil {
					return "", err
				}
				if b.Len()+len(s) > maxToken {
					return "", tooBig(x.name, "中有超过1MB的单元格内容或标记")
				}
				b.WriteString(s)
			}
		case xml.EndElement:
			if t.Name.Local == "rPh" && x.depth < rph {
				rph = 0
			}
			if x.depth < depth {
				return unescapeOOXML(b.String()), nil
			}
		}
	}
}

// cellText is what a cell holds as text: a shared string's text, an
// inline string, or the stored value (a number, a date's serial number, a
// formula's last result, TRUE as 1).
func (wb *workbook) cellText(typ, value, inline string) (string, error) {
	switch typ {
	case "s":
		if err := wb.loadShared(); err != nil {
			return "", err
		}
		i, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil || i < 0 || i >= len(wb.shared) {
			return "", damaged(wb.name)
		}
		return wb.shared[i], nil
	case "inlineStr":
		return inline, nil
	}
	return unescapeOOXML(value), nil
}

// cellRef reads a cell reference (AB12) as a 0-based column and row.
func cellRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		if col > 16384 {
			return 0, 0, false
		}
		i++
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	r, err := strconv.Atoi(ref[i:])
	if err != nil || r < 1 || r > 1<<20 || ref[i] == '+' || ref[i] == '-' {
		return 0, 0, false
	}
	return col - 1, r - 1, true
}

// rangeRef reads a range (A1:N1, or one cell) as a Range.
func rangeRef(ref string) (Range, bool) {
	first, last, found := strings.Cut(ref, ":")
	if !found {
		last = first
	}
	c1, r1, ok1 := cellRef(first)
	c2, r2, ok2 := cellRef(last)
	if !ok1 || !ok2 || c2 < c1 || r2 < r1 {
		return Range{}, false
	}
	return Range{Row1: r1, Col1: c1, Row2: r2, Col2: c2}, true
}
