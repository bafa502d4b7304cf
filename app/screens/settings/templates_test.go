package settings

import (
	"context"
	"strings"
	"testing"
	"time"
	"xiaoneng/app/apptest"
	"xiaoneng/app/parts"
	"xiaoneng/data"
	"xiaoneng/reports/gongwen"

	"fyne.io/fyne/v2"
)

// A wording changed in 设置—文书模板 is what the next draft is written in;
// 恢复默认 brings the program's wording back.
func TestTemplateFromSettingsWritesTheNextDraft(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	apptest.NeedFonts(t)
	ctx := context.Background()
	hall := apptest.MustUnit(t, db, "县政务服务中心", data.UnitWindow)
	round := apptest.MustRound(t, db, "2026年第四季度明察暗访", data.RoundCovert, nil, nil, hall)
	finding := &data.Finding{Category: "脱岗/纪律作风", Description: "窗口人员上班时间玩手机", StaffName: "王某", StaffPost: "窗口工作人员",
		Disposition: data.DispositionNotice, RectLimitDays: 10}
	apptest.MustVisit(t, db, round, hall, time.Date(2026, 11, 18, 9, 30, 0, 0, data.Zone), finding)
	set := apptest.Show(t, w, "设置", New)
	set.tabs.SelectIndex(3)
	ed := set.tpl
	if ed.kind.Selected != string(data.DocNotice) || ed.text.Text != gongwen.DefaultTemplate(data.DocNotice) || !apptest.Shows(ed.root, "程序默认模板") {
		t.Fatalf("editor shows %q: %q", ed.kind.Selected, ed.text.Text)
	}
	if ed.preview.PageCount() == 0 || !apptest.Shows(ed.root, "仿宋") {
		t.Errorf("no preview or no fonts named: %v", apptest.Texts(ed.root))
	}
	ed.text.SetText("标题：{{单位}}效能监察通知书\n主送：{{单位}}\n{{发现问题}}\n联系人：{{联系人}}\n请于{{整改期限}}前书面报告。")
	if !apptest.Shows(ed.root, "{{联系人}}：台账中没有此字段") || !apptest.Shows(ed.root, "{{发现问题}}：所依据的问题") {
		t.Errorf("fields listed: %v", apptest.Texts(ed.root))
	}
	if !w.Press(fyne.KeyS) {
		t.Fatal("Ctrl+S is not offered on the 文书模板 tab")
	}
	s, err := db.Settings(ctx)
	if err != nil || !strings.HasPrefix(s.Templates[data.DocNotice], "标题：{{单位}}效能监察通知书") {
		t.Fatalf("templates saved: %v, %v", s.Templates, err)
	}
	if !apptest.Shows(ed.root, "本办修改的模板") {
		t.Errorf("the editor does not say the wording is the office's: %v", apptest.Texts(ed.root))
	}

	parts.DraftFromFinding(w, finding)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "保存")
	docs, err := db.Documents(ctx, data.DocumentFilter{})
	if err != nil || len(docs) != 1 {
		t.Fatal(docs, err)
	}
	if d := docs[0]; d.Title != "县政务服务中心效能监察通知书" || !strings.Contains(d.Body, "联系人：【请填写：联系人】") ||
		!strings.HasSuffix(d.Body, "请于2026年12月2日前书面报告。") {
		t.Errorf("draft from the office's template: %q / %q", d.Title, d.Body)
	}

	set = apptest.Show(t, w, "设置", New)
	set.tabs.SelectIndex(3)
	apptest.TapButton(t, set.tpl.root, "恢复默认")
	w.Press(fyne.KeyS)
	if s, err = db.Settings(ctx); err != nil || len(s.Templates) != 0 {
		t.Errorf("after 恢复默认: %v, %v", s.Templates, err)
	}

	// A template with a brace left open is refused where it is written.
	set.tpl.text.SetText("标题：{{单位")
	w.Press(fyne.KeyS)
	if !apptest.Shows(set.tpl.root, "未闭合") {
		t.Errorf("an open brace: %v", apptest.Texts(set.tpl.root))
	}
}
