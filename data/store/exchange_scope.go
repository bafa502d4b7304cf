package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"xiaoneng/data"
)

// scope is a set of records by table.
type scope map[string]map[string]bool

func (s scope) add(table string, ids ...string) int {
	if s[table] == nil {
		s[table] = map[string]bool{}
	}
	n := 0
	for _, id := range ids {
		if id != "" && !s[table][id] {
			s[table][id] = true
			n++
		}
	}
	return n
}

func (s scope) list(table string) []string {
	out := make([]string, 0, len(s[table]))
	for id := range s[table] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// jsonList is a list of ids as one argument: queries take a set of any
// size as "IN (SELECT value FROM json_each(?))".
func jsonList(ids []string) string {
	if ids == nil {
		ids = []string{}
	}
	b, err := json.Marshal(ids)
	if err != nil {
		panic(err) // strings always encode
	}
	return string(b)
}

const inList = "(SELECT value FROM json_each(?))"

// historyDays is how far back the history of the units taken out goes:
// their recent visits and 公务活动登记.
const historyDays = 365

// checkoutScope is what a laptop taking rounds out needs (issue 19): the
// rounds with their teams, the units they visit with their recent history
// (visits, open findings with their 整改 deadlines for 复查, 制度公示, 公务活动
// 登记), the complaints of those units waiting to be verified (their identity
// masked on the way out), the documents of the rounds, everyone's names,
// the calendar; the files of all of these; and every record these point at,
// so that the field ledger holds no reference it cannot follow. Nothing
// else of the ledger leaves the office.
func checkoutScope(ctx context.Context, q querier, rounds []string, today data.Date) (scope, error) {
	s := scope{}
	ids := func(query string, args ...any) ([]string, error) { return queryStrings(ctx, q, query, args...) }
	steps := []struct {
		table string
		query func() (string, []any)
	}{
		{"rounds", func() (string, []any) {
			return "SELECT id FROM rounds WHERE deleted_at IS NULL AND id IN " + inList, []any{jsonList(rounds)}
		}},
		{"units", func() (string, []any) {
			r := jsonList(s.list("rounds"))
			return "SELECT unit_id FROM round_units WHERE round_id IN " + inList +
				" UNION SELECT unit_id FROM visits WHERE deleted_at IS NULL AND round_id IN " + inList, []any{r, r}
		}},
		{"visits", func() (string, []any) {
			return "SELECT id FROM visits WHERE deleted_at IS NULL AND (round_id IN " + inList + " OR (unit_id IN " + inList + " AND visited_at >= ?))",
				[]any{jsonList(s.list("rounds")), jsonList(s.list("units")), today.AddDays(-historyDays).String()}
		}},
		{"findings", func() (string, []any) {
			return "SELECT id FROM findings WHERE deleted_at IS NULL AND (visit_id IN " + inList + " OR (unit_id IN " + inList + " AND closed_on IS NULL))",
				[]any{jsonList(s.list("visits")), jsonList(s.list("units"))}
		}},
		{"finding_events", func() (string, []any) {
			return "SELECT id FROM finding_events WHERE deleted_at IS NULL AND finding_id IN " + inList, []any{jsonList(s.list("findings"))}
		}},
		{"complaints", func() (string, []any) {
			return "SELECT id FROM complaints WHERE deleted_at IS NULL AND status = ? AND unit_id IN " + inList,
				[]any{string(data.StatusVerifying), jsonList(s.list("units"))}
		}},
		{"complaint_events", func() (string, []any) {
			return "SELECT id FROM complaint_events WHERE deleted_at IS NULL AND complaint_id IN " + inList, []any{jsonList(s.list("complaints"))}
		}},
		{"activity_logs", func() (string, []any) {
			return "SELECT id FROM activity_logs WHERE deleted_at IS NULL AND on_date >= ? AND unit_id IN " + inList,
				[]any{today.AddDays(-historyDays).String(), jsonList(s.list("units"))}
		}},
		{"documents", func() (string, []any) {
			return "SELECT id FROM documents WHERE deleted_at IS NULL AND (round_id IN " + inList + " OR visit_id IN " + inList + ")",
				[]any{jsonList(s.list("rounds")), jsonList(s.list("visits"))}
		}},
		{"people", func() (string, []any) { return "SELECT id FROM people WHERE deleted_at IS NULL", nil }},
		{"calendar_years", func() (string, []any) { return "SELECT id FROM calendar_years WHERE deleted_at IS NULL", nil }},
	}
	for _, st := range steps {
		query, args := st.query()
		list, err := ids(query, args...)
		if err != nil {
			return nil, err
		}
		s.add(st.table, list...)
	}
	if err := closeScope(ctx, q, s); err != nil {
		return nil, err
	}
	// Every unit the laptop has comes with its 制度公示 checklist: a visit
	// there may check it.
	list, err := ids("SELECT id FROM unit_disclosures WHERE deleted_at IS NULL AND unit_id IN "+inList, jsonList(s.list("units")))
	if err != nil {
		return nil, err
	}
	if s.add("unit_disclosures", list...) > 0 {
		if err := closeScope(ctx, q, s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// attachmentOwners are the tables whose records have files, by owner kind.
var attachmentOwners = map[data.OwnerKind]string{
	data.OwnerVisit: "visits", data.OwnerFinding: "findings", data.OwnerFindingEvent: "finding_events",
	data.OwnerComplaint: "complaints", data.OwnerComplaintEvent: "complaint_events", data.OwnerDocument: "documents",
}

// closeScope adds to s every record a record of s points at (by its
// foreign keys and its links), until nothing is missing, and then the files
// of them all.
func closeScope(ctx context.Context, q querier, s scope) error {
	type ref struct{ table, col, target string }
	var refs []ref
	for _, x := range exchangeTables {
		rows, err := queryList(ctx, q, "foreign keys", func(r rowScanner) (ref, error) {
			var f ref
			f.table = x.name
			return f, r.Scan(&f.col, &f.target)
		}, fmt.Sprintf(`SELECT "from", "table" FROM pragma_foreign_key_list('%s')`, x.name))
		if err != nil {
			return err
		}
		for i := 0; i < len(rows); i++ {
			r := rows[i]
			if r.target == "blobs" { // files travel by hash
				rows = append(rows[:i], rows[i+1:]...)
				i--
				continue
			}
			if exchangeByName[r.target] == nil {
				return fmt.Errorf("store: %s.%s points at %s, which the exchange does not carry", r.table, r.col, r.target)
			}
		}
		refs = append(refs, rows...)
		for _, l := range x.links {
			rows, err := queryList(ctx, q, "foreign keys", func(r rowScanner) (ref, error) {
				f := ref{table: x.name, col: l.table}
				var from string
				if err := r.Scan(&from, &f.target); err != nil {
					return f, err
				}
				return f, nil
			}, fmt.Sprintf(`SELECT "from", "table" FROM pragma_foreign_key_list('%s') WHERE "from" = '%s'`, l.table, l.otherCol))
			if err != nil {
				return err
			}
			refs = append(refs, rows...)
		}
	}
	for grew := true; grew; {
		grew = false
		for _, r := range refs {
			query := fmt.Sprintf("SELECT DISTINCT %s FROM %s WHERE id IN %s AND %s IS NOT NULL", r.col, r.table, inList, r.col)
			if l := findLink(r.table, r.col); l != nil {
				query = fmt.Sprintf("SELECT DISTINCT %s FROM %s WHERE %s IN %s", l.otherCol, l.table, l.ownerCol, inList)
			}
			list, err := queryStrings(ctx, q, query, jsonList(s.list(r.table)))
			if err != nil {
				return err
			}
			if s.add(r.target, list...) > 0 {
				grew = true
			}
		}
	}
	for kind, table := range attachmentOwners {
		list, err := queryStrings(ctx, q, "SELECT id FROM attachments WHERE deleted_at IS NULL AND owner_kind = ? AND owner_id IN "+inList,
			string(kind), jsonList(s.list(table)))
		if err != nil {
			return err
		}
		s.add("attachments", list...)
	}
	return nil
}

func findLink(table, link string) *linkSpec {
	for _, l := range exchangeByName[table].links {
		if l.table == link {
			return &l
		}
	}
	return nil
}
