package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/widgets"
	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
	"xiaoneng/reports/documents"
	"xiaoneng/reports/gongwen"
)

// Printing: documents become a PDF (reports/documents, reports/gongwen)
// that opens in the system's viewer, from which the office prints, or is
// saved where the user chooses.

// The fonts of the documents, resolved once per font folder when a page is
// first previewed or printed (some 30 ms on Linux, more with the large
// Windows fonts). A failure is not kept, so that fonts installed meanwhile
// are found on the next try.
var (
	fontMu    sync.Mutex
	fontCache = map[string]*gongwen.FontSet{}
)

func documentFonts(s data.Settings) (*gongwen.FontSet, error) {
	fontMu.Lock()
	defer fontMu.Unlock()
	if fs, ok := fontCache[s.FontDir]; ok {
		return fs, nil
	}
	fs, err := documents.Fonts(s)
	if err != nil {
		return nil, err
	}
	fontCache[s.FontDir] = fs
	return fs, nil
}

// openInViewer opens a file with the system's viewer for its type; failed
// is called (off the UI thread) if the viewer reports a failure after it
// started. Tests replace it.
var openInViewer = func(path string, failed func(error)) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", path)
	case "darwin":
		cmd = exec.Command("open", path)
	default:
		cmd = exec.Command("xdg-open", path)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() {
		if err := cmd.Wait(); err != nil {
			failed(err)
		}
	}()
	return nil
}

// openPDF shows a printed file in the system's viewer; when there is none,
// the user is told where the file is.
func (w *Workbench) openPDF(path string) {
	failed := func(err error) {
		fyne.LogError("opening "+path, err)
		path := path
		fyne.Do(func() { w.viewerFailed(path) })
	}
	if err := openInViewer(path, failed); err != nil {
		fyne.LogError("opening "+path, err)
		w.viewerFailed(path)
	}
}

func (w *Workbench) viewerFailed(path string) {
	where := widget.NewEntry()
	where.SetText(path)
	msg := widgets.NewWrapLabel("未能用系统的 PDF 阅读器打开文件。文件已生成，请用 PDF 阅读器打开后打印：")
	d := dialog.NewCustom("无法打开 PDF 阅读器", "关闭", container.NewVBox(msg, where), w.win)
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}

// printOrder is one output: documents into one PDF, or the 送达回证 of one.
type printOrder struct {
	docs    []*data.Document
	receipt bool
	// identity prints the complainant on this output's 交办单 (the choice
	// is logged on the ticket before the file is written).
	identity bool
	out      string // where to save; "" opens a file under the temp folder in the viewer
}

// printDir is where files for the viewer are written.
func printDir() string { return filepath.Join(os.TempDir(), "xiaoneng-print") }

// printKeep is how long a file for the viewer is kept: a slip may carry a
// complainant's name, and a laptop's temporary folder should not collect
// them.
const printKeep = 24 * time.Hour

// sweepPrintDir removes the files for the viewer older than printKeep.
func sweepPrintDir(now time.Time) error {
	list, err := os.ReadDir(printDir())
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range list {
		info, err := e.Info()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !e.IsDir() && now.Sub(info.ModTime()) > printKeep {
			errs = append(errs, removeQuietly(filepath.Join(printDir(), e.Name())))
		}
	}
	return errors.Join(errs...)
}

// pdfName is a file name for a document: its number and title, with .pdf.
func pdfName(d *data.Document, receipt bool) string {
	name := d.Title
	if d.Number != "" {
		name = d.Number + " " + name
	}
	if receipt {
		name += " 送达回证"
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, name)
	if rs := []rune(name); len(rs) > 60 {
		name = string(rs[:60])
	}
	return name + ".pdf"
}

// printPDF writes the order in the background with a progress window, then
// opens the file (or says where it was saved); done, if not nil, runs
// with the file written.
func (w *Workbench) printPDF(o printOrder, done func(path string)) {
	if len(o.docs) == 0 {
		dialog.ShowInformation("打印", "没有可打印的文书。", w.win)
		return
	}
	out := o.out
	if out == "" {
		if err := sweepPrintDir(time.Now()); err != nil {
			fyne.LogError("clearing old files for the viewer", err)
		}
		name := pdfName(o.docs[0], o.receipt)
		switch {
		case len(o.docs) > 1:
			name = fmt.Sprintf("%s等%d份文书.pdf", strings.TrimSuffix(name, ".pdf"), len(o.docs))
		case o.identity:
			name = strings.TrimSuffix(name, ".pdf") + "（含投诉人信息）.pdf"
		}
		out = filepath.Join(printDir(), name)
	}
	title := "正在生成 PDF"
	if len(o.docs) > 1 {
		title = fmt.Sprintf("正在生成 %d 份文书", len(o.docs))
	}
	w.runJob(title, func(ctx context.Context, progress func(done, total int)) error {
		return w.writePDF(ctx, o, out, progress)
	}, func(err error) {
		if err != nil {
			return
		}
		if o.out == "" {
			w.openPDF(out)
		} else {
			w.showSaved(out)
		}
		if done != nil {
			done(out)
		}
	})
}

