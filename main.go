// Command xiaoneng is 效能台账, the ledger of a county's 机关效能建设办公室.
// Without a command it opens the workbench; with one it works from the
// command line (xiaoneng help lists the commands).
package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"xiaoneng/app"
	"xiaoneng/app/native"
	"xiaoneng/cli"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 {
		native.AttachConsole()
	}
	path, gui, err := cli.GUILedger(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if !gui {
		os.Exit(cli.Run(args, os.Stdin, os.Stdout, os.Stderr))
	}
	if err := chineseLocale(); err != nil {
		fmt.Fprintln(os.Stderr, "无法设置语言环境："+err.Error())
	}
	// With gui, args hold at most -db.
	if err := app.Run(path, len(args) > 0); err != nil {
		// Started from a shortcut the program has no terminal: the system's
		// message box (Windows) is where the reason can be read.
		msg := "效能台账异常退出：" + cli.Explain(err)
		var ge *app.GraphicsError
		if errors.As(err, &ge) {
			msg = ge.Error()
		}
		fmt.Fprintln(os.Stderr, msg)
		native.Alert("效能台账", msg)
		os.Exit(1)
	}
}

// chineseLocale reads a C or POSIX locale (servers, containers) as Chinese:
// the program is Chinese only, and Fyne, which cannot parse "C.UTF-8", would
// log an error every time it looks the locale up.
func chineseLocale() error {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if base, _, _ := strings.Cut(v, "."); base == "C" || base == "POSIX" {
			return os.Setenv(name, "zh_CN.UTF-8")
		}
		return nil
	}
	return nil
}
