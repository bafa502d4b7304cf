package store

import (
	"database/sql"
	"database/sql/driver"
	"hash/maphash"
	"slices"
	"strconv"
	"sync"
)

// Terms worked out ahead. An import writes the search indexes of its
// complaints in one statement each (deferComplaintUpkeep), in which SQLite
// calls xn_search_terms for every complaint on the writer's goroutine, one
// core, while FTS5 spends most of the statement taking the terms in. A
// termsAhead works out the same calls' results in the order the statement
// makes them, on another core, a bounded number ahead: the call then finds
// its result by its arguments (aheadTerms) instead of working it out. A
// call whose result is not there yet works it out itself, so the result
// is the function's in every case.

// aheadTerms holds the results worked out ahead, by the hash of their
// arguments (termsKey); each taken result gives its producer room for
// another.
var aheadTerms sync.Map // uint64 → *aheadResult

type aheadResult struct {
	args  []driver.Value // the arguments, which a call's must equal
	terms string
	room  chan struct{}
}

// termsLookahead is how many results a termsAhead keeps ready at most
// (each the terms of a complaint: a few to 20 KB).
const termsLookahead = 256

// termsSeed seeds termsKey, the same for every goroutine.
var termsSeed = maphash.MakeSeed()

// termsKey is the hash of the arguments of a call of xn_search_terms: the
// gram size and each field, a string with its length, anything else
// (NULL, which the function skips) as "-". Equal arguments have equal
// keys; a result is taken only for arguments equal to its own.
func termsKey(args []driver.Value) uint64 {
	var h maphash.Hash
	h.SetSeed(termsSeed)
	for _, a := range args {
		switch v := a.(type) {
		case int64:
			h.WriteString(strconv.FormatInt(v, 10))
			h.WriteByte(';')
		case string:
			h.WriteString(strconv.Itoa(len(v)))
			h.WriteByte(':')
			h.WriteString(v)
		default:
			h.WriteByte('-')
		}
	}
	return h.Sum64()
}

// takeAhead is the result of the call with args if it was worked out
// ahead.
func takeAhead(args []driver.Value) (string, bool) {
	key := termsKey(args)
	v, ok := aheadTerms.Load(key)
	if !ok || !slices.Equal(v.(*aheadResult).args, args) || !aheadTerms.CompareAndDelete(key, v) {
		return "", false
	}
	r := v.(*aheadResult)
	<-r.room
	return r.terms, true
}

// termsAhead starts working out, on another goroutine, xn_search_terms of
// each call in calls, in order. The returned function stops it and takes
// back what was not used; it must run before the transaction ends.
func termsAhead(calls [][]driver.Value) (stop func()) {
	room := make(chan struct{}, termsLookahead)
	quit, done := make(chan struct{}), make(chan struct{})
	stored := map[uint64]*aheadResult{}
	go func() {
		defer close(done)
		for _, args := range calls {
			select {
			case room <- struct{}{}:
			case <-quit:
				return
			}
			terms, err := searchTerms(args)
			if err != nil { // the call will say why itself
				<-room
				continue
			}
			key, r := termsKey(args), &aheadResult{args, terms, room}
			if _, had := aheadTerms.LoadOrStore(key, r); had {
				<-room // the same fields twice: the first is there
				continue
			}
			stored[key] = r
		}
	}()
	return func() {
		close(quit)
		<-done
		for key, r := range stored {
			aheadTerms.CompareAndDelete(key, r) // what no call took
		}
	}
}

// registered is what a bulk write knows of the complaints it added, by
// ID: the fields xn_search_terms indexes as they were written (number,
// 事由, content); ok is false for one it does not know.
type registered func(id string) (number, subject, content string, ok bool)

// searchTermsAfter starts working out the terms of the complaints added
// after rowid last, for the two statements of deferComplaintUpkeep (the
// bigrams, then the trigrams, each in the order of the complaints' search
// keys), from the fields the bulk write holds (known): read again from
// the ledger they would be ten thousand copies of the complaints' text
// kept at once, 40 MB more of an import's peak. A field known wrongly
// only costs its call the lookup.
func (t *tx) searchTermsAfter(last int64, known registered) (stop func(), err error) {
	type unit struct{ name, short sql.NullString }
	units := map[string]unit{}
	err = eachRow(t.ctx, t, "search terms ahead", "SELECT id, name, short_name FROM units", nil, func(r rowScanner) error {
		var id string
		var u unit
		if err := r.Scan(&id, &u.name, &u.short); err != nil {
			return err
		}
		units[id] = u
		return nil
	})
	if err != nil {
		return nil, err
	}
	value := func(s sql.NullString) driver.Value {
		if s.Valid {
			return s.String
		}
		return nil
	}
	var fields [][]driver.Value
	err = eachRow(t.ctx, t, "search terms ahead", `SELECT id, unit_id FROM complaints
		WHERE rowid > ? AND search_key IS NOT NULL ORDER BY search_key`, []any{last}, func(r rowScanner) error {
		var id string
		var unitID sql.NullString
		if err := r.Scan(&id, &unitID); err != nil {
			return err
		}
		number, subject, content, ok := known(id)
		if !ok {
			fields = append(fields, nil)
			return nil
		}
		u := units[unitID.String]
		fields = append(fields, []driver.Value{number, subject, content, value(u.name), value(u.short)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	calls := make([][]driver.Value, 0, 2*len(fields))
	for _, n := range []int64{2, 3} {
		for _, f := range fields {
			if f != nil {
				calls = append(calls, append([]driver.Value{n}, f...))
			}
		}
	}
	return termsAhead(calls), nil
}
