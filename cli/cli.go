// Package cli is the command line of the xiaoneng binary: everything but the
// workbench itself (which the binary opens when it is given no command).
// Every message is for the office's staff, in Chinese, on stderr; results
// go to stdout.
package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailed  = 1 // the command ran and failed, or check found problems
	exitUsage   = 2 // the command line itself is wrong
	ledgerName  = "台账.db"
	appFolder   = "xiaoneng"
	programName = "xiaoneng"
)

// DefaultLedgerPath is the ledger used when no -db is given: 台账.db in the
// program's folder of the user's configuration directory (%AppData%\xiaoneng
// on Windows, ~/.config/xiaoneng on Linux).
func DefaultLedgerPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("无法确定用户数据目录，请用 -db 指定台账文件：%w", err)
	}
	return filepath.Join(dir, appFolder, ledgerName), nil
}

// GUILedger tells whether args ask for the workbench (only -db, or nothing)
// and, if so, which ledger to open. When it returns gui false, the
// arguments belong to Run.
func GUILedger(args []string) (path string, gui bool, err error) {
	inv, err := parse(args)
	if err != nil || inv.help || len(inv.args) > 0 {
		return "", false, nil
	}
	if inv.db != "" {
		return inv.db, true, nil
	}
	path, err = DefaultLedgerPath()
	return path, true, err
}

// Run carries out one command and returns the process's exit code. stdin
// is where a login and password are asked for when the environment gives
// none (XIAONENG_USER, XIAONENG_PASSWORD).
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	inv, err := parse(args)
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintf(stderr, "查看用法：%s help\n", programName)
		return exitUsage
	}
	if inv.help || len(inv.args) == 0 || inv.args[0] == "help" {
		fmt.Fprint(stdout, usage())
		return exitOK
	}
	name := inv.args[0]
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "没有“%s”这个命令。\n查看用法：%s help\n", name, programName)
		return exitUsage
	}
	if err := cmd.accepts(inv); err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintf(stderr, "用法：%s %s\n", programName, cmd.synopsis)
		return exitUsage
	}
	e := &env{ctx: ctx, inv: inv, args: inv.args[1:], stdin: stdin, stdout: stdout, stderr: stderr}
	if err := cmd.run(e); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(stderr, ue)
			fmt.Fprintf(stderr, "用法：%s %s\n", programName, cmd.synopsis)
			return exitUsage
		}
		fmt.Fprintln(stderr, Explain(err))
		file := e.file
		if named, ok := data.FileOf(err); ok {
			file = named // the error knows: the ledger, a file read or written
		}
		if file != "" {
			fmt.Fprintf(stderr, "文件：%s\n", file)
		}
		return exitFailed
	}
	return e.code
}

// env is what a command works with.
type env struct {
	ctx    context.Context
	inv    invocation
	args   []string // the command's positional arguments
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	code   int    // exit code when the command returns no error
	file   string // the file a failure concerns, named after the message

	input    *bufio.Reader // stdin, once asked
	password string        // the password signed in with
}

// failure is a refusal whose text is already the sentence for the user.
type failure string

func (f failure) Error() string { return string(f) }

var errOutputExists = failure("该文件已存在，不会覆盖；请换一个文件名或先移走它。")

// usageError is a mistake on the command line, shown with the command's usage.
type usageError string

func (e usageError) Error() string { return string(e) }

