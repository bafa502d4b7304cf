package gongwen

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// RenderPDF writes laid-out pages as a PDF: fonts embedded as subsets, text
// as real text in reading order, and the same pages always give the same
// bytes (the creation date comes from the document's date). fonts must be
// the set the pages were laid out with. Pages with characters the fonts
// lack are refused with a *GlyphError.
func RenderPDF(p *Pages, fonts *FontSet, w io.Writer) error {
	if p.fonts != fonts {
		return errFontMismatch
	}
	if len(p.Missing) > 0 {
		return &GlyphError{Missing: p.Missing}
	}
	r := newRenderer(fonts, p.Title, p.Author, p.Subject, p.Created)
	r.use(p)
	if err := r.draw(p); err != nil {
		return err
	}
	return r.output(w)
}

// RenderBatch lays out docs and writes them into one PDF, each starting on
// a new page with its own page numbers. progress, if not nil, is called
// after each document is laid out, after each is drawn, and once more when
// the file is written: total is 2×len(docs)+1.
func RenderBatch(docs []*Doc, fonts *FontSet, w io.Writer, progress func(done, total int)) error {
	if len(docs) == 0 {
		return fmt.Errorf("gongwen: no documents to print")
	}
	title := fmt.Sprintf("%s等%d份文书", docs[0].Title, len(docs))
	if len(docs) == 1 {
		title = docs[0].Title
	}
	created := epoch
	for _, d := range docs {
		if t := d.Date.Time(); !d.Date.IsZero() && t.After(created) {
			created = t
		}
	}
	r := newRenderer(fonts, title, docs[0].signer(), string(docs[0].Kind), created)
	// every document is laid out before any is drawn: the fonts handed to
	// fpdf hold the characters of them all
	laid := make([]*Pages, len(docs))
	total := 2*len(docs) + 1
	for i, d := range docs {
		p, err := Layout(d, fonts)
		if err != nil {
			return fmt.Errorf("第%d份文书《%s》：%w", i+1, d.Title, err)
		}
		if len(p.Missing) > 0 {
			return fmt.Errorf("第%d份文书《%s》：%w", i+1, d.Title, &GlyphError{Missing: p.Missing})
		}
		r.use(p)
		laid[i] = p
		if progress != nil {
			progress(i+1, total)
		}
	}
	for i, p := range laid {
		if err := r.draw(p); err != nil {
			return err
		}
		if progress != nil {
			progress(len(docs)+i+1, total)
		}
	}
	if err := r.output(w); err != nil {
		return err
	}
	if progress != nil {
		progress(total, total)
	}
	return nil
}

// renderer draws pages into one fpdf document.
type renderer struct {
	pdf      *fpdf.Fpdf
	fonts    *FontSet
	families map[*Face]string
	tags     [][2]string // fpdf's font name, and the subset name written instead
	runes    map[*Face]map[rune]bool
}

func newRenderer(fonts *FontSet, title, author, subject string, created time.Time) *renderer {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: PageWidth, Ht: PageHeight}})
	// Pages are written as they are: fpdf makes a zlib compressor afresh
	// for each page it compresses (about 1.2 MB, 590 of the 680 MB that
	// 500 notices allocated), and a page of text is a few kilobytes. The
	// embedded fonts, most of a file, are compressed whatever this says.
	pdf.SetCompression(false)
	pdf.SetCatalogSort(true) // map order would otherwise change the bytes
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetTitle(title, true)
	pdf.SetAuthor(author, true)
	pdf.SetSubject(subject, true)
	pdf.SetCreator("效能台账", true)
	pdf.SetProducer("效能台账", true)
	pdf.SetLang("zh-CN")
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	return &renderer{pdf: pdf, fonts: fonts, families: map[*Face]string{}, runes: map[*Face]map[rune]bool{}}
}

// use records the characters p prints in each face: the fonts handed to
// fpdf hold just those.
func (r *renderer) use(p *Pages) {
	for _, pg := range p.Pages {
		for _, run := range pg.Runs {
			face := r.fonts.Face(run.Role)
			set := r.runes[face]
			if set == nil {
				set = map[rune]bool{}
				r.runes[face] = set
			}
			for _, c := range run.Text {
				set[c] = true
			}
		}
	}
}

