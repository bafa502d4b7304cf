// Command xiaoneng is 效能台账, the ledger of a county's 机关效能建设办公室.
// Without a command it opens the workbench; with one it works from the
// command line (xiaoneng help lists the commands).
package main

import (
	"fmt"
	"os"

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
	if err := app.Run(path); err != nil {
		fmt.Fprintln(os.Stderr, "效能台账异常退出："+cli.Explain(err))
		os.Exit(1)
	}
}
