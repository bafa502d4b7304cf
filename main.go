// Command xiaoneng is 效能台账, the ledger of a county's 机关效能建设办公室.
// Without a command it opens the workbench; with one it works from the
// command line (xiaoneng help lists the commands).
package main

import (
	"fmt"
	"os"
	"strings"

	"xiaoneng/app"
	"xiaoneng/app/cli"
)

func main() {
	args := os.Args[1:]
	path, gui, err := cli.GUILedger(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if !gui {
		os.Exit(cli.Run(args, os.Stdout, os.Stderr))
	}
	if err := chineseLocale(); err != nil {
		fmt.Fprintln(os.Stderr, "无法设置语言环境："+err.Error())
	}
	if err := app.Run(path); err != nil {
		fmt.Fprintln(os.Stderr, "效能台账异常退出："+cli.Explain(err))
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
