package app

import (
	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/app/parts"
)

// exportShown asks where to save the current screen's list as a workbook.
func (w *Workbench) exportShown() *kit.FileChooser {
	e, ok := w.currentScreen().(host.Exporter)
	if !ok {
		return nil
	}
	return parts.ExportList(w, e)
}
