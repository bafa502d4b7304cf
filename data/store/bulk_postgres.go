package store

import (
	"fmt"
	"strings"
)

// deferServerUpkeep is deferComplaintUpkeep on the server. The insert
// triggers are disabled in the transaction and their work is done at the
// end for all the complaints added, as on a file: done complaint by
// complaint (a search key looked up, a row updated, two arrays of n-grams
// and four rows of figures written for each), moving a ledger of a million
// complaints to the server took hours. ALTER TABLE is transactional: no other
// desktop ever sees the triggers off. Its lock holds other desktops' writes
// to complaints back until the commit, as the ledger's writer lock, which
// every write transaction takes first, already does; their reads go on.
func (t *tx) deferServerUpkeep(last int64) (int64, func() error, error) {
	triggers := func(how string) error {
		clauses := make([]string, len(complaintInsertTriggers))
		for i, name := range complaintInsertTriggers {
			clauses[i] = how + " TRIGGER " + name
		}
		if _, err := t.ExecContext(t.ctx, "ALTER TABLE complaints "+strings.Join(clauses, ", ")); err != nil {
			return fmt.Errorf("store: complaint upkeep: %w", err)
		}
		return nil
	}
	if err := triggers("DISABLE"); err != nil {
		return 0, nil, err
	}
	return last, func() error {
		if err := t.keyComplaintsAfter(last); err != nil {
			return err
		}
		// what complaints_search_insert adds (xn_index_complaint, migration
		// 0021), for every complaint at once
		upkeep := []string{
			`INSERT INTO complaint_bigrams (rowid, terms)
			SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(string_to_array(t.bigrams, ' '), '{}')
				|| xn_state_term(c.status)
			FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
			WHERE c.rowid > ?1 AND c.search_key IS NOT NULL`,
			`INSERT INTO complaint_trigrams (rowid, terms)
			SELECT c.search_key, xn_grams(ARRAY[3, 4], c.number, c.subject, c.content, u.name, u.short_name)
				|| coalesce(string_to_array(t.longer, ' '), '{}') || xn_state_term(c.status)
			FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
			WHERE c.rowid > ?1 AND c.search_key IS NOT NULL`,
		}
		for _, q := range append(upkeep, figureUpkeep()...) {
			if _, err := t.ExecContext(t.ctx, q, last); err != nil {
				return fmt.Errorf("store: complaint upkeep after import: %w", err)
			}
		}
		// ALTER TABLE cannot run while checks wait for the commit: the
		// references a copy defers are checked now, all its rows being in.
		if _, err := t.ExecContext(t.ctx, "SET CONSTRAINTS ALL IMMEDIATE"); err != nil {
			return fmt.Errorf("store: complaint upkeep after import: %w", err)
		}
		return triggers("ENABLE")
	}, nil
}
