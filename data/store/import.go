package store

import (
	"errors"
	"fmt"

	"xiaoneng/data"
)

// Imports from the office's Excel 台账: units and complaint complaints, all or
// nothing in one transaction, never adding a record twice.

// ImportOptions say how an import runs.
type ImportOptions struct {
	// DryRun checks every record and counts what would be added, and
	// writes nothing: the preview shows what the import will do. Records
	// are checked, not written: a failure of the ledger itself while
	// writing (a full disk) shows only in the import.
	DryRun bool
	// Source is the file's name, noted on each imported complaint's history.
	Source string
	// Rows are the file's row numbers of the records, for messages; when
	// absent, records are numbered from 1.
	Rows []int
	// Mapping is the column mapping the user confirmed: remembered in the
	// settings when the import is written.
	Mapping ImportMapping
	// Plan is what a dry run of the same records found (ImportResult.Plan):
	// the import reuses it while the ledger is as that dry run saw it.
	Plan *ImportPlan
}

// ImportMapping is a remembered column mapping: under the header
// signature, each column header and the field it fills.
type ImportMapping struct {
	Signature string
	Columns   map[string]string
}

// ImportOutcome is what became of one record.
type ImportOutcome int

const (
	ImportAdded    ImportOutcome = iota // new: added (or, in a dry run, to be added)
	ImportExisting                      // already in the ledger: left as it is
	ImportRefused                       // has a problem: see Problems
)

// ImportResult says what an import did, or for a dry run would do.
type ImportResult struct {
	// Added counts the new records: added, or to be added once the
	// problems are put right.
	Added    int
	Existing int // already in the ledger, left as they are
	// Outcomes has one entry per record given.
	Outcomes []ImportOutcome
	// Problems are the records refused, each with its reason in Chinese.
	// When there are any, nothing is written.
	Problems []ImportProblem
	// LookAlikes are the complaints added that may be duplicates (complaints).
	LookAlikes []ImportLookAlike
	// Plan, from a dry run of complaints without problems, is what it found
	// in the ledger, for the import of the same records (ImportOptions.Plan).
	Plan *ImportPlan
	// Batch is the number of the import's batch (ImportBatch), by which
	// UndoImport undoes it; 0 when nothing was written.
	Batch int64
}

// ImportLookAlike is a record of the import that looks like another complaint
// — of the same unit, with a like 事由, received up to 90 days after it,
// both still open — without being the same complaint (another
// complainant): a possible 并单, for a person to decide after the import,
// as registration offers it (SimilarComplaints).
type ImportLookAlike struct {
	Index  int    // the record's index in the slice given
	Row    int    // its row in the file
	Number string // the complaint it became; "" in a dry run
	// Like names the complaints it looks like, most alike first: a complaint of
	// the ledger by its number, a record of the file as 第N行.
	Like []string
}

// ImportProblem is why one record cannot be imported.
type ImportProblem struct {
	Index   int // the record's index in the slice given
	Row     int // its row in the file (ImportOptions.Rows), or Index+1
	Field   string
	Message string
}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("store: dry run")

// dryID marks the id a unit a dry run would add stands under.
const dryID = "dry-run:"

// importRun collects the result of one import.
type importRun struct {
	opt ImportOptions
	res ImportResult
}

func newImportRun(n int, opt ImportOptions) *importRun {
	return &importRun{opt: opt, res: ImportResult{Outcomes: make([]ImportOutcome, n)}}
}

func (r *importRun) row(i int) int {
	if i < len(r.opt.Rows) {
		return r.opt.Rows[i]
	}
	return i + 1
}

// refuse records a problem of record i; err's message is shown when it is
// one of ours.
func (r *importRun) refuse(i int, err error) {
	p := ImportProblem{Index: i, Row: r.row(i), Message: data.UserMessage(err)}
	var ve *data.ValidationError
	var ce *data.ConflictError
	switch {
	case errors.As(err, &ve):
		p.Field = ve.Field
	case errors.As(err, &ce):
		p.Field = ce.Field
	}
	r.res.Outcomes[i] = ImportRefused
	r.res.Problems = append(r.res.Problems, p)
}

// finish ends the import's transaction: it fails when a record was refused,
// rolls back a dry run and an import that adds nothing (the ledger stays
// as it was, to the byte: no remembered mapping, no audit row), and
// otherwise remembers the mapping and records the import's batch: the
// records of table added (idOf gives the id of record i) and the others it
// wrote with them, by table (a complaint's history).
func (r *importRun) finish(t *tx, table string, idOf func(i int) string, with map[string][]string) error {
	if n := len(r.res.Problems); n > 0 {
		return data.Invalid("Rows", fmt.Sprintf("有%d行不能导入，未写入任何记录；请改正后重新导入", n))
	}
	if r.opt.DryRun || r.res.Added == 0 {
		return errDryRun
	}
	if err := t.rememberMapping(r.opt.Mapping); err != nil {
		return err
	}
	ids := make([]string, 0, r.res.Added)
	for i, o := range r.res.Outcomes {
		if o == ImportAdded {
			ids = append(ids, idOf(i))
		}
	}
	var err error
	r.res.Batch, err = t.recordBatch(table, r.opt.Source, ids, with)
	return err
}

// end turns the transaction's outcome into the import's.
func (r *importRun) end(err error) (ImportResult, error) {
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil && len(r.res.Problems) == 0 {
		// a failure of the ledger itself: nothing was written
		r.res.Added, r.res.Existing = 0, 0
	}
	return r.res, err
}

// rememberMapping saves the column mapping under its signature in the
// settings, within the import's transaction.
func (t *tx) rememberMapping(m ImportMapping) error {
	if m.Signature == "" || len(m.Columns) == 0 {
		return nil
	}
	s, err := readSettings(t.ctx, t.Tx)
	if err != nil {
		return err
	}
	if same(s.ImportMappings[m.Signature], m.Columns) {
		return nil
	}
	next := make(map[string]map[string]string, len(s.ImportMappings)+1)
	for k, v := range s.ImportMappings {
		next[k] = v
	}
	next[m.Signature] = m.Columns
	s.ImportMappings = next
	return t.saveSettings(s)
}

func same(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
