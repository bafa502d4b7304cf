package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
)

// The tables a field ledger shares with its office, parents before
// children; what travels of each is every column but the record's own
// (recordColumns, clock) and those named home.
var exchangeTables = []*exTable{
	{name: "calendar_years", label: "节假日安排"},
	{name: "people", label: "人员"},
	{name: "units", label: "单位"},
	{name: "rounds", label: "督查活动", links: []linkSpec{
		{table: "round_members", ownerCol: "round_id", otherCol: "person_id"},
		{table: "round_units", ownerCol: "round_id", otherCol: "unit_id"}}},
	{name: "visits", label: "检查记录", links: []linkSpec{
		{table: "visit_inspectors", ownerCol: "visit_id", otherCol: "person_id"}}},
	{name: "unit_disclosures", label: "制度公示"},
	{name: "findings", label: "发现问题"},
	{name: "finding_events", label: "整改记录"},
	// A complaint's number is the office's; its search key and import key are
	// this ledger's own; the complainant's sealed identity stays home (its
	// search hashes are a table of their own, which never travels), the
	// field sees only the masks stored beside it (and never sends them back).
	{name: "complaints", label: "投诉件", home: map[string]bool{"search_key": true, "import_key": true, "complainant_sealed": true}, masked: travellingMasks},
	{name: "complaint_events", label: "投诉办理记录"},
	{name: "activity_logs", label: "公务活动登记"},
	{name: "documents", label: "文书", links: []linkSpec{
		{table: "document_findings", ownerCol: "document_id", otherCol: "finding_id"}}},
	{name: "attachments", label: "照片和附件"},
}

// travellingMasks are the complainant's masked columns: stored masked
// already, they go out as they are and never come back.
var travellingMasks = func() masks {
	m := masks{}
	for _, col := range []string{"complainant_name_mask", "complainant_phone_mask", "complainant_id_number_mask", "complainant_address_mask", "complainant_unit_mask"} {
		m[col] = func(s string) string { return s }
	}
	return m
}()

// exTable is a table of the exchange.
type exTable struct {
	name   string
	label  string
	links  []linkSpec
	home   map[string]bool // columns that never travel
	masked masks           // columns that go out masked and never come back

	once sync.Once
	cols []exColumn // loaded from the schema on first use
	err  error
}

// linkSpec is a set of links a record owns, travelling as a field of it.
type linkSpec struct {
	table, ownerCol, otherCol string
}

// exColumn is a column that travels, with its type.
type exColumn struct {
	name    string
	typ     string // INTEGER, REAL or TEXT
	notNull bool
}

var exchangeByName = func() map[string]*exTable {
	m := map[string]*exTable{}
	for _, t := range exchangeTables {
		m[t.name] = t
	}
	return m
}()

// linkOf finds the link table of a table's spec.
func linkOf(table, link string) linkSpec {
	for _, l := range exchangeByName[table].links {
		if l.table == link {
			return l
		}
	}
	panic("store: no link table " + link + " on " + table)
}

// columns reads the table's travelling columns from the schema once.
func (x *exTable) columns(ctx context.Context, q querier) ([]exColumn, error) {
	x.once.Do(func() {
		rows, err := q.QueryContext(ctx, fmt.Sprintf("SELECT name, type, \"notnull\" FROM pragma_table_info('%s') ORDER BY cid", x.name))
		if err != nil {
			x.err = fmt.Errorf("store: columns of %s: %w", x.name, err)
			return
		}
		defer rows.Close()
		skip := map[string]bool{"clock": true}
		for _, c := range strings.Split(recordColumns, ", ") {
			skip[c] = true
		}
		for rows.Next() {
			var c exColumn
			if err := rows.Scan(&c.name, &c.typ, &c.notNull); err != nil {
				x.err = fmt.Errorf("store: columns of %s: %w", x.name, err)
				return
			}
			if !skip[c.name] && !x.home[c.name] {
				x.cols = append(x.cols, c)
			}
		}
		x.err = rows.Err()
	})
	return x.cols, x.err
}

