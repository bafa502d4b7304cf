package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
	"xiaoneng/reports"
	"xiaoneng/reports/documents"
	"xiaoneng/reports/gongwen"
	"xiaoneng/reports/importer"
)

// importKinds are what import reads, by the word the command line takes.
var importKinds = map[string]importer.Kind{"units": importer.Units, "complaints": importer.Complaints}

// runImport imports units or complaints from an .xlsx or .csv file, all or
// nothing: every bad row is listed with its reason, and if there is any,
// nothing is written.
func runImport(e *env) (err error) {
	word := e.args[0]
	switch {
	case word == "list" || word == "undo":
		if len(e.args) > 1 {
			return usageError(fmt.Sprintf("import %s 不带文件。", word))
		}
		if word == "undo" && e.inv.batch == 0 {
			return usageError("请用 -batch 指定要撤销的批次号（见 import list）。")
		}
		if word == "list" && e.inv.batch != 0 {
			return usageError("-batch 只用于 import undo。")
		}
		return e.importBatches(word)
	case e.inv.batch != 0:
		return usageError("-batch 只用于 import undo。")
	case len(e.args) < 2:
		return usageError("命令 import 缺少参数。")
	}
	file := e.args[1]
	kind, ok := importKinds[word]
	if !ok {
		return usageError(fmt.Sprintf("没有“%s”这类数据可导入。可导入：units 单位，complaints 投诉件；另有 import list、import undo。", word))
	}
	db, err := e.openSignedIn()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	if sameFile(file, db.Path()) {
		return failure("要导入的文件不能是台账文件本身。")
	}
	e.file = file
	p, err := importer.Open(e.ctx, db, file, kind)
	if err != nil {
		return err
	}
	where := fmt.Sprintf("“%s”", p.Table.File)
	if p.Table.Sheet != "" {
		where += fmt.Sprintf("的工作表“%s”", p.Table.Sheet)
	}
	if p.Table.Encoding != "" && p.Table.Encoding != "UTF-8" {
		where += fmt.Sprintf("（%s编码）", p.Table.Encoding)
	}
	fmt.Fprintf(e.stdout, "读取%s，第%d行为表头。\n", where, p.Header.Row+1)
	fmt.Fprintf(e.stdout, "列的对应：%s\n", describeMapping(p))
	if p.MappingError != nil {
		return failure("列的对应有问题：" + p.MappingError.Error() + "。请修改表头后重新导入，或在工作台的导入窗口中选择每列对应的内容。")
	}
	fmt.Fprintf(e.stdout, "共%d行：新增%d行，已在台账中%d行，跳过%d行（空行、合计行等），有错误%d行。\n",
		len(p.Rows), p.New, p.Present, p.Skipped, p.Bad)
	if p.Bad > 0 {
		for _, r := range p.Rows {
			if r.Status != importer.RowBad {
				continue
			}
			col := ""
			if r.Column != "" {
				col = fmt.Sprintf("（“%s”列）", r.Column)
			}
			fmt.Fprintf(e.stderr, "第%d行%s：%s\n", r.Number, col, r.Message)
		}
		return failure(fmt.Sprintf("有%d行不能导入，未写入任何记录；请改正后重新导入。", p.Bad))
	}
	res, err := p.Import(e.ctx, db)
	if err != nil {
		return err
	}
	e.file = ""
	fmt.Fprintln(e.stdout, importer.Summary(kind, res))
	if res.Batch != 0 {
		fmt.Fprintf(e.stdout, "本次导入为第%d批；如需撤销：xiaoneng import undo -batch %d\n", res.Batch, res.Batch)
	}
	return nil
}

// importBatches lists the latest imports, or undoes the one -batch names.
func (e *env) importBatches(op string) (err error) {
	db, err := e.openSignedIn()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	if op == "undo" {
		b, err := db.UndoImport(e.ctx, e.inv.batch)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已撤销第%d批导入：删除了该批新增的%d条%s（%s，%s导入）。\n",
			b.ID, b.Added, b.KindLabel(), b.Source, b.At.Format("2006-01-02 15:04"))
		return nil
	}
	list, err := db.ImportBatches(e.ctx, importListLength)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "还没有导入过。")
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "批次\t导入时间\t内容\t新增\t文件\t导入人\t撤销")
	for _, b := range list {
		undone := ""
		if !b.UndoneAt.IsZero() {
			undone = fmt.Sprintf("%s 由%s撤销", b.UndoneAt.Format("2006-01-02 15:04"), b.UndoneBy)
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", b.ID, b.At.Format("2006-01-02 15:04"), b.KindLabel(), b.Added, b.Source, b.Actor, undone)
	}
	return w.Flush()
}

