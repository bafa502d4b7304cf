package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
	"xiaoneng/data/store"
)

// PassphraseVariable is the environment variable the package passphrase is
// taken from; without it, the command asks on the terminal.
const PassphraseVariable = "XIAONENG_PASSPHRASE"

// runField runs the field exchange's subcommands.
func runField(e *env) error {
	if len(e.args) == 0 {
		return usageError("命令 field 缺少子命令（out、init、back、in 或 conflicts）。")
	}
	sub, args := e.args[0], e.args[1:]
	want := map[string]int{"out": 0, "init": 1, "back": 0, "in": 1, "conflicts": 0}
	n, ok := want[sub]
	if !ok {
		return usageError(fmt.Sprintf("field 没有“%s”这个子命令。", sub))
	}
	if len(args) != n {
		return usageError(fmt.Sprintf("field %s 的参数个数不对。", sub))
	}
	allowed := map[string][]string{"out": {"round", "unit", "to", "o"}, "back": {"o"}, "in": {"dry-run"}}
	for _, opt := range e.inv.given {
		if opt != "db" && opt != "h" && !contains(allowed[sub], opt) {
			return usageError(fmt.Sprintf("field %s 不接受选项 -%s。", sub, opt))
		}
	}
	switch sub {
	case "out":
		return fieldOut(e)
	case "init":
		return fieldInit(e, args[0])
	case "back":
		return fieldBack(e)
	case "in":
		return fieldIn(e, args[0])
	default:
		return fieldConflicts(e)
	}
}

// passphrase is the package passphrase: from XIAONENG_PASSPHRASE, or typed
// on the terminal (twice when a package is written).
func (e *env) passphrase(confirm bool) (exchange.Cipher, error) {
	if p := os.Getenv(PassphraseVariable); p != "" {
		return packagePassphrase(p), nil
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return nil, failure("需要外勤包的口令：请设置环境变量 " + PassphraseVariable + "，或在终端中运行本命令以输入口令。")
	}
	read := func(prompt string) (string, error) {
		fmt.Fprint(e.stderr, prompt)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(e.stderr)
		return string(b), err
	}
	p, err := read("外勤包口令：")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(p) == "" {
		return nil, failure("口令不能为空。")
	}
	if confirm {
		again, err := read("再输入一遍：")
		if err != nil {
			return nil, err
		}
		if again != p {
			return nil, failure("两次输入的口令不一样，没有写出外勤包。")
		}
	}
	return packagePassphrase(p), nil
}

// outputOption is -o, required, a file that does not exist yet.
func (e *env) outputOption() (string, error) {
	out := e.inv.printOpts["o"]
	if out == "" {
		return "", usageError("请用 -o 指定要写出的外勤包文件。")
	}
	if _, err := os.Lstat(out); err == nil {
		e.file = out
		return "", errOutputExists
	}
	return out, nil
}

func fieldOut(e *env) (err error) {
	rounds, units := idList(e.inv.printOpts["round"]), idList(e.inv.fieldUnits)
	laptop := strings.TrimSpace(e.inv.to)
	switch {
	case len(rounds)+len(units) == 0:
		return usageError("请用 -round 指定要带出的督查活动，或用 -unit 指定要带出的单位（督查活动ID见 export rounds，单位ID见 export units，多个用逗号隔开）。")
	case laptop == "":
		return usageError("请用 -to 指定外勤笔记本的名称，如 -to 外勤笔记本-1。")
	}
	out, err := e.outputOption()
	if err != nil {
		return err
	}
	cipher, err := e.passphrase(true)
	if err != nil {
		return err
	}
	db, err := e.openSignedIn()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	m, err := db.WritePackageForLaptop(e.ctx, store.FieldOut{Rounds: rounds, Units: units, Laptop: laptop, Path: out, Cipher: cipher})
	if err != nil {
		return err
	}
	return e.wrotePackage(m, out)
}

