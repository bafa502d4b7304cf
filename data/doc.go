// Package data holds the domain of 效能台账: the records a county 效能办 keeps,
// their validation, and the working-day calendar. It knows nothing of SQL or
// of the GUI; the store lives in data/store.
package data
