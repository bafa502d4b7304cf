package importer

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// RowStatus is what the import does with a row.
type RowStatus int

const (
	RowNew      RowStatus = iota // added
	RowExisting                  // already in the ledger: left as it is
	RowBad                       // has a problem: the import is refused
	RowSkipped                   // not a record (empty, a total, a signature line)
)

// Label is the status as the preview shows it.
func (s RowStatus) Label() string {
	return [...]string{"新增", "已存在", "有错误", "跳过"}[s]
}

// Row is one row of the file in the preview.
type Row struct {
	Number  int // the row's number in the file, from 1
	Status  RowStatus
	Message string   // why a row is bad or skipped
	Column  string   // the column the problem is in, if known
	Cells   []string // the row's cells, by column
}

// Preview is what an import of a file will do: every row with its fate,
// before anything is written.
type Preview struct {
	Kind    Kind
	Table   *Table
	Header  Header
	Mapping Mapping
	Rows    []Row // data rows, in file order
	New     int
	Present int // rows already in the ledger
	Bad     int
	Skipped int
	// MappingError says why the mapping cannot be used; the rows are then
	// not checked.
	MappingError error
	// plan is what the check found in the ledger, for Import to reuse.
	plan *store.ImportPlan
}

// OK reports whether the import can run: a usable mapping, no bad row and
// something to add.
func (p *Preview) OK() bool { return p.MappingError == nil && p.Bad == 0 }

// Open reads a file and previews its import with the remembered or guessed
// mapping.
func Open(ctx context.Context, db *store.DB, path string, kind Kind) (*Preview, error) {
	t, err := ReadFile(path, kind)
	if err != nil {
		return nil, err
	}
	h, score := findHeader(t, kind)
	if score == 0 {
		return nil, data.Invalid("File", fmt.Sprintf("在“%s”的前%d行中没有找到表头：请确认表格有“%s”等列名",
			t.File, headerScanRows, headerExample(kind)))
	}
	s, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	return Check(ctx, db, kind, t, h, Guess(kind, h, s.ImportMappings))
}

func headerExample(kind Kind) string {
	if kind == Units {
		return "单位名称”“单位类别"
	}
	return "收件时间”“投诉渠道”“被投诉单位"
}

// Check previews the import of table t with header h and mapping m: each
// row read into a record, every record checked by the store in a dry run.
func Check(ctx context.Context, db *store.DB, kind Kind, t *Table, h Header, m Mapping) (*Preview, error) {
	p := &Preview{Kind: kind, Table: t, Header: h, Mapping: m}
	for r := h.Row + 1; r < len(t.Rows); r++ {
		p.Rows = append(p.Rows, Row{Number: r + 1, Cells: t.Rows[r]})
	}
	if err := m.Check(kind, h); err != nil {
		p.MappingError = err
		return p, nil
	}
	b := p.build()
	for i, m := range b.marks {
		p.Rows[i].Status, p.Rows[i].Message, p.Rows[i].Column = m.Status, m.Message, m.Column
	}
	opt := store.ImportOptions{DryRun: true, Rows: b.rows}
	var res store.ImportResult
	var err error
	if kind == Units {
		res, err = db.ImportUnits(ctx, b.units, opt)
	} else {
		res, err = db.ImportComplaints(ctx, b.complaints, opt)
	}
	if err != nil && len(res.Problems) == 0 {
		return nil, err
	}
	p.plan = res.Plan
	byRow := map[int]*Row{}
	for i := range p.Rows {
		byRow[p.Rows[i].Number] = &p.Rows[i]
	}
	for i, outcome := range res.Outcomes {
		if outcome == store.ImportExisting {
			byRow[b.rows[i]].Status = RowExisting
		}
	}
	for _, pr := range res.Problems {
		row := byRow[pr.Row]
		if row.Status == RowBad {
			continue // the reading's problem comes first
		}
		row.Status, row.Message, row.Column = RowBad, pr.Message, p.columnOf(goFields[pr.Field])
	}
	p.count()
	return p, nil
}

// Remap previews the same file with another mapping.
func (p *Preview) Remap(ctx context.Context, db *store.DB, m Mapping) (*Preview, error) {
	return Check(ctx, db, p.Kind, p.Table, p.Header, m)
}

func (p *Preview) count() {
	p.New, p.Present, p.Bad, p.Skipped = 0, 0, 0, 0
	for _, r := range p.Rows {
		switch r.Status {
		case RowNew:
			p.New++
		case RowExisting:
			p.Present++
		case RowBad:
			p.Bad++
		case RowSkipped:
			p.Skipped++
		}
	}
}

