package cli

import (
	"os"
	"regexp"
	"strconv"
	"testing"

	"xiaoneng/data/exchange"
	"xiaoneng/data/seal"
)

// A release, built without the testcost tag as this package's tests are,
// derives its keys at production's cost (zero: seal.DefaultKDF,
// exchange.DefaultWorkFactor).
func TestReleaseCosts(t *testing.T) {
	if passwordCost != (seal.KDF{}) || packageCost != 0 {
		t.Errorf("built without testcost: password cost %+v, package cost %d, want production's (zero)", passwordCost, packageCost)
	}
}

var reScrypt = regexp.MustCompile(`(?m)^-> scrypt \S+ ([0-9]+)$`)

// wantTestCost checks that the binary the tests run wrote the package at
// path at the tests' cost (cost_testbinary.go).
func wantTestCost(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := reScrypt.FindSubmatch(b[:min(len(b), 1024)])
	if m == nil {
		t.Fatalf("%s has no scrypt stanza: %q", path, b[:min(len(b), 200)])
	}
	if n, _ := strconv.Atoi(string(m[1])); n != exchange.TestWorkFactor {
		t.Errorf("the package was written at work factor %d, want the tests' %d", n, exchange.TestWorkFactor)
	}
}
