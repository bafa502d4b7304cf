package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"xiaoneng/data/atomicfile"
	"xiaoneng/reports"
	"xiaoneng/reports/importer"
)

// importKinds are what import reads, by the word the command line takes.
var importKinds = map[string]importer.Kind{"units": importer.Units, "complaints": importer.Complaints}

// runImport imports units or tickets from an .xlsx or .csv file, all or
// nothing: every bad row is listed with its reason, and if there is any,
// nothing is written.
func runImport(e *env) (err error) {
	word, file := e.args[0], e.args[1]
	kind, ok := importKinds[word]
	if !ok {
		return usageError(fmt.Sprintf("没有“%s”这类数据可导入。可导入：units 单位，complaints 投诉件。", word))
	}
	db, err := e.openExisting()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	e.reportMigration(db)
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
	return nil
}

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

// runReport writes the 通报 (.pdf) or the statistics and ranking (.xlsx)
// of a period.
func runReport(e *env) (err error) {
	spec, out := e.inv.reportPeriod, e.inv.printOpts["o"]
	switch {
	case spec == "":
		return usageError("请用 -period 指定统计期间，例如 2026Q3、2026 或 2026-07。")
	case out == "":
		return usageError("请用 -o 指定输出文件（.pdf 为通报，.xlsx 为统计表）。")
	}
	period, err := reports.ParsePeriod(spec)
	if err != nil {
		return usageError(Explain(err))
	}
	ext := strings.ToLower(filepath.Ext(out))
	if ext != ".pdf" && ext != ".xlsx" {
		return usageError("输出文件应以 .pdf（通报）或 .xlsx（统计表）结尾。")
	}
	db, err := e.openExisting()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	e.reportMigration(db)
	if sameFile(out, db.Path()) {
		return failure("输出文件不能是台账文件本身，请换一个文件名。")
	}
	err = e.writeFile(out, func(w io.Writer) error {
		if ext == ".pdf" {
			return reports.RenderBulletin(e.ctx, db, period, w)
		}
		return reports.WriteStatsXLSX(e.ctx, db, period, w)
	})
	if err != nil {
		return err
	}
	what := "通报"
	if ext == ".xlsx" {
		what = "统计表"
	}
	fmt.Fprintf(e.stdout, "已生成%s%s（统计截至%s）：%s\n", period.Label(), what, db.Today().Chinese(), out)
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
