package people

import (
	"os"
	"testing"

	"xiaoneng/app/apptest"
)

func TestMain(m *testing.M) {
	apptest.Setup()
	os.Exit(m.Run())
}