// Import writes the rows of a clean preview in one transaction and
// remembers the mapping. The records are read from the file afresh: the
// preview's dry run filled in the ones it checked. What the dry run found
// in the ledger (the complaints already there, the look-alikes) is reused
// while the ledger is unchanged since.
func (p *Preview) Import(ctx context.Context, db *store.DB) (store.ImportResult, error) {
	if p.MappingError != nil {
		return store.ImportResult{}, p.MappingError
	}
	b := p.build()
	if b.bad > 0 {
		return store.ImportResult{}, data.Invalid("Rows", fmt.Sprintf("有%d行不能导入，未写入任何记录；请改正后重新导入", b.bad))
	}
	if len(b.rows) == 0 {
		return store.ImportResult{}, data.Invalid("Rows", fmt.Sprintf("“%s”的表头下没有可导入的行，未写入任何记录", p.Table.File))
	}
	opt := store.ImportOptions{Source: p.Table.File, Rows: b.rows,
		Mapping: store.ImportMapping{Signature: Signature(p.Kind, p.Header), Columns: p.Mapping.Remember(p.Header)}, Plan: p.plan}
	if p.Kind == Units {
		return db.ImportUnits(ctx, b.units, opt)
	}
	return db.ImportComplaints(ctx, b.complaints, opt)
}

// Summary is what an import did, as the command line and the workbench
// both say it: how many records were added and how many were there
// already, then the complaints that may report again what another reports,
// for the office to merge (并单) where they do.
func Summary(kind Kind, res store.ImportResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "已导入%d条%s", res.Added, kind.Label())
	if res.Existing > 0 {
		fmt.Fprintf(&b, "，%d条已在台账中，未重复导入", res.Existing)
	}
	b.WriteString("。")
	if len(res.LookAlikes) > 0 {
		fmt.Fprintf(&b, "\n以下%d件投诉与尚未办结的投诉相似，可能反映同一事项，请核对后在“效能投诉”中并单：", len(res.LookAlikes))
		for _, l := range res.LookAlikes {
			what := fmt.Sprintf("第%d行", l.Row)
			if l.Number != "" {
				what += "（" + l.Number + "）"
			}
			fmt.Fprintf(&b, "\n%s与%s相似", what, strings.Join(l.Like, "、"))
		}
	}
	return b.String()
}

// built are the records read from the rows, and the rows that cannot be
// read or are skipped.
type built struct {
	units      []*data.Unit
	complaints []*data.Complaint
	rows       []int // the file row of each record
	marks      map[int]Row
	bad        int
}

func (p *Preview) build() built {
	b := built{marks: map[int]Row{}}
	col := map[string]int{}
	for i, k := range p.Mapping {
		if k != "" {
			col[k] = i
		}
	}
	for i := range p.Rows {
		row := p.Rows[i]
		get := func(key string) string {
			if c, ok := col[key]; ok && c < len(row.Cells) {
				return strings.TrimSpace(row.Cells[c])
			}
			return ""
		}
		if reason := skipReason(row.Cells); reason != "" {
			b.marks[i] = Row{Status: RowSkipped, Message: reason}
			continue
		}
		var err error
		var key string
		if p.Kind == Units {
			var u *data.Unit
			if u, key, err = readUnit(get); err == nil {
				b.units = append(b.units, u)
			}
		} else {
			var c *data.Complaint
			if c, key, err = readComplaint(get); err == nil {
				b.complaints = append(b.complaints, c)
			}
		}
		if err != nil {
			b.marks[i] = Row{Status: RowBad, Message: err.Error(), Column: p.columnOf(key)}
			b.bad++
			continue
		}
		b.rows = append(b.rows, row.Number)
	}
	return b
}

// columnOf is the title of the column mapped to field key.
func (p *Preview) columnOf(key string) string {
	for i, k := range p.Mapping {
		if k == key && key != "" {
			return p.Header.Titles[i]
		}
	}
	return ""
}

// skipReason says why a row is not a record: empty, or a line of totals or
// signatures under the table.
func skipReason(cells []string) string {
	first, n := "", 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			if n == 0 {
				first = strings.TrimSpace(c)
			}
			n++
		}
	}
	switch {
	case n == 0:
		return "空行"
	case hasAnyPrefix(first, "合计", "总计", "小计", "共计"):
		return "合计行"
	case hasAnyPrefix(first, "制表", "填表", "审核", "负责人：", "备注：", "说明：", "注："):
		return "表尾说明"
	}
	return ""
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// goFields maps the store's field names to the import's field keys, to
// place a problem the store finds in its column.
var goFields = map[string]string{
	"Name": "name", "ShortName": "short_name", "Category": "category", "ParentID": "parent", "Phone": "phone", "Hotline": "hotline",
	"Status": "status", "Number": "number", "ReceivedAt": "received_at", "Channel": "channel", "Complainant.Name": "complainant",
	"Complainant.Phone": "phone", "Complainant.IDNumber": "id_number", "UnitID": "unit", "Subject": "subject", "Content": "content",
	"HandlerUnitID": "handler", "LimitDays": "limit", "AcceptedAt": "received_at", "AssignedAt": "assigned_at", "FedBackAt": "fed_back_at",
	"RepliedAt": "replied_at", "ClosedAt": "closed_at", "ArchivedAt": "archived_at", "Satisfaction": "satisfaction",
	"Verification": "verification", "TransferTo": "transfer_to", "MergedIntoID": "merged_into",
}

