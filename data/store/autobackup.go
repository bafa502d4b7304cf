package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
)

// Automatic backups: copies of the ledger the program makes by itself —
// once a day while the workbench runs, and before what could spoil a day's
// work (a migration, a field import, a restore; an import is undone by its
// batch instead, UndoImport) — in a folder
// of their own beside the ledger (on the same disk: they undo mistakes and
// damage; the backups the user makes elsewhere guard against losing the
// disk). Each is written through copyLedger, so it is checked once written
// and is whole or absent. After each, the set is thinned: the newest of
// each of the last BackupDays days kept (with every one made before
// something that day), then the newest of each of the last BackupWeeks
// weeks.

// BackupKind is why an automatic backup was made, as the user reads it in
// the backup's name and in the list.
type BackupKind string

const (
	BackupDaily             BackupKind = "每日"
	BackupBeforeImport      BackupKind = "导入前" // made by earlier versions, still listed
	BackupBeforeFieldImport BackupKind = "外勤导入前"
	BackupBeforeMigration   BackupKind = "升级前"
	BackupBeforeRestore     BackupKind = "恢复前"
)

var backupKinds = []BackupKind{BackupDaily, BackupBeforeImport, BackupBeforeFieldImport, BackupBeforeMigration, BackupBeforeRestore}

// AutoBackup is one automatic backup.
type AutoBackup struct {
	Path string
	Kind BackupKind
	At   time.Time
	Size int64
}

// autoBackupFolder is the name of the folder beside the ledger.
const autoBackupFolder = "自动备份"

// AutoBackupDir is the folder of the automatic backups of the ledger at path.
func AutoBackupDir(path string) string {
	return filepath.Join(filepath.Dir(path), autoBackupFolder)
}

// backupStamp is the time in a backup's name: to the second, in office
// time, sorting as it reads.
const backupStamp = "20060102-150405"

// autoBackupName is the file name of the ledger's automatic backup made at
// at: 台账-20261206-030000-每日.db.
func autoBackupName(path string, at time.Time, kind BackupKind) string {
	base := filepath.Base(path)
	ext := filepath.Ext(base)
	return fmt.Sprintf("%s-%s-%s%s", strings.TrimSuffix(base, ext), at.In(data.Zone).Format(backupStamp), kind, ext)
}

// AutoBackups lists the automatic backups of the ledger at path, newest
// first. Files of the folder that are not one of its backups (another
// ledger's, a temporary file) are left out.
func AutoBackups(path string) ([]AutoBackup, error) {
	dir := AutoBackupDir(path)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &data.FileError{Path: dir, Err: err}
	}
	base := filepath.Base(path)
	ext := filepath.Ext(base)
	prefix := strings.TrimSuffix(base, ext) + "-"
	var out []AutoBackup
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ext) {
			continue
		}
		rest := strings.TrimSuffix(strings.TrimPrefix(name, prefix), ext)
		if len(rest) < len(backupStamp)+2 || rest[len(backupStamp)] != '-' {
			continue
		}
		at, err := time.ParseInLocation(backupStamp, rest[:len(backupStamp)], data.Zone)
		kind := BackupKind(rest[len(backupStamp)+1:])
		if err != nil || !slices.Contains(backupKinds, kind) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, AutoBackup{Path: filepath.Join(dir, name), Kind: kind, At: at, Size: info.Size()})
	}
	slices.SortFunc(out, func(a, b AutoBackup) int { return cmp.Or(b.At.Compare(a.At), cmp.Compare(b.Path, a.Path)) })
	return out, nil
}

// makeAutoBackup writes an automatic backup of the ledger at path (opened
// read-only for readOnly, if so) made now.
func makeAutoBackup(ctx context.Context, path string, readOnly error, kind BackupKind, now time.Time) (AutoBackup, error) {
	dir := AutoBackupDir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return AutoBackup{}, &data.FileError{Path: dir, Err: err}
	}
	out := filepath.Join(dir, autoBackupName(path, now, kind))
	if _, err := os.Lstat(out); err == nil {
		// one of the same second and kind already: it is as good
		st, err := os.Stat(out)
		if err != nil {
			return AutoBackup{}, err
		}
		return AutoBackup{Path: out, Kind: kind, At: now.Truncate(time.Second), Size: st.Size()}, nil
	}
	if err := copyLedger(ctx, path, readOnly, out); err != nil {
		return AutoBackup{}, err
	}
	st, err := os.Stat(out)
	if err != nil {
		return AutoBackup{}, err
	}
	return AutoBackup{Path: out, Kind: kind, At: now.Truncate(time.Second), Size: st.Size()}, nil
}

// BackupNow makes an automatic backup of kind, then thins the set by the
// settings. A ledger opened read-only is backed up too (it may be the last
// good copy) when its folder can take the backup.
// Asked for by a user, it needs the backup permission.
func (db *DB) BackupNow(ctx context.Context, kind BackupKind) (AutoBackup, error) {
	if _, err := db.allow(data.PermBackup); err != nil {
		return AutoBackup{}, err
	}
	return db.backupNow(ctx, kind)
}