func (x *exTable) column(cols []exColumn, name string) (exColumn, bool) {
	for _, c := range cols {
		if c.name == name {
			return c, true
		}
	}
	return exColumn{}, false
}

// stored turns a value read from a package into what the column stores,
// refusing one of the wrong type.
func (c exColumn) stored(v any) (any, error) {
	bad := func() error {
		return &data.PackageError{Message: fmt.Sprintf("外勤包中字段“%s”的值类型不对，包已损坏。", c.name)}
	}
	if v == nil {
		if c.notNull {
			return nil, bad()
		}
		return nil, nil
	}
	switch c.typ {
	case "INTEGER":
		switch x := v.(type) {
		case json.Number:
			n, err := x.Int64()
			if err != nil {
				return nil, bad()
			}
			return n, nil
		case int64:
			return x, nil
		}
	case "REAL":
		switch x := v.(type) {
		case json.Number:
			f, err := x.Float64()
			if err != nil {
				return nil, bad()
			}
			return f, nil
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	default:
		if s, ok := v.(string); ok {
			return s, nil
		}
	}
	return nil, bad()
}

// sameValue compares two stored values (a REAL read back may come as an
// integer).
func sameValue(a, b any) bool {
	if x, ok := a.([]byte); ok {
		a = string(x)
	}
	if x, ok := b.([]byte); ok {
		b = string(x)
	}
	if fa, ok := a.(float64); ok {
		if ib, ok := b.(int64); ok {
			return fa == float64(ib)
		}
	}
	if fb, ok := b.(float64); ok {
		if ia, ok := a.(int64); ok {
			return fb == float64(ia)
		}
	}
	return a == b
}

// sameLinks compares two sets of ids.
func sameLinks(a, b []string) bool {
	return strings.Join(sortedUnique(a), ",") == strings.Join(sortedUnique(b), ",")
}

// fieldLabel names a field of a table (or a set of links it owns) for
// the user.
func fieldLabel(table, field string) string {
	if field == exchange.DeletedField {
		return "删除"
	}
	return data.FieldLabel(table, field)
}

// recordTitle says which record a change is about, from its fields: what
// the preview and the conflicts list show. unit names a unit by id.
func recordTitle(table string, f map[string]any, unit func(string) string) string {
	str := func(k string) string {
		switch v := f[k].(type) {
		case string:
			return v
		case nil:
			return ""
		default:
			return fmt.Sprint(v)
		}
	}
	day := func(k string) string {
		s := str(k)
		if len(s) >= 10 {
			return s[:10]
		}
		return s
	}
	var parts []string
	switch table {
	case "calendar_years":
		parts = []string{str("year") + "年"}
	case "people", "units":
		parts = []string{str("name")}
	case "rounds", "documents":
		parts = []string{str("title")}
	case "visits":
		parts = []string{unit(str("unit_id")), day("visited_at")}
	case "unit_disclosures":
		parts = []string{unit(str("unit_id")), str("item")}
	case "findings":
		parts = []string{unit(str("unit_id")), shorten(str("description"), 24)}
	case "finding_events", "complaint_events":
		parts = []string{str("kind"), day("at")}
	case "complaints":
		parts = []string{str("number"), shorten(str("subject"), 24)}
	case "activity_logs":
		parts = []string{unit(str("unit_id")), day("on_date"), str("agency")}
	case "attachments":
		parts = []string{str("name")}
	}
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// showValue writes a stored value for the user.
func showValue(field string, v any) string {
	switch x := v.(type) {
	case nil:
		if field == exchange.DeletedField {
			return "未删除"
		}
		return "（空）"
	case []string:
		return strings.Join(x, "、")
	case int64:
		return strconv.FormatInt(x, 10)
	case string:
		if field == exchange.DeletedField {
			if x == "" {
				return "未删除"
			}
			return "已删除（" + shorten(x, 16) + "）"
		}
		if x == "" {
			return "（空）"
		}
		return x
	default:
		return fmt.Sprint(x)
	}
}
