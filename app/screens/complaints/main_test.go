package complaints

import (
	"testing"

	"xiaoneng/app/apptest"
)

func TestMain(m *testing.M) { apptest.Main(m) }
