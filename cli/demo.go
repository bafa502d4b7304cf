package cli

import (
	"errors"
	"fmt"

	"xiaoneng/data"
	"xiaoneng/data/demo"
	"xiaoneng/data/store"
)

// demoSeed is the seed the workbench uses for its demo county, so that
// both give the same county unless -seed says otherwise.
const demoSeed = 2026

var errDemoNotEmpty = failure(data.ErrNotEmpty.Error() + "，演示数据只能填入空台账；请用 -db 另指定一个新文件。")

// runDemo fills an empty (or new) ledger with the demo county. A ledger
// with records is refused untouched; a new file that could not be filled is
// removed again.
func runDemo(e *env) (err error) {
	path, err := e.ledgerPath()
	if err != nil {
		return err
	}
	e.file = path
	existed, err := nonEmptyFile(path)
	if err != nil {
		return err
	}
	var db *store.DB
	switch {
	case store.IsServer(path): // an empty database becomes the ledger
		e.file = store.Redact(path)
		if db, err = e.open(path, store.Options{Create: true}); err != nil {
			return err
		}
	case existed:
		if db, err = e.openExisting(); err != nil {
			return err
		}
	default:
		if db, err = e.open(path, store.Options{Create: true}); err != nil {
			return err
		}
	}
	empty, err := db.Empty(e.ctx)
	if err != nil {
		return errors.Join(err, db.Close())
	}
	if !empty {
		if _, cut, err := db.UnfinishedFill(e.ctx); err != nil || cut {
			return errors.Join(err, data.ErrFillCutShort, db.Close())
		}
		return errors.Join(errDemoNotEmpty, db.Close())
	}
	e.reportMigration(db)

	seed := int64(demoSeed)
	if e.inv.seedSet {
		seed = e.inv.seed
	}
	fmt.Fprintf(e.stderr, "正在生成演示县数据（种子 %d）……\n", seed)
	lastTenth := 0
	fillErr := demo.Fill(e.ctx, db, seed, func(done, total int) {
		// A line every tenth of the way: enough to show it is alive.
		if total <= 0 {
			return
		}
		if tenth := done * 10 / total; tenth > lastTenth {
			lastTenth = tenth
			fmt.Fprintf(e.stderr, "  已完成 %d%%\n", tenth*10)
		}
	})
	closeErr := db.Close()
	if fillErr != nil || closeErr != nil {
		err = errors.Join(fillErr, closeErr)
		if !existed && !store.IsServer(path) {
			err = errors.Join(err, removeLedger(path))
		}
		return err
	}
	fmt.Fprintf(e.stdout, "已生成演示县台账：%s\n", store.Redact(path))
	return nil
}

// removeLedger deletes a ledger file this command created, with SQLite's
// side files.
func removeLedger(path string) error {
	return errors.Join(removeIfExists(path), removeIfExists(path+"-wal"), removeIfExists(path+"-shm"))
}
