package store

import (
	"fmt"
	"strings"

	"xiaoneng/data"
)

// The references of a file's bulk work, checked once at its end
// (bulkWriteAs), from the foreign keys of the schema itself.

// referenceMark is where a table with foreign keys stood when bulk work
// began: the rows after rowid from are new. A table without rowids that
// held rows has from -1: its new rows cannot be told from the old, and none
// of them is checked (an import adds to one such table, the records of its
// batch, which refer to the batch it has just written).
type referenceMark struct {
	table string
	from  int64
}

// referenceMarks marks the tables with foreign keys.
func (t *tx) referenceMarks() ([]referenceMark, error) {
	type table struct {
		name       string
		withoutRow bool
	}
	var tables []table
	err := eachRow(t.ctx, t, "references", `SELECT name, wr FROM pragma_table_list
		WHERE schema = 'main' AND type = 'table' AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(name)) ORDER BY name`, nil,
		func(row rowScanner) error {
			var tb table
			err := row.Scan(&tb.name, &tb.withoutRow)
			tables = append(tables, tb)
			return err
		})
	if err != nil {
		return nil, err
	}
	marks := make([]referenceMark, len(tables))
	for i, tb := range tables {
		q := "SELECT coalesce(max(rowid), 0) FROM " + quoteName(tb.name)
		if tb.withoutRow {
			q = "SELECT -count(*) FROM (SELECT 1 FROM " + quoteName(tb.name) + " LIMIT 1)"
		}
		marks[i].table = tb.name
		if err := t.queryRow(q).Scan(&marks[i].from); err != nil {
			return nil, fmt.Errorf("store: references: %w", err)
		}
	}
	return marks, nil
}

// checkReferences checks every foreign key of the rows added after marks,
// as SQLite would have (a reference with a NULL column refers to nothing),
// and refuses the work if one refers to a row that is not there.
func (t *tx) checkReferences(marks []referenceMark) error {
	for _, m := range marks {
		if m.from < 0 {
			continue
		}
		keys, err := t.foreignKeys(m.table)
		if err != nil {
			return err
		}
		for _, k := range keys {
			var match, present []string
			for i, col := range k.from {
				match = append(match, "p."+quoteName(k.to[i])+" = c."+quoteName(col))
				present = append(present, "c."+quoteName(col)+" IS NOT NULL")
			}
			var broken int
			q := fmt.Sprintf("SELECT count(*) FROM %s c WHERE %s AND %s AND NOT EXISTS (SELECT 1 FROM %s p WHERE %s)",
				quoteName(m.table), rowsAfter(m.from), strings.Join(present, " AND "), quoteName(k.parent), strings.Join(match, " AND "))
			if err := t.queryRow(q).Scan(&broken); err != nil {
				return fmt.Errorf("store: references: %w", err)
			}
			if broken > 0 {
				return fmt.Errorf("store: 写入的%s中有%d处引用的记录不存在（引用的是%s；%s.%s → %s），已全部撤销",
					data.RecordKind(m.table), broken, data.RecordKind(k.parent), m.table, strings.Join(k.from, ", "), k.parent)
			}
		}
	}
	return nil
}

// rowsAfter is the condition on the rows of c after rowid from (all of a
// table that was empty).
func rowsAfter(from int64) string {
	if from == 0 {
		return "true"
	}
	return fmt.Sprintf("c.rowid > %d", from)
}

// foreignKey is one foreign key of a table: its columns, and the parent's
// they refer to.
type foreignKey struct {
	parent   string
	from, to []string
}

// foreignKeys are table's foreign keys, the parent's columns named (its
// primary key where the schema leaves them out).
func (t *tx) foreignKeys(table string) ([]foreignKey, error) {
	var keys []foreignKey
	last := -1
	err := eachRow(t.ctx, t, "references of "+table, `SELECT f.id, f."table", f."from", coalesce(f."to", (SELECT name FROM pragma_table_info(f."table") WHERE pk = f.seq + 1))
		FROM pragma_foreign_key_list(?) f ORDER BY f.id, f.seq`, []any{table},
		func(row rowScanner) error {
			var id int
			var parent, from string
			var to *string
			if err := row.Scan(&id, &parent, &from, &to); err != nil {
				return err
			}
			if to == nil {
				return fmt.Errorf("%s names no key of %s", from, parent)
			}
			if id != last {
				keys = append(keys, foreignKey{parent: parent})
				last = id
			}
			k := &keys[len(keys)-1]
			k.from, k.to = append(k.from, from), append(k.to, *to)
			return nil
		})
	if err != nil {
		return nil, err
	}
	return keys, nil
}

// quoteName quotes an identifier of the schema for SQL.
func quoteName(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
