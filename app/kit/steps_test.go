package kit

import (
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func TestStepsHighlightTheWorkflowSteps(t *testing.T) {
	box := container.NewHBox(widget.NewButton("旧的", nil))
	tapped := ""
	var steps Steps
	steps.Step("签发…", theme.ConfirmIcon(), func() { tapped = "签发" })
	steps.Button("催办…", nil, func() { tapped = "催办" })
	steps.Add(layout.NewSpacer())
	steps.Show(box)
	if len(box.Objects) != 3 {
		t.Fatalf("%d objects, want the two buttons and the spacer in place of the old one", len(box.Objects))
	}
	sign, remind := box.Objects[0].(*widget.Button), box.Objects[1].(*widget.Button)
	if sign.Importance != widget.HighImportance || remind.Importance == widget.HighImportance || remind.Icon != nil {
		t.Fatalf("签发 %v, 催办 %v", sign.Importance, remind.Importance)
	}
	newWindow(t, box, 400, 100)
	test.Tap(remind)
	if tapped != "催办" {
		t.Fatalf("tapped %q", tapped)
	}
}

func TestStepDialogAsksBeforeCancelling(t *testing.T) {
	note := widget.NewEntry()
	saved := 0
	form := NewForm(func() error { saved++; return nil })
	note.SetText("offered") // what the step offers is not a change
	form.Add("说明", "Note", note, false)
	w := newWindow(t, widget.NewLabel(""), 800, 600)
	ShowStepDialog(w, "延期", form, 600, "DB2026-0001 城区背街小巷提升改造", "", "延期须经批准。")
	if !hasLabel(w.Canvas(), "DB2026-0001 城区背街小巷提升改造") || !hasLabel(w.Canvas(), "延期须经批准。") {
		t.Fatal("the introduction is not shown")
	}
	if form.Dirty() {
		t.Fatal("the dialog opens with changes")
	}
	test.Type(note, "，改")
	test.Tap(button(t, w.Canvas(), "取消"))
	_, keep := confirmButtons(t, w)
	test.Tap(keep)
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("继续编辑 closed the step")
	}
	test.Tap(button(t, w.Canvas(), "取消"))
	giveUp, _ := confirmButtons(t, w)
	test.Tap(giveUp)
	if w.Canvas().Overlays().Top() != nil || saved != 0 {
		t.Fatalf("放弃修改: the dialog is still open, or saved %d", saved)
	}

	// Nothing typed: 取消 closes at once.
	ShowStepDialog(w, "催办", NewForm(func() error { return nil }), 600, "")
	test.Tap(button(t, w.Canvas(), "取消"))
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("取消 with nothing typed did not close the step")
	}
}
