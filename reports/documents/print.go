package documents

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/reports/gongwen"
)

// Printer turns stored documents into documents ready to lay out, with the
// office's settings (署名, templates) and the complaints the forms quote.
type Printer struct {
	db         *store.DB
	Settings   data.Settings
	complaints map[string]*data.Complaint
}

// NewPrinter reads the settings documents are printed with.
func NewPrinter(ctx context.Context, db *store.DB) (*Printer, error) {
	s, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	return &Printer{db: db, Settings: s, complaints: map[string]*data.Complaint{}}, nil
}

// Context is what d is printed with beyond its own record.
func (p *Printer) Context(ctx context.Context, d *data.Document) (gongwen.Context, error) {
	gc := gongwen.Context{Settings: p.Settings, Templates: p.Settings.Templates}
	if d.ComplaintID == "" {
		return gc, nil
	}
	c, ok := p.complaints[d.ComplaintID]
	if !ok {
		var err error
		if c, err = p.db.Complaint(ctx, d.ComplaintID); err != nil {
			return gc, err
		}
		p.complaints[d.ComplaintID] = c
	}
	gc.Complaint = c
	return gc, nil
}

// Doc is d ready to lay out. A 交办单 carries the complainant only when
// d.WithIdentity is set: callers set it on a copy, for one output; the
// identity is then read for it with the reveal permission and an audit
// row of the print (store.PrintIdentity).
func (p *Printer) Doc(ctx context.Context, d *data.Document) (*gongwen.Doc, error) {
	gc, err := p.Context(ctx, d)
	if err != nil {
		return nil, err
	}
	if d.WithIdentity && gc.Complaint != nil {
		identity, err := p.db.PrintIdentity(ctx, d.ComplaintID, fmt.Sprintf("%s%s", d.Kind, d.Number))
		if err != nil {
			return nil, err
		}
		c := *gc.Complaint
		c.Complainant = identity
		gc.Complaint = &c
	}
	return gongwen.FromDocument(d, gc)
}

// Receipt is the 送达回证 of a signed document.
func (p *Printer) Receipt(ctx context.Context, d *data.Document) (*gongwen.Doc, error) {
	gc, err := p.Context(ctx, d)
	if err != nil {
		return nil, err
	}
	return gongwen.ReceiptFor(d, gc)
}

// Docs assembles several documents for one batch, checking ctx between
// them (a batch may run to hundreds).
func (p *Printer) Docs(ctx context.Context, ds []*data.Document) ([]*gongwen.Doc, error) {
	out := make([]*gongwen.Doc, len(ds))
	for i, d := range ds {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		doc, err := p.Doc(ctx, d)
		if err != nil {
			return nil, fmt.Errorf("《%s》：%w", d.Title, err)
		}
		out[i] = doc
	}
	return out, nil
}

// WritePDF prints docs into one PDF: a single document as it is, several
// each from a new page with its own page numbers. progress (may be nil) is
// gongwen.RenderBatch's. A font or a character that cannot be printed is a
// refusal the user can act on (see Refusal).
func WritePDF(docs []*gongwen.Doc, fonts *gongwen.FontSet, w io.Writer, progress func(done, total int)) error {
	if len(docs) == 0 {
		return &data.StateError{Action: "打印", Reason: "没有可打印的文书"}
	}
	if len(docs) > 1 {
		return Refusal(gongwen.RenderBatch(docs, fonts, w, progress))
	}
	pages, err := gongwen.Layout(docs[0], fonts)
	if err != nil {
		return err
	}
	if progress != nil {
		progress(1, 2)
	}
	if err := gongwen.RenderPDF(pages, fonts, w); err != nil {
		return Refusal(err)
	}
	if progress != nil {
		progress(2, 2)
	}
	return nil
}

// WriteDOCX writes one document as a Word document (.docx) laid out as
// its PDF, for a change by hand. Several documents go into a PDF only.
func WriteDOCX(docs []*gongwen.Doc, fonts *gongwen.FontSet, w io.Writer) error {
	if len(docs) != 1 {
		return &data.StateError{Action: "另存为Word", Reason: "一次只能把一份文书存为 Word 文档；合并打印请输出 PDF"}
	}
	return Refusal(gongwen.WriteDOCX(docs[0], fonts, w))
}

// IsDOCX says whether a file name asks for a Word document.
func IsDOCX(name string) bool { return strings.EqualFold(filepath.Ext(name), ".docx") }

// Write writes docs into w as the file name out asks: a Word document
// (.docx) or a PDF.
func Write(out string, docs []*gongwen.Doc, fonts *gongwen.FontSet, w io.Writer, progress func(done, total int)) error {
	if IsDOCX(out) {
		return WriteDOCX(docs, fonts, w)
	}
	return WritePDF(docs, fonts, w, progress)
}

