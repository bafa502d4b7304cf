package cli

import (
	"xiaoneng/data/exchange"
	"xiaoneng/data/seal"
	"xiaoneng/data/store"
)

// The costs of the keys the commands derive from passwords (argon2id) and
// from package passphrases (scrypt). Zero is production's (seal.DefaultKDF,
// exchange.DefaultWorkFactor); only the binary the tests run is built with
// others (cost_testbinary.go): the same code at the costs the tests' own
// ledgers and packages have.
var (
	passwordCost seal.KDF
	packageCost  int
)

// withCost is opt with the cost of the passwords the ledger hashes.
func withCost(opt store.Options) store.Options {
	opt.KDF = passwordCost
	return opt
}

// packagePassphrase is the cipher of the packages the commands write and
// read, at packageCost.
func packagePassphrase(secret string) exchange.Cipher {
	return exchange.Passphrase{Secret: secret, WorkFactor: packageCost}
}
