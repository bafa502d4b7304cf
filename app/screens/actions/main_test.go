package actions

import (
	"os"
	"testing"

	"xiaoneng/app/apptest"
)

func TestMain(m *testing.M) {
	apptest.FixToday()
	os.Exit(m.Run())
}