type command struct {
	synopsis string
	nargs    int      // positional arguments after the command's name
	optional int      // positional arguments that may follow those
	options  []string // options it takes besides -db
	run      func(*env) error
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"init":    {synopsis: "[-db 台账文件] init [-admin 登录名 [-name 姓名] [-roles 角色,…] [-cipher sm|std]]", options: []string{"admin", "name", "roles", "cipher"}, run: runInit},
		"users":   {synopsis: "[-db 台账文件] users list|add|disable|enable|passwd|recover [登录名] [-name 姓名] [-roles 角色,…]", nargs: 1, optional: 1, options: []string{"name", "roles"}, run: runUsers},
		"demo":    {synopsis: "[-db 台账文件] demo [-seed 数字] [-field]", options: []string{"seed", "field"}, run: runDemo},
		"check":   {synopsis: "[-db 台账文件] check [-full] [-recount]", options: []string{"full", "recount"}, run: runCheck},
		"backup":  {synopsis: "[-db 台账文件] backup 备份文件", nargs: 1, run: runBackup},
		"backups": {synopsis: "[-db 台账文件] backups", run: runBackups},
		"restore": {synopsis: "[-db 台账文件] restore 备份文件 [-yes]", nargs: 1, options: []string{"yes"}, run: runRestore},
		"export":  {synopsis: "[-db 台账文件] export 类型 输出文件.json|输出文件.xlsx [-with-identity]", nargs: 2, options: []string{"with-identity"}, run: runExport},
		"import": {synopsis: "[-db 台账文件] import units|complaints 文件.xlsx|文件.csv | import list | import undo -batch 批次号",
			nargs: 1, optional: 1, options: []string{"batch"}, run: runImport},
		"report": {synopsis: "[-db 台账文件] report -period 2026Q3|2026|2026-07 [-sign 签发人] -o 输出文件.pdf|输出文件.docx|输出文件.xlsx", options: []string{"period", "o", "sign"}, run: runReport},
		"field": {synopsis: "field out|init|back|in|conflicts …（见 help）", nargs: -1,
			options: []string{"round", "unit", "to", "o", "dry-run"}, run: runField},
		"workdays": {synopsis: "[-db 台账文件] workdays 日期 天数", nargs: 2, run: runWorkdays},
		"migrate":  {synopsis: "migrate -from 台账文件|postgres://… -to postgres://…|台账文件", options: []string{"from", "to"}, run: runMigrate},
		"print": {synopsis: "[-db 台账文件] print -id 文书ID [-receipt] -o 输出文件.pdf|输出文件.docx | print -kind 种类 -round 督查活动ID -o 输出文件.pdf",
			options: []string{"id", "kind", "round", "o", "receipt"}, run: runPrint},
	}
}

