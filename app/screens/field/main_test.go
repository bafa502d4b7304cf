package field

import (
	"testing"

	"xiaoneng/app/apptest"
	"xiaoneng/app/kit"
	"xiaoneng/data/exchange"
)

// testCipher is the real cipher at a cost tests can afford.
func testCipher(secret string) exchange.Cipher {
	return exchange.Passphrase{Secret: secret, WorkFactor: 10}
}

func TestMain(m *testing.M) {
	kit.NewCipher = testCipher
	apptest.Main(m)
}
