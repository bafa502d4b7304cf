//go:build ci

package app

// checkGraphics has nothing to check under the ci tag: Fyne's software
// driver draws without OpenGL.
func checkGraphics() error { return nil }
