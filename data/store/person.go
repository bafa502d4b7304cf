package store

import (
	"context"
	"strings"

	"xiaoneng/data"
)

func personFields(p *data.Person) []field {
	return []field{
		{"name", strings.TrimSpace(p.Name)}, {"role", string(p.Role)}, {"post", p.Post},
		{"organization", p.Organization}, {"phone", p.Phone}, {"can_sign", p.CanSign},
		{"can_see_identity", p.CanSeeIdentity}, {"active", p.Active}, {"note", p.Note},
	}
}

// CreatePerson adds a member of staff, an inspector or a leader.
func (db *DB) CreatePerson(ctx context.Context, p *data.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermRegistry, func(t *tx) error { return t.insert("people", &p.Record, personFields(p)) })
}

// UpdatePerson saves the changed fields of a person.
func (db *DB) UpdatePerson(ctx context.Context, p *data.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermRegistry, func(t *tx) error {
		_, err := t.update("people", &p.Record, personFields(p))
		return err
	})
}

// DeletePerson removes a person entered by mistake (a tombstone stays);
// someone who has left is marked inactive instead, keeping the history.
func (db *DB) DeletePerson(ctx context.Context, id string) error {
	return db.write(ctx, data.PermRegistry, func(t *tx) error { return t.tombstone("people", id) })
}

const personSelect = "SELECT " + recordColumns + ", name, role, post, organization, phone, can_sign, can_see_identity, active, note FROM people"

func scanPerson(row interface{ Scan(...any) error }) (*data.Person, error) {
	p := &data.Person{}
	dest := append(recordDest(&p.Record), &p.Name, &p.Role, &p.Post, &p.Organization, &p.Phone, &p.CanSign, &p.CanSeeIdentity, &p.Active, &p.Note)
	return p, row.Scan(dest...)
}

// Person returns one person.
func (db *DB) Person(ctx context.Context, id string) (*data.Person, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return queryByID(ctx, rd, "person", scanPerson, personSelect+" WHERE id = ? AND deleted_at IS NULL", id)
}

// People lists people, active first, by role then name; role "" lists all.
func (db *DB) People(ctx context.Context, role data.PersonRole) ([]*data.Person, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	q := personSelect + " WHERE deleted_at IS NULL AND (?1 = '' OR role = ?1) ORDER BY active DESC, role, name"
	return queryList(ctx, rd, "people", scanPerson, q, string(role))
}