func (c command) accepts(inv invocation) error {
	for _, opt := range inv.given {
		if opt == "db" || opt == "h" {
			continue
		}
		if !contains(c.options, opt) {
			return usageError(fmt.Sprintf("命令 %s 不接受选项 -%s。", inv.args[0], opt))
		}
	}
	if c.nargs < 0 { // the command counts its own arguments
		return nil
	}
	if got := len(inv.args) - 1; got < c.nargs {
		return usageError(fmt.Sprintf("命令 %s 缺少参数。", inv.args[0]))
	} else if got > c.nargs+c.optional {
		return usageError(fmt.Sprintf("命令 %s 多了参数“%s”。", inv.args[0], inv.args[1+c.nargs+c.optional]))
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// invocation is the command line taken apart. Options may stand anywhere:
// before the command (-db) or after it (-seed, -with-identity).
type invocation struct {
	db           string
	seed         int64
	seedSet      bool
	withIdentity bool
	printOpts    map[string]string // print: -id, -kind, -round, -o
	receipt      bool              // print: the 送达回证 of the document
	recount      bool              // check: count the statistics' figures again first
	full         bool              // check: compare every index with its table too
	yes          bool              // restore: the loss said is accepted
	reportPeriod string            // report: -period
	signer       string            // report: -sign, who signs the 通报
	from         string            // migrate: -from, the ledger copied
	to           string            // migrate: -to, the ledger written; field out: -to, the laptop's name
	admin        string            // init: -admin, the first administrator's login
	userName     string            // init -admin, users add: -name
	roles        []data.Role       // init -admin, users add: -roles
	cipher       string            // init: -cipher
	fieldUnits   string            // field out: -unit, units taken out one by one
	dryRun       bool              // field in: -dry-run, the preview only
	field        bool              // demo: -field, a field ledger checked out of the demo county
	batch        int64             // import undo: -batch, the import's number
	help         bool
	given        []string // the options given, by name
	args         []string // the command and its positional arguments
}

// number lets "-3" stand as a positional argument (workdays counts back).
var number = regexp.MustCompile(`^-[0-9]+$`)

func parse(args []string) (invocation, error) {
	var inv invocation
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			inv.args = append(inv.args, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" || number.MatchString(a) {
			inv.args = append(inv.args, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		needValue := func(what string) (string, error) {
			if hasValue {
				return value, nil
			}
			if i+1 >= len(args) {
				return "", usageError(fmt.Sprintf("选项 -%s 后面缺少%s。", name, what))
			}
			i++
			return args[i], nil
		}
		switch name {
		case "db":
			v, err := needValue("台账文件名")
			if err != nil {
				return inv, err
			}
			if strings.TrimSpace(v) == "" {
				return inv, usageError("选项 -db 的台账文件名不能为空。")
			}
			inv.db = v
		case "seed":
			v, err := needValue("数字")
			if err != nil {
				return inv, err
			}
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return inv, usageError(fmt.Sprintf("选项 -seed 的值“%s”不是整数。", v))
			}
			inv.seed, inv.seedSet = n, true
		case "with-identity":
			if hasValue {
				return inv, usageError("选项 -with-identity 不带值。")
			}
			inv.withIdentity = true
		case "id", "kind", "round", "o":
			v, err := needValue(printOptionValue[name])
			if err != nil {
				return inv, err
			}
			if inv.printOpts == nil {
				inv.printOpts = map[string]string{}
			}
			inv.printOpts[name] = strings.TrimSpace(v)
		case "period":
			v, err := needValue("统计期间")
			if err != nil {
				return inv, err
			}
			inv.reportPeriod = strings.TrimSpace(v)
		case "from", "to":
			what := "台账文件或服务器地址"
			if name == "to" && len(inv.args) > 0 && inv.args[0] == "field" {
				what = "外勤笔记本的名称"
			}
			v, err := needValue(what)
			if err != nil {
				return inv, err
			}
			if strings.TrimSpace(v) == "" {
				return inv, usageError(fmt.Sprintf("选项 -%s 的值不能为空。", name))
			}
			if name == "from" {
				inv.from = v
			} else {
				inv.to = v
			}
		case "sign":
			v, err := needValue("签发人")
			if err != nil {
				return inv, err
			}
			inv.signer = strings.TrimSpace(v)
		case "admin", "name", "cipher":
			v, err := needValue(map[string]string{"admin": "登录名", "name": "姓名", "cipher": "加密算法（sm 或 std）"}[name])
			if err != nil {
				return inv, err
			}
			switch v = strings.TrimSpace(v); name {
			case "admin":
				inv.admin = v
			case "name":
				inv.userName = v
			default:
				inv.cipher = v
			}
		case "roles":
			v, err := needValue("角色")
			if err != nil {
				return inv, err
			}
			inv.roles = data.ParseRoles(v)
		case "receipt", "recount", "yes", "full":
			if hasValue {
				return inv, usageError(fmt.Sprintf("选项 -%s 不带值。", name))
			}
			inv.receipt = inv.receipt || name == "receipt"
			inv.recount = inv.recount || name == "recount"
			inv.yes = inv.yes || name == "yes"
			inv.full = inv.full || name == "full"
		case "batch":
			v, err := needValue("导入批次号")
			if err != nil {
				return inv, err
			}
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err != nil || n < 1 {
				return inv, usageError(fmt.Sprintf("选项 -batch 的值“%s”不是批次号（正整数，见 import list）。", v))
			}
			inv.batch = n
		case "unit":
			v, err := needValue("单位ID")
			if err != nil {
				return inv, err
			}
			inv.fieldUnits = v
		case "dry-run", "field":
			if hasValue {
				return inv, usageError(fmt.Sprintf("选项 -%s 不带值。", name))
			}
			if name == "dry-run" {
				inv.dryRun = true
			} else {
				inv.field = true
			}
		case "h", "help":
			inv.help = true
			name = "h"
		default:
			return inv, usageError(fmt.Sprintf("没有“%s”这个选项。", a))
		}
		inv.given = append(inv.given, name)
	}
	return inv, nil
}

func usage() string {
	where := "用户数据目录下的 xiaoneng/台账.db"
	if p, err := DefaultLedgerPath(); err == nil {
		where = p
	}
	return `效能台账：机关效能建设办公室的单位、督查、投诉、责任追究和公文台账。

用法：
  xiaoneng [-db 台账文件]                    打开工作台
  xiaoneng [-db 台账文件] init               新建空台账（台账已存在时保持原样）
  xiaoneng [-db 台账文件] init -admin 登录名 [-name 姓名] [-roles 角色,…] [-cipher sm|std]
                                             为还没有用户的台账（新建或升级的）创建第一个管理员，并显示一次恢复码；
                                             -roles 可另加受理员、督查员、领导、外勤；-cipher 为新台账选择加密算法：
                                             sm 国密（默认，SM2/SM4/SM3），std 国际（X25519/AES-256/SHA-256）
  xiaoneng [-db 台账文件] users list         列出用户
  xiaoneng [-db 台账文件] users add 登录名 -name 姓名 -roles 角色,…
                                             新增用户（管理员）；初始密码首次登录时须修改
  xiaoneng [-db 台账文件] users disable|enable 登录名   停用或恢复用户（管理员）
  xiaoneng [-db 台账文件] users passwd [登录名]  修改自己的密码；管理员写他人登录名时重设其密码
  xiaoneng [-db 台账文件] users recover      管理员用恢复码为等待授权的用户恢复查看投诉人身份的权限
  xiaoneng [-db 台账文件] demo [-seed 数字]  在空台账中填入演示县的数据（同一数字生成同样的台账）
  xiaoneng [-db 台账文件] check [-full] [-recount]   检查文件完整性、数据关联、统计数字、演示数据是否生成完整、审计日志和数据结构版本；
                                             有问题时逐条说明怎么办，退出码为 1；默认是快速检查（大台账也只要几秒：小表全读，
                                             大表、统计数字和审计日志抽查，并说明哪些没有逐条查看），-full 读遍整个文件并逐一核对（较慢），
                                             -recount 先按记录重新计算统计数字、重写搜索索引中的状态和期限
  xiaoneng [-db 台账文件] backup 备份文件    写出台账的完整副本（工作台开着时也可以）
  xiaoneng [-db 台账文件] backups            列出自动备份（台账旁的“自动备份”文件夹：每日一份，升级、外勤包导入和恢复前各一份）
  xiaoneng [-db 台账文件] restore 备份文件 [-yes]
                                             用备份替换台账：先说明会丢失哪些改动，加 -yes 才恢复；
                                             当前台账先自动备份，工作台须先关闭
  xiaoneng [-db 台账文件] export 类型 输出文件.json|输出文件.xlsx [-with-identity]
                                             导出为 JSON 或 Excel（JSON 输出文件写作“-”时输出到屏幕）
  xiaoneng [-db 台账文件] import units|complaints 文件.xlsx|文件.csv
                                             从 Excel 或 CSV 台账导入单位或投诉件；有错误的行逐行列出，
                                             有任何一行错误时不写入；已在台账中的不重复导入；
                                             每次导入是一批，完成时显示批次号
  xiaoneng [-db 台账文件] import list        列出最近的导入批次（批次号、时间、文件、新增条数、是否已撤销）
  xiaoneng [-db 台账文件] import undo -batch 批次号
                                             撤销一批导入：删除该批新增的记录（记入审计日志）；
                                             该批的记录导入后已被办理、修改或引用时拒绝
  xiaoneng [-db 台账文件] report -period 期间 [-sign 签发人] -o 输出文件.pdf|输出文件.docx|输出文件.xlsx
                                             生成一个期间的通报（.pdf，或 Word 文档 .docx）或统计考核表（.xlsx）；
                                             期间写作 2026Q3（季度）、2026（年）、2026-07（月）或 2026-03-05..2026-04-20；
                                             不加 -sign 时通报为草稿；加 -sign 时登记到文书台账并签发，取得发文字号
  xiaoneng [-db 台账文件] workdays 日期 天数 显示“日期”之后第 N 个工作日（YYYY-MM-DD）；
                                             天数为负时往前数；给出 -db 时按台账中的节假日安排计算
  xiaoneng [-db 台账文件] print -id 文书ID [-receipt] -o 输出文件.pdf|输出文件.docx
                                             将一份文书打印为 PDF，或存为可在 Word、WPS 中修改的 Word 文档
                                             （文书ID见 export documents）；加 -receipt 时打印该文书的送达回证
  xiaoneng [-db 台账文件] print -kind 种类 -round 督查活动ID -o 输出文件.pdf
                                             将一次督查活动的某种文书合并打印为一个 PDF（督查活动ID见 export rounds）；
                                             该活动尚无监察通知书时，按各单位未整改的问题生成草稿打印（不保存）
  xiaoneng migrate -from 来源 -to 目标         将整个台账从台账文件迁移到单位服务器（postgres://用户@服务器/数据库），
                                             或从服务器迁回文件；目标须为空台账，全部成功或全部不写入，两边逐表核对记录数
  xiaoneng -db 主台账 field out -round ID[,ID…] -unit ID[,ID…] -to 笔记本名称 -o 包.xnpkg
                                             出库：把督查活动（-round）或单位（-unit，可与 -round 同时给出）带到外勤笔记本；
                                             按单位出库时，主台账为这些单位建一个“回访复查”督查活动，外勤工作记在它下面；
                                             再次出库给同一笔记本时写补充包（督查活动ID见 export rounds，单位ID见 export units）
  xiaoneng -db 外勤台账 field init 包.xnpkg  用出库包新建外勤台账
  xiaoneng -db 外勤台账 field back -o 包.xnpkg
                                             交回：写出外勤台账中主台账还没有的全部内容
  xiaoneng -db 台账 field in 包.xnpkg [-dry-run]
                                             导入外勤包；加 -dry-run 时只显示预览（新增、修改、删除和冲突），不改动台账
  xiaoneng -db 台账 field conflicts          列出待处理的冲突（在窗口“外勤”的“待处理冲突”中处理）
  xiaoneng -db 外勤台账 demo -field          演示：从演示县出库一个外勤台账，并记下外勤一天的工作
  xiaoneng help                              显示本说明

登录：除 help、init 和在新台账上运行的 demo 外，命令都须登录。登录名和密码取自环境变量
  XIAONENG_USER 和 XIAONENG_PASSWORD，没有时在终端询问。新密码（users add、users passwd）取自
  XIAONENG_NEW_PASSWORD，恢复码（users recover）取自 XIAONENG_RECOVERY_CODE，没有时询问。
  密码至少8位，包含字母、数字、符号中的至少两类；连续5次输错密码锁定15分钟。
  demo 生成的演示台账有用户 zhuren（主任，全部角色）、shouli（受理员）、ducha（督查员）、
  lingdao（领导）、waiqin（外勤），密码都是 xiaoneng2026。

导出类型：units 单位，complaints 投诉件，rounds 督查活动，visits 检查记录，
          findings 发现问题，documents 文书，actions 责任追究，audit 审计日志（管理员、领导）。
投诉人身份信息（姓名、电话、身份证号、地址、工作单位）默认不导出，确需导出时加 -with-identity；
打印的交办单不含投诉人信息。
外勤包用口令加密：口令取自环境变量 XIAONENG_PASSPHRASE，没有时在终端中输入。
外勤包不含投诉人身份信息（只带遮盖后的姓名、电话）。

-db 也可以是单位服务器上的台账：postgres://用户:密码@服务器/数据库（各命令同样适用，备份写出台账文件）。
不写 -db 时使用默认台账：` + where + "\n"
}

// Explain turns an error into the sentence shown to the user: the one the
// workbench shows (data.UserMessage) for the errors it knows, anything else
// with its text.
func Explain(err error) string {
	var f failure
	if errors.As(err, &f) {
		return string(f)
	}
	if msg, ok := data.Explained(err); ok {
		return msg
	}
	return "操作未完成：" + strings.TrimPrefix(err.Error(), "store: ")
}

// ledgerPath is the ledger the command works on: -db, or the default.
func (e *env) ledgerPath() (string, error) {
	if e.inv.db != "" {
		return e.inv.db, nil
	}
	return DefaultLedgerPath()
}

// openSignedIn opens a ledger that must already exist and signs in.
func (e *env) openSignedIn() (*store.DB, error) {
	db, err := e.openExisting()
	if err != nil {
		return nil, err
	}
	e.reportMigration(db)
	if err := e.signIn(db); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return db, nil
}

// openExisting opens a ledger that must already exist. An empty file is
// refused too: the store would otherwise make a new ledger of it.
func (e *env) openExisting() (*store.DB, error) {
	path, err := e.ledgerPath()
	if err != nil {
		return nil, err
	}
	return e.openLedger(path)
}

// openLedger opens the existing ledger at path: a file, or a database on a
// PostgreSQL server (store.IsServer), which must hold a ledger already.
func (e *env) openLedger(path string) (*store.DB, error) {
	if store.IsServer(path) {
		e.file = store.Redact(path)
		return e.open(path, store.Options{})
	}
	e.file = path
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("cli: %s: %w", path, data.ErrNoLedger)
	case err != nil:
		return nil, err
	case st.IsDir():
		return nil, fmt.Errorf("cli: %s is a folder: %w", path, data.ErrNotLedger)
	case st.Size() == 0:
		return nil, fmt.Errorf("cli: %s is empty: %w", path, data.ErrNotLedger)
	}
	return e.open(path, store.Options{})
}

// open opens the ledger at path; a write that has to wait for another
// program (an import in the workbench) says so.
func (e *env) open(path string, opt store.Options) (*store.DB, error) {
	db, err := store.Open(e.ctx, path, withCost(opt))
	if err != nil {
		return nil, err
	}
	if ro, why := db.ReadOnly(); ro {
		fmt.Fprintf(e.stderr, "注意：%s\n", data.UserMessage(why))
	}
	db.SetWaitNotice(func(waiting bool) {
		if waiting {
			fmt.Fprintln(e.stderr, "台账正被其他程序写入（例如工作台正在导入），正在等待它完成……（按 Ctrl+C 放弃）")
		}
	})
	return db, nil
}

// closeDB closes db, keeping the first error.
func closeDB(db *store.DB, err *error) {
	if cerr := db.Close(); cerr != nil && *err == nil {
		*err = fmt.Errorf("关闭台账：%w", cerr)
	}
}
