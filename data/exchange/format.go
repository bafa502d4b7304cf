package exchange

import (
	"encoding/json"
	"fmt"
	"time"

	"xiaoneng/data"
)

// The package format; docs/外勤包格式.md describes it for other tools.
const (
	FormatName = "xiaoneng-field-package"
	// FormatVersion 2 marks the round a checkout by units made
	// (RoundRef.ForUnits); version 1 packages are read as before.
	FormatVersion = 2

	ManifestPart = "manifest.json"
	ChangesPart  = "changes.jsonl"
	AuditPart    = "audit.jsonl"
	SettingsPart = "settings.json"
	filesFolder  = "files/"
)

// Kind says which way a package goes and why.
type Kind string

const (
	KindOut  Kind = "出库" // office → laptop: the first package of a checkout
	KindMore Kind = "补充" // office → laptop already out: what changed since
	KindBack Kind = "交回" // laptop → office
)

// FromOffice reports whether the office wrote a package of this kind.
func (k Kind) FromOffice() bool { return k == KindOut || k == KindMore }

// Manifest is the package's first part: who wrote it for whom, what it
// holds, and the SHA-256 of every other part.
type Manifest struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"format_version"`
	SchemaVersion int       `json:"schema_version"`
	Kind          Kind      `json:"kind"`
	ID            string    `json:"package_id"`
	Seq           int64     `json:"seq"` // the writer's packages for this checkout, from 1
	CreatedAt     time.Time `json:"created_at"`
	// Full is set when the package holds every record of the checkout
	// (the laptop has acknowledged nothing yet): a field ledger can be made
	// from it.
	Full     bool     `json:"full"`
	Office   Office   `json:"office"`
	Checkout Checkout `json:"checkout"`
	From     Sender   `json:"from"`
	// To is the field ledger the package is for, once the office knows it
	// (from the laptop's first 交回); "" before.
	To string `json:"to,omitempty"`
	// Replicas are the ledger ids the package's vectors are numbered by:
	// version {"0": 5} is change 5 of Replicas[0].
	Replicas []string `json:"replicas"`
	// Summary is what the writer has of the checkout's records: every change
	// of replica r up to Summary[r]. The receiver remembers it, and sends
	// back only what it is not known to have.
	Summary Vector `json:"summary"`
	Ack     Ack    `json:"ack"`
	Counts  Counts `json:"counts"`
	Parts   []Part `json:"parts"`
	// Accounts, in a package from the office, are the users who work in
	// the field, so that they sign in on the laptop with their office
	// password. They never travel back.
	Accounts []Account `json:"accounts,omitempty"`
}

// Account is a user as a field ledger carries it: the user's record and
// password hash (seal.PasswordHash's text), never a key, a grant of the
// identity key or a lock-out; "" for a disabled user.
type Account struct {
	ID                 string   `json:"id"`
	Login              string   `json:"login"`
	Name               string   `json:"name"`
	Roles              []string `json:"roles"`
	Active             bool     `json:"active"`
	MustChangePassword bool     `json:"must_change_password"`
	PasswordHash       string   `json:"password_hash,omitempty"`
}

// Office is the office ledger a checkout belongs to.
type Office struct {
	LedgerID string `json:"ledger_id"`
	Name     string `json:"name"`
	// Suite is the office ledger's cipher suite, which a field ledger made
	// from the package takes, so that the office's password hashes check.
	Suite string `json:"suite,omitempty"`
}

// Checkout is one laptop taken out with some rounds; units taken out one
// by one are the units of the round the checkout made for them.
type Checkout struct {
	ID     string     `json:"id"`
	Laptop string     `json:"laptop"` // 外勤笔记本-1
	Rounds []RoundRef `json:"rounds"`
}

// RoundRef names a round of a checkout.
type RoundRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// ForUnits marks the round the office made when it took units out
	// rather than a round: the field work on those units hangs on it.
	ForUnits bool `json:"for_units,omitempty"`
}

// Sender is the ledger and machine that wrote a package.
type Sender struct {
	LedgerID string `json:"ledger_id"`
	Device   string `json:"device"`
	Actor    string `json:"actor"`
}

// Ack is what the writer has of the receiver's own packages and audit rows.
type Ack struct {
	Seq   int64 `json:"seq"`   // the receiver's latest package imported
	Audit int64 `json:"audit"` // the receiver's latest audit row held
}

// Counts are what a package holds, for the preview and for checking.
type Counts struct {
	Records map[string]int `json:"records"` // by table
	Files   int            `json:"files"`
	Audit   int            `json:"audit"`
}

// Part is one file of the zip with its size and SHA-256 (hex).
type Part struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Change is one record as the writer has it: every field it carries with
// its value, the versions of the fields, and its deletion.
type Change struct {
	Table     string `json:"table"`
	ID        string `json:"id"`
	CreatedAt string `json:"created_at"`
	// DeletedAt is the time of the deletion, "" for a live record.
	DeletedAt string `json:"deleted_at,omitempty"`
	// Fields are the columns with their stored values: text, number or null.
	Fields map[string]any `json:"fields"`
	// Links are the record's sets of linked ids (a visit's inspectors),
	// by link table.
	Links map[string][]string `json:"links,omitempty"`
	Clock Clock               `json:"clock"`
	// UpdatedAt, UpdatedBy and Device say who last changed it, where.
	UpdatedAt string `json:"updated_at"`
	UpdatedBy string `json:"updated_by"`
	Device    string `json:"device"`
}

// AuditRow is one row of the writer's own audit log: the history of its
// records travels with them.
type AuditRow struct {
	ID       int64           `json:"id"`
	At       string          `json:"at"`
	Actor    string          `json:"actor"`
	Device   string          `json:"device"`
	Table    string          `json:"table"`
	RecordID string          `json:"record_id"`
	Action   string          `json:"action"`
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
}

// Limits bound what a reader accepts: a hostile package must not exhaust
// memory or disk.
const (
	maxManifest = 4 << 20
	maxLine     = 16 << 20 // one change: a document's body is the longest field
	maxParts    = 1_000_000
	maxRecords  = 5_000_000
	maxSettings = 16 << 20
	// maxRatio bounds how much a compressed part may grow: JSON of records
	// compresses ten to twenty times; a zip bomb thousands.
	maxRatio = 200
)

// refuse is a refusal the user reads.
func refuse(format string, args ...any) error {
	return &data.PackageError{Message: fmt.Sprintf(format, args...)}
}

// UnitsNote tells the user where the work on units taken out one by one
// hangs, "" when none went out so.
func (m *Manifest) UnitsNote() string {
	for _, r := range m.Checkout.Rounds {
		if r.ForUnits {
			return fmt.Sprintf("按单位带出的单位，外勤工作记在督查活动“%s”下。", r.Title)
		}
	}
	return ""
}

// Describe names a package for the user: 交回包（外勤笔记本-1，第3号）.
func (m *Manifest) Describe() string {
	return fmt.Sprintf("%s包（%s，第%d号）", m.Kind, m.Checkout.Laptop, m.Seq)
}
