package data

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RecordNames name the records audit rows refer to, by table and id: a
// unit by its name, a complaint by its number (never a complainant: only the
// masked forms are ever in a row).
type RecordNames map[string]map[string]string

// Add names the record id of table.
func (n RecordNames) Add(table, id, name string) {
	if n[table] == nil {
		n[table] = map[string]string{}
	}
	n[table][id] = name
}

// Name is the name of the record id of table, ok false when it is unknown.
func (n RecordNames) Name(table, id string) (string, bool) {
	name, ok := n[table][id]
	return name, ok
}

// gone is what a reference to a record no longer in the ledger shows.
const gone = "（已不在台账中）"

// Refs calls add with each record e refers to, itself included: what
// RecordNames must hold to show e.
func (e AuditEntry) Refs(add func(table, id string)) {
	if e.RecordID != "" {
		add(e.Table, e.RecordID)
	}
	for _, m := range []map[string]any{e.Before, e.After} {
		for k, v := range m {
			table := e.refers(k)
			if table == "" {
				continue
			}
			for _, id := range ids(v) {
				add(table, id)
			}
		}
	}
}

// refers is the table field k of e refers to, "" for a plain value.
func (e AuditEntry) refers(k string) string {
	f, _ := FieldOf(e.Table, k)
	if f.Refers != OwnerTable {
		return f.Refers
	}
	for _, m := range []map[string]any{e.After, e.Before} {
		if kind, ok := m["owner_kind"].(string); ok {
			return OwnerKind(kind).Table()
		}
	}
	return ""
}

// ids are the ids a reference's value holds: one, a list, or none.
func ids(v any) []string {
	switch v := v.(type) {
	case string:
		if v != "" {
			return []string{v}
		}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// RecordName names the record e is about: its name in names, else its id.
func (e AuditEntry) RecordName(names RecordNames) string {
	if n, ok := names.Name(e.Table, e.RecordID); ok {
		return n
	}
	return e.RecordID
}

// Changes says what an audit row records, for a person: each field by its
// label, “字段：改前 → 改后”, or its value alone when only one side has it
// (a record added or deleted), in the order of the labels; references by
// the names in names, times as the ledger shows them, yes/no as 是/否.
// Technical fields (clocks, hashes, search keys) are left out: they stay
// in the row and its hash, unread.
func (e AuditEntry) Changes(names RecordNames) string {
	var out []string
	seen := map[string]bool{}
	for _, m := range []map[string]any{e.After, e.Before} {
		for k := range m {
			if seen[k] {
				continue
			}
			seen[k] = true
			f, known := FieldOf(e.Table, k)
			if f.Technical {
				continue
			}
			if !known {
				f.Label = k
			}
			before, had := e.Before[k]
			after, has := e.After[k]
			show := func(v any) string { return e.value(k, f, v, names) }
			text := ""
			switch {
			case had && has:
				text = show(before) + " → " + show(after)
			case has:
				text = show(after)
			default:
				text = show(before)
			}
			out = append(out, f.Label+"："+text)
		}
	}
	slices.Sort(out)
	return strings.Join(out, "；")
}

// value shows the value v of field k (labelled f) of e.
func (e AuditEntry) value(k string, f Field, v any, names RecordNames) string {
	if table := e.refers(k); table != "" {
		list := ids(v)
		if len(list) == 0 {
			return "空"
		}
		shown := make([]string, len(list))
		for i, id := range list {
			name, ok := names.Name(table, id)
			if !ok {
				name = gone
			}
			shown[i] = name
		}
		return strings.Join(shown, "、")
	}
	if k == "owner_kind" {
		if s, ok := v.(string); ok {
			return OwnerKind(s).Label()
		}
	}
	if s, ok := v.(string); ok && f.Kind {
		return RecordKind(s)
	}
	if f.YesNo {
		switch v {
		case float64(1), true:
			return "是"
		case float64(0), false:
			return "否"
		}
	}
	return AuditValue(v, e.Table, k)
}

// AuditValue shows a value of an audit row: empty as 空 (not Go's <nil>),
// a stored time as the ledger shows times, a number as written, a list
// joined by 、 and an object (a setting's weights) field by field under
// key's labels.
func AuditValue(v any, table, key string) string {
	switch v := v.(type) {
	case nil:
		return "空"
	case string:
		if v == "" {
			return "空"
		}
		if t, err := time.Parse(TimeLayout, v); err == nil {
			return t.In(Zone).Format(ShownTimeLayout)
		}
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		if v {
			return "是"
		}
		return "否"
	case []any:
		if len(v) == 0 {
			return "空"
		}
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = AuditValue(x, table, key)
		}
		return strings.Join(parts, "、")
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			if f, _ := FieldOf(table, key+"."+k); !f.Technical {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			sub := key + "." + k
			parts[i] = FieldLabel(table, sub)
			if parts[i] == sub {
				parts[i] = k
			}
			parts[i] += "：" + AuditValue(v[k], table, sub)
		}
		return "（" + strings.Join(parts, "，") + "）"
	default:
		return fmt.Sprint(v)
	}
}

// ShownTimeLayout is how the ledger shows a time to a person.
const ShownTimeLayout = "2006-01-02 15:04"