// idList splits ids given as ID[,ID…].
func idList(s string) []string {
	var out []string
	for _, id := range strings.Split(s, ",") {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}

func fieldInit(e *env, pkgPath string) (err error) {
	path, err := e.ledgerPath()
	if err != nil {
		return err
	}
	e.file = path
	cipher, err := e.passphrase(false)
	if err != nil {
		return err
	}
	// the store makes the ledger's folder, readable by the user only
	db, pv, err := store.CreateFieldLedger(e.ctx, path, pkgPath, cipher, withCost(store.Options{}))
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	fc, _, err := db.FieldLedger(e.ctx) // a field ledger: just made from the package
	if err != nil {
		return err
	}
	e.file = ""
	fmt.Fprintf(e.stdout, "已新建外勤台账：%s\n", path)
	fmt.Fprintf(e.stdout, "属于主台账“%s”，外勤笔记本“%s”，督查活动：%s\n", fc.OfficeName, fc.Laptop, roundTitles(fc.Rounds))
	fmt.Fprintf(e.stdout, "导入记录%d条，照片和附件%d个。\n", len(pv.Added), pv.Files)
	users, err := db.FieldUsers(e.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "可用主台账的密码登录的外勤用户：%s\n", strings.Join(users, "、"))
	return nil
}

func fieldBack(e *env) (err error) {
	out, err := e.outputOption()
	if err != nil {
		return err
	}
	cipher, err := e.passphrase(true)
	if err != nil {
		return err
	}
	db, err := e.openSignedIn()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	m, err := db.WriteReturnPackage(e.ctx, out, cipher)
	if err != nil {
		return err
	}
	return e.wrotePackage(m, out)
}

// wrotePackage says what the package written to out holds.
func (e *env) wrotePackage(m *exchange.Manifest, out string) error {
	e.file = ""
	fmt.Fprintf(e.stdout, "已写出%s：%s\n", m.Describe(), out)
	fmt.Fprintf(e.stdout, "内容：%s\n", describeManifest(m))
	if note := m.UnitsNote(); note != "" && m.Kind.FromOffice() {
		fmt.Fprintln(e.stdout, note)
	}
	return nil
}

func fieldIn(e *env, pkgPath string) (err error) {
	cipher, err := e.passphrase(false)
	if err != nil {
		return err
	}
	db, err := e.openSignedIn()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	var pv *data.FieldPreview
	if e.inv.dryRun {
		pv, err = db.PreviewPackage(e.ctx, pkgPath, cipher)
	} else {
		pv, err = db.ImportPackage(e.ctx, pkgPath, cipher)
	}
	if err != nil {
		e.file = pkgPath
		return err
	}
	e.file = ""
	writePreview(e.stdout, pv, e.inv.dryRun)
	return nil
}

func fieldConflicts(e *env) (err error) {
	db, err := e.openSignedIn()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	list, err := db.Conflicts(e.ctx)
	if err != nil {
		return err
	}
	e.file = ""
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "没有待处理的冲突。")
		return nil
	}
	fmt.Fprintf(e.stdout, "待处理的冲突%d处（在窗口左侧“外勤”的“待处理冲突”中逐项处理）：\n", len(list))
	for i, c := range list {
		writeConflict(e.stdout, i+1, c)
	}
	return nil
}

// writePreview prints what an import does (or would do).
func writePreview(w io.Writer, pv *data.FieldPreview, dry bool) {
	b := bufio.NewWriter(w)
	defer b.Flush()
	fmt.Fprintf(b, "外勤包：%s，来自%s\n", pv.Package, pv.From)
	if pv.Imported {
		fmt.Fprintf(b, "此包已于%s导入过，本次没有改动台账。\n", pv.ImportedAt.Format("2006-01-02 15:04"))
		return
	}
	if pv.Nothing() {
		if pv.Stale {
			fmt.Fprintln(b, "此包比已导入的包旧，其中的内容本台账都已有，没有改动台账。")
		} else {
			fmt.Fprintln(b, "没有新内容。")
		}
		return
	}
	list := func(title string, items []data.FieldItem) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(b, "%s%d条：\n", title, len(items))
		for _, it := range items {
			line := "  " + it.Table + "  " + it.Title
			if title == "修改" && len(it.Fields) > 0 {
				line += "（" + strings.Join(it.Fields, "、") + "）"
			}
			fmt.Fprintln(b, line)
		}
	}
	list("新增", pv.Added)
	list("修改", pv.Changed)
	list("删除", pv.Deleted)
	if pv.Files > 0 {
		fmt.Fprintf(b, "照片和附件：%d个\n", pv.Files)
	}
	if pv.History > 0 {
		fmt.Fprintf(b, "对方的修改记录：%d条\n", pv.History)
	}
	if len(pv.Conflicts) > 0 {
		fmt.Fprintf(b, "冲突%d处（两边改了同一项，留待人工处理；处理前保留本台账的值）：\n", len(pv.Conflicts))
		for i, c := range pv.Conflicts {
			writeConflict(b, i+1, c)
		}
	}
	switch {
	case dry:
		fmt.Fprintln(b, "以上为预览，台账没有改动。导入时去掉 -dry-run。")
	case len(pv.Conflicts) > 0:
		fmt.Fprintf(b, "已导入，%d处冲突待处理：xiaoneng field conflicts 查看，在窗口左侧“外勤”的“待处理冲突”中处理。\n", len(pv.Conflicts))
	default:
		fmt.Fprintln(b, "已导入。")
	}
}

func writeConflict(w io.Writer, n int, c data.FieldConflict) {
	fmt.Fprintf(w, "  %d. %s  %s：%s\n", n, c.TableLabel, c.Title, c.FieldLabel)
	fmt.Fprintf(w, "     本台账：%s\n", c.Local)
	who := strings.TrimSpace(strings.Join([]string{c.IncomingBy, c.IncomingOn}, " "))
	if who != "" {
		who = "（" + who + "）"
	}
	fmt.Fprintf(w, "     对方%s：%s\n", who, c.Incoming)
}

// describeManifest says what a package holds.
func describeManifest(m *exchange.Manifest) string {
	var parts []string
	for _, t := range []struct{ table, label string }{
		{"rounds", "督查活动"}, {"units", "单位"}, {"visits", "检查记录"}, {"findings", "发现问题"},
		{"complaints", "投诉件"}, {"activity_logs", "公务活动登记"}, {"documents", "文书"},
	} {
		if n := m.Counts.Records[t.table]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s%d", t.label, n))
		}
	}
	total := 0
	for _, n := range m.Counts.Records {
		total += n
	}
	parts = append(parts, fmt.Sprintf("共%d条记录", total))
	if m.Counts.Files > 0 {
		parts = append(parts, fmt.Sprintf("照片和附件%d个", m.Counts.Files))
	}
	return strings.Join(parts, "，")
}

func roundTitles(rs []data.FieldRound) string {
	var titles []string
	for _, r := range rs {
		titles = append(titles, r.Title)
	}
	return strings.Join(titles, "、")
}
