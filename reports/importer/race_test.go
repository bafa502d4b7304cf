//go:build race

package importer

// raceEnabled: the race detector slows the demo county's generation tenfold.
const raceEnabled = true
