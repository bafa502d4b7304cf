//go:build !ci

package app

import (
	"fmt"

	"github.com/go-gl/glfw/v3.3/glfw"
)

// checkGraphics asks GLFW for the context Fyne's driver asks for (OpenGL
// 2.1, see fyne's glfw_core.go) before Fyne starts. When there is none,
// Fyne only logs the failure and quits, which from a Start-menu shortcut
// looks like nothing happened at all; this lets the program say why.
//
// GLFW stays initialised for Fyne, whose own glfw.Init then has nothing to
// do: terminating it here would unload DLLs it loaded (XInput) and load them
// again, and Wine's XInput crashes when unloaded under its own thread.
func checkGraphics() (err error) {
	// go-gl/glfw only logs a platform error in Init (no display) and then
	// panics on the next call as not initialised.
	defer func() {
		if r := recover(); r != nil {
			err = &GraphicsError{Detail: fmt.Sprint(r)}
		}
	}()
	if err := glfw.Init(); err != nil {
		return &GraphicsError{Detail: err.Error()}
	}
	glfw.WindowHint(glfw.Visible, glfw.False)
	glfw.WindowHint(glfw.ContextVersionMajor, 2)
	glfw.WindowHint(glfw.ContextVersionMinor, 1)
	win, err := glfw.CreateWindow(16, 16, "效能台账", nil, nil)
	glfw.DefaultWindowHints()
	switch {
	case err != nil:
		return &GraphicsError{Detail: err.Error()}
	case win == nil: // a platform error, only logged by go-gl/glfw
		return &GraphicsError{Detail: "GLFW 无法创建窗口"}
	}
	win.Destroy()
	return nil
}
