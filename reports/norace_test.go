//go:build !race

package reports

// raceDetector: under the race detector SQLite runs many times slower.
const raceDetector = false
