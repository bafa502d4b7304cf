package data

import "time"

// The field exchange (外勤): the office ledger (主台账) sends rounds out to
// field ledgers (外勤台账) on laptops, which work offline and send back what
// they did; either side may send again at any time. Records keep their
// UUIDs on every side; a field changed on both sides to different values is
// a conflict a person decides.

// FieldCheckout is a laptop taken out with some rounds (出库): in the office
// ledger one per laptop; a field ledger has the one it was made from.
type FieldCheckout struct {
	ID         string
	Laptop     string // 外勤笔记本-1
	Rounds     []FieldRound
	OfficeName string
	Field      bool // this ledger is the laptop's
	CreatedAt  time.Time
	CreatedBy  string
	Sent       int64 // packages this ledger wrote for the other side
	Received   int64 // the other side's latest package imported here
	Conflicts  int   // conflicts waiting for a person
	// LastExchange is when the latest package of the checkout was written
	// or imported here (zero before any), LastPackage what it was: 导入交回包.
	LastExchange time.Time
	LastPackage  string
	Closed       bool
}

// FieldRound is a round of a checkout.
type FieldRound struct {
	ID    string
	Title string
	// ForUnits is set on the round the checkout made for the units taken
	// out one by one (按单位出库).
	ForUnits bool
}

// FieldPreview is what importing a package would do, shown before a byte
// is written, and what it did.
type FieldPreview struct {
	Package  string // 交回包（外勤笔记本-1，第3号）
	From     string // the office or the laptop it came from
	Laptop   string
	Seq      int64
	Created  time.Time
	Imported bool // already imported: the import changes nothing
	// ImportedAt is when it was, for an already imported package.
	ImportedAt time.Time
	// Stale is set when a newer package of the same sender was imported
	// before: this one finds nothing new.
	Stale     bool
	Added     []FieldItem
	Changed   []FieldItem
	Deleted   []FieldItem
	Conflicts []FieldConflict
	Files     int // files new to this ledger
	History   int // audit rows of the other side added
}

// Nothing reports whether the package changes nothing.
func (p *FieldPreview) Nothing() bool {
	return len(p.Added)+len(p.Changed)+len(p.Deleted)+len(p.Conflicts) == 0 && p.Files == 0
}

// FieldItem is one record a package adds, changes or deletes.
type FieldItem struct {
	Table  string // 检查记录
	Title  string // 县市场监管局 2026-07-01
	Fields []string
}

// FieldConflict is a field changed on both sides to different values since
// they last met: the ledger keeps its value until a person decides.
type FieldConflict struct {
	ID       string
	Table    string // table name
	RecordID string
	Field    string // column, link table or deleted_at
	// What the user reads.
	TableLabel string
	FieldLabel string
	Title      string
	Local      string // this ledger's value now
	Incoming   string // the other side's
	// Editable is set when a person may type a third value (not for a
	// deletion or a set of links).
	Editable   bool
	IncomingBy string // who changed it on the other side, on which device, when
	IncomingOn string
	IncomingAt string
	RaisedAt   time.Time
	Package    string
}

// ConflictChoice is a person's decision of a conflict.
type ConflictChoice int

const (
	KeepLocal    ConflictChoice = iota // 保留本台账的
	TakeIncoming                       // 采用对方的
	EditValue                          // 改为另一个值
)