// family registers face with fpdf on first use, as a font of the
// characters the document uses (fpdf rewrites the bytes it is given, and
// these are the renderer's own).
func (r *renderer) family(face *Face) (string, error) {
	if fam, ok := r.families[face]; ok {
		return fam, nil
	}
	n := len(r.families)
	name := "xnf" + psName(face.Path, face.Index, n)
	runes := make([]rune, 0, len(r.runes[face]))
	for c := range r.runes[face] {
		runes = append(runes, c)
	}
	ttf, err := face.Subset(runes)
	if err != nil {
		return "", fmt.Errorf("gongwen: subsetting font %s: %w", face.Path, err)
	}
	r.pdf.AddUTF8FontFromBytes(name, "", ttf)
	if err := r.pdf.Error(); err != nil {
		return "", fmt.Errorf("gongwen: embedding font %s: %w", face.Path, err)
	}
	r.families[face] = name
	// fpdf names the font "utf8"+family; PDF readers recognise a subset by
	// a six-letter tag and "+". Both are seven bytes, so the rewrite in
	// output keeps every offset of the file.
	key := strings.ToLower(name)
	r.tags = append(r.tags, [2]string{"/utf8" + key, fmt.Sprintf("/XNF%c%cA+", 'A'+rune(n/26%26), 'A'+rune(n%26)) + key[3:]})
	return name, nil
}

// psName is a PDF-safe font name from the file name, led by the font's
// number in the document so that no name is the prefix of another.
func psName(path string, index, n int) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	var b strings.Builder
	for _, c := range strings.ToLower(base) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		b.WriteString("font")
	}
	return fmt.Sprintf("%03d%s%d", n, b.String(), index)
}

func (r *renderer) draw(p *Pages) error {
	pdf := r.pdf
	for _, page := range p.Pages {
		pdf.AddPage()
		for _, s := range page.Shapes {
			if s.Guide {
				continue // the seal's place is for the screen: the paper gets a real seal
			}
			pdf.SetDrawColor(int(s.Color.R), int(s.Color.G), int(s.Color.B))
			pdf.SetLineWidth(s.Width)
			if s.Dash {
				pdf.SetDashPattern([]float64{2, 1.5}, 0)
			} else {
				pdf.SetDashPattern([]float64{}, 0)
			}
			switch s.Kind {
			case ShapeLine:
				pdf.Line(s.X1, s.Y1, s.X2, s.Y2)
			case ShapeRect:
				pdf.Rect(s.X1, s.Y1, s.X2-s.X1, s.Y2-s.Y1, "D")
			case ShapeCircle:
				pdf.Circle(s.X1, s.Y1, s.R, "D")
			}
		}
		pdf.SetDashPattern([]float64{}, 0)
		for _, run := range page.Runs {
			fam, err := r.family(r.fonts.Face(run.Role))
			if err != nil {
				return err
			}
			pdf.SetFont(fam, "", run.Size)
			pdf.SetTextColor(int(run.Color.R), int(run.Color.G), int(run.Color.B))
			if run.Spacing != 0 {
				pdf.RawWriteStr(fmt.Sprintf("%.3f Tc", run.Spacing/ptToMM))
			}
			if run.Bold {
				// fill and stroke: a light 宋 made closer to 小标宋's weight
				pdf.SetDrawColor(int(run.Color.R), int(run.Color.G), int(run.Color.B))
				pdf.SetLineWidth(run.Size * ptToMM * 0.025)
				pdf.SetTextRenderingMode(2)
			}
			pdf.Text(run.X, run.Y, run.Text)
			if run.Bold {
				pdf.SetTextRenderingMode(0)
			}
			if run.Spacing != 0 {
				pdf.RawWriteStr("0 Tc")
			}
		}
	}
	return pdf.Error()
}

func (r *renderer) output(w io.Writer) error {
	var buf bytes.Buffer
	if err := r.pdf.Output(&buf); err != nil {
		return fmt.Errorf("gongwen: writing PDF: %w", err)
	}
	b := buf.Bytes()
	for _, t := range r.tags {
		b = bytes.ReplaceAll(b, []byte(t[0]), []byte(t[1]))
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("gongwen: writing PDF: %w", err)
	}
	return nil
}