// readUnit reads a unit from a row; on failure it names the field.
func readUnit(get func(string) string) (*data.Unit, string, error) {
	u := &data.Unit{
		Name: get("name"), ShortName: get("short_name"), ParentName: get("parent"),
		Principal: get("principal"), LeaderInCharge: get("leader"), Contact: get("contact"),
		Phone: cleanPhone(get("phone")), Hotline: cleanPhone(get("hotline")), Address: get("address"), Note: get("note"),
		MergedIntoName: get("merged_into"),
	}
	if u.Name == "" {
		return nil, "name", fmt.Errorf("单位名称为空")
	}
	var err error
	if u.Category, err = parseUnitCategory(get("category")); err != nil {
		return nil, "category", err
	}
	if u.Status, err = parseUnitStatus(get("status")); err != nil {
		return nil, "status", err
	}
	return u, "", nil
}

// readComplaint reads a complaint from a row; on failure it names the field.
func readComplaint(get func(string) string) (*data.Complaint, string, error) {
	c := &data.Complaint{
		Number: get("number"), SourceRef: get("source_ref"), UnitName: get("unit"), PersonName: get("person"),
		PersonPost: get("post"), Subject: get("subject"), Content: get("content"), HandlerUnitName: get("handler"),
		Feedback: get("feedback"), RejectReason: get("reject_reason"), TransferTo: get("transfer_to"), MergedIntoNo: get("merged_into"),
		Complainant: data.Complainant{Name: get("complainant"), Phone: cleanPhone(get("phone")),
			IDNumber: strings.ToUpper(get("id_number")), Address: get("address"), Unit: get("complainant_unit")},
	}
	var err error
	if c.ReceivedAt, err = parseTime(get("received_at")); err != nil {
		return nil, "received_at", err
	}
	if c.ReceivedAt.IsZero() {
		return nil, "received_at", fmt.Errorf("收件时间为空")
	}
	if c.Channel, err = parseChannel(get("channel")); err != nil {
		return nil, "channel", err
	}
	if c.UnitName == "" {
		return nil, "unit", fmt.Errorf("被投诉单位为空")
	}
	if c.Category, err = parseCategory(get("category")); err != nil {
		return nil, "category", err
	}
	who := strings.TrimSpace(c.Complainant.Name)
	c.Complainant.Anonymous = parseYes(get("anonymous")) || who == "" || who == "匿名" || who == "匿名投诉"
	if c.Complainant.Anonymous && (who == "匿名" || who == "匿名投诉") {
		c.Complainant.Name = ""
	}
	switch {
	case c.Subject == "" && c.Content == "":
		return nil, "subject", fmt.Errorf("事由和投诉内容都为空")
	case c.Subject == "":
		c.Subject = firstSentence(c.Content)
	case c.Content == "":
		c.Content = c.Subject
	}
	if c.AcceptedAt, err = parseTime(get("accepted_at")); err != nil {
		return nil, "accepted_at", err
	}
	if c.AssignedAt, err = parseTime(get("assigned_at")); err != nil {
		return nil, "assigned_at", err
	}
	if c.FedBackAt, err = parseTime(get("fed_back_at")); err != nil {
		return nil, "fed_back_at", err
	}
	if c.RepliedAt, err = parseTime(get("replied_at")); err != nil {
		return nil, "replied_at", err
	}
	if c.ClosedAt, err = parseTime(get("closed_at")); err != nil {
		return nil, "closed_at", err
	}
	if c.ArchivedAt, err = parseTime(get("archived_at")); err != nil {
		return nil, "archived_at", err
	}
	if c.LimitDays, c.DueDate, err = parseLimit(get("limit")); err != nil {
		return nil, "limit", err
	}
	if due, err := parseDay(get("due")); err != nil {
		return nil, "due", err
	} else if !due.IsZero() {
		c.DueDate = due
	}
	if c.Verification, err = parseVerification(get("verification")); err != nil {
		return nil, "verification", err
	}
	if c.Satisfaction, err = parseSatisfaction(get("satisfaction")); err != nil {
		return nil, "satisfaction", err
	}
	if s := get("round"); s != "" {
		if c.Round, err = strconv.Atoi(s); err != nil || c.Round < 1 {
			return nil, "round", fmt.Errorf("办理轮次“%s”应为正整数", s)
		}
	}
	if s := get("status"); s != "" {
		if c.Status, err = parseStatus(s); err != nil {
			return nil, "status", err
		}
	} else {
		c.Status = impliedStatus(c)
	}
	return c, "", nil
}

// impliedStatus is the state of a complaint the file gives no state for:
// concluded if it has a 办结 date, being handled once assigned, else
// awaiting acceptance.
func impliedStatus(c *data.Complaint) data.ComplaintStatus {
	switch {
	case !c.ArchivedAt.IsZero():
		return data.StatusArchived
	case !c.ClosedAt.IsZero():
		return data.StatusClosed
	case c.RejectReason != "":
		return data.StatusRejected
	case c.TransferTo != "":
		return data.StatusTransferred
	case c.HandlerUnitName != "" || !c.AssignedAt.IsZero() || c.LimitDays > 0 || !c.DueDate.IsZero():
		return data.StatusHandling
	}
	return data.StatusPending
}