// writePDF prints the order into out, written under a temporary name and
// renamed, so that a half-written file never stands under the name.
func (w *Workbench) writePDF(ctx context.Context, o printOrder, out string, progress func(done, total int)) error {
	settings, err := w.db.Settings(ctx)
	if err != nil {
		return err
	}
	fonts, err := documentFonts(settings)
	if err != nil {
		return err
	}
	p, err := documents.NewPrinter(ctx, w.db)
	if err != nil {
		return err
	}
	var docs []*gongwen.Doc
	switch {
	case o.receipt:
		r, err := p.Receipt(ctx, o.docs[0])
		if err != nil {
			return err
		}
		docs = []*gongwen.Doc{r}
	case o.identity:
		d := *o.docs[0]
		d.WithIdentity = true
		purpose := fmt.Sprintf("打印%s%s（本次打印包含投诉人信息）", d.Kind, d.Number)
		if err := w.db.RecordIdentityDisclosure(ctx, "complaints", d.ComplaintID, purpose); err != nil {
			return err
		}
		if docs, err = p.Docs(ctx, []*data.Document{&d}); err != nil {
			return err
		}
	default:
		// Without the choice made for this output, no slip carries the
		// complainant, whatever its record says.
		plain := make([]*data.Document, len(o.docs))
		for i, d := range o.docs {
			c := *d
			c.WithIdentity = false
			plain[i] = &c
		}
		if docs, err = p.Docs(ctx, plain); err != nil {
			return err
		}
	}
	return atomicfile.Write(out, func(f io.Writer) error { return documents.Write(out, docs, fonts, f, progress) })
}

func removeQuietly(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// lastSaveDir is where the last PDF was saved, offered again.
var lastSaveDir string

func saveDir() string {
	if lastSaveDir != "" {
		return lastSaveDir
	}
	if home, err := os.UserHomeDir(); err == nil {
		for _, sub := range []string{"Documents", "Desktop"} {
			if dirExists(filepath.Join(home, sub)) {
				return filepath.Join(home, sub)
			}
		}
		return home
	}
	return "."
}

// savePDF asks where to save the order, confirming before a file is
// replaced, then prints it there.
func (w *Workbench) savePDF(o printOrder) { w.saveOrder(o, ".pdf") }

// saveWord asks where to save one document as a Word document (.docx).
func (w *Workbench) saveWord(o printOrder) { w.saveOrder(o, ".docx") }

func (w *Workbench) saveOrder(o printOrder, ext string) {
	if len(o.docs) == 0 {
		return
	}
	name := strings.TrimSuffix(pdfName(o.docs[0], o.receipt), ".pdf") + ext
	title := "另存为 PDF"
	if ext == ".docx" {
		title = "另存为 Word 文档"
	}
	chooseFile(w.win, title, chooseSave, saveDir(), name, ext, nil, func(path string) {
		lastSaveDir = filepath.Dir(path)
		o.out = path
		if _, err := os.Stat(path); err == nil {
			confirmAction(w.win, "文件已存在", "替换", fmt.Sprintf("“%s”已存在，要替换它吗？", filepath.Base(path)), func(ok bool) {
				if ok {
					w.printPDF(o, nil)
				}
			})
			return
		}
		w.printPDF(o, nil)
	})
}

// askIdentity asks, for a 交办单, whether this one output includes the
// complainant; other kinds never print the complainant and go on at once.
// title names the output (打印交办单, 交办单另存为PDF).
func (w *Workbench) askIdentity(d *data.Document, title string, then func(identity bool)) {
	if d.Kind != data.DocAssignment || d.ComplaintID == "" {
		then(false)
		return
	}
	check := widget.NewCheck("本次打印包含投诉人信息", nil)
	note := widgets.NewWrapLabel("投诉人的姓名和电话须严格保密，默认不打印。勾选后仅本次输出包含投诉人信息，并记入该投诉件的操作记录。")
	d2 := dialog.NewCustomConfirm(title, "继续", "取消", container.NewVBox(note, check), func(ok bool) {
		if ok {
			then(check.Checked)
		}
	}, w.win)
	d2.Resize(fyne.NewSize(480, d2.MinSize().Height))
	d2.Show()
}
