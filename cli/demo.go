package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"xiaoneng/data"
	"xiaoneng/data/demo"
	"xiaoneng/data/store"
	"xiaoneng/reports"
)

// demoSeed is the seed the workbench uses for its demo county, so that
// both give the same county unless -seed says otherwise.
const demoSeed = 2026

var (
	errDemoNotEmpty = failure(data.ErrNotEmpty.Error() + "，演示数据只能填入空台账；请用 -db 另指定一个新文件。")
	errDemoHasUsers = failure("台账已有用户，演示数据和演示用户只能填入没有用户的新台账；请用 -db 另指定一个新文件。")
)

// runDemo fills an empty (or new) ledger without users with the demo
// county and its users. A ledger with records or users is refused
// untouched; a new file that could not be filled is removed again.
func runDemo(e *env) (err error) {
	if e.inv.field {
		return runFieldDemo(e)
	}
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
	has, err := db.HasUsers(e.ctx)
	if err != nil {
		return errors.Join(err, db.Close())
	}
	if has {
		return errors.Join(errDemoHasUsers, db.Close())
	}
	e.reportMigration(db)
	fillErr := e.fillDemo(db)
	var users []*data.User
	if fillErr == nil {
		users, fillErr = db.Users(e.ctx)
	}
	closeErr := db.Close()
	if fillErr != nil || closeErr != nil {
		err = errors.Join(fillErr, closeErr)
		if !existed && !store.IsServer(path) {
			err = errors.Join(err, removeLedger(path))
		}
		return err
	}
	fmt.Fprintf(e.stdout, "已生成演示县台账：%s\n", store.Redact(path))
	fmt.Fprintf(e.stdout, "演示用户（密码都是 %s）：\n", demo.Password)
	for _, u := range users {
		fmt.Fprintf(e.stdout, "  %-8s %s（%s）\n", u.Login, u.Name, u.RoleText())
	}
	return nil
}

// fillDemo fills db with the demo county of -seed, a line of progress every
// tenth of the way.
func (e *env) fillDemo(db *store.DB) error {
	fmt.Fprintf(e.stderr, "正在生成演示县数据（种子 %d）……\n", e.demoSeed())
	lastTenth := 0
	return demo.Fill(e.ctx, db, e.demoSeed(), reports.BulletinFigures, func(done, total int) {
		// A line every tenth of the way: enough to show it is alive.
		if total <= 0 {
			return
		}
		if tenth := done * 10 / total; tenth > lastTenth {
			lastTenth = tenth
			fmt.Fprintf(e.stderr, "  已完成 %d%%\n", tenth*10)
		}
	})
}

func (e *env) demoSeed() int64 {
	if e.inv.seedSet {
		return e.inv.seed
	}
	return demoSeed
}

// Beside the field ledger demo -field makes: the demo county's office
// ledger and the package its round went out in.
const (
	demoOfficeFile  = "演示县主台账.db"
	demoPackageFile = "演示县出库包.xnpkg"
)

// runFieldDemo makes a field ledger checked out of the demo county, with a
// day's work in the field recorded in it, so that a new user can try the
// round trip: beside it, the demo county's office ledger (which meanwhile
// moved a deadline the inspector moved too) and the 出库 package. Nothing
// is overwritten; whatever it made is removed again if it fails.
func runFieldDemo(e *env) (err error) {
	path, err := e.ledgerPath()
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	officePath, pkgPath := filepath.Join(dir, demoOfficeFile), filepath.Join(dir, demoPackageFile)
	for _, p := range []string{path, officePath, pkgPath} {
		if _, err := os.Lstat(p); err == nil {
			e.file = p
			return errOutputExists
		}
	}
	cipher, err := e.passphrase(true)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	var made []string
	defer func() {
		if err != nil {
			for _, p := range made {
				err = errors.Join(err, removeLedger(p))
			}
		}
	}()
	made = append(made, officePath)
	office, err := e.open(officePath, store.Options{Create: true})
	if err != nil {
		return err
	}
	defer closeDB(office, &err)
	if err := e.fillDemo(office); err != nil {
		return err
	}
	round, err := demo.FieldRound(e.ctx, office)
	if err != nil {
		return err
	}
	made = append(made, pkgPath)
	if _, err := office.WritePackageForLaptop(e.ctx, store.FieldOut{Rounds: []string{round.ID}, Laptop: demo.FieldLaptop, Path: pkgPath, Cipher: cipher}); err != nil {
		return err
	}
	made = append(made, path)
	field, _, err := store.CreateFieldLedger(e.ctx, path, pkgPath, cipher, withCost(store.Options{}))
	if err != nil {
		return err
	}
	defer closeDB(field, &err)
	day, err := demo.WorkInTheField(e.ctx, office, field, round, e.demoSeed())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已生成演示县主台账：%s\n", officePath)
	fmt.Fprintf(e.stdout, "已出库督查活动“%s”到“%s”：%s\n", round.Title, demo.FieldLaptop, pkgPath)
	fmt.Fprintf(e.stdout, "已新建外勤台账：%s\n", path)
	fmt.Fprintf(e.stdout, "外勤一天的工作：检查记录%d条，发现问题%d个，照片%d张，复查%d次；%s的整改期限在外勤延长了10个工作日，主台账同时电话同意延长5个工作日。\n",
		day.Visits, day.Findings, day.Photos, day.Rechecks, day.Conflicted.UnitName)
	fmt.Fprintln(e.stdout, "试一试交回（口令同上）：")
	fmt.Fprintf(e.stdout, "  xiaoneng -db %s field back -o 交回.xnpkg\n", path)
	fmt.Fprintf(e.stdout, "  xiaoneng -db %s field in 交回.xnpkg -dry-run\n", officePath)
	fmt.Fprintf(e.stdout, "  xiaoneng -db %s field in 交回.xnpkg\n", officePath)
	fmt.Fprintf(e.stdout, "  xiaoneng -db %s field conflicts\n", officePath)
	return nil
}

// removeLedger deletes a ledger file this command created, with SQLite's
// side files.
func removeLedger(path string) error {
	return errors.Join(removeIfExists(path), removeIfExists(path+"-wal"), removeIfExists(path+"-shm"))
}
