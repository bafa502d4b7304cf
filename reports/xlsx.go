package reports

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// Sheet is a list to write as one worksheet: a bold header row of Chinese
// titles, then the rows. Cells are strings, ints, float64s, data.Dates and
// time.Times; a date is written as a date (Excel sorts and filters it), a
// zero value as an empty cell.
type Sheet struct {
	Name    string // the worksheet's tab, at most 31 characters
	Title   string // an optional title row above the header
	Columns []Column
	Rows    [][]any
	// Each, when set, gives the rows one at a time after Rows, calling
	// yield with each as it is read: a list too long to hold (an export of
	// every complaint) is written as it comes.
	Each func(yield func([]any) error) error
}

// fitRows is how many rows a column is fitted to: the widths are set before
// the rows are written, so a list given row by row is fitted to its first
// rows.
const fitRows = 1000

// Column is a column of a Sheet.
type Column struct {
	Title string
	// Width in characters (a Chinese character counts two); 0 fits the
	// column to its widest cell, between 6 and 60.
	Width float64
	// Percent writes a float64 as a percentage: 0.959 shows 95.9%.
	Percent bool
	// Text keeps strings as text even when they look like dates or numbers
	// (numbers such as 编号 and phone numbers).
	Text bool
}

// WriteXLSX writes sheets as one workbook.
func WriteXLSX(w io.Writer, sheets ...Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, s := range sheets {
		name := sheetName(s.Name, i)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return fmt.Errorf("reports: xlsx: %w", err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("reports: xlsx: %w", err)
		}
		if err := writeSheet(f, name, s, st); err != nil {
			return err
		}
	}
	// excelize assembles the whole workbook in a buffer before writing it
	// out (WriteTo): its zip writer writes to w instead, so that an export
	// of a million complaints (some 300 MB) goes out as it is compressed. The
	// buffer's one later use marks entries over 4 GiB, which no sheet here
	// reaches.
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("reports: xlsx: %w", err)
	}
	return nil
}

// sheetName makes a valid worksheet name: no []:*?/\ and at most 31
// characters.
func sheetName(name string, i int) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '－'
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" {
		name = fmt.Sprintf("表%d", i+1)
	}
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	return name
}

type styles struct {
	title, header, text, date, dateTime, percent, number int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	font := &excelize.Font{Family: "宋体", Size: 11}
	defs := []struct {
		id    *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Family: "黑体", Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&s.header, excelize.Style{Font: &excelize.Font{Family: "黑体", Size: 11, Bold: true}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF5"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.text, excelize.Style{Font: font, Border: border, NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.date, excelize.Style{Font: font, Border: border, CustomNumFmt: ptr("yyyy-mm-dd"), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&s.dateTime, excelize.Style{Font: font, Border: border, CustomNumFmt: ptr("yyyy-mm-dd hh:mm"), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&s.percent, excelize.Style{Font: font, Border: border, NumFmt: 10, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.number, excelize.Style{Font: font, Border: border, Alignment: &excelize.Alignment{Vertical: "top"}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return s, fmt.Errorf("reports: xlsx style: %w", err)
		}
		*d.id = id
	}
	return s, nil
}

func ptr[T any](v T) *T { return &v }

