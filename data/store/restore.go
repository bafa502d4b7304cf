package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
)

// Restoring puts a backup in the ledger's place. What the ledger holds now
// is never simply lost: it is kept first as an automatic backup (恢复前),
// and the user is told beforehand what the backup lacks (RestoreLoss).

// Loss is what restoring a backup would lose: the changes made to the
// ledger since the backup was made.
type Loss struct {
	BackupAt    time.Time      // the backup's last change (zero for a backup with none)
	Changes     int            // changes made since
	ByWhat      map[string]int // of them, by sort of record (单位, 投诉件 …)
	OtherLedger bool           // the backup is of another ledger: everything now in it goes
	Damaged     bool           // the ledger cannot be read: what it holds is not known
}

// String says the loss in a sentence or two.
func (l Loss) String() string {
	if l.Damaged {
		return "当前台账已损坏，无法读出恢复会丢失哪些改动；恢复前它会原样保存在自动备份中。"
	}
	if l.OtherLedger {
		return "该备份来自另一份台账：恢复后，当前台账中的全部内容将被替换（当前台账会先自动备份）。"
	}
	if l.Changes == 0 {
		return "备份之后台账没有改动，恢复不会丢失任何内容（当前台账仍会先自动备份）。"
	}
	kinds := make([]string, 0, len(l.ByWhat))
	for k := range l.ByWhat {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s%d处", k, l.ByWhat[k])
	}
	return fmt.Sprintf("备份之后（%s以后）台账有%d处改动将会丢失：%s。当前台账会先自动备份，需要时可以再恢复回来。",
		l.BackupAt.In(data.Zone).Format("2006年1月2日15:04"), l.Changes, strings.Join(parts, "，"))
}

// ledgerMark is what tells a ledger's copies apart and orders them: its
// identity and the last row of its audit log.
type ledgerMark struct {
	id     string
	lastID int64
	lastAt string
}

func readMark(ctx context.Context, q querier) (ledgerMark, error) {
	var m ledgerMark
	err := q.QueryRowContext(ctx, `SELECT coalesce((SELECT value FROM meta WHERE key = 'ledger_id'), ''),
		coalesce((SELECT max(id) FROM audit_log), 0), coalesce((SELECT at FROM audit_log ORDER BY id DESC LIMIT 1), '')`).Scan(&m.id, &m.lastID, &m.lastAt)
	return m, err
}

// openCopy opens a ledger's file, or a backup's, to be read only.
func openCopy(ctx context.Context, path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, &data.FileError{Path: path, Err: err}
	}
	if err := checkCopy(ctx, path); err != nil {
		if errors.Is(err, data.ErrBadCopy) {
			err = fmt.Errorf("%w: %w", data.ErrDamaged, err)
		}
		return nil, &data.FileError{Path: path, Err: err}
	}
	return openSQLite(path, readOnlyDSN(path, true), data.ErrLedgerReadOnly)
}

