//go:build !race

package store

// raceDetector: under the race detector SQLite, which is Go code here, runs
// many times slower.
const raceDetector = false
