package gongwen

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// The parts of the .docx package around the body: the section, footers
// and header, styles, fonts, settings, and the zip that holds them.

// sectPr is the section: A4, the margins, the grid, the footers; the
// pages of the text are numbered, a blank page before the 版记's page and
// that page are not (numbered false, see layouter.foot).
func (x *docxWriter) sectPr(numbered bool) string {
	l := x.l
	f := l.grid
	var b strings.Builder
	b.WriteString("<w:sectPr>")
	if x.d.Draft {
		b.WriteString(`<w:headerReference w:type="default" r:id="rIdH1"/><w:headerReference w:type="even" r:id="rIdH1"/><w:headerReference w:type="first" r:id="rIdH1"/>`)
	}
	if !numbered {
		b.WriteString(`<w:footerReference w:type="default" r:id="rIdF4"/><w:footerReference w:type="even" r:id="rIdF4"/><w:footerReference w:type="first" r:id="rIdF4"/>`)
	} else if x.footer {
		b.WriteString(`<w:footerReference w:type="default" r:id="rIdF1"/><w:footerReference w:type="even" r:id="rIdF2"/>`)
		if x.first {
			b.WriteString(`<w:footerReference w:type="first" r:id="rIdF3"/>`)
		} else {
			b.WriteString(`<w:footerReference w:type="first" r:id="rIdF1"/>`)
		}
	}
	// LibreOffice cuts the text block to whole lines of the grid (and
	// moves lines of another pitch off it): the grid's pitch is the
	// lines' (whole twips), the bottom margin leaves the grid's lines
	// (35 mm give or take a few tenths), and lines of other frames are no
	// taller than that block holds (lineMM). The two copies on half
	// sheets, on a pitch of their own, have no grid.
	grid := twDown(f.pitch)
	bottom := tw(x.bottom)
	if !x.halves {
		// and a twip a line more: LibreOffice rounds each line's height
		// to hundredths of a millimetre
		bottom = tw(PageHeight) - tw(x.top) - f.lines*(grid+1)
	}
	fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d"/>`, tw(PageWidth), tw(PageHeight))
	fmt.Fprintf(&b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
		tw(x.top), tw(PageWidth-MarginLeft-BlockWidth), bottom, tw(MarginLeft), tw(6), tw(PageHeight-MarginTop-BlockHeight-PageNumberGap-7))
	b.WriteString(`<w:pgNumType w:start="1"/>`)
	if numbered && (x.first || x.footer) {
		b.WriteString("<w:titlePg/>")
	}
	// the line grid; the characters a line holds come from their spacing
	// (charSpacing): LibreOffice spreads a 3号 character over two cells of
	// a character grid narrower than it, where Word would squeeze it
	if x.halves {
		fmt.Fprintf(&b, `<w:docGrid w:linePitch="%d"/>`, grid)
	} else {
		fmt.Fprintf(&b, `<w:docGrid w:type="lines" w:linePitch="%d"/>`, grid)
	}
	b.WriteString("</w:sectPr>")
	return b.String()
}

// charSpacing is the spacing between characters, in twentieths of a point,
// that puts the grid's characters on a line of body text: 28 of 3号 in
// 156 mm take a little less than their width each.
func (x *docxWriter) charSpacing() int {
	f := x.l.grid
	return -int(math.Ceil((BodySize-f.cell()/ptToMM)*20 + 0.5))
}

