package settings

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/reports/documents"
	"xiaoneng/reports/gongwen"
)

// templateEditor is 设置—文书模板: each kind's wording with the named fields
// it may use, a preview of the page it gives, and 恢复默认; and the folder
// of the office's document fonts with the fonts found for each role.
type templateEditor struct {
	w       host.Host
	root    fyne.CanvasObject
	tab     *container.TabItem // its tab in 设置
	form    *kit.Form
	kind    *widget.Select
	text    *kit.TextArea
	source  *widget.Label
	fields  *kit.WrapLabel
	preview *parts.PagePreview

	fontDir   *kit.WrapLabel
	fontRoles *kit.WrapLabel

	shown        data.DocKind
	changingKind bool
	settings     data.Settings
}

// templateKinds are the kinds whose wording the office edits: the numbered
// documents and the 送达回证.
func templateKinds() []data.DocKind {
	return append(slices.Clone(data.DocKinds), gongwen.KindReceipt)
}

func newTemplateEditor(w host.Host) *templateEditor {
	t := &templateEditor{w: w, shown: data.DocNotice}
	kinds := kit.ChoiceLabels(templateKinds())
	t.kind = widget.NewSelect(kinds, nil)
	t.kind.SetSelected(string(t.shown))
	t.kind.OnChanged = t.kindChanged
	t.text = kit.NewTextArea(14, "")
	t.text.OnChanged = func(string) { t.showFields() }
	t.source = widget.NewLabel("")
	t.fields = kit.NewWrapLabel("")

	t.form = kit.NewForm(t.saveTemplate)
	t.form.Add("文书种类", "Kind", container.NewHBox(t.kind, t.source), false)
	t.form.Add("模板", "Template", t.text, true)
	t.form.Add("字段", "", t.fields, false)
	t.form.Add("写法", "", kit.NewWrapLabel("“标题：”行为标题，“主送：”行为主送机关，"+parts.BodyLineHelp+"，其余每行一段。"+
		"{{字段}}在生成草稿时由台账中的记录填写；台账中没有的字段生成后标为【请填写：字段】。"), false)
	restore := widget.NewButtonWithIcon("恢复默认", fynetheme.HistoryIcon(), func() {
		t.text.SetText(gongwen.DefaultTemplate(t.shown))
		t.refreshPreview()
	})
	t.form.AddButton(restore)
	t.form.AddButton(widget.NewButtonWithIcon("更新预览", fynetheme.ViewRefreshIcon(), t.refreshPreview))

	t.fontDir = kit.NewWrapLabel("")
	t.fontRoles = kit.NewWrapLabel("")
	chooseDir := widget.NewButtonWithIcon("选择…", fynetheme.FolderIcon(), func() {
		kit.ChooseFile(w.Window(), "选择公文字体文件夹", kit.ChooseFolder, parts.SaveDir(), "", "", nil, t.setFontDir)
	})
	defaultDir := widget.NewButton("恢复默认", func() { t.setFontDir("") })
	fonts := widget.NewForm(
		widget.NewFormItem("字体文件夹", t.fontDir),
		widget.NewFormItem("", container.NewHBox(chooseDir, defaultDir)),
		widget.NewFormItem("使用的字体", t.fontRoles))

	t.preview = parts.NewPagePreview()
	left := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle("公文字体", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), fonts), nil, nil, t.form.Widget())
	split := container.NewHSplit(left, container.NewBorder(
		widget.NewLabelWithStyle("预览（以示例内容填写）", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil,
		t.preview.Widget()))
	split.Offset = 0.5
	t.root = split
	t.tab = container.NewTabItem("文书模板", t.root)
	return t
}

// load reads the settings and shows the kind in the editor, unless its
// text is being edited.
func (t *templateEditor) load() error {
	s, err := t.w.DB().Settings(t.w.Context())
	if err != nil {
		return err
	}
	t.settings = s
	t.showFonts()
	if !t.form.Dirty() {
		t.showKind(t.shown)
	}
	return nil
}

func (t *templateEditor) template(kind data.DocKind) string {
	return gongwen.Context{Templates: t.settings.Templates}.Template(kind)
}

func (t *templateEditor) showKind(kind data.DocKind) {
	t.shown = kind
	t.changingKind = true
	t.kind.SetSelected(string(kind))
	t.changingKind = false
	t.text.SetText(t.template(kind))
	if strings.TrimSpace(t.settings.Templates[kind]) != "" {
		t.source.SetText("本办修改的模板")
	} else {
		t.source.SetText("程序默认模板")
	}
	t.form.MarkClean()
	t.refreshPreview()
}

