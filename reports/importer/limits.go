package importer

import (
	"fmt"

	"xiaoneng/data"
)

// What a file read in may hold. A workbook or CSV file comes from outside
// (a colleague, another program, a stranger): a small file may unpack to
// gigabytes or claim a billion merged cells. Every reader counts what it
// unpacks and keeps against these bounds and refuses beyond them, in a
// Chinese sentence, before it has allocated more: room for a county's
// ledgers of many years (a 100,000-row workbook of complaints fits), and the
// memory of what is kept stays under about 200 MB whatever the file.
const (
	// maxFileSize is the largest file read at all.
	maxFileSize = 200 << 20
	// maxUnpacked is the most a workbook's parts may unpack to, together;
	// maxRatio the most a part larger than ratioFloor may unpack to per
	// byte stored (a real workbook's parts compress 5 to 30 times; a zip
	// bomb's, a thousand times).
	maxUnpacked = 1 << 30
	maxRatio    = 100
	ratioFloor  = 1 << 20
	// maxParts is the most parts a workbook may have.
	maxParts = 10000
	// maxToken is the longest run of XML between two tags, or of one tag
	// (a cell holds at most 32,767 characters in Excel); maxDepth the
	// deepest nesting of elements read.
	maxToken = 1 << 20
	maxDepth = 64
	// maxShared and maxSharedBytes bound a workbook's shared strings.
	maxShared      = 1_000_000
	maxSharedBytes = 48 << 20
	// maxRows, maxColumns, maxCells and maxTextBytes bound a table: its
	// rows (empty ones included), the columns of a row, the cells of all
	// rows (empty ones before the last of a row included) and the bytes
	// of their text.
	maxRows      = 250_000
	maxColumns   = 512
	maxCells     = 4_000_000
	maxTextBytes = 48 << 20
	// maxMerged is the most merged ranges a sheet may have.
	maxMerged = 50_000
	// maxRecordBytes is the longest CSV record, quoted lines included.
	maxRecordBytes = 4 << 20
)

// tooBig is the refusal of a file beyond a bound: what it holds, said as
// the user would count it.
func tooBig(name, what string) error {
	return data.Invalid("File", fmt.Sprintf("“%s”%s，超出一次导入的上限，未导入；请检查文件，或分成几个文件导入", name, what))
}

// damaged is the refusal of a file that is not what it says it is.
func damaged(name string) error {
	return data.Invalid("File", fmt.Sprintf("无法读取“%s”：文件不是Excel工作簿或已损坏", name))
}

// tableBuilder gathers the rows of a table, counting what they hold
// against the bounds.
type tableBuilder struct {
	t            *Table
	cells, bytes int
}

func newTableBuilder(t *Table) *tableBuilder { return &tableBuilder{t: t} }

// set puts row r (0-based) in place: rows before it that are missing stay
// empty. cells is kept as it is; its trailing empty cells are dropped.
func (b *tableBuilder) set(r int, cells []string) error {
	for len(cells) > 0 && isBlank(cells[len(cells)-1]) {
		cells = cells[:len(cells)-1]
	}
	if r >= maxRows {
		return tooBig(b.t.File, fmt.Sprintf("有超过%d行", maxRows))
	}
	if len(cells) == 0 {
		return nil
	}
	if len(cells) > maxColumns {
		return tooBig(b.t.File, fmt.Sprintf("第%d行有超过%d列", r+1, maxColumns))
	}
	if err := b.count(cells); err != nil {
		return err
	}
	for len(b.t.Rows) <= r {
		b.t.Rows = append(b.t.Rows, nil)
	}
	b.t.Rows[r] = cells
	return nil
}

// count adds cells to what the table holds.
func (b *tableBuilder) count(cells []string) error {
	b.cells += len(cells)
	for _, c := range cells {
		b.bytes += len(c)
	}
	switch {
	case b.cells > maxCells:
		return tooBig(b.t.File, fmt.Sprintf("有超过%d万个单元格", maxCells/10000))
	case b.bytes > maxTextBytes:
		return tooBig(b.t.File, fmt.Sprintf("的文字超过%dMB", maxTextBytes>>20))
	}
	return nil
}

// fillMerged copies the value of each merged range into all of its cells
// within the table as read — the rows it has and the columns its widest row
// reaches: a header over two columns names both, a unit merged down over
// three complaints is the unit of each. A range reaching beyond the table
// adds nothing there, whatever it claims (A1:XFD1048576 is one cell of a
// table of one cell); what it adds is counted as cells are.
func (b *tableBuilder) fillMerged() error {
	t := b.t
	width := 0
	for _, row := range t.Rows {
		width = max(width, len(row))
	}
	for _, m := range t.Merged {
		v := t.Cell(m.Row1, m.Col1)
		if v == "" {
			continue
		}
		last := min(m.Col2, width-1)
		if m.Col1 > last {
			continue
		}
		for r := m.Row1; r <= min(m.Row2, len(t.Rows)-1); r++ {
			row := t.Rows[r]
			if grow := last + 1 - len(row); grow > 0 {
				b.cells += grow
				if b.cells > maxCells {
					return tooBig(t.File, fmt.Sprintf("的合并单元格超过%d万个单元格", maxCells/10000))
				}
				row = append(row, make([]string, grow)...)
			}
			for c := m.Col1; c <= last; c++ {
				row[c] = v
			}
			t.Rows[r] = row
		}
	}
	return nil
}

func isBlank(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\r' && r != '\n' && r != '\u3000' {
			return false
		}
	}
	return true
}