func (x *docxWriter) footerXML(align string, number bool, rule bool) string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:ftr ` + nsW + `>`)
	switch {
	case rule:
		// the 信函格式's closing double line, 20 mm above the page's foot
		x170 := (170 - BlockWidth) / 2
		p := para{exact: 0.8, left: -x170, right: -x170,
			border: `<w:bottom w:val="thinThickSmallGap" w:sz="18" w:space="0" w:color="E60012"/>`}
		b.WriteString("<w:p>" + x.pPr(p) + x.runXML(wrun{size: 1}) + "</w:p>")
		p2 := para{exact: 20 - (PageHeight - MarginTop - BlockHeight - PageNumberGap - 7) + 7}
		if p2.exact > 0 {
			b.WriteString("<w:p>" + x.pPr(p2) + x.runXML(wrun{size: 1}) + "</w:p>")
		}
	case number:
		em := PageNumberSize * ptToMM
		p := para{align: align, exact: 7}
		if align == "right" {
			p.right = em
		} else {
			p.left = em
		}
		r := func(t string) string { return x.runXML(wrun{text: t, role: PageNumber, size: PageNumberSize}) }
		fld := func(s string) string {
			return strings.Replace(x.runXML(wrun{role: PageNumber, size: PageNumberSize}), "</w:r>", s+"</w:r>", 1)
		}
		b.WriteString("<w:p>" + x.pPr(p) + r("— ") + fld(`<w:fldChar w:fldCharType="begin"/>`) +
			fld(`<w:instrText xml:space="preserve"> PAGE </w:instrText>`) + fld(`<w:fldChar w:fldCharType="separate"/>`) +
			r("1") + fld(`<w:fldChar w:fldCharType="end"/>`) + r(" —") + "</w:p>")
	default:
		b.WriteString("<w:p/>")
	}
	b.WriteString("</w:ftr>")
	return b.String()
}

func (x *docxWriter) headerXML() string {
	em := BodySize * ptToMM
	p := para{align: "right", exact: em + 3,
		border: `<w:top w:val="single" w:sz="12" w:space="1" w:color="E60012"/><w:left w:val="single" w:sz="12" w:space="4" w:color="E60012"/><w:bottom w:val="single" w:sz="12" w:space="1" w:color="E60012"/><w:right w:val="single" w:sz="12" w:space="4" w:color="E60012"/>`}
	p.left = BlockWidth - x.l.width(Heading1, BodySize, "草　稿") - 4
	return xmlHead + `<w:hdr ` + nsW + `><w:p>` + x.pPr(p) + x.runXML(wrun{text: "草　稿", role: Heading1, size: BodySize, color: Red}) + `</w:p></w:hdr>`
}

const (
	xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsW     = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
)

func (x *docxWriter) stylesXML() string {
	f := docxFonts[Body]
	return xmlHead + `<w:styles ` + nsW + `><w:docDefaults><w:rPrDefault><w:rPr>` +
		fmt.Sprintf(`<w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s" w:cs="%s"/>`, f.name, f.name, f.name, f.name) +
		fmt.Sprintf(`<w:kern w:val="0"/><w:spacing w:val="%d"/>`, x.charSpacing()) + `<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:kinsoku/><w:overflowPunct/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:jc w:val="both"/><w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:rPr><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`</w:styles>`
}

func fontTableXML() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:fonts ` + nsW + `>`)
	seen := map[string]bool{}
	for _, f := range docxFonts {
		if seen[f.name] {
			continue
		}
		seen[f.name] = true
		fmt.Fprintf(&b, `<w:font w:name="%s"><w:altName w:val="%s"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>`, f.name, f.alt)
	}
	b.WriteString(`</w:fonts>`)
	return b.String()
}

const settingsXML = xmlHead + `<w:settings ` + nsW + `><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

func (x *docxWriter) pack(w io.Writer, created time.Time) error {
	doc := xmlHead + `<w:document ` + nsW + `><w:body>` + x.b.String() + x.sectPr(!x.l.footBlank) + `</w:body></w:document>`
	rels := xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
		`<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
		`<Relationship Id="rIdF1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
		`<Relationship Id="rIdF2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>` +
		`<Relationship Id="rIdF3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer3.xml"/>` +
		`<Relationship Id="rIdF4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer4.xml"/>` +
		`<Relationship Id="rIdH1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
		`</Relationships>`
	when := created.UTC().Format("2006-01-02T15:04:05Z")
	core := xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(x.d.Title) + `</dc:title><dc:creator>` + esc(x.d.signer()) + `</dc:creator><dc:subject>` + esc(strings.TrimSpace(string(x.d.Kind)+" "+x.d.Number)) + `</dc:subject>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + when + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + when + `</dcterms:modified></cp:coreProperties>`
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
			`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
			`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
			`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
			`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
			`<Override PartName="/word/footer3.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
			`<Override PartName="/word/footer4.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
			`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
			`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
			`</Types>`},
		{"_rels/.rels", xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`</Relationships>`},
		{"docProps/core.xml", core},
		{"word/_rels/document.xml.rels", rels},
		{"word/document.xml", doc},
		{"word/styles.xml", x.stylesXML()},
		{"word/settings.xml", settingsXML},
		{"word/fontTable.xml", fontTableXML()},
		{"word/footer1.xml", x.footerXML("right", x.footer, false)},
		{"word/footer2.xml", x.footerXML("left", x.footer, false)},
		{"word/footer3.xml", x.footerXML("", false, x.first)},
		{"word/footer4.xml", x.footerXML("", false, false)},
		{"word/header1.xml", x.headerXML()},
	}
	zw := zip.NewWriter(w)
	for _, p := range parts {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: created})
		if err != nil {
			return fmt.Errorf("gongwen: writing %s: %w", p.name, err)
		}
		if _, err := io.WriteString(fw, p.body); err != nil {
			return fmt.Errorf("gongwen: writing %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("gongwen: writing the Word document: %w", err)
	}
	return nil
}
