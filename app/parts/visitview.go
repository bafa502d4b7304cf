package parts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"

	fynetheme "fyne.io/fyne/v2/theme"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// FindingEditor enters one 发现问题 of a visit.
type FindingEditor struct {
	Root        *fyne.Container
	title       *widget.Label
	Category    *widget.Select
	Description *kit.TextArea
	StaffName   *widget.Entry
	StaffPost   *widget.Entry
	Disposition *widget.Select
	Days        *widget.Entry
	Due         *kit.WrapLabel
	OnEdit      func()

	cal         *data.Calendar
	rectDefault int
	day         func() data.Date // the day the period counts from
}

func (fe *FindingEditor) SetNumber(n int) { fe.title.SetText(fmt.Sprintf("问题%d", n)) }

// ParseRectDays reads a rectification period: blank is none (when
// allowed), else 1 to data.MaxRectDays working days.
func ParseRectDays(s string, blankOK bool) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" && blankOK {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > data.MaxRectDays {
		return 0, fmt.Errorf("整改时限应为1至%d之间的整数", data.MaxRectDays)
	}
	return n, nil
}

// showDue says which day the period ends on, and whether the holiday
// calendar of that year is missing.
func (fe *FindingEditor) ShowDue() {
	n, err := ParseRectDays(fe.Days.Text, true)
	day := fe.day()
	switch {
	case err != nil:
		fe.Due.SetText(err.Error())
	case n == 0:
		fe.Due.SetText("不填整改时限即无需整改。")
	case day.IsZero():
		fe.Due.SetText(fmt.Sprintf("自检查之日起%d个工作日内整改。", n))
	default:
		due, assumed := fe.cal.AddWorkdays(day, n)
		text := fmt.Sprintf("整改期限：%s（自检查之日起%d个工作日）", due, n)
		if w := assumed.Warning(); w != "" {
			text += "。" + w
		}
		fe.Due.SetText(text)
	}
}

// finding reads the editor; i and n number the message of a bad period.
func (fe *FindingEditor) Finding(i, n int) (*data.Finding, error) {
	days, err := ParseRectDays(fe.Days.Text, true)
	if err != nil {
		msg := err.Error()
		if n > 1 {
			msg = fmt.Sprintf("第%d个问题：%s", i+1, msg)
		}
		return nil, data.Invalid(fmt.Sprintf("Findings[%d].RectLimitDays", i), msg)
	}
	return &data.Finding{
		Category:      data.FindingCategory(fe.Category.Selected),
		Description:   strings.TrimSpace(fe.Description.Text),
		StaffName:     strings.TrimSpace(fe.StaffName.Text),
		StaffPost:     strings.TrimSpace(fe.StaffPost.Text),
		Disposition:   data.Disposition(fe.Disposition.Selected),
		RectLimitDays: days,
	}, nil
}

// NewFindingEditor returns an editor whose period counts from day();
// onRemove, if set, gives it a 删除此问题 button.
func NewFindingEditor(cal *data.Calendar, rectDefault int, day func() data.Date, onRemove func(*FindingEditor)) *FindingEditor {
	fe := &FindingEditor{cal: cal, rectDefault: rectDefault, day: day}
	edited := func() {
		if fe.OnEdit != nil {
			fe.OnEdit()
		}
	}
	fe.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	fe.Category = widget.NewSelect(kit.ChoiceLabels(data.FindingCategories), func(string) { edited() })
	fe.Category.PlaceHolder = "请选择问题类别"
	fe.Description = kit.NewTextArea(2, "问题描述")
	fe.Description.OnChanged = func(string) { edited() }
	fe.StaffName, fe.StaffPost = widget.NewEntry(), widget.NewEntry()
	fe.StaffName.SetPlaceHolder("姓名（如知道）")
	fe.StaffPost.SetPlaceHolder("岗位")
	fe.StaffName.OnChanged = func(string) { edited() }
	fe.StaffPost.OnChanged = func(string) { edited() }
	fe.Days = widget.NewEntry()
	fe.Days.SetPlaceHolder("工作日")
	fe.Days.Validator = func(s string) error {
		_, err := ParseRectDays(s, true)
		return err
	}
	fe.Days.OnChanged = func(string) { fe.ShowDue(); edited() }
	fe.Disposition = widget.NewSelect(kit.ChoiceLabels(data.Dispositions), func(d string) {
		// A 监察通知书 always sets a period: offer the office's default.
		if data.Disposition(d) == data.DispositionNotice && strings.TrimSpace(fe.Days.Text) == "" {
			fe.Days.SetText(strconv.Itoa(fe.rectDefault))
		}
		edited()
	})
	fe.Disposition.PlaceHolder = "请选择处理方式"
	fe.Due = kit.NewWrapLabel("不填整改时限即无需整改。")

	grid := container.New(layout.NewFormLayout(),
		widget.NewLabel("问题类别"), fe.Category,
		widget.NewLabel("问题描述"), fe.Description,
		widget.NewLabel("涉及人员"), container.NewGridWithColumns(2, fe.StaffName, fe.StaffPost),
		widget.NewLabel("处理方式"), fe.Disposition,
		widget.NewLabel("整改时限"), container.NewBorder(nil, nil, nil, widget.NewLabel("个工作日"), fe.Days),
		layout.NewSpacer(), fe.Due,
	)
	if onRemove == nil {
		fe.Root = container.NewVBox(grid)
		return fe
	}
	remove := widget.NewButtonWithIcon("删除此问题", fynetheme.DeleteIcon(), func() { onRemove(fe) })
	remove.Importance = widget.LowImportance
	fe.Root = container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, remove, fe.title), grid)
	return fe
}

