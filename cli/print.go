package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
	"xiaoneng/data/store"
	"xiaoneng/reports/documents"
	"xiaoneng/reports/gongwen"
)

// printOptionValue names what each option of print is followed by.
var printOptionValue = map[string]string{"id": "文书ID", "kind": "文书种类", "round": "督查活动ID", "o": "输出文件名"}

// runPrint prints one document (-id) or its 送达回证 (-receipt), or the
// documents of one kind about a round (-kind, -round), into one PDF (-o),
// or one document into a Word document (-o 文件.docx). A round without any 监察通知书
// gets drafts written from its units' open findings, printed without being
// saved: the command reads the ledger, never changes it. The complainant
// is never printed from the command line.
func runPrint(e *env) (err error) {
	opts := e.inv.printOpts
	id, kind, round, out := opts["id"], opts["kind"], opts["round"], opts["o"]
	switch {
	case out == "":
		return usageError("请用 -o 指定输出文件（.pdf，或一份文书存为 Word 文档时 .docx）。")
	case !strings.EqualFold(filepath.Ext(out), ".pdf") && !documents.IsDOCX(out):
		return usageError("输出文件应以 .pdf 或 .docx 结尾。")
	case documents.IsDOCX(out) && id == "":
		return usageError("合并打印只能输出 PDF；存为 Word 文档请用 -id 指定一份文书。")
	case id != "" && (kind != "" || round != ""):
		return usageError("-id 打印一份文书，-kind 和 -round 打印一次督查活动的文书，二者不能同时使用。")
	case id == "" && (kind == "" || round == ""):
		return usageError("请用 -id 指定一份文书，或用 -kind 和 -round 指定督查活动的一种文书。")
	case e.inv.receipt && id == "":
		return usageError("-receipt 打印一份文书的送达回证，须与 -id 同用。")
	case kind != "" && !slices.Contains(data.DocKinds, data.DocKind(kind)):
		names := make([]string, len(data.DocKinds))
		for i, k := range data.DocKinds {
			names[i] = string(k)
		}
		return usageError(fmt.Sprintf("没有“%s”这种文书。文书种类：%s。", kind, strings.Join(names, "、")))
	}
	if id != "" {
		defer oneDocumentGC()()
	}
	db, err := e.openSignedIn()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	if sameFile(out, db.Path()) {
		return failure("输出文件不能是台账文件本身，请换一个文件名。")
	}

	var docs []*data.Document
	note := ""
	if id != "" {
		d, err := db.Document(e.ctx, id)
		if errors.Is(err, data.ErrNotFound) {
			return failure(fmt.Sprintf("台账中没有ID为“%s”的文书。各文书的ID可用 export documents 查看。", id))
		}
		if err != nil {
			return err
		}
		if d.Status == data.DocVoid {
			return failure(fmt.Sprintf("《%s》（%s）已作废，不再打印。", d.Title, d.Number))
		}
		docs = []*data.Document{d}
	} else {
		if docs, note, err = roundBatch(e, db, round, data.DocKind(kind)); err != nil {
			return err
		}
	}

	settings, err := db.Settings(e.ctx)
	if err != nil {
		return err
	}
	fonts, err := documents.Fonts(settings)
	if err != nil {
		return err
	}
	p, err := documents.NewPrinter(e.ctx, db)
	if err != nil {
		return err
	}
	for i, d := range docs {
		c := *d
		c.WithIdentity = false
		docs[i] = &c
	}
	var pages []*gongwen.Doc
	if e.inv.receipt {
		r, err := p.Receipt(e.ctx, docs[0])
		if err != nil {
			return err
		}
		pages = []*gongwen.Doc{r}
	} else if pages, err = p.Docs(e.ctx, docs); err != nil {
		return err
	}

	e.file = out
	if err := atomicfile.Write(out, func(w io.Writer) error { return documents.Write(out, pages, fonts, w, nil) }); err != nil {
		return err
	}
	e.file = ""
	if note != "" {
		fmt.Fprintln(e.stdout, note)
	}
	switch {
	case e.inv.receipt:
		fmt.Fprintf(e.stdout, "已打印《%s》%s的送达回证到：%s\n", docs[0].Title, docs[0].Number, out)
	case documents.IsDOCX(out):
		fmt.Fprintf(e.stdout, "已将《%s》%s存为 Word 文档：%s\n", docs[0].Title, docs[0].Number, out)
	case len(docs) == 1:
		fmt.Fprintf(e.stdout, "已打印《%s》%s到：%s\n", docs[0].Title, docs[0].Number, out)
	default:
		fmt.Fprintf(e.stdout, "已将%d份%s合并打印到：%s\n", len(docs), kind, out)
	}
	if s := fonts.Substitutions(); s != "" && !documents.IsDOCX(out) {
		fmt.Fprintln(e.stdout, "字体："+s)
	}
	return nil
}

// oneDocumentGC leaves the garbage collector idle while one document is
// printed, up to a heap of oneDocumentHeap: the collector otherwise
// chased the sign-in's password hash (19 MiB) and the fonts' subsets four
// times, about 5 ms of a print's 100 of CPU, and the process holds 83 MiB
// either way. It returns what puts the collector back as it was (the
// tests run commands in one process).
func oneDocumentGC() (restore func()) {
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(oneDocumentHeap)
	return func() {
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(percent)
	}
}

// oneDocumentHeap is where the collector starts again while one document
// is printed: three times what the process holds.
const oneDocumentHeap = 256 << 20

// roundBatch is what print -kind -round prints: the round's documents of
// that kind (void ones left out, signed ones by number), or for a round
// without any 监察通知书 the drafts its open findings call for.
func roundBatch(e *env, db *store.DB, roundID string, kind data.DocKind) ([]*data.Document, string, error) {
	r, err := db.Round(e.ctx, roundID)
	if errors.Is(err, data.ErrNotFound) {
		return nil, "", failure(fmt.Sprintf("台账中没有ID为“%s”的督查活动。各督查活动的ID可用 export rounds 查看。", roundID))
	}
	if err != nil {
		return nil, "", err
	}
	docs, err := documents.RoundDocuments(e.ctx, db, roundID, kind)
	if err != nil {
		return nil, "", err
	}
	if len(docs) > 0 {
		return docs, "", nil
	}
	if kind == data.DocNotice {
		drafts, _, err := documents.DraftNotices(e.ctx, db, roundID, data.Today())
		if err != nil {
			return nil, "", err
		}
		if len(drafts) > 0 {
			return drafts, fmt.Sprintf("“%s”尚未制发监察通知书，已按%d个单位未整改的问题生成草稿打印；草稿没有文号，也未保存到台账。", r.Title, len(drafts)), nil
		}
	}
	return nil, "", failure(fmt.Sprintf("“%s”没有可打印的%s。", r.Title, kind))
}
