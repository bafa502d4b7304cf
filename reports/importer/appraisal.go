package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"xiaoneng/data"
)

// ReadAppraisalSheet reads the results of an appraisal from the first sheet
// of an .xlsx file as offices keep them: a header row naming the columns
// 单位名称, 满意, 基本满意, 不满意 (and optionally 票数 or 总票数) or 得分, then
// one row per unit. The header may sit below a title line; blank rows and a
// 合计 row are skipped. A cell that is not a number is refused with its row.
//
// The file is read through the bounded workbook reader, and may be at most
// maxAppraisalFile bytes: a sheet of a county's units is far smaller.
func ReadAppraisalSheet(r io.Reader) ([]data.AppraisalRow, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxAppraisalFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxAppraisalFile {
		return nil, data.Invalid("File", fmt.Sprintf("该文件超过%dMB，不像是测评结果表，请检查", maxAppraisalFile>>20))
	}
	wb, err := openWorkbook(bytes.NewReader(b), int64(len(b)), "该文件")
	if err != nil {
		if errors.Is(err, errNotWorkbook) {
			return nil, data.Invalid("File", "无法读取该文件，请选择Excel工作簿（.xlsx）")
		}
		return nil, err
	}
	t, err := wb.readSheet(wb.sheets[0], 0)
	if err != nil {
		return nil, err
	}
	rows := t.Rows
	head, cols := -1, sheetColumns{}
	for i := 0; i < len(rows) && i < 10 && head < 0; i++ {
		if c, ok := findColumns(rows[i]); ok {
			head, cols = i, c
		}
	}
	if head < 0 {
		return nil, data.Invalid("File", "未找到表头：第一张工作表应有“单位名称”列，以及“满意”“基本满意”“不满意”票数列或“得分”列")
	}
	var out []data.AppraisalRow
	for i := head + 1; i < len(rows); i++ {
		line := i + 1
		cell := func(c int) string {
			if c < 0 || c >= len(rows[i]) {
				return ""
			}
			return strings.TrimSpace(rows[i][c])
		}
		name := cell(cols.name)
		if name == "" || strings.ReplaceAll(name, " ", "") == "合计" || strings.ReplaceAll(name, " ", "") == "总计" {
			continue
		}
		row := data.AppraisalRow{Line: line, UnitName: name}
		for _, n := range []struct {
			col   int
			label string
			dest  *int
		}{
			{cols.ballots, "票数", &row.Ballots}, {cols.satisfied, "满意", &row.Satisfied},
			{cols.basic, "基本满意", &row.Basic}, {cols.unsatisfied, "不满意", &row.Unsatisfied},
		} {
			v, err := sheetInt(cell(n.col))
			if err != nil {
				return nil, data.Invalid("File", fmt.Sprintf("第%d行“%s”列的“%s”不是票数", line, n.label, cell(n.col)))
			}
			*n.dest = v
		}
		if s := strings.TrimSuffix(cell(cols.score), "分"); s != "" {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, data.Invalid("File", fmt.Sprintf("第%d行“得分”列的“%s”不是数字", line, cell(cols.score)))
			}
			row.Score, row.HasScore = v, true
		}
		out = append(out, row)
	}
	if len(out) == 0 {
		return nil, data.Invalid("File", "表头下没有单位的测评结果")
	}
	return out, nil
}

// maxAppraisalFile is the largest file of appraisal results read.
const maxAppraisalFile = 20 << 20

// sheetColumns are the indexes of the columns found in a header; -1 for a
// column the sheet lacks.
type sheetColumns struct {
	name, ballots, satisfied, basic, unsatisfied, score int
}

// findColumns recognises a header row. 不满意 and 基本满意 contain 满意, so
// they are matched first.
func findColumns(header []string) (sheetColumns, bool) {
	c := sheetColumns{-1, -1, -1, -1, -1, -1}
	for i, h := range header {
		h = strings.NewReplacer(" ", "", "\n", "", "（票）", "", "(票)", "", "票数", "票").Replace(strings.TrimSpace(h))
		switch {
		case h == "":
		case strings.Contains(h, "单位") && c.name < 0:
			c.name = i
		case strings.Contains(h, "不满意"):
			c.unsatisfied = i
		case strings.Contains(h, "基本满意"):
			c.basic = i
		case strings.Contains(h, "满意率"), strings.Contains(h, "满意度"):
			// a computed column: the rate is worked out from the counts
		case strings.Contains(h, "满意"):
			c.satisfied = i
		case strings.Contains(h, "得分"), h == "分数", h == "评分", h == "测评得分":
			c.score = i
		case h == "票", strings.Contains(h, "总票"), strings.Contains(h, "收回"), strings.Contains(h, "有效票"), strings.Contains(h, "参评"):
			c.ballots = i
		}
	}
	counts := c.satisfied >= 0 && c.basic >= 0 && c.unsatisfied >= 0
	return c, c.name >= 0 && (counts || c.score >= 0)
}

// sheetInt reads a count as Excel shows it: "12", "12.0", "1,200"; blank is 0.
func sheetInt(s string) (int, error) {
	s = strings.ReplaceAll(strings.TrimSuffix(strings.TrimSpace(s), "票"), ",", "")
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f != float64(int(f)) {
		return 0, fmt.Errorf("not a count: %q", s)
	}
	return int(f), nil
}
