package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"xiaoneng/reports"
)

// runExport writes one registry as JSON to a file, or to stdout for "-",
// or as an Excel workbook to a file ending in .xlsx.
// The file appears only when complete: it is written under a temporary name
// and renamed.
func runExport(e *env) (err error) {
	kind, out := e.args[0], e.args[1]
	if !contains(reports.ExportKinds, kind) {
		return usageError(fmt.Sprintf("没有“%s”这类数据可导出。可导出的类型：%s。", kind, strings.Join(reports.ExportKinds, "、")))
	}
	ledger, err := e.ledgerPath()
	if err != nil {
		return err
	}
	// Refused before signing in, which writes to the ledger's audit log.
	if out != "-" && sameFile(out, ledger) {
		return failure("导出文件不能是台账文件本身，请换一个文件名。")
	}
	db, err := e.openSignedIn()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	xlsx := strings.EqualFold(filepath.Ext(out), ".xlsx")
	if out == "-" {
		return reports.ExportJSON(e.ctx, db, kind, e.stdout, e.inv.withIdentity)
	}
	err = e.writeFile(out, func(w io.Writer) error {
		if xlsx {
			return reports.ExportXLSX(e.ctx, db, kind, w, e.inv.withIdentity)
		}
		return reports.ExportJSON(e.ctx, db, kind, w, e.inv.withIdentity)
	})
	if err != nil {
		return err
	}
	what := "不含投诉人身份信息"
	if e.inv.withIdentity {
		what = "含投诉人身份信息，请妥善保管"
	}
	fmt.Fprintf(e.stdout, "已导出 %s 到：%s（%s）\n", kind, out, what)
	return nil
}

// sameFile reports whether a and b name the same file, by path or, when
// both exist, by identity.
func sameFile(a, b string) bool {
	if aa, err := filepath.Abs(a); err == nil {
		if bb, err := filepath.Abs(b); err == nil && aa == bb {
			return true
		}
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}