func (t *templateEditor) kindChanged(s string) {
	if t.changingKind || data.DocKind(s) == t.shown {
		return
	}
	t.form.ConfirmLeave(t.w.Window(), func() { t.showKind(data.DocKind(s)) })
	if string(t.shown) != s {
		// Still editing the kind before: the choice goes back to it.
		t.changingKind = true
		t.kind.SetSelected(string(t.shown))
		t.changingKind = false
	}
}

// showFields lists the fields the template uses, with what fills them,
// and the others it may use.
func (t *templateEditor) showFields() {
	if t.shown == gongwen.KindReceipt {
		t.fields.SetText("送达回证的表格取自文书及其送达记录；模板只给出标题和表下的说明，不使用字段。")
		return
	}
	used := gongwen.TemplateFields(t.text.Text)
	known := map[string]documents.Field{}
	for _, f := range documents.Fields {
		known[f.Name] = f
	}
	var lines []string
	for _, name := range used {
		if f, ok := known[name]; ok {
			lines = append(lines, fmt.Sprintf("{{%s}}：%s", name, f.Help))
		} else {
			lines = append(lines, fmt.Sprintf("{{%s}}：台账中没有此字段，生成草稿后须手工填写", name))
		}
	}
	var others []string
	for _, f := range documents.Fields {
		if !slices.Contains(used, f.Name) {
			others = append(others, "{{"+f.Name+"}}")
		}
	}
	text := "本模板使用的字段：\n" + strings.Join(lines, "\n")
	if len(used) == 0 {
		text = "本模板没有使用字段。"
	}
	if len(others) > 0 {
		// Spaces let the line wrap between fields, never inside one.
		text += "\n还可使用：" + strings.Join(others, " ")
	}
	t.fields.SetText(text)
}

func (t *templateEditor) refreshPreview() {
	t.showFields()
	doc, err := documents.Sample(t.shown, t.text.Text, t.settings, host.Today())
	if err != nil {
		t.preview.ShowError(data.UserMessage(err))
		return
	}
	t.preview.Layout(doc, t.settings)
}

// saveTemplate keeps the office's wording of the kind shown; the default
// wording is not stored, so that a later version's default applies.
func (t *templateEditor) saveTemplate() error {
	text := strings.TrimSpace(strings.ReplaceAll(t.text.Text, "\r\n", "\n"))
	if _, err := documents.Sample(t.shown, text, t.settings, host.Today()); err != nil {
		return err
	}
	s, err := t.w.DB().Settings(t.w.Context())
	if err != nil {
		return err
	}
	templates := maps.Clone(s.Templates)
	if templates == nil {
		templates = map[data.DocKind]string{}
	}
	if text == strings.TrimSpace(gongwen.DefaultTemplate(t.shown)) {
		delete(templates, t.shown)
	} else {
		templates[t.shown] = text
	}
	s.Templates = templates
	if err := t.w.DB().SaveSettings(t.w.Context(), s); err != nil {
		return err
	}
	t.settings = s
	t.showKind(t.shown)
	return nil
}

// showFonts says which folder and which fonts print the documents.
func (t *templateEditor) showFonts() {
	if t.settings.FontDir == "" {
		t.fontDir.SetText("未指定（使用系统中已安装的字体）")
	} else {
		t.fontDir.SetText(t.settings.FontDir)
	}
	fonts, err := parts.DocumentFonts(t.settings)
	if err != nil {
		t.fontRoles.SetText(data.UserMessage(err))
		return
	}
	var lines []string
	for _, r := range gongwen.Roles {
		lines = append(lines, fonts.Describe(r))
	}
	t.fontRoles.SetText(strings.Join(lines, "\n"))
}

// setFontDir saves the font folder at once ("" uses the installed fonts).
func (t *templateEditor) setFontDir(dir string) {
	s, err := t.w.DB().Settings(t.w.Context())
	if err == nil {
		s.FontDir = dir
		err = t.w.DB().SaveSettings(t.w.Context(), s)
	}
	if err != nil {
		kit.ShowError(t.w.Window(), err)
		return
	}
	t.settings.FontDir = dir
	t.showFonts()
	t.refreshPreview()
}