// ShowVisit shows a recorded visit: what was seen, its photos and its
// findings, with what may be done to it. changed runs after the visit was
// changed or deleted.
func ShowVisit(w host.Host, id string, changed func()) {
	v, err := w.DB().Visit(w.Context(), id)
	if err != nil {
		kit.ShowError(w.Window(), err)
		return
	}
	r, err := w.DB().Round(w.Context(), v.RoundID)
	if err != nil {
		kit.ShowError(w.Window(), err)
		return
	}
	people, err := w.DB().People(w.Context(), "")
	if err != nil {
		kit.ShowError(w.Window(), err)
		return
	}
	findings, err := w.DB().Findings(w.Context(), data.FindingFilter{VisitID: id})
	if err != nil {
		kit.ShowError(w.Window(), err)
		return
	}
	photos, err := w.DB().Attachments(w.Context(), data.OwnerVisit, id)
	if err != nil {
		kit.ShowError(w.Window(), err)
		return
	}
	names := NewPersonOptions(people, nil)

	var d *dialog.CustomDialog
	info := widget.NewForm()
	row := func(label, text string) { kit.AppendText(info, label, text) }
	row("督查活动", r.Title)
	row("被检查单位", v.UnitName)
	row("检查时间", v.VisitedAt.In(data.Zone).Format(TimeLayout))
	row("检查地点", v.Place)
	row("拨打号码", v.PhoneNumber)
	row("接听情况", strings.Trim(v.Answered+"，"+v.Attitude, "，"))
	row("检查人员", names.namesOf(v.InspectorIDs))
	row("检查情况", v.Summary)
	row("制度公示", disclosureText(v.Disclosures))
	result := "未发现问题"
	if len(findings) > 0 {
		result = fmt.Sprintf("发现问题%d个", len(findings))
	}
	row("检查结果", result)

	strip := NewPhotoStrip(w, "无现场照片", nil)
	strip.Set(photos)
	addPhotos := widget.NewButtonWithIcon("添加照片…", fynetheme.MediaPhotoIcon(), func() {
		PickFiles(w.Window(), "添加现场照片", PictureExts, func(files []*data.Attachment) {
			if err := w.DB().AddVisitPhotos(w.Context(), id, files); err != nil {
				kit.ShowError(w.Window(), err)
				return
			}
			all, err := w.DB().Attachments(w.Context(), data.OwnerVisit, id)
			if err != nil {
				kit.ShowError(w.Window(), err)
				return
			}
			strip.Set(all)
		})
	})

	table := kit.NewTable(FindingColumns(), nil, func(f *data.Finding) {
		d.Hide()
		w.OpenFinding(f.ID)
	})
	table.SetRows(findings)

	addFinding := widget.NewButtonWithIcon("补充问题…", fynetheme.ContentAddIcon(), func() {
		d.Hide()
		addFindingDialog(w, v, func() {
			changed()
			ShowVisit(w, id, changed)
		})
	})
	edit := widget.NewButtonWithIcon("修改…", fynetheme.DocumentCreateIcon(), func() {
		d.Hide()
		w.EditVisit(v)
	})
	remove := widget.NewButtonWithIcon("删除检查记录", fynetheme.DeleteIcon(), func() {
		msg := fmt.Sprintf("确定删除对“%s”的这次检查吗？其发现问题和照片将一并删除。删除仅用于误录入的记录。", v.UnitName)
		kit.ConfirmDelete(w.Window(), "删除检查记录", msg, func() error {
			return w.DB().DeleteVisit(w.Context(), id)
		}, func() error {
			d.Hide()
			changed()
			return nil
		})
	})
	remove.Importance = widget.DangerImportance
	buttons := container.NewHBox(remove, layout.NewSpacer(), visitNoticeButton(w, v, findings, func() { d.Hide() }), edit, addFinding)
	pictures := container.NewBorder(
		container.NewBorder(nil, nil, widget.NewLabelWithStyle("现场照片（点击查看原图）", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), addPhotos),
		nil, nil, nil, container.NewVScroll(strip.Widget()))
	top := container.NewHSplit(container.NewVScroll(info), pictures)
	top.Offset = 0.55
	bottom := container.NewBorder(
		widget.NewLabelWithStyle("发现问题（双击打开整改情况）", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, table.Widget())
	split := container.NewVSplit(top, bottom)
	split.Offset = 0.62
	body := container.NewBorder(nil, buttons, nil, nil, split)
	d = dialog.NewCustom("检查记录", "关闭", body, w.Window())
	size := w.Window().Canvas().Size()
	d.Resize(fyne.NewSize(max(size.Width*0.85, 700), max(size.Height*0.9, 500)))
	d.Show()
}

// disclosureText sums up a visit's 制度公示 checklist.
func disclosureText(ds []data.Disclosure) string {
	if len(ds) == 0 {
		return ""
	}
	var posted, missing []string
	for _, d := range ds {
		if d.Posted {
			posted = append(posted, string(d.Item))
		} else {
			missing = append(missing, string(d.Item))
		}
	}
	var parts []string
	if len(posted) > 0 {
		parts = append(parts, "已公示："+strings.Join(posted, "、"))
	}
	if len(missing) > 0 {
		parts = append(parts, "未公示："+strings.Join(missing, "、"))
	}
	return strings.Join(parts, "\n")
}

// addFindingDialog records a further finding on a visit already saved.
func addFindingDialog(w host.Host, v *data.Visit, done func()) {
	cal, err := w.DB().Calendar(w.Context())
	if err != nil {
		kit.ShowError(w.Window(), err)
		return
	}
	settings, err := w.DB().Settings(w.Context())
	if err != nil {
		kit.ShowError(w.Window(), err)
		return
	}
	day := data.DateOf(v.VisitedAt)
	fe := NewFindingEditor(cal, settings.RectLimitDays, func() data.Date { return day }, nil)
	message := kit.NewWrapLabel("")
	message.Importance = widget.DangerImportance
	message.Hide()
	var d *dialog.CustomDialog
	save := widget.NewButtonWithIcon("保存", fynetheme.DocumentSaveIcon(), func() {
		f, err := fe.Finding(0, 1)
		if err == nil {
			f.VisitID = v.ID
			err = w.DB().AddFinding(w.Context(), f)
		}
		if err != nil {
			kit.SetNote(message, data.UserMessage(err))
			return
		}
		d.Hide()
		done()
	})
	save.Importance = widget.HighImportance
	cancel := widget.NewButton("取消", func() { d.Hide() })
	content := container.NewVBox(
		widget.NewLabel(fmt.Sprintf("%s %s", v.VisitedAt.In(data.Zone).Format(TimeLayout), v.UnitName)),
		fe.Root, message, container.NewHBox(layout.NewSpacer(), cancel, save))
	d = dialog.NewCustomWithoutButtons("补充发现问题", content, w.Window())
	d.Resize(fyne.NewSize(640, d.MinSize().Height))
	d.Show()
}

// PersonOptions turns people into the labels of a check group or select:
// their names, with the post added where two share a name. People who have
// left are offered only where they are already chosen.
type PersonOptions struct {
	Labels []string
	ids    map[string]string // label → ID
	names  map[string]string // ID → label
}

func (o *PersonOptions) LabelsOf(ids []string) []string {
	var out []string
	for _, id := range ids {
		if l, ok := o.names[id]; ok && o.ids[l] == id && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

func (o *PersonOptions) IdsOf(labels []string) []string {
	var out []string
	for _, l := range labels {
		if id, ok := o.ids[l]; ok {
			out = append(out, id)
		}
	}
	return out
}

// namesOf lists people by name for display.
func (o *PersonOptions) namesOf(ids []string) string {
	var out []string
	for _, id := range ids {
		if l, ok := o.names[id]; ok {
			out = append(out, l)
		}
	}
	return strings.Join(out, "、")
}

func NewPersonOptions(people []*data.Person, keep []string) *PersonOptions {
	o := &PersonOptions{ids: map[string]string{}, names: map[string]string{}}
	count := map[string]int{}
	for _, p := range people {
		count[p.Name]++
	}
	for _, p := range people {
		label := p.Name
		if count[p.Name] > 1 {
			label = fmt.Sprintf("%s（%s）", p.Name, cmpOr(p.Post, string(p.Role)))
		}
		o.names[p.ID] = label
		if p.Active || slices.Contains(keep, p.ID) {
			o.Labels = append(o.Labels, label)
			o.ids[label] = p.ID
		}
	}
	return o
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