// RestoreLoss tells what restoring backup over the ledger at path would
// lose. The backup is checked as a restore would.
func RestoreLoss(ctx context.Context, path, backup string) (Loss, error) {
	if IsServer(path) {
		return Loss{}, errRestoreServer
	}
	b, err := openCopy(ctx, backup)
	if err != nil {
		return Loss{}, err
	}
	defer b.Close()
	bm, err := readMark(ctx, b)
	if err != nil {
		return Loss{}, &data.FileError{Path: backup, Err: err}
	}
	cur, err := openSQLite(path, readOnlyDSN(path, true), data.ErrLedgerReadOnly)
	if err != nil {
		return Loss{}, err
	}
	defer cur.Close()
	cm, err := readMark(ctx, cur)
	if errors.Is(err, data.ErrDamaged) || errors.Is(err, data.ErrNotLedger) {
		return Loss{Damaged: true}, nil
	}
	if err != nil {
		return Loss{}, err
	}
	loss := Loss{ByWhat: map[string]int{}, OtherLedger: cm.id != bm.id}
	if bm.lastAt != "" {
		if loss.BackupAt, err = time.Parse(time.RFC3339Nano, bm.lastAt); err != nil {
			return Loss{}, fmt.Errorf("store: restore: %w", err)
		}
	}
	if loss.OtherLedger {
		return loss, nil
	}
	rows, err := cur.QueryContext(ctx, "SELECT table_name, count(*) FROM audit_log WHERE id > ? GROUP BY 1", bm.lastID)
	if err != nil {
		return Loss{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var table string
		var n int
		if err := rows.Scan(&table, &n); err != nil {
			return Loss{}, err
		}
		what := data.RecordKinds[table]
		if what == "" {
			what = "其他记录"
		}
		loss.ByWhat[what] += n
		loss.Changes += n
	}
	return loss, rows.Err()
}

// errRestoreServer refuses to put a backup file in the place of the
// server's ledger: the desktops have no file to replace there.
var errRestoreServer = data.Invalid("Backup", "单位服务器上的台账不能用备份文件恢复：请由信息技术人员在服务器上恢复（如 pg_restore），"+
	"或把备份用 migrate 迁入服务器上的一个空数据库")

// Restore puts backup in the place of the ledger at path, which no
// program may have open. The ledger is first kept as an automatic backup
// (恢复前; copied as it is when it is too damaged to copy otherwise), and
// that backup is returned. The backup restored is checked first and
// copied into place whole or not at all: whatever fails, the ledger is
// either as it was or the backup.
func Restore(ctx context.Context, path, backup string) (AutoBackup, error) {
	if IsServer(path) {
		return AutoBackup{}, errRestoreServer
	}
	if samePath(path, backup) {
		return AutoBackup{}, data.Invalid("Backup", "要恢复的备份就是台账文件本身")
	}
	b, err := openCopy(ctx, backup)
	if err != nil {
		return AutoBackup{}, err
	}
	var version int
	err = b.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&version)
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return AutoBackup{}, &data.FileError{Path: backup, Err: err}
	}
	if version > len(migrations) {
		return AutoBackup{}, &data.FileError{Path: backup, Err: data.ErrNewerLedger}
	}
	var kept AutoBackup
	if _, err := os.Stat(path); err == nil {
		release, err := holdAlone(ctx, path)
		if err != nil {
			return AutoBackup{}, err
		}
		kept, err = keepBeforeRestore(ctx, path)
		if rerr := release(); err == nil {
			err = rerr
		}
		if err != nil {
			return AutoBackup{}, fmt.Errorf("store: restore: %w", errBackupBefore(BackupBeforeRestore, err))
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return AutoBackup{}, &data.FileError{Path: path, Err: err}
	}
	err = atomicfile.Make(path, func(tmp string) error {
		if err := copyLedger(ctx, backup, data.ErrLedgerReadOnly, tmp); err != nil {
			return err
		}
		// The ledger's companions belong to the file replaced.
		return errors.Join(removeIfThere(path+"-wal"), removeIfThere(path+"-shm"), removeIfThere(path+"-journal"))
	})
	if err != nil {
		// named as the ledger, not the temporary file beside it
		return kept, &data.FileError{Path: path, Err: fmt.Errorf("store: restore: %w", err)}
	}
	return kept, nil
}

// holdAlone makes sure no other connection has the ledger at path open,
// and folds its write-ahead log into the file: leaving WAL mode takes a
// connection that is the only one. release closes the connection (the
// next Open returns the ledger to WAL mode).
func holdAlone(ctx context.Context, path string) (release func() error, err error) {
	conn, err := openSQLite(path, fileURI(path)+"?_pragma=busy_timeout(2000)", nil)
	if err != nil {
		return nil, err
	}
	conn.SetMaxOpenConns(1)
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = DELETE").Scan(&mode); err != nil || mode != "delete" {
		cerr := conn.Close()
		switch {
		case err == nil || errors.Is(err, data.ErrBusy):
			return nil, &data.FileError{Path: path, Err: data.ErrLedgerInUse}
		case errors.Is(err, data.ErrDamaged) || errors.Is(err, data.ErrNotLedger):
			// what a restore is for: the file is kept as it is first
			return func() error { return nil }, cerr
		}
		return nil, errors.Join(err, cerr)
	}
	return conn.Close, nil
}

// keepBeforeRestore keeps the ledger at path as an automatic backup: a
// checked copy, or, when the ledger is too damaged to copy, its file as it
// is (which may still be rescued).
func keepBeforeRestore(ctx context.Context, path string) (AutoBackup, error) {
	now := data.Now()
	b, err := makeAutoBackup(ctx, path, nil, BackupBeforeRestore, now)
	if err == nil || !errors.Is(err, data.ErrDamaged) && !errors.Is(err, data.ErrNotLedger) {
		return b, err
	}
	out := filepath.Join(AutoBackupDir(path), autoBackupName(path, now, BackupBeforeRestore))
	err = atomicfile.Make(out, func(tmp string) error {
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, in)
		return errors.Join(err, f.Close())
	})
	if err != nil {
		return AutoBackup{}, &data.FileError{Path: out, Err: err}
	}
	st, err := os.Stat(out)
	if err != nil {
		return AutoBackup{}, err
	}
	return AutoBackup{Path: out, Kind: BackupBeforeRestore, At: now.Truncate(time.Second), Size: st.Size()}, nil
}

func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

func removeIfThere(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
