//go:build race

package demo

// raceDetector: under the race detector SQLite runs many times slower.
const raceDetector = true