func writeSheet(f *excelize.File, name string, s Sheet, st styles) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return fmt.Errorf("reports: xlsx: %w", err)
	}
	var first [][]any // the rows the columns are fitted to
	r, headerRow, headerCell := 0, 1, ""
	begin := func() error {
		widths := make([]float64, len(s.Columns))
		for i, c := range s.Columns {
			widths[i] = textWidth(c.Title) + 2
		}
		for _, row := range first {
			for i, v := range row {
				if i < len(widths) {
					widths[i] = math.Max(widths[i], cellWidth(v, s.Columns[i]))
				}
			}
		}
		for i, c := range s.Columns {
			w := c.Width
			if w == 0 {
				w = math.Min(60, math.Max(6, widths[i]+1))
			}
			if err := sw.SetColWidth(i+1, i+1, w); err != nil {
				return err
			}
		}
		if s.Title != "" {
			headerRow = 2
		}
		// the header stays in view while scrolling
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", headerRow+1), ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		r = 1
		if s.Title != "" {
			cell, _ := excelize.CoordinatesToCellName(1, r) // row and column are valid
			if err := sw.SetRow(cell, []any{excelize.Cell{StyleID: st.title, Value: s.Title}}, excelize.RowOpts{Height: 28}); err != nil {
				return err
			}
			if len(s.Columns) > 1 {
				last, _ := excelize.CoordinatesToCellName(len(s.Columns), r)
				if err := sw.MergeCell(cell, last); err != nil {
					return err
				}
			}
			r++
		}
		header := make([]any, len(s.Columns))
		for i, c := range s.Columns {
			header[i] = excelize.Cell{StyleID: st.header, Value: c.Title}
		}
		headerCell, _ = excelize.CoordinatesToCellName(1, r)
		return sw.SetRow(headerCell, header, excelize.RowOpts{Height: 22})
	}
	write := func(row []any) error {
		r++
		cells := make([]any, len(s.Columns))
		for i := range s.Columns {
			var v any
			if i < len(row) {
				v = row[i]
			}
			cells[i] = cellOf(v, s.Columns[i], st)
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		return sw.SetRow(cell, cells)
	}
	// rows are kept until fitRows are known, then written as they come
	start := func() error {
		if err := begin(); err != nil {
			return err
		}
		for _, row := range first {
			if err := write(row); err != nil {
				return err
			}
		}
		first = nil
		return nil
	}
	add := func(row []any) error {
		if headerCell != "" {
			return write(row)
		}
		if first = append(first, row); len(first) < fitRows {
			return nil
		}
		return start()
	}
	for _, row := range s.Rows {
		if err := add(row); err != nil {
			return fmt.Errorf("reports: xlsx: %w", err)
		}
	}
	if s.Each != nil {
		if err := s.Each(add); err != nil {
			return fmt.Errorf("reports: xlsx: %w", err)
		}
	}
	if headerCell == "" {
		if err := start(); err != nil {
			return fmt.Errorf("reports: xlsx: %w", err)
		}
	}
	// The filter is set while the rows are still streaming: set after the
	// flush, excelize reads the whole sheet written back into memory to add
	// it (an export of a million complaints held whole).
	if len(s.Columns) > 0 && r > headerRow {
		last, _ := excelize.CoordinatesToCellName(len(s.Columns), r)
		if err := f.AutoFilter(name, headerCell+":"+last, nil); err != nil {
			return fmt.Errorf("reports: xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("reports: xlsx: %w", err)
	}
	return nil
}

var (
	reDay      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	reDayTime  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$`)
	reInteger  = regexp.MustCompile(`^-?[1-9]\d{0,9}$|^0$`)
	reDecimalN = regexp.MustCompile(`^-?\d{1,9}\.\d+$`)
)

// cellOf turns a value into a styled cell. Text that reads as a date
// (YYYY-MM-DD, YYYY-MM-DD HH:MM) or a plain number becomes one, so that
// lists exported from the screens' text sort and sum in Excel.
func cellOf(v any, c Column, st styles) excelize.Cell {
	switch x := v.(type) {
	case nil:
		return excelize.Cell{StyleID: st.text}
	case data.Date:
		if x.IsZero() {
			return excelize.Cell{StyleID: st.date}
		}
		return excelize.Cell{StyleID: st.date, Value: time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)}
	case time.Time:
		if x.IsZero() {
			return excelize.Cell{StyleID: st.dateTime}
		}
		l := x.In(data.Zone)
		// Excel has no zones: the office's wall clock
		return excelize.Cell{StyleID: st.dateTime, Value: time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), 0, 0, time.UTC)}
	case int:
		return excelize.Cell{StyleID: st.number, Value: x}
	case float64:
		if c.Percent {
			return excelize.Cell{StyleID: st.percent, Value: x}
		}
		return excelize.Cell{StyleID: st.number, Value: x}
	case bool:
		if x {
			return excelize.Cell{StyleID: st.text, Value: "是"}
		}
		return excelize.Cell{StyleID: st.text, Value: "否"}
	case string:
		if !c.Text {
			switch {
			case reDay.MatchString(x):
				if d, err := data.ParseDate(x); err == nil {
					return cellOf(d, c, st)
				}
			case reDayTime.MatchString(x):
				if t, err := time.ParseInLocation("2006-01-02 15:04", x, data.Zone); err == nil {
					return cellOf(t, c, st)
				}
			case reInteger.MatchString(x):
				if n, err := strconv.Atoi(x); err == nil {
					return excelize.Cell{StyleID: st.number, Value: n}
				}
			case reDecimalN.MatchString(x):
				if n, err := strconv.ParseFloat(x, 64); err == nil {
					return excelize.Cell{StyleID: st.number, Value: n}
				}
			}
		}
		return excelize.Cell{StyleID: st.text, Value: x}
	}
	return excelize.Cell{StyleID: st.text, Value: fmt.Sprint(v)}
}

// textWidth is the width of text in Excel's units: a Chinese character is
// two, a Latin one.
func textWidth(s string) float64 {
	w := 0.0
	for _, line := range strings.Split(s, "\n") {
		lw := 0.0
		for _, r := range line {
			if r < 0x2E80 {
				lw++
			} else {
				lw += 2
			}
		}
		w = math.Max(w, lw)
	}
	return w
}

func cellWidth(v any, c Column) float64 {
	switch x := v.(type) {
	case data.Date:
		return 11
	case time.Time:
		return 17
	case string:
		// long text wraps: a column no wider than 40 characters
		if utf8.RuneCountInString(x) > 20 {
			return math.Min(textWidth(x), 40)
		}
		return textWidth(x)
	case float64:
		if c.Percent {
			return 7
		}
	}
	return textWidth(fmt.Sprint(v))
}

// ExportXLSX writes every live record of one registry to w as a workbook,
// with the columns of ExportJSON under their Chinese names. The
// complainant's identity is written only when withIdentity is set.
func ExportXLSX(ctx context.Context, db *store.DB, kind string, w io.Writer, withIdentity bool) error {
	if err := logExport(ctx, db, kind, withIdentity); err != nil {
		return err
	}
	s, err := exportSheet(ctx, db, kind, withIdentity)
	if err != nil {
		return err
	}
	return WriteXLSX(w, s)
}

func exportSheet(ctx context.Context, db *store.DB, kind string, withIdentity bool) (Sheet, error) {
	switch kind {
	case "units":
		return unitSheet(ctx, db)
	case "complaints":
		return complaintSheet(ctx, db, withIdentity)
	case "rounds":
		return roundSheet(ctx, db)
	case "visits":
		return visitSheet(ctx, db)
	case "findings":
		return findingSheet(ctx, db)
	case "documents":
		return documentSheet(ctx, db, withIdentity)
	case "actions":
		return actionSheet(ctx, db)
	case store.AuditExport:
		return auditSheet(ctx, db, data.AuditFilter{}), nil
	}
	return Sheet{}, data.Invalid("Kind", fmt.Sprintf("没有“%s”这类数据可导出，可导出：%s", kind, strings.Join(ExportKinds, "、")))
}

func cols(titles ...string) []Column {
	out := make([]Column, len(titles))
	for i, t := range titles {
		out[i] = Column{Title: t}
	}
	return out
}

// textCols marks the columns whose text must stay text.
func textCols(c []Column, titles ...string) []Column {
	for i := range c {
		for _, t := range titles {
			if c[i].Title == t {
				c[i].Text = true
			}
		}
	}
	return c
}

func unitSheet(ctx context.Context, db *store.DB) (Sheet, error) {
	units, err := db.Units(ctx, data.UnitFilter{})
	if err != nil {
		return Sheet{}, err
	}
	return UnitSheet(units, units), nil
}

// UnitSheet is units as a worksheet of every column; all (the registry)
// names the units they were merged into.
func UnitSheet(units, all []*data.Unit) Sheet {
	names := make(nameIndex, len(all))
	for _, u := range all {
		names[u.ID] = u.Name
	}
	s := Sheet{Name: "单位", Columns: textCols(cols(data.FieldLabels("units", "name", "short_name", "category", "parent_id", "principal",
		"leader_in_charge", "contact", "phone", "hotline", "address", "status", "merged_into_id", "note")...), "联系电话", "服务热线")}
	for _, u := range units {
		s.Rows = append(s.Rows, []any{u.Name, u.ShortName, string(u.Category), u.ParentName, u.Principal, u.LeaderInCharge, u.Contact,
			u.Phone, u.Hotline, u.Address, string(u.Status), names[u.MergedIntoID], u.Note})
	}
	return s
}

// complaintSheet is every live complaint as a worksheet (ComplaintsSheet).
func complaintSheet(ctx context.Context, db *store.DB, withIdentity bool) (Sheet, error) {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return Sheet{}, err
	}
	return ComplaintsSheet(ctx, db, data.ComplaintFilter{}, cal, db.Today(), withIdentity), nil
}

// ComplaintsSheet is ComplaintSheet of the complaints f selects, every
// page of them, read and written one at a time as the workbook is: an
// export of a million complaints holds none of them all at once.
func ComplaintsSheet(ctx context.Context, db *store.DB, f data.ComplaintFilter, cal *data.Calendar, today data.Date, withIdentity bool) Sheet {
	f.Limit, f.Offset = 0, 0
	s := complaintColumns(withIdentity)
	s.Each = func(yield func([]any) error) error {
		return db.EachComplaint(ctx, f, func(c *data.Complaint) error {
			if withIdentity {
				if err := revealForExport(ctx, db, []*data.Complaint{c}); err != nil {
					return err
				}
			}
			return yield(complaintCells(c, cal, today, withIdentity))
		})
	}
	return s
}

// ComplaintSheet is complaints as a worksheet of every column (the content,
// the unit's result and the 回访 included) as of day today, whether a complaint
// missed its 办理时限 counted by cal; the complainant's identity only when
// withIdentity.
func ComplaintSheet(list []*data.Complaint, cal *data.Calendar, today data.Date, withIdentity bool) Sheet {
	s := complaintColumns(withIdentity)
	for _, c := range list {
		s.Rows = append(s.Rows, complaintCells(c, cal, today, withIdentity))
	}
	return s
}

// complaintColumns is the sheet of complaints without its rows.
func complaintColumns(withIdentity bool) Sheet {
	label := func(columns ...string) []string { return data.FieldLabels("complaints", columns...) }
	titles := label("number", "received_at", "channel", "source_ref", "anonymous")
	if withIdentity {
		titles = append(titles, label("complainant_name_mask", "complainant_phone_mask", "complainant_id_number_mask",
			"complainant_address_mask", "complainant_unit_mask")...)
	}
	titles = append(titles, label("unit_id", "person_name", "person_post", "category", "subject", "content", "status", "accepted_at",
		"reject_reason", "transfer_to", "handler_unit_id", "assigned_at", "limit_days", "due_date")...)
	titles = append(titles, "是否超期")
	titles = append(titles, label("fed_back_at", "feedback", "verification", "replied_at", "satisfaction", "closed_at", "archived_at",
		"merged_into_id", "round")...)
	return Sheet{Name: "效能投诉", Columns: textCols(cols(titles...), "编号", "来源编号", "联系电话", "身份证号", "并入投诉")}
}

// complaintCells is one complaint as a row of complaintColumns.
func complaintCells(c *data.Complaint, cal *data.Calendar, today data.Date, withIdentity bool) []any {
	row := []any{c.Number, c.ReceivedAt, string(c.Channel), c.SourceRef, c.Complainant.Anonymous}
	if withIdentity {
		p := c.Complainant
		row = append(row, p.Name, p.Phone, p.IDNumber, p.Address, p.Unit)
	}
	limit := any(nil)
	if c.LimitDays > 0 {
		limit = c.LimitDays
	}
	return append(row, c.UnitName, c.PersonName, c.PersonPost, string(c.Category), c.Subject, c.Content, string(c.Status), c.AcceptedAt,
		c.RejectReason, c.TransferTo, c.HandlerUnitName, c.AssignedAt, limit, c.DueDate, c.MissedDue(cal, today), c.FedBackAt, c.Feedback,
		string(c.Verification), c.RepliedAt, string(c.Satisfaction), c.ClosedAt, c.ArchivedAt, c.MergedIntoNo, c.Round)
}

func roundSheet(ctx context.Context, db *store.DB) (Sheet, error) {
	rounds, err := db.Rounds(ctx, data.RoundFilter{})
	if err != nil {
		return Sheet{}, err
	}
	people, err := exportPeopleNames(ctx, db)
	if err != nil {
		return Sheet{}, err
	}
	units, err := exportUnitNames(ctx, db)
	if err != nil {
		return Sheet{}, err
	}
	s := Sheet{Name: "督查活动", Columns: cols(data.FieldLabels("rounds", "title", "kind", "start_date", "end_date", "description", "leader_id",
		"round_members", "round_units")...)}
	for _, r := range rounds {
		s.Rows = append(s.Rows, []any{r.Title, string(r.Kind), r.Start, r.End, r.Description, people[r.LeaderID],
			strings.Join(people.of(r.MemberIDs), "、"), strings.Join(units.of(r.UnitIDs), "、")})
	}
	return s, nil
}

func visitSheet(ctx context.Context, db *store.DB) (Sheet, error) {
	visits, err := db.Visits(ctx, data.VisitFilter{})
	if err != nil {
		return Sheet{}, err
	}
	people, err := exportPeopleNames(ctx, db)
	if err != nil {
		return Sheet{}, err
	}
	rounds, err := db.Rounds(ctx, data.RoundFilter{})
	if err != nil {
		return Sheet{}, err
	}
	titles := make(nameIndex, len(rounds))
	for _, r := range rounds {
		titles[r.ID] = r.Title
	}
	s := Sheet{Name: "检查记录", Columns: textCols(cols(append(data.FieldLabels("visits", "round_id", "unit_id", "visited_at", "place", "summary",
		"visit_inspectors"), "发现问题数", "检查结果", data.FieldLabel("visits", "phone_number"), data.FieldLabel("visits", "answered"),
		data.FieldLabel("visits", "attitude"))...), "拨打号码")}
	for _, v := range visits {
		result := "未发现问题"
		if v.FindingCount > 0 {
			result = "发现问题"
		}
		s.Rows = append(s.Rows, []any{titles[v.RoundID], v.UnitName, v.VisitedAt, v.Place, v.Summary, strings.Join(people.of(v.InspectorIDs), "、"),
			v.FindingCount, result, v.PhoneNumber, v.Answered, v.Attitude})
	}
	return s, nil
}

func findingSheet(ctx context.Context, db *store.DB) (Sheet, error) {
	findings, err := db.Findings(ctx, data.FindingFilter{})
	if err != nil {
		return Sheet{}, err
	}
	return FindingSheet(findings), nil
}

// FindingSheet is findings as a worksheet of every column, their
// rectification included.
func FindingSheet(findings []*data.Finding) Sheet {
	s := Sheet{Name: "发现问题", Columns: cols(data.FieldLabels("findings", "unit_id", "found_on", "category", "description", "staff_name",
		"staff_post", "disposition", "rect_status", "rect_limit_days", "rect_due", "report_on", "report_content", "recheck_on",
		"recheck_result", "recheck_by", "closed_on")...)}
	for _, f := range findings {
		limit := any(nil)
		if f.RectLimitDays > 0 {
			limit = f.RectLimitDays
		}
		s.Rows = append(s.Rows, []any{f.UnitName, f.FoundOn, string(f.Category), f.Description, f.StaffName, f.StaffPost, string(f.Disposition),
			string(f.RectStatus), limit, f.RectDue, f.ReportOn, f.ReportContent, f.RecheckOn, string(f.RecheckResult), f.RecheckBy, f.ClosedOn})
	}
	return s
}

func documentSheet(ctx context.Context, db *store.DB, withIdentity bool) (Sheet, error) {
	docs, err := db.Documents(ctx, data.DocumentFilter{})
	if err != nil {
		return Sheet{}, err
	}
	return DocumentSheet(docs, withIdentity), nil
}

// DocumentSheet is documents as a worksheet of every column, their text
// included (but for the complainant's identity, unless withIdentity).
func DocumentSheet(docs []*data.Document, withIdentity bool) Sheet {
	s := Sheet{Name: "文书", Columns: textCols(cols(data.FieldLabels("documents", "kind", "number", "status", "title", "recipient",
		"issuing_body", "signed_on", "signer", "reply_due", "delivered_on", "delivery_method", "delivered_to", "replied_on",
		"archived_on", "void_reason", "body")...), "文号")}
	for _, d := range docs {
		body := d.Body
		if d.WithIdentity && !withIdentity {
			body = "（含投诉人身份信息，未导出）"
		}
		s.Rows = append(s.Rows, []any{string(d.Kind), d.Number, string(d.Status), d.Title, d.Recipient, d.IssuingBody, d.SignedOn, d.Signer,
			d.ReplyDue, d.DeliveredOn, d.DeliveryMethod, d.DeliveredTo, d.RepliedOn, d.ArchivedOn, d.VoidReason, body})
	}
	return s
}

func actionSheet(ctx context.Context, db *store.DB) (Sheet, error) {
	actions, err := db.Actions(ctx, data.ActionFilter{})
	if err != nil {
		return Sheet{}, err
	}
	return ActionSheet(actions), nil
}

// ExportAuditXLSX writes the audit rows f selects (every page, oldest
// first, as they are read) to w as a workbook: the 审计日志 screen's
// export. Its own 导出 row is written first, as every export's
// (LogExport), and is in the workbook when f selects it.
func ExportAuditXLSX(ctx context.Context, db *store.DB, f data.AuditFilter, w io.Writer) error {
	if err := db.LogExport(ctx, store.AuditExport, false); err != nil {
		return err
	}
	return WriteXLSX(w, auditSheet(ctx, db, f))
}

// auditSheet is the audit rows f selects as a worksheet written as they
// are read, oldest first, a batch at a time: each batch's references named
// by one look-up.
func auditSheet(ctx context.Context, db *store.DB, f data.AuditFilter) Sheet {
	s := AuditSheet(nil, nil)
	s.Each = func(yield func([]any) error) error {
		batch := make([]data.AuditEntry, 0, auditBatch)
		flush := func() error {
			names, err := db.AuditNames(ctx, batch)
			if err != nil {
				return err
			}
			for _, e := range batch {
				if err := yield(auditCells(e, names)); err != nil {
					return err
				}
			}
			batch = batch[:0]
			return nil
		}
		err := db.EachAudit(ctx, f, func(e data.AuditEntry) error {
			if batch = append(batch, e); len(batch) == auditBatch {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		return flush()
	}
	return s
}

// auditBatch is how many audit rows an export names at once.
const auditBatch = 1000

// AuditSheet is audit rows as a worksheet: who did what to which record
// when, and what changed (字段：改前 → 改后), records named by names.
func AuditSheet(entries []data.AuditEntry, names data.RecordNames) Sheet {
	s := Sheet{Name: "审计日志", Columns: textCols(cols("序号", "时间", "登录名", "姓名", "设备", "类别", "操作", "对象", "记录", "内容", "记录编号"),
		"登录名", "记录", "记录编号")}
	s.Columns[9].Width = 60
	for _, e := range entries {
		s.Rows = append(s.Rows, auditCells(e, names))
	}
	return s
}

func auditCells(e data.AuditEntry, names data.RecordNames) []any {
	return []any{int(e.ID), e.At, e.Actor, e.ActorName, e.Device, string(e.Action.Kind()), string(e.Action), data.RecordKind(e.Table),
		e.RecordName(names), e.Changes(names), e.RecordID}
}

// ActionSheet is accountability decisions as a worksheet of every column.
func ActionSheet(actions []*data.Action) Sheet {
	s := Sheet{Name: "责任追究", Columns: textCols(cols(data.FieldLabels("actions", "target_kind", "unit_id", "person_name", "person_post",
		"measure", "reason", "decided_on", "decided_by", "doc_number")...), "文号")}
	for _, a := range actions {
		s.Rows = append(s.Rows, []any{string(a.TargetKind), a.UnitName, a.PersonName, a.PersonPost, string(a.Measure), a.Reason,
			a.DecidedOn, a.DecidedBy, a.DocNumber})
	}
	return s
}
