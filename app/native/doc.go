// Package native reaches what the operating system offers outside Fyne: the
// console a command was typed in, and the system's message box, which shows
// Chinese even when Fyne cannot open its window (no OpenGL 2.1) or has no
// Chinese font to draw with.
package native
