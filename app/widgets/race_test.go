//go:build race

package widgets

// raceFactor loosens time limits under the race detector, which slows
// this code about tenfold.
const raceFactor = 10
