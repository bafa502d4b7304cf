package store_test

import (
	"database/sql"
	"reflect"
	"slices"
	"testing"

	"xiaoneng/data"
	"xiaoneng/data/store/pgtest"
	"xiaoneng/data/store/storetest"
)

// Every column of every table the audit log records (as the migrations
// made it: sqlite_schema) has a label, or is marked technical, in data's
// one table of fields: a new column cannot reach the 审计日志 by its name.
func TestEveryAuditedColumnHasALabel(t *testing.T) {
	if pgtest.OnServer() { // the server's schema is the file's (TestSchemasAgree)
		t.Skip("只读台账文件的表结构：已在 SQLite 的一轮中运行")
	}
	db := storetest.New(t)
	conn, err := sql.Open("sqlite", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tables, err := conn.Query("SELECT name FROM sqlite_schema WHERE type = 'table'")
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for tables.Next() {
		var name string
		if err := tables.Scan(&name); err != nil {
			t.Fatal(err)
		}
		all = append(all, name)
	}
	if err := tables.Close(); err != nil {
		t.Fatal(err)
	}
	labelled := data.FieldTables()
	checked := 0
	for _, table := range all {
		if data.RecordKind(table) == table && !slices.Contains(labelled, table) {
			continue // not a table of the audit log's records
		}
		if !slices.Contains(labelled, table) {
			t.Errorf("the audited table %s has no fields", table)
			continue
		}
		checked++
		rows, err := conn.Query("SELECT name FROM pragma_table_info(?)", table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var col string
			if err := rows.Scan(&col); err != nil {
				t.Fatal(err)
			}
			if _, ok := data.FieldOf(table, col); !ok {
				t.Errorf("%s.%s has no label", table, col)
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if checked < 24 {
		t.Errorf("%d audited tables checked", checked)
	}
	// settings are audited by the fields of data.Settings
	for _, typ := range []reflect.Type{reflect.TypeFor[data.Settings](), reflect.TypeFor[data.AssessmentWeights]()} {
		prefix := ""
		if typ.Name() == "AssessmentWeights" {
			prefix = "AssessmentWeights."
		}
		for i := range typ.NumField() {
			if _, ok := data.FieldOf("settings", prefix+typ.Field(i).Name); !ok {
				t.Errorf("setting %s%s has no label", prefix, typ.Field(i).Name)
			}
		}
	}
}
