//go:build !windows

package native

// AttachConsole has nothing to do: outside Windows a program inherits the
// terminal it was started from.
func AttachConsole() {}

// Alert reports false: outside Windows there is no system message box that
// works without a toolkit, so the caller says it another way.
func Alert(title, text string) bool { return false }
