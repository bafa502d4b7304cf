package people

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// Screen is 人员: the office's staff, inspectors and signing leaders.
type Screen struct {
	w       host.Host
	records *kit.Records[*data.Person]
	table   *kit.Table[*data.Person]

	person  *data.Person // in the form; nil while a new one is entered
	heading *widget.Label
	form    *kit.Form

	name, post, organization, phone *widget.Entry
	note                            *kit.TextArea
	role                            *widget.Select
	canSign, canSeeIdentity, active *widget.Check
	remove                          *widget.Button
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return ""
}

func New(w host.Host) *Screen {
	s := &Screen{w: w}
	s.table = kit.NewTable([]kit.Column[*data.Person]{
		{Title: "姓名", Width: 90, Text: func(p *data.Person) string { return p.Name }},
		{Title: "类别", Width: 130, Text: func(p *data.Person) string { return string(p.Role) }},
		{Title: "职务", Width: 120, Text: func(p *data.Person) string { return p.Post }},
		{Title: "所在单位", Width: 170, Grow: true, Text: func(p *data.Person) string { return p.Organization }},
		{Title: "电话", Width: 120, Text: func(p *data.Person) string { return p.Phone }},
		{Title: "可签发", Width: 70, Text: func(p *data.Person) string { return yesNo(p.CanSign) }},
		{Title: "在职", Width: 60, Text: func(p *data.Person) string {
			if p.Active {
				return "在职"
			}
			return "离职"
		}},
	}, nil, nil)
	for _, r := range data.PersonRoles {
		s.table.AddChip(string(r), func(p *data.Person) bool { return p.Role == r })
	}
	s.form = kit.NewForm(s.savePerson)
	s.records = kit.NewRecords(w.Window(), s.table, s.form, &s.person, s.open)
	s.records.Reload, s.records.Fresh = s.reload, func() { s.fill(nil) }
	s.form.SetCheck(func() error { return s.edited().Validate() })
	s.name, s.post, s.organization, s.phone = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	s.note = kit.NewTextArea(3, "")
	s.role = widget.NewSelect(kit.ChoiceLabels(data.PersonRoles), nil)
	s.role.PlaceHolder = "请选择"
	s.canSign = widget.NewCheck("可以签发文书", nil)
	s.canSeeIdentity = widget.NewCheck("可以查看投诉人身份", nil)
	s.active = widget.NewCheck("在职", nil)
	s.form.Add("姓名", "Name", s.name, true)
	s.form.Add("类别", "Role", s.role, true)
	s.form.Add("职务", "Post", s.post, false)
	s.form.Add("所在单位", "Organization", s.organization, false)
	s.form.Add("联系电话", "Phone", s.phone, false)
	s.form.Add("签发", "CanSign", s.canSign, false)
	s.form.Add("投诉人身份", "CanSeeIdentity", s.canSeeIdentity, false)
	s.form.Add("在职情况", "Active", s.active, false)
	s.form.Add("备注", "Note", s.note, false)
	s.remove = widget.NewButtonWithIcon("删除", fynetheme.DeleteIcon(), s.deletePerson)
	s.remove.Importance = widget.DangerImportance
	s.form.AddButton(s.remove)

	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	hint := kit.NewWrapLabel("人员离职后请取消“在职”，不要删除：其经办记录需要保留。")
	s.form.AddBelow(hint)
	add := widget.NewButtonWithIcon("新建人员", fynetheme.ContentAddIcon(), s.Create)
	s.records.Lay(container.NewHBox(add), container.NewBorder(s.heading, nil, nil, nil, s.form.Widget()), 0.55)
	s.fill(nil)
	return s
}

func (s *Screen) View() fyne.CanvasObject { return s.records.Widget() }

func (s *Screen) Shown() {
	if err := s.reload(); err != nil {
		kit.ShowError(s.w.Window(), err)
	}
}

// Refresh shows what others changed (host.Refresher), as Shown does.
func (s *Screen) Refresh() { s.Shown() }

func (s *Screen) reload() error {
	people, err := s.w.DB().People(s.w.Context(), "")
	if err != nil {
		return err
	}
	s.table.SetRows(people)
	return nil
}

func (s *Screen) CreateLabel() string { return "新建人员" }

func (s *Screen) Create() {
	s.records.Create(s.name)
}

func (s *Screen) Save()                     { s.records.Save() }
func (s *Screen) FocusSearch()              { s.records.FocusSearch() }
func (s *Screen) ConfirmLeave(leave func()) { s.records.ConfirmLeave(leave) }

// open shows person id, read afresh.
func (s *Screen) open(id string) {
	kit.ShowRead(s.w.Window(), s.fill)(s.w.DB().Person(s.w.Context(), id))
}

// fill shows p in the form; nil starts a new person (in post by default).
func (s *Screen) fill(p *data.Person) {
	s.person = p
	if p == nil {
		p = &data.Person{Active: true}
		s.heading.SetText("新建人员")
	} else {
		s.heading.SetText(p.Name)
	}
	s.name.SetText(p.Name)
	kit.ShowChoice(s.role, p.Role)
	s.post.SetText(p.Post)
	s.organization.SetText(p.Organization)
	s.phone.SetText(p.Phone)
	s.canSign.SetChecked(p.CanSign)
	s.canSeeIdentity.SetChecked(p.CanSeeIdentity)
	s.active.SetChecked(p.Active)
	s.note.SetText(p.Note)
	kit.SetVisible(s.remove, s.person != nil)
	s.form.MarkClean()
}

func (s *Screen) savePerson() error {
	p := s.edited()
	if err := kit.CreateOrUpdate(s.w.Context(), s.person == nil, p, s.w.DB().CreatePerson, s.w.DB().UpdatePerson); err != nil {
		return err
	}
	return s.records.Saved(p)
}

// edited is the person as the form has it.
func (s *Screen) edited() *data.Person {
	p := kit.EditCopy(s.person)
	p.Name = strings.TrimSpace(s.name.Text)
	p.Role = data.PersonRole(s.role.Selected)
	p.Post = strings.TrimSpace(s.post.Text)
	p.Organization = strings.TrimSpace(s.organization.Text)
	p.Phone = strings.TrimSpace(s.phone.Text)
	p.CanSign = s.canSign.Checked
	p.CanSeeIdentity = s.canSeeIdentity.Checked
	p.Active = s.active.Checked
	p.Note = strings.TrimSpace(s.note.Text)
	return p
}

// deletePerson removes a person entered by mistake.
func (s *Screen) deletePerson() {
	p := s.person
	s.records.Delete("删除人员", fmt.Sprintf("确定删除“%s”吗？删除仅用于误录入的人员；离职人员请取消“在职”。", p.Name), func() error {
		return s.w.DB().DeletePerson(s.w.Context(), p.ID)
	})
}