// Fonts resolves the fonts documents are printed with: the office's font
// folder from 设置 first. When a role has none, the refusal says what to
// install.
func Fonts(settings data.Settings) (*gongwen.FontSet, error) {
	var dirs []string
	if dir := strings.TrimSpace(settings.FontDir); dir != "" {
		dirs = append(dirs, dir)
	}
	fonts, err := gongwen.ResolveFonts(dirs...)
	if err != nil {
		return nil, Refusal(err)
	}
	return fonts, nil
}

// Refusal turns the engine's refusals to print (fonts missing, characters
// the fonts lack) into a *data.StateError whose text is the engine's
// Chinese explanation with where it happened, so that every screen and the
// command line show it as it is. Other errors pass unchanged.
func Refusal(err error) error {
	var fe *gongwen.FontError
	var ge *gongwen.GlyphError
	if errors.As(err, &fe) || errors.As(err, &ge) {
		return &data.StateError{Action: "打印", Reason: err.Error()}
	}
	return err
}

// NeedsNotice says whether a finding still waits for the unit to act on a
// 监察通知书: one the visit decided to notify (or put under rectification)
// whose rectification has neither been reported nor closed.
func NeedsNotice(f *data.Finding) bool {
	switch f.RectStatus {
	case data.RectOpen:
		return true
	case data.RectNone:
		return f.Disposition == data.DispositionNotice
	}
	return false
}

// RoundDocuments are the documents of kind about a round, void ones left
// out: signed ones in the order of their numbers, then drafts by recipient.
func RoundDocuments(ctx context.Context, db *store.DB, roundID string, kind data.DocKind) ([]*data.Document, error) {
	all, err := db.Documents(ctx, data.DocumentFilter{RoundID: roundID, Kind: kind})
	if err != nil {
		return nil, err
	}
	var out []*data.Document
	for _, d := range all {
		if d.Status != data.DocVoid {
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b *data.Document) int {
		switch {
		case a.Number == "" && b.Number == "":
			return strings.Compare(a.Recipient, b.Recipient)
		case a.Number == "":
			return 1
		case b.Number == "":
			return -1
		case a.Year != b.Year:
			return a.Year - b.Year
		}
		return a.Seq - b.Seq
	})
	return out, nil
}

// NoticeGroup is a unit with the findings of a round that wait for a
// 监察通知书.
type NoticeGroup struct {
	UnitID, UnitName string
	Findings         []*data.Finding
}

// PendingNotices groups the round's findings that need a notice by unit,
// leaving out units that have a 监察通知书 of the round already (void ones
// aside), in the order the units were visited.
func PendingNotices(ctx context.Context, db *store.DB, roundID string) ([]NoticeGroup, error) {
	findings, err := db.Findings(ctx, data.FindingFilter{RoundID: roundID})
	if err != nil {
		return nil, err
	}
	notices, err := RoundDocuments(ctx, db, roundID, data.DocNotice)
	if err != nil {
		return nil, err
	}
	noticed := map[string]bool{}
	for _, d := range notices {
		noticed[d.RecipientUnitID] = true
	}
	slices.SortStableFunc(findings, func(a, b *data.Finding) int { return a.FoundOn.Compare(b.FoundOn) })
	var groups []NoticeGroup
	at := map[string]int{}
	for _, f := range findings {
		if !NeedsNotice(f) || noticed[f.UnitID] {
			continue
		}
		i, ok := at[f.UnitID]
		if !ok {
			i = len(groups)
			at[f.UnitID] = i
			groups = append(groups, NoticeGroup{UnitID: f.UnitID, UnitName: f.UnitName})
		}
		groups[i].Findings = append(groups[i].Findings, f)
	}
	return groups, nil
}

// DraftNotices writes, without saving them, the 监察通知书 drafts of the
// units PendingNotices finds, each with its own default deadline.
func DraftNotices(ctx context.Context, db *store.DB, roundID string, today data.Date) ([]*data.Document, data.Assumed, error) {
	groups, err := PendingNotices(ctx, db, roundID)
	if err != nil {
		return nil, nil, err
	}
	var docs []*data.Document
	var assumed data.Assumed
	for _, g := range groups {
		ids := make([]string, len(g.Findings))
		for i, f := range g.Findings {
			ids[i] = f.ID
		}
		d, a, err := Draft(ctx, db, Request{Kind: data.DocNotice, UnitID: g.UnitID, FindingIDs: ids}, today)
		if err != nil {
			return nil, nil, fmt.Errorf("%s：%w", g.UnitName, err)
		}
		docs = append(docs, d)
		for _, y := range a {
			if !slices.Contains(assumed, y) {
				assumed = append(assumed, y)
			}
		}
	}
	return docs, assumed, nil
}