// importListLength is how many of the latest imports import list shows.
const importListLength = 50

// describeMapping lists the columns used and what they fill.
func describeMapping(p *importer.Preview) string {
	labels := map[string]string{}
	for _, f := range importer.Fields(p.Kind) {
		labels[f.Key] = f.Label
	}
	var parts []string
	for i, key := range p.Mapping {
		if key == "" {
			continue
		}
		title := p.Header.Titles[i]
		if title == labels[key] {
			parts = append(parts, title)
		} else {
			parts = append(parts, fmt.Sprintf("%s→%s", title, labels[key]))
		}
	}
	if len(parts) == 0 {
		return "（无）"
	}
	return strings.Join(parts, "、")
}

// runReport writes the 通报 (.pdf, or .docx for Word) or the statistics
// and ranking (.xlsx) of a period. The 通报 is a draft, marked so, unless
// -sign names who signs it: then it is registered among the documents and
// signed, and prints with its 发文字号.
func runReport(e *env) (err error) {
	spec, out, signer := e.inv.reportPeriod, e.inv.printOpts["o"], e.inv.signer
	switch {
	case spec == "":
		return usageError("请用 -period 指定统计期间，例如 2026Q3、2026 或 2026-07。")
	case out == "":
		return usageError("请用 -o 指定输出文件（.pdf 或 .docx 为通报，.xlsx 为统计表）。")
	}
	period, err := reports.ParsePeriod(spec)
	if err != nil {
		return usageError(Explain(err))
	}
	ext := strings.ToLower(filepath.Ext(out))
	switch {
	case ext != ".pdf" && ext != ".docx" && ext != ".xlsx":
		return usageError("输出文件应以 .pdf 或 .docx（通报）或 .xlsx（统计表）结尾。")
	case ext == ".xlsx" && slices.Contains(e.inv.given, "sign"):
		return usageError("-sign 签发通报，须输出 .pdf 或 .docx。")
	case slices.Contains(e.inv.given, "sign") && signer == "":
		return usageError("请在 -sign 后写签发人的姓名。")
	}
	db, err := e.openSignedIn()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	if sameFile(out, db.Path()) {
		return failure("输出文件不能是台账文件本身，请换一个文件名。")
	}
	if ext == ".xlsx" {
		if err := e.writeFile(out, func(w io.Writer) error { return reports.WriteStatsXLSX(e.ctx, db, period, w) }); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已生成%s统计表（统计截至%s）：%s\n", period.Label(), db.Today().Chinese(), out)
		return nil
	}
	settings, err := db.Settings(e.ctx)
	if err != nil {
		return err
	}
	fonts, err := documents.Fonts(settings)
	if err != nil {
		return err
	}
	var d *data.Document
	if signer != "" {
		d, err = reports.IssueBulletin(e.ctx, db, period, signer)
	} else {
		d, err = reports.PeriodBulletin(e.ctx, db, period)
		if d != nil {
			d.SignedOn = db.Today()
		}
	}
	if err != nil {
		return err
	}
	doc, err := gongwen.FromDocument(d, gongwen.Context{Settings: settings, Templates: settings.Templates})
	if err != nil {
		return err
	}
	if err := e.writeFile(out, func(w io.Writer) error { return documents.Write(out, []*gongwen.Doc{doc}, fonts, w, nil) }); err != nil {
		return err
	}
	if d.Number != "" {
		fmt.Fprintf(e.stdout, "已签发《%s》%s（文书ID %s），统计截至%s：%s\n", d.Title, d.Number, d.ID, db.Today().Chinese(), out)
	} else {
		fmt.Fprintf(e.stdout, "已生成%s通报草稿（统计截至%s）：%s；加 -sign 签发人 登记并签发后取得发文字号\n", period.Label(), db.Today().Chinese(), out)
	}
	if s := fonts.Substitutions(); s != "" && ext == ".pdf" {
		fmt.Fprintln(e.stdout, "字体："+s)
	}
	return nil
}

// writeFile writes out through write, never leaving half a file.
func (e *env) writeFile(out string, write func(io.Writer) error) error {
	e.file = out
	if err := atomicfile.Write(out, write); err != nil {
		return err
	}
	e.file = ""
	return nil
}
