//go:build race && !js

package store

// raceEnabled says the race detector is on; it makes SQLite (pure Go
// here) some fifty times slower, so the long property runs play fewer
// seeds.
const raceEnabled = true
