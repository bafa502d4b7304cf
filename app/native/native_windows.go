package native

import (
	"log"
	"os"

	"golang.org/x/sys/windows"
)

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uint32(0)

// AttachConsole gives the command line the console it was typed in. The
// program is built for the Windows GUI subsystem, so that the workbench
// opens from the Start menu without a console window; such a program starts
// without standard output unless it was redirected to a file or a pipe.
// Outside a console (started from Explorer) nothing changes.
func AttachConsole() {
	noOut, noErr := !usable(windows.STD_OUTPUT_HANDLE), !usable(windows.STD_ERROR_HANDLE)
	if !noOut && !noErr {
		return // redirected, or started by a console program
	}
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return // no parent console
	}
	// Go writes to a console through WriteConsoleW, so Chinese shows
	// whatever the console's code page.
	con, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	if noOut {
		os.Stdout = con
	}
	if noErr {
		os.Stderr = con
		log.SetOutput(con)
	}
}

func usable(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	return err == nil && h != 0 && h != windows.InvalidHandle
}

// Alert shows text in the system's message box and waits until the user
// closes it. It reports whether the box was shown.
func Alert(title, text string) bool {
	t, err := windows.UTF16PtrFromString(text)
	if err != nil {
		return false
	}
	c, err := windows.UTF16PtrFromString(title)
	if err != nil {
		return false
	}
	const flags = windows.MB_OK | windows.MB_ICONWARNING | windows.MB_SETFOREGROUND
	ret, err := windows.MessageBox(0, t, c, flags)
	return err == nil && ret != 0
}