// backupNow is BackupNow for the program itself, whoever is signed in.
// The server's ledger has no automatic backups beside a file: it is backed
// up on the server, or to a file by Backup.
func (db *DB) backupNow(ctx context.Context, kind BackupKind) (AutoBackup, error) {
	if db.dialect.postgres {
		return AutoBackup{}, errAutoBackupServer
	}
	b, err := makeAutoBackup(ctx, db.path, db.readOnlyErr, kind, data.Now())
	if err != nil {
		return AutoBackup{}, fmt.Errorf("store: automatic backup: %w", err)
	}
	s, err := readSettings(ctx, db.reader)
	if err != nil {
		return b, err
	}
	if err := thinAutoBackups(db.path, s.BackupDays, s.BackupWeeks); err != nil {
		return b, fmt.Errorf("store: automatic backup: %w", err)
	}
	return b, nil
}

// errAutoBackupServer refuses an automatic backup of the server's ledger.
var errAutoBackupServer = data.Invalid("Backup", "单位服务器上的台账由信息技术人员在服务器上备份；"+
	"要在本机留一份，请用“文件—备份台账”写成台账文件")

// DailyBackup makes the day's automatic backup unless one was made today
// (of any kind: it is as recent); made tells whether it did. None is made
// of an upgraded ledger whose complainants are still in plain text, until
// its first administrator seals them: the copy would keep them.
func (db *DB) DailyBackup(ctx context.Context) (made bool, err error) {
	db.mu.RLock()
	unsealed := db.Unsealed
	db.mu.RUnlock()
	if unsealed > 0 {
		return false, nil
	}
	list, err := AutoBackups(db.path)
	if err != nil {
		return false, err
	}
	today := data.DateOf(data.Now())
	if len(list) > 0 && data.DateOf(list[0].At).Equal(today) {
		return false, nil
	}
	if _, err := db.backupNow(ctx, BackupDaily); err != nil {
		return false, err
	}
	return true, nil
}

// backupBefore makes the automatic backup taken before a change of kind to
// a ledger that holds records (an empty one has nothing to lose).
func (db *DB) backupBefore(ctx context.Context, kind BackupKind) (AutoBackup, error) {
	if db.dialect.postgres {
		// The server's ledger is backed up on the server (pg_dump, or
		// xiaoneng backup to a file), not by each desktop; the change is
		// one transaction there.
		return AutoBackup{}, nil
	}
	if db.readOnlyErr != nil {
		return AutoBackup{}, db.readOnlyErr
	}
	empty, err := db.Empty(ctx)
	if err != nil || empty {
		return AutoBackup{}, err
	}
	b, err := db.backupNow(ctx, kind)
	if err != nil {
		return AutoBackup{}, errBackupBefore(kind, err)
	}
	return b, nil
}

// errBackupBefore says that what the user asked for was not done because
// the backup before it failed, and why.
func errBackupBefore(kind BackupKind, err error) error {
	return fmt.Errorf("%w: %w", data.Invalid("Backup", fmt.Sprintf("%s的自动备份没有写成（%s），为免丢失数据，操作未进行", kind, data.UserMessage(err))), err)
}

// thinAutoBackups removes the automatic backups of the ledger at path that
// the rule does not keep (keepAutoBackups).
func thinAutoBackups(path string, days, weeks int) error {
	list, err := AutoBackups(path)
	if err != nil {
		return err
	}
	keep := keepAutoBackups(list, days, weeks)
	var errs []error
	for i, b := range list {
		if !keep[i] {
			if err := os.Remove(b.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	// A copy under way when the machine stopped leaves its temporary file
	// (atomicfile's); none takes a day.
	entries, err := os.ReadDir(AutoBackupDir(path))
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), atomicfile.TempPrefix) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > 24*time.Hour {
			if err := os.Remove(filepath.Join(AutoBackupDir(path), e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// keepAutoBackups tells which of list (newest first) are kept: on each of
// the last days days that have backups, the newest and every one made
// before something; then the newest of each of the last weeks weeks (a
// week begins on Monday). Days and weeks are counted among those with
// backups, so an office closed for a holiday still keeps a week's worth.
func keepAutoBackups(list []AutoBackup, days, weeks int) []bool {
	keep := make([]bool, len(list))
	seenDays := map[string]bool{}
	seenWeeks := map[string]bool{}
	for i, b := range list {
		d := data.DateOf(b.At)
		day := d.String()
		if !seenDays[day] && len(seenDays) < days {
			seenDays[day] = true
			keep[i] = true
		} else if seenDays[day] && b.Kind != BackupDaily {
			keep[i] = true
		}
		week := d.AddDays(-((int(d.Weekday()) + 6) % 7)).String()
		if !seenWeeks[week] && len(seenWeeks) < weeks {
			seenWeeks[week] = true
			keep[i] = true
		}
	}
	return keep
}

// backupCheckEvery is how often the open ledger sees whether the day's
// automatic backup is due (a workbench left open over night makes the
// next day's).
var backupCheckEvery = time.Hour

// startBackups runs DailyBackup now and every backupCheckEvery until
// Close, telling told of each backup made or failed. Close waits for a backup under way
// to end: a copy cut short is worth nothing.
func (db *DB) startBackups(told func(error)) {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(backupCheckEvery)
		defer tick.Stop()
		for {
			if made, err := db.DailyBackup(context.Background()); (made || err != nil) && told != nil {
				told(err)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	db.stopBackups = func() {
		close(stop)
		<-done
	}
}
