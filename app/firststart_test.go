package app

import (
	"os"
	"path/filepath"
	"testing"
	"xiaoneng/app/screens/dashboard"
	"xiaoneng/app/screens/settings"

	"xiaoneng/app/apptest"
	"xiaoneng/app/apptest/testapp"
	"xiaoneng/data/store/storetest"
)

// newStartBench builds the window without a ledger, as Run does for a path
// where there is none.
func newStartBench(t *testing.T) *Workbench {
	t.Helper()
	a := testapp.New(t)
	w := NewWorkbench(a, nil)
	t.Cleanup(func() {
		waitJobs(t, w)
		if w.DB() != nil {
			if err := w.DB().Close(); err != nil {
				t.Error(err)
			}
		}
	})
	return w
}

func TestFirstStartCreatesEmptyLedger(t *testing.T) {
	w := newStartBench(t)
	path := filepath.Join(t.TempDir(), "新机器", "效能台账.db") // its folder does not exist yet
	w.openOrStart(path)
	content := w.Window().Content()
	if !apptest.Shows(content, "尚未找到台账文件") || !apptest.Shows(content, path) {
		t.Fatalf("start view shows %v", apptest.Texts(content))
	}
	if got := menuLabels(w); len(got) != 5 || got[0] != "打开台账…" || got[2] != "连接单位服务器…" || got[3] != "打开外勤包…" || got[4] != "退出" {
		t.Errorf("menu without a ledger = %v", got)
	}

	apptest.TapButton(t, content, "新建空台账")
	waitJobs(t, w)
	// the new ledger's first administrator, then its recovery code
	fillIn(t, w, "王主任", "wangzr", "wangzr-2026", "wangzr-2026")
	apptest.TapButton(t, w.Window().Content(), "创建管理员")
	waitJobs(t, w)
	apptest.TapButton(t, w.Window().Content(), "已抄写并妥善保管，进入工作台")
	if w.DB() == nil || w.DB().Path() != path {
		t.Fatalf("no ledger open at %s", path)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	if _, ok := w.currentScreen().(*settings.Screen); !ok {
		t.Errorf("a new ledger opens on %T, want 设置 (the office enters its name first)", w.currentScreen())
	}
	if w.Window().Title() != "效能台账 — 效能台账.db — 县机关效能建设办公室" {
		t.Errorf("title = %q", w.Window().Title())
	}
}

func TestStartRefusesAFileThatIsNotALedger(t *testing.T) {
	w := newStartBench(t)
	path := filepath.Join(t.TempDir(), "会议纪要.db")
	if err := os.WriteFile(path, []byte("这不是台账"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.openOrStart(path)
	waitJobs(t, w)
	if w.DB() != nil {
		t.Fatal("opened a file that is not a ledger")
	}
	content := w.Window().Content()
	if !apptest.Shows(content, "不是效能台账数据文件") {
		t.Errorf("start view shows %v", apptest.Texts(content))
	}
	if apptest.Shows(content, "新建空台账") {
		t.Error("offers to create a ledger over the refused file")
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "这不是台账" {
		t.Error("the refused file was changed")
	}
}

func TestStartOpensExistingLedger(t *testing.T) {
	db := apptest.OpenDB(t)
	path := db.Path()
	w := newStartBench(t)
	w.openOrStart(path)
	waitJobs(t, w)
	if w.DB() == nil || w.DB().Path() != path {
		t.Fatal("the existing ledger was not opened")
	}
	signInThrough(t, w, storetest.Login, storetest.Password)
	if _, ok := w.currentScreen().(*dashboard.Screen); !ok {
		t.Errorf("opens on %T, want the 工作台", w.currentScreen())
	}
}
