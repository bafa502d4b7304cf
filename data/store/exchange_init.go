package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
)

// CreateFieldLedger makes at path a new field ledger (外勤台账) from an
// office's package that holds everything of its checkout (the 出库包, or a
// 补充包 written before the laptop sent anything back), and returns it open
// with what the import did. A file already at path is refused untouched; a
// ledger that could not be made is removed again.
func CreateFieldLedger(ctx context.Context, path, pkgPath string, c exchange.Cipher, opt Options) (*DB, *data.FieldPreview, error) {
	if st, err := os.Stat(path); err == nil && st.Size() > 0 {
		return nil, nil, &data.PackageError{Message: fmt.Sprintf("“%s”已存在，不会覆盖；新建外勤台账请指定一个新文件。", path)}
	}
	pkg, err := exchange.Open(pkgPath, c)
	if err != nil {
		return nil, nil, err
	}
	defer pkg.Close()
	m := &pkg.Manifest
	switch {
	case !m.Kind.FromOffice():
		return nil, nil, &data.PackageError{Message: fmt.Sprintf("这是外勤笔记本“%s”写出的交回包，应在主台账上导入，不能用来新建外勤台账。", m.Checkout.Laptop)}
	case !m.Full:
		return nil, nil, &data.PackageError{Message: "此包是补充包，只含外勤笔记本还没有的内容，不能用来新建外勤台账；请用出库包，或在主台账重新出库。"}
	case m.SchemaVersion > LatestVersion():
		return nil, nil, &data.PackageError{Message: fmt.Sprintf("此外勤包由更新版本的效能台账写出（数据结构版本%d，本程序%d），请先升级本程序。", m.SchemaVersion, LatestVersion())}
	}
	opt.Create, opt.Suite = true, m.Office.Suite
	db, err := Open(ctx, path, opt)
	if err != nil {
		return nil, nil, err
	}
	// The new ledger has no user before the package's accounts are in it:
	// the program makes it, as it makes the schema, from what the office's
	// user wrote.
	var pv *data.FieldPreview
	err = db.writeAs(ctx, nil, func(t *tx) error {
		t.actor, t.login = m.From.Actor, m.From.Actor
		rounds, err := json.Marshal(m.Checkout.Rounds)
		if err != nil {
			return fmt.Errorf("store: field ledger: %w", err)
		}
		_, err = t.exec(`INSERT INTO field_checkouts (id, role, created_at, created_by, office_id, office_name, laptop, rounds, peer)
			VALUES (?, 'field', ?, ?, ?, ?, ?, ?, ?)`, m.Checkout.ID, t.nowText(), t.actor, m.Office.LedgerID, m.Office.Name,
			m.Checkout.Laptop, string(rounds), m.Office.LedgerID)
		if err != nil {
			return fmt.Errorf("store: field ledger: %w", err)
		}
		pv, err = t.importPackage(pkg, pkgPath)
		return err
	})
	if err != nil {
		return nil, nil, errors.Join(err, db.Close(), removeLedgerFiles(path))
	}
	return db, pv, nil
}

// removeLedgerFiles deletes a ledger this package created, with SQLite's
// side files.
func removeLedgerFiles(path string) error {
	var errs []error
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
