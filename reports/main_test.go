package reports

import (
	"testing"

	"xiaoneng/data/demo/demotest"
)

// The tests of the demo county share one ledger per test run (demotest).
func TestMain(m *testing.M) { demotest.Main(m) }
