// Package pdftext reads the words of a PDF with their places, as pdftotext
// sees them, for the tests of what the program prints: a test judges the
// page a reader gets, not the program's own idea of it.
package pdftext

import (
	"bytes"
	"encoding/xml"
	"os/exec"
	"strconv"
	"testing"
)

// Word is one word pdftotext found, its box in millimetres from the page's
// top left corner.
type Word struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
}

const ptToMM = 25.4 / 72

// Pages returns the words of each page of pdf (pdftotext -bbox).
func Pages(t testing.TB, pdf string) [][]Word {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox %s: %v", pdf, err)
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var pages [][]Word
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "page":
			pages = append(pages, nil)
		case "word":
			var w Word
			for _, a := range se.Attr {
				v, err := strconv.ParseFloat(a.Value, 64)
				if err != nil {
					t.Fatal(err)
				}
				v *= ptToMM
				switch a.Name.Local {
				case "xMin":
					w.XMin = v
				case "yMin":
					w.YMin = v
				case "xMax":
					w.XMax = v
				case "yMax":
					w.YMax = v
				}
			}
			if err := dec.DecodeElement(&w.Text, &se); err != nil {
				t.Fatal(err)
			}
			pages[len(pages)-1] = append(pages[len(pages)-1], w)
		}
	}
	if len(pages) == 0 {
		t.Fatalf("pdftotext found no pages in %s", pdf)
	}
	return pages
}
