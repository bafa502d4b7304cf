//go:build !race

// The demo county's audit log read page by page, ten thousand rows and
// more, with the screen's loading inline (apptest: one goroutine): under
// the race detector 12 s of CPU, without it about 2 s, so scripts/test.sh
// runs it without; the package's other tests page through the same screen
// under the detector.

package audit

import (
	"regexp"
	"strings"
	"testing"
	"xiaoneng/app/apptest"
	"xiaoneng/data/demo/demotest"
)

// Every row of the demo county, page by page as the screen reads them,
// shows its fields by their labels and the records it names by name: no
// column's name, no id.
func TestDemoCountyReadsInChinese(t *testing.T) {
	w := apptest.Over(t, demotest.Open(t))
	s := apptest.Show(t, w, "审计日志", New)
	column := regexp.MustCompile(`(^|；|（|，)[^：；（，]*[A-Za-z][^：；（，]*：`)
	id := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-`)
	seen, named := 0, 0
	for {
		for _, e := range rows(s) {
			seen++
			changes, record := e.Changes(s.names), e.RecordName(s.names)
			if column.MatchString(changes) || id.MatchString(changes) {
				t.Errorf("row %d (%s %s): %s", e.ID, e.Table, e.Action, changes)
			}
			if e.RecordID != "" && record == e.RecordID && e.Table != "ledger_keys" {
				t.Errorf("row %d: the %s %s by its id", e.ID, e.Table, record)
			}
			if strings.Contains(changes, "并入单位：空 → 清溪县") {
				named++
			}
		}
		if !s.next.Visible() || s.next.Disabled() {
			break
		}
		s.next.OnTapped()
	}
	if seen != s.total || seen < 10000 || named == 0 {
		t.Errorf("walked %d rows of %d, %d units merged into a named one", seen, s.total, named)
	}
}
