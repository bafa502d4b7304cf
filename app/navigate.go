package app

import (
	"xiaoneng/app/screens/actions"
	"xiaoneng/app/screens/complaints"
	"xiaoneng/app/screens/documents"
	"xiaoneng/app/screens/rectification"
	"xiaoneng/app/screens/rounds"
	"xiaoneng/app/screens/settings"
	"xiaoneng/app/screens/tasks"
	"xiaoneng/app/screens/units"
	"xiaoneng/data"
)

// The Navigator of host.Host: how one screen opens another.

func (w *Workbench) OpenUnit(id string) {
	openOn(w, "单位", func(us *units.Screen) { us.Open(id) })
}

func (w *Workbench) EditVisit(v *data.Visit) {
	openOn(w, "督查检查", func(s *rounds.Screen) { s.EditVisit(v) })
}

func (w *Workbench) OpenFinding(id string) {
	showOn(w, "问题整改", func(s *rectification.Screen) { s.Open(id) })
}

func (w *Workbench) ShowFindings(chip string) {
	showOn(w, "问题整改", func(s *rectification.Screen) { s.ShowChip(chip) })
}

func (w *Workbench) OpenComplaint(c *data.Complaint) {
	showOn(w, "效能投诉", func(cs *complaints.Screen) { cs.OpenComplaint(c) })
}

func (w *Workbench) ShowComplaints(state string) {
	showOn(w, "效能投诉", func(cs *complaints.Screen) { cs.ShowState(state) })
}

func (w *Workbench) ShowComplaintsIn(from, to data.Date, state string) {
	showOn(w, "效能投诉", func(cs *complaints.Screen) {
		cs.ShowRange(from, to)
		if state != "" {
			cs.ShowState(state)
		}
	})
}

func (w *Workbench) OpenDocument(id string) {
	openOn(w, "文书", func(s *documents.Screen) { s.Open(id) })
}

func (w *Workbench) ShowDocuments(chip string) {
	showOn(w, "文书", func(s *documents.Screen) { s.ShowChip(chip) })
}

func (w *Workbench) OpenTask(id string) {
	openOn(w, "督办事项", func(s *tasks.Screen) { s.Open(id) })
}

func (w *Workbench) ShowTasks(chip string) {
	showOn(w, "督办事项", func(s *tasks.Screen) { s.ShowChip(chip) })
}

func (w *Workbench) OpenAction(a *data.Action) {
	openOn(w, "责任追究", func(s *actions.Screen) { s.Open(a) })
}

func (w *Workbench) EditCalendarYear(year int) {
	showOn(w, "设置", func(s *settings.Screen) { s.EditCalendarYear(year) })
}
