//go:build !race

package widgets

// raceFactor loosens time limits under the race detector.
const raceFactor = 1
