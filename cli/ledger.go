package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// runInit creates an empty ledger; an existing ledger is left as it is.
// With -admin it creates the first administrator of a ledger that has no
// user yet (new, or made by an older version), which seals the identities
// such a ledger holds.
func runInit(e *env) (err error) {
	if e.inv.admin == "" && (e.inv.userName != "" || e.inv.roles != nil || e.inv.cipher != "") {
		return usageError("-name、-roles 和 -cipher 只与 -admin 一起使用。")
	}
	if e.inv.cipher != "" && e.inv.cipher != "sm" && e.inv.cipher != "std" {
		return usageError(fmt.Sprintf("-cipher 的值“%s”不对：sm 为国密（默认），std 为国际算法。", e.inv.cipher))
	}
	path, err := e.ledgerPath()
	if err != nil {
		return err
	}
	e.file = path
	if store.IsServer(path) {
		// The office's IT person made the database; this makes its tables.
		e.file = store.Redact(path)
		db, err := e.open(path, store.Options{Create: true})
		if err != nil {
			return err
		}
		defer closeDB(db, &err)
		fmt.Fprintf(e.stdout, "服务器上的台账已就绪（数据结构版本%d）：%s\n", store.LatestVersion(), e.file)
		return nil
	}
	existed, err := nonEmptyFile(path)
	if err != nil {
		return err
	}
	var admin *data.User
	var password string
	if e.inv.admin != "" {
		admin = &data.User{Login: e.inv.admin, Name: e.inv.userName, Roles: append(e.inv.roles, data.AdminRole)}
		if admin.Name == "" {
			admin.Name = data.NormalizeLogin(e.inv.admin)
		}
		if err := admin.Validate(); err != nil {
			return err
		}
		if password, err = e.secret(envPassword, "管理员密码：", true); err != nil {
			return err
		}
		if err := data.CheckPassword(admin.Login, password); err != nil {
			return err
		}
	}
	db, err := e.open(path, store.Options{Create: true, Suite: e.inv.cipher})
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	e.reportMigration(db)
	switch {
	case admin != nil:
		return e.createAdmin(db, admin, password, existed)
	case existed:
		fmt.Fprintf(e.stdout, "台账已存在，保持原样：%s\n", path)
	default:
		fmt.Fprintf(e.stdout, "已新建空台账：%s\n", path)
		fmt.Fprintln(e.stdout, "使用前请用 init -admin 登录名 创建第一个管理员。")
	}
	return nil
}

// runMigrate copies a whole ledger, from a file to the office's server or
// back, into an empty destination, all or nothing (store.Copy).
func runMigrate(e *env) (err error) {
	from, to := e.inv.from, e.inv.to
	if from == "" || to == "" {
		return usageError("命令 migrate 需要 -from 和 -to。")
	}
	src, err := e.openLedger(from)
	if err != nil {
		return err
	}
	defer closeDB(src, &err)
	e.reportMigration(src)
	if err := e.signIn(src); err != nil { // copying the ledger is backing it up (备份台账)
		return err
	}
	e.file = to
	if store.IsServer(to) {
		e.file = store.Redact(to)
	}
	dst, err := e.open(to, store.Options{Create: true})
	if err != nil {
		return err
	}
	defer closeDB(dst, &err)
	counts, err := store.Copy(e.ctx, src, dst)
	if err != nil {
		return err
	}
	e.file = ""
	total := 0
	for _, n := range counts {
		total += n
	}
	fmt.Fprintf(e.stdout, "已将台账完整迁移到：%s\n共%d行（单位%d个、投诉件%d件、文书%d份、用户%d个、审计日志%d条），两边逐表核对一致。\n",
		store.Redact(to), total, counts["units"], counts["complaints"], counts["documents"], counts["users"], counts["audit_log"])
	fmt.Fprintln(e.stdout, "用户照旧用自己的密码登录；加密的投诉人身份和审计日志的哈希链原样迁移。")
	return nil
}

// createAdmin creates the first administrator and shows the recovery code,
// the only time it is shown.
func (e *env) createAdmin(db *store.DB, admin *data.User, password string, existed bool) error {
	created, err := db.CreateFirstAdmin(e.ctx, admin, password)
	if err != nil {
		return err
	}
	if !existed {
		fmt.Fprintf(e.stdout, "已新建台账：%s\n", db.Path())
	}
	fmt.Fprintf(e.stdout, "已创建管理员 %s（%s）：%s。\n", admin.Login, admin.Name, admin.RoleText())
	if created.Sealed > 0 {
		fmt.Fprintf(e.stdout, "已加密%d件投诉的投诉人身份，台账文件中不再有明文。\n", created.Sealed)
	}
	if created.RemovedBackup != "" {
		fmt.Fprintf(e.stdout, "升级前的副本含明文身份信息，已在加密后的台账通过检查后删除：%s\n", created.RemovedBackup)
	}
	if created.Sealed > 0 {
		fmt.Fprintln(e.stdout, "此前另行保存的备份和导出文件仍含明文身份信息，请妥善处理。")
	}
	fmt.Fprintf(e.stdout, "恢复码（只显示这一次）：%s\n", created.RecoveryCode)
	fmt.Fprintln(e.stdout, "请抄下恢复码，与电脑分开保管：能查看投诉人身份的用户都忘记密码时，管理员凭它（users recover）恢复查看权限；丢失则无法恢复。")
	return nil
}

