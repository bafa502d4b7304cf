//go:build testcost

package cli

import (
	"xiaoneng/data/exchange"
	"xiaoneng/data/seal"
)

// The binary the tests run (demotest.Binary builds it with -tags testcost)
// makes ledgers and packages by the hundred a run: at the tests' costs, as
// storetest's ledgers and the tests' own packages are. A release is built
// without the tag.
func init() { passwordCost, packageCost = seal.TestKDF, exchange.TestWorkFactor }
