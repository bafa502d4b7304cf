package parts

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

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
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

func DocumentFonts(s data.Settings) (*gongwen.FontSet, error) {
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

// OpenInViewer opens a file with the system's viewer for its type; failed
// is called (off the UI thread) if the viewer reports a failure after it
// started. Tests replace it.
var OpenInViewer = func(path string, failed func(error)) error {
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
func openPDF(w host.Host, path string) {
	failed := func(err error) {
		fyne.LogError("opening "+path, err)
		path := path
		fyne.Do(func() { viewerFailed(w, path) })
	}
	if err := OpenInViewer(path, failed); err != nil {
		fyne.LogError("opening "+path, err)
		viewerFailed(w, path)
	}
}

func viewerFailed(w host.Host, path string) {
	where := widget.NewEntry()
	where.SetText(path)
	msg := kit.NewWrapLabel("未能用系统的 PDF 阅读器打开文件。文件已生成，请用 PDF 阅读器打开后打印：")
	d := dialog.NewCustom("无法打开 PDF 阅读器", "关闭", container.NewVBox(msg, where), w.Window())
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}

// PrintOrder is one output: documents into one PDF, or the 送达回证 of one.
type PrintOrder struct {
	Docs    []*data.Document
	Receipt bool
	// identity prints the complainant on this output's 交办单 (the choice
	// is logged on the complaint before the file is written).
	Identity bool
	out      string // where to save; "" opens a file under the temp folder in the viewer
}

// PrintDir is where files for the viewer are written.
func PrintDir() string { return filepath.Join(os.TempDir(), "xiaoneng-print") }

// printKeep is how long a file for the viewer is kept: a slip may carry a
// complainant's name, and a laptop's temporary folder should not collect
// them.
const printKeep = 24 * time.Hour

// SweepPrintDir removes the files for the viewer older than printKeep.
func SweepPrintDir(now time.Time) error {
	list, err := os.ReadDir(PrintDir())
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
			errs = append(errs, removeQuietly(filepath.Join(PrintDir(), e.Name())))
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

// PrintPDF writes the order in the background with a progress window, then
// opens the file (or says where it was saved); done, if not nil, runs
// with the file written.
func PrintPDF(w host.Host, o PrintOrder, done func(path string)) {
	if len(o.Docs) == 0 {
		dialog.ShowInformation("打印", "没有可打印的文书。", w.Window())
		return
	}
	out := o.out
	if out == "" {
		if err := SweepPrintDir(time.Now()); err != nil {
			fyne.LogError("clearing old files for the viewer", err)
		}
		name := pdfName(o.Docs[0], o.Receipt)
		switch {
		case len(o.Docs) > 1:
			name = fmt.Sprintf("%s等%d份文书.pdf", strings.TrimSuffix(name, ".pdf"), len(o.Docs))
		case o.Identity:
			name = strings.TrimSuffix(name, ".pdf") + "（含投诉人信息）.pdf"
		}
		out = filepath.Join(PrintDir(), name)
	}
	title := "正在生成 PDF"
	if len(o.Docs) > 1 {
		title = fmt.Sprintf("正在生成 %d 份文书", len(o.Docs))
	}
	w.RunJob(title, func(ctx context.Context, progress func(done, total int)) error {
		return WritePDF(w, ctx, o, out, progress)
	}, func(err error) {
		if err != nil {
			return
		}
		if o.out == "" {
			openPDF(w, out)
		} else {
			showSaved(w, out)
		}
		if done != nil {
			done(out)
		}
	})
}

// WritePDF prints the order into out, written under a temporary name and
// renamed, so that a half-written file never stands under the name.
func WritePDF(w host.Host, ctx context.Context, o PrintOrder, out string, progress func(done, total int)) error {
	settings, err := w.DB().Settings(ctx)
	if err != nil {
		return err
	}
	fonts, err := DocumentFonts(settings)
	if err != nil {
		return err
	}
	p, err := documents.NewPrinter(ctx, w.DB())
	if err != nil {
		return err
	}
	var docs []*gongwen.Doc
	switch {
	case o.Receipt:
		r, err := p.Receipt(ctx, o.Docs[0])
		if err != nil {
			return err
		}
		docs = []*gongwen.Doc{r}
	case o.Identity:
		d := *o.Docs[0]
		d.WithIdentity = true
		if docs, err = p.Docs(ctx, []*data.Document{&d}); err != nil {
			return err
		}
	default:
		// Without the choice made for this output, no slip carries the
		// complainant, whatever its record says.
		Plain := make([]*data.Document, len(o.Docs))
		for i, d := range o.Docs {
			c := *d
			c.WithIdentity = false
			Plain[i] = &c
		}
		if docs, err = p.Docs(ctx, Plain); err != nil {
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

// LastSaveDir is where the last PDF was saved, offered again.
var LastSaveDir string

func SaveDir() string {
	if LastSaveDir != "" {
		return LastSaveDir
	}
	if home, err := os.UserHomeDir(); err == nil {
		for _, sub := range []string{"Documents", "Desktop"} {
			if kit.DirExists(filepath.Join(home, sub)) {
				return filepath.Join(home, sub)
			}
		}
		return home
	}
	return "."
}

// SavePDF asks where to save the order, confirming before a file is
// replaced, then prints it there.
func SavePDF(w host.Host, o PrintOrder) { saveOrder(w, o, ".pdf") }

// SaveWord asks where to save one document as a Word document (.docx).
func SaveWord(w host.Host, o PrintOrder) { saveOrder(w, o, ".docx") }

func saveOrder(w host.Host, o PrintOrder, ext string) {
	if len(o.Docs) == 0 {
		return
	}
	name := strings.TrimSuffix(pdfName(o.Docs[0], o.Receipt), ".pdf") + ext
	title := "另存为 PDF"
	if ext == ".docx" {
		title = "另存为 Word 文档"
	}
	kit.ChooseFile(w.Window(), title, kit.ChooseSave, SaveDir(), name, ext, nil, func(path string) {
		LastSaveDir = filepath.Dir(path)
		o.out = path
		if _, err := os.Stat(path); err == nil {
			kit.ConfirmAction(w.Window(), "文件已存在", "替换", fmt.Sprintf("“%s”已存在，要替换它吗？", filepath.Base(path)), func(ok bool) {
				if ok {
					PrintPDF(w, o, nil)
				}
			})
			return
		}
		PrintPDF(w, o, nil)
	})
}

// AskIdentity asks, for a 交办单, whether this one output includes the
// complainant; other kinds never print the complainant and go on at once.
// title names the output (打印交办单, 交办单另存为PDF).
func AskIdentity(w host.Host, d *data.Document, title string, then func(identity bool)) {
	if d.Kind != data.DocAssignment || d.ComplaintID == "" {
		then(false)
		return
	}
	check := widget.NewCheck("本次打印包含投诉人信息", nil)
	note := kit.NewWrapLabel("投诉人的姓名和电话须严格保密，默认不打印。勾选后仅本次输出包含投诉人信息，并记入该投诉件的操作记录。")
	d2 := dialog.NewCustomConfirm(title, "继续", "取消", container.NewVBox(note, check), func(ok bool) {
		if ok {
			then(check.Checked)
		}
	}, w.Window())
	d2.Resize(fyne.NewSize(480, d2.MinSize().Height))
	d2.Show()
}