// nonEmptyFile reports whether path holds something (an empty file is
// where a new ledger may be made).
func nonEmptyFile(path string) (bool, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return st.IsDir() || st.Size() > 0, nil
}

// reportMigration tells the user that opening upgraded an older ledger and
// where the copy made before the upgrade is.
func (e *env) reportMigration(db *store.DB) {
	if db.BackupPath != "" {
		fmt.Fprintf(e.stderr, "台账已升级到本程序的数据结构版本，升级前的副本保存在：%s\n", db.BackupPath)
		if db.Unsealed > 0 {
			fmt.Fprintln(e.stderr, "台账中的投诉人身份要在创建第一个管理员（init -admin）时加密；该副本含明文身份信息，加密后的台账通过检查时将被删除。")
		}
	}
}

// runCheck verifies the ledger; exit code 1 when anything is wrong.
func runCheck(e *env) (err error) {
	db, err := e.openSignedIn()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	if e.inv.recount {
		if err := db.Recount(e.ctx); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "已按记录重新计算统计数字。")
	}
	report, err := db.CheckLedger(e.ctx, store.CheckOptions{Full: e.inv.full, Progress: func(step string) {
		fmt.Fprintf(e.stderr, "%s……\n", step)
	}})
	if err != nil {
		return err
	}
	problems := report.Problems
	head, err := db.AuditChainHead(e.ctx)
	if err != nil {
		return err
	}
	if len(report.Unchecked) > 0 {
		fmt.Fprintf(e.stdout, "这是快速检查，没有逐条查看：%s；完整检查请用 check -full（台账越大越慢）。\n", strings.Join(report.Unchecked, "；"))
	}
	if len(problems) == 0 {
		verdict, read := "台账完好：", "文件完整，数据关联正确"
		if len(report.Unchecked) > 0 {
			verdict, read = "快速检查未发现问题：", "文件头、小表和抽查的部分完整"
		}
		if store.IsServer(db.Path()) { // its pages and references are the server's to keep
			read = "服务器上的台账可以读取"
		}
		fmt.Fprintf(e.stdout, "%s%s，统计数字与记录相符，审计日志未被改动，数据结构为当前版本（%d）。\n", verdict, read, store.LatestVersion())
		fmt.Fprintf(e.stdout, "%s（可与备份或上次检查时记下的核对）。\n", head)
		return nil
	}
	fmt.Fprintf(e.stderr, "台账有%d处问题：%s\n", len(problems), db.Path())
	for _, p := range problems {
		fmt.Fprintf(e.stderr, "  - %s。\n    %s。\n", p.Found, p.Todo)
	}
	e.code = exitFailed
	return nil
}

// runBackup writes a consistent copy of the ledger. It never overwrites a
// file, and a copy that fails halfway leaves nothing behind.
func runBackup(e *env) (err error) {
	out := e.args[0]
	// Refused before signing in, which writes to the ledger's audit log.
	if _, err := os.Lstat(out); err == nil {
		e.file = out
		return fmt.Errorf("cli: backup %s: %w", out, errOutputExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	db, err := e.openSignedIn()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	e.file = out
	if err := db.Backup(e.ctx, out); err != nil {
		return err
	}
	e.file = ""
	fmt.Fprintf(e.stdout, "已备份到：%s\n", out)
	head, err := db.AuditChainHead(e.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s。请把这一行与备份一同记下：日后核对审计日志是否被整体改写。\n", head)
	return nil
}

func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// runBackups lists the automatic backups, newest first.
func runBackups(e *env) error {
	path, err := e.ledgerPath()
	if err != nil {
		return err
	}
	e.file = path
	list, err := store.AutoBackups(path)
	if err != nil {
		return err
	}
	e.file = ""
	if len(list) == 0 {
		fmt.Fprintf(e.stdout, "还没有自动备份（%s）。\n", store.AutoBackupDir(path))
		return nil
	}
	fmt.Fprintf(e.stdout, "自动备份（%s），共%d份，最新的在前：\n", store.AutoBackupDir(path), len(list))
	for _, b := range list {
		fmt.Fprintf(e.stdout, "  %s  %-5s  %8s  %s\n", b.At.In(data.Zone).Format("2006-01-02 15:04:05"), b.Kind, sizeText(b.Size), b.Path)
	}
	return nil
}

// sizeText is a file's size as people read it.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}

// runRestore puts a backup in the ledger's place: without -yes it only
// says what would be lost.
func runRestore(e *env) error {
	path, err := e.ledgerPath()
	if err != nil {
		return err
	}
	backup := e.args[0]
	e.file = path
	if _, err := os.Stat(path); err == nil {
		loss, err := store.RestoreLoss(e.ctx, path, backup)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, loss)
		if !e.inv.yes {
			fmt.Fprintln(e.stderr, "没有恢复。确认要恢复时，在命令后加 -yes。")
			e.code = exitFailed
			return nil
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	kept, err := store.Restore(e.ctx, path, backup)
	if err != nil {
		return err
	}
	e.file = ""
	if kept.Path != "" {
		fmt.Fprintf(e.stdout, "恢复前的台账已保存为：%s\n", kept.Path)
	}
	fmt.Fprintf(e.stdout, "已用备份恢复台账：%s\n", path)
	return nil
}
