package app

import (
	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/app/parts"
	"xiaoneng/reports"
)

func (s *unitsScreen) ExportSheet() (string, reports.Sheet) {
	return parts.ListName("单位", s.categoryFilter.Selected, s.statusFilter.Selected, parts.SearchFilter(s.table.Query())),
		reports.UnitSheet(s.table.Visible(), s.all)
}

func (s *complaintsScreen) ExportSheet() (string, reports.Sheet) {
	return s.listName(), reports.ComplaintSheet(s.table.Visible(), s.cal, host.Today(), false)
}

func (s *statsScreen) ExportSheet() (string, reports.Sheet) {
	switch s.tabs.SelectedIndex() {
	case 2:
		name := s.period.Label() + "各单位情况"
		return name, parts.ShownSheet(name, s.units)
	case 3:
		name := s.period.Label() + "考核排名"
		return name, parts.ShownSheet(name, s.ranking)
	}
	name := s.period.Label() + "监督检查"
	if s.stats == nil {
		return name, reports.Sheet{}
	}
	return name, parts.TextSheet(name, kindTitles, kindRows(s.stats))
}

// exportShown asks where to save the current screen's list as a workbook.
func (w *Workbench) exportShown() *kit.FileChooser {
	e, ok := w.currentScreen().(host.Exporter)
	if !ok {
		return nil
	}
	return parts.ExportList(w, e)
}
