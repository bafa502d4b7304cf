// Package exchange is the field exchange between an office ledger (主台账)
// and the field ledgers (外勤台账) of its laptops: the version vectors every
// field of every record carries, the package format (a zip of a manifest,
// JSON lines of changes and the files by hash, encrypted as a whole) and
// its bounded, verifying reader. It knows no SQL: the store decides what
// goes into a package and what an incoming one changes.
package exchange

import (
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strconv"
	"strings"
)

// Vector is a version vector: for each replica (a ledger), the counter of
// that replica's last change the version includes. A missing replica
// counts 0. Inside a ledger replicas are named by small local numbers; in a
// package by their index in the manifest's list of ledger ids.
type Vector map[string]int64

// LessEq reports whether v is included in w: every change v knows, w knows.
func (v Vector) LessEq(w Vector) bool {
	for k, n := range v {
		if n > w[k] {
			return false
		}
	}
	return true
}

// Equal reports whether v and w know the same changes.
func (v Vector) Equal(w Vector) bool { return v.LessEq(w) && w.LessEq(v) }

// Merge returns the least vector that includes both v and w.
func (v Vector) Merge(w Vector) Vector {
	out := make(Vector, len(v)+len(w))
	for k, n := range v {
		if n > 0 {
			out[k] = n
		}
	}
	for k, n := range w {
		if n > out[k] {
			out[k] = n
		}
	}
	return out
}

// With returns a copy of v whose replica r is at counter n.
func (v Vector) With(r string, n int64) Vector {
	out := maps.Clone(v)
	if out == nil {
		out = Vector{}
	}
	out[r] = n
	return out
}

// String writes v in a stable order, for messages and tests.
func (v Vector) String() string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k + ":" + strconv.FormatInt(v[k], 10))
	}
	b.WriteByte('}')
	return b.String()
}

// Clock is the versions of one record's fields: a base vector that every
// field has unless it has its own. A record created in one change has only
// the base; a field changed since has its own vector. The record's
// deletion is the field DeletedField; a set of links (a visit's
// inspectors) is the field named after its link table.
type Clock struct {
	Base   Vector
	Fields map[string]Vector
}

// DeletedField is the pseudo-field whose version is the record's deletion
// (or its undeletion, when a person decides to keep a deleted record).
const DeletedField = "deleted_at"

// Field is the version of one field.
func (c Clock) Field(name string) Vector {
	if v, ok := c.Fields[name]; ok {
		return v
	}
	return c.Base
}

// Set gives field name version v. c must not share its map with a clock
// still in use.
func (c *Clock) Set(name string, v Vector) {
	if c.Fields == nil {
		c.Fields = map[string]Vector{}
	}
	c.Fields[name] = v
}

// Knowledge is every change the record's fields include: what a replica
// that has this record knows of it.
func (c Clock) Knowledge() Vector {
	k := c.Base
	for _, v := range c.Fields {
		k = k.Merge(v)
	}
	if k == nil {
		return Vector{}
	}
	return k
}

// Remap renames the replicas of every vector (from a package's numbering
// to a ledger's, or back).
func (c Clock) Remap(name func(string) (string, error)) (Clock, error) {
	remap := func(v Vector) (Vector, error) {
		out := make(Vector, len(v))
		for k, n := range v {
			r, err := name(k)
			if err != nil {
				return nil, err
			}
			out[r] = n
		}
		return out, nil
	}
	var out Clock
	var err error
	if out.Base, err = remap(c.Base); err != nil {
		return Clock{}, err
	}
	for f, v := range c.Fields {
		w, err := remap(v)
		if err != nil {
			return Clock{}, err
		}
		out.Set(f, w)
	}
	return out, nil
}

// MarshalJSON writes {"*": base, "field": vector, …}; fields whose
// version is the base are left out.
func (c Clock) MarshalJSON() ([]byte, error) {
	m := make(map[string]Vector, len(c.Fields)+1)
	for f, v := range c.Fields {
		if !v.Equal(c.Base) {
			m[f] = v
		}
	}
	m["*"] = c.Base
	if m["*"] == nil {
		m["*"] = Vector{}
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (c *Clock) UnmarshalJSON(b []byte) error {
	var m map[string]Vector
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*c = Clock{Base: m["*"]}
	delete(m, "*")
	for f, v := range m {
		for _, n := range v {
			if n < 0 {
				return fmt.Errorf("exchange: negative counter in the version of %s", f)
			}
		}
		c.Set(f, v)
	}
	return nil
}

// ParseClock reads a stored clock; "" (a record written before the
// exchange existed) is the empty clock, which every version includes.
func ParseClock(s string) (Clock, error) {
	if s == "" {
		return Clock{}, nil
	}
	var c Clock
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		return Clock{}, fmt.Errorf("exchange: bad clock %q: %w", s, err)
	}
	return c, nil
}

// String is the stored form of the clock.
func (c Clock) String() string {
	b, err := c.MarshalJSON()
	if err != nil {
		panic(err) // maps of strings to integers always encode
	}
	return string(b)
}
