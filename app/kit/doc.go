// Package kit holds what every screen of the workbench uses: the record
// table, the form with its unsaved-changes check, the list-plus-form screen
// built of them (Records) with its filters, the workflow steps' buttons and
// dialog, the date entry, the unit picker, wrapping labels, dialogs, the
// file chooser and background jobs.
// Its widgets know the domain types but not the store: whatever needs data is
// handed a function.
package kit
