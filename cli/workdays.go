package cli

import (
	"fmt"
	"os"
	"strconv"

	"xiaoneng/data"
)

// maxWorkdays bounds N: the count walks day by day, and no deadline is
// decades away.
const maxWorkdays = 10000

// runWorkdays prints the N-th working day after DATE. With -db naming an
// existing ledger it uses the office's holiday calendar, else the shipped one.
func runWorkdays(e *env) (err error) {
	from, err := data.ParseDate(e.args[0])
	if err != nil {
		return usageError(err.Error() + "。")
	}
	n, err := strconv.Atoi(e.args[1])
	if err != nil {
		return usageError(fmt.Sprintf("天数“%s”不是整数。", e.args[1]))
	}
	if n < -maxWorkdays || n > maxWorkdays {
		return usageError(fmt.Sprintf("天数应在 -%d 到 %d 之间。", maxWorkdays, maxWorkdays))
	}
	cal := data.NewCalendar()
	if e.inv.db != "" {
		if _, statErr := os.Stat(e.inv.db); statErr != nil {
			fmt.Fprintf(e.stderr, "台账文件不存在，按程序内置的节假日安排计算：%s\n", e.inv.db)
		} else if cal, err = e.ledgerCalendar(); err != nil {
			return err
		}
	}
	to, assumed := cal.AddWorkdays(from, n)
	fmt.Fprintln(e.stdout, to.String())
	if w := assumed.Warning(); w != "" {
		fmt.Fprintln(e.stderr, "注意："+w+"。")
	}
	return nil
}

func (e *env) ledgerCalendar() (cal *data.Calendar, err error) {
	db, err := e.openSignedIn()
	if err != nil {
		return nil, err
	}
	defer closeDB(db, &err)
	return db.Calendar(e.ctx)
}
