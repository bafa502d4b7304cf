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
	// Version counts the record's saves, from 1. A save of a record read at
	// an older version is refused (StaleError): someone else saved it in
	// between. It orders saves within one ledger; the field exchange keeps
	// its own clocks between ledgers.
	Version int64
}

// Key is the record's identity, for code that handles records of any
// kind (the GUI's list of records marks the one it shows by it).
func (r Record) Key() string { return r.ID }

// Deleted reports whether the record is a tombstone.
func (r Record) Deleted() bool { return !r.DeletedAt.IsZero() }
