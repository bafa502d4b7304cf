package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xiaoneng/data"
)

// An import says its batch; import list lists it; import undo -batch
// removes what it added, and a second undo is refused, in Chinese, with the
// ledger unchanged; the command line's mistakes are said.
func TestImportUndo(t *testing.T) {
	cfg := config(t)
	path := newLedger(t)
	csv := filepath.Join(t.TempDir(), "单位.csv")
	if err := os.WriteFile(csv, []byte("单位名称,单位类别\n县林业局,县直部门\n县水利局,县直部门\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := xiaoneng(t, cfg, "-db", path, "import", "units", csv)
	wantOK(t, r)
	if !strings.Contains(r.stdout, "本次导入为第1批") {
		t.Fatalf("import: %q", r.stdout)
	}
	r = xiaoneng(t, cfg, "-db", path, "import", "list")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "批次") || !strings.Contains(r.stdout, "单位.csv") || !strings.Contains(r.stdout, "单位") {
		t.Errorf("import list: %q", r.stdout)
	}
	r = xiaoneng(t, cfg, "-db", path, "import", "undo", "-batch", "1")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "已撤销第1批导入：删除了该批新增的2条单位") {
		t.Errorf("undo: %q", r.stdout)
	}
	db := openLedger(t, path)
	units, err := db.Units(context.Background(), data.UnitFilter{})
	closeLedger(t, db)
	if err != nil || len(units) != 0 {
		t.Errorf("%d units after undo, %v", len(units), err)
	}
	r = xiaoneng(t, cfg, "-db", path, "import", "list")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "撤销") {
		t.Errorf("import list after undo: %q", r.stdout)
	}

	// a refused undo changes nothing but the sign-in's audit row (the
	// store's test shows the ledger unchanged to the byte)
	listed := r.stdout
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "import", "undo", "-batch", "1"), exitFailed, "第1批导入已于", "撤销")
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "import", "undo", "-batch", "7"), exitFailed, "没有第7批导入")
	if r = xiaoneng(t, cfg, "-db", path, "import", "list"); r.stdout != listed {
		t.Errorf("import list after refused undos: %q, before %q", r.stdout, listed)
	}
	before := snapshot(t, filepath.Dir(path))
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "import", "undo"), exitUsage, "请用 -batch 指定")
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "import", "undo", "-batch", "一"), exitUsage, "不是批次号")
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "import", "units", csv, "-batch", "1"), exitUsage, "-batch 只用于 import undo")
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "import", "units"), exitUsage, "缺少参数")
	wantUnchanged(t, filepath.Dir(path), before)
}
