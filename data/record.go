package data

import "time"

// Record is what every stored record carries. The ID is a UUID fixed at
// creation, so records keep their identity when they travel between the
// office desktop and field laptops; Device says which machine last changed
// the record; a deleted record stays as a tombstone with DeletedAt set.
type Record struct {
	ID        string
	CreatedAt time.Time
	UpdatedAt time.Time
	UpdatedBy string // the user who last changed it
	Device    string // the device that last changed it
	DeletedAt time.Time
}

// Key is the record's identity, for code that handles records of any
// kind (the GUI's list of records marks the one it shows by it).
func (r Record) Key() string { return r.ID }

// Deleted reports whether the record is a tombstone.
func (r Record) Deleted() bool { return !r.DeletedAt.IsZero() }
