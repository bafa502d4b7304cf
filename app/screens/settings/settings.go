package settings

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/storage"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/app/parts"
	"xiaoneng/data"
)

// Screen is 设置: the office's name and 署名, document number
// prefixes, default time limits, the holiday calendar, the documents'
// templates and fonts, the data folder with its backups, and for the
// administrator the users.
type Screen struct {
	w    host.Host
	root fyne.CanvasObject
	tabs *container.AppTabs
	// server is 连接单位服务器 (server.go).
	server *parts.ServerForm

	form                    *kit.Form
	officeName, issuingBody *widget.Entry
	prefixes                map[data.DocKind]*widget.Entry
	limits                  []limitField

	cal     *calendarEditor
	tpl     *templateEditor
	backups *backupsTab
	users   *usersTab // nil for a user who may not manage users

	ledgerSize *widget.Label
	backupDir  *kit.WrapLabel
	ledgerPath *kit.WrapLabel
	idleLock   *widget.Entry // minutes without use before the workbench locks
}

// limitField is one time limit of the settings, in working days.
type limitField struct {
	label, field string
	entry        *widget.Entry
	get          func(*data.Settings) *int
}

func New(w host.Host) *Screen {
	s := &Screen{w: w, prefixes: map[data.DocKind]*widget.Entry{}}
	s.form = kit.NewForm(s.saveSettings)
	s.officeName, s.issuingBody = widget.NewEntry(), widget.NewEntry()
	s.form.Add(data.FieldLabel("settings", "OfficeName"), "OfficeName", s.officeName, true)
	s.form.Add(data.FieldLabel("settings", "IssuingBody"), "IssuingBody", s.issuingBody, true)
	s.form.Add(data.FieldLabel("settings", "DocPrefixes"), "DocPrefixes", kit.NewWrapLabel("文号形如：代字〔2026〕12号"), false)
	for _, k := range data.DocKinds {
		e := widget.NewEntry()
		s.prefixes[k] = e
		s.form.Add(string(k), "DocPrefixes", e, true)
	}
	s.form.Add("办理时限", "", kit.NewWrapLabel("均按工作日计算，节假日按“节假日安排”扣除"), false)
	s.limits = []limitField{
		{"受理时限", "AcceptLimitDays", nil, func(x *data.Settings) *int { return &x.AcceptLimitDays }},
		{"办理时限", "HandleLimitDays", nil, func(x *data.Settings) *int { return &x.HandleLimitDays }},
		{"12345转办时限", "Limit12345Days", nil, func(x *data.Settings) *int { return &x.Limit12345Days }},
		{"监测点投诉时限", "MonitorReplyDays", nil, func(x *data.Settings) *int { return &x.MonitorReplyDays }},
		{"最长办理时限", "MaxLimitDays", nil, func(x *data.Settings) *int { return &x.MaxLimitDays }},
		{"临近到期提醒", "WarnDays", nil, func(x *data.Settings) *int { return &x.WarnDays }},
		{"整改时限", "RectLimitDays", nil, func(x *data.Settings) *int { return &x.RectLimitDays }},
	}
	for i := range s.limits {
		e := widget.NewEntry()
		e.Validator = wholeNumber
		s.limits[i].entry = e
		s.form.Add(s.limits[i].label+"（工作日）", s.limits[i].field, e, true)
	}
	s.idleLock = widget.NewEntry()
	s.idleLock.Validator = wholeNumber
	s.form.Add(data.FieldLabel("settings", "IdleLockMinutes"), "IdleLockMinutes", s.idleLock, true)

	s.cal = newCalendarEditor(w)
	s.tpl = newTemplateEditor(w)
	s.backups = newBackupsTab(w)

	s.ledgerPath, s.backupDir, s.ledgerSize = kit.NewWrapLabel(""), kit.NewWrapLabel(""), widget.NewLabel("")
	openFolder := widget.NewButtonWithIcon("打开所在文件夹", fynetheme.FolderOpenIcon(), s.openLedgerFolder)
	chooseBackup := widget.NewButtonWithIcon("选择…", fynetheme.FolderIcon(), s.chooseBackupDir)
	defaultBackup := widget.NewButton("恢复默认", func() { s.setBackupDir("") })
	backupNow := widget.NewButtonWithIcon("立即备份…", fynetheme.DocumentSaveIcon(), w.Backup)
	backupNow.Importance = widget.HighImportance
	dataTab := container.NewVBox(
		widget.NewForm(
			widget.NewFormItem("台账文件", s.ledgerPath),
			widget.NewFormItem("文件大小", s.ledgerSize),
			widget.NewFormItem("", container.NewHBox(openFolder)),
			widget.NewFormItem("备份文件夹", s.backupDir),
			widget.NewFormItem("", container.NewHBox(chooseBackup, defaultBackup)),
		),
		widget.NewSeparator(),
		kit.NewWrapLabel("备份文件是台账的完整副本，可在“文件—打开台账”中直接打开。建议每周备份一次，并复制到其他存储设备。"),
		container.NewHBox(backupNow),
	)

	s.tabs = container.NewAppTabs(
		container.NewTabItem("办公室与时限", kit.Narrow(760, s.form.Widget())),
		container.NewTabItem("节假日安排", kit.Narrow(900, s.cal.form.Widget())),
		container.NewTabItem("数据与备份", container.NewVScroll(kit.Narrow(900, dataTab))),
		s.tpl.tab,
		s.backups.tab,
		s.serverTab(),
	)
	if w.DB().May(data.PermUsers) {
		s.users = newUsersTab(w)
		s.tabs.Append(s.users.tab)
	}
	s.tabs.OnSelected = func(t *container.TabItem) {
		w.MenuChanged() // 保存 comes and goes with the tab
		if t == s.backups.tab {
			s.backups.load()
		}
		if s.users != nil && t == s.users.tab {
			s.users.load()
		}
		if t == s.tpl.tab {
			// The templates' preview reads the document fonts: only
			// when it is looked at.
			if err := s.tpl.load(); err != nil {
				kit.ShowError(w.Window(), err)
			}
		}
	}
	s.root = s.tabs
	return s
}

func wholeNumber(s string) error {
	if _, err := strconv.Atoi(strings.TrimSpace(s)); err != nil && strings.TrimSpace(s) != "" {
		return errors.New("请填写整数")
	}
	return nil
}

func (s *Screen) View() fyne.CanvasObject { return s.root }

func (s *Screen) Shown() {
	if err := s.load(); err != nil {
		kit.ShowError(s.w.Window(), err)
	}
	if s.users != nil && s.tabs.Selected() == s.users.tab {
		s.users.load()
	}
}

func (s *Screen) load() error {
	set, err := s.w.DB().Settings(s.w.Context())
	if err != nil {
		return err
	}
	if !s.form.Dirty() {
		s.officeName.SetText(set.OfficeName)
		s.issuingBody.SetText(set.IssuingBody)
		for k, e := range s.prefixes {
			e.SetText(set.Prefix(k))
		}
		for _, l := range s.limits {
			l.entry.SetText(strconv.Itoa(*l.get(&set)))
		}
		s.idleLock.SetText(strconv.Itoa(set.IdleLockMinutes))
		s.form.MarkClean()
	}
	if !s.cal.form.Dirty() {
		if err := s.cal.load(); err != nil {
			return err
		}
	}
	if s.tabs.Selected() == s.tpl.tab {
		if err := s.tpl.load(); err != nil {
			return err
		}
	}
	s.showData(set)
	return nil
}

func (s *Screen) showData(set data.Settings) {
	path := s.w.DB().Path()
	s.ledgerPath.SetText(path)
	if st, err := os.Stat(path); err == nil {
		s.ledgerSize.SetText(fileSize(st.Size()))
	}
	if set.BackupDir == "" {
		s.backupDir.SetText(filepath.Dir(path) + "（与台账文件相同）")
	} else {
		s.backupDir.SetText(set.BackupDir)
	}
}

func fileSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
}

// canSave says whether the tab shown has a form to save.
func (s *Screen) CanSave() bool {
	i := s.tabs.SelectedIndex()
	return i != dataTabIndex && i != backupsTabIndex
}

// dataTabIndex is the 数据与备份 tab: it saves each choice at once.
const dataTabIndex = 2

// backupsTabIndex is the 备份与恢复 tab: it has its own 保存.
const backupsTabIndex = 4

// calendarTabIndex is the 节假日安排 tab.
const calendarTabIndex = 1

// save saves the tab shown (Ctrl+S).
func (s *Screen) Save() {
	switch s.tabs.SelectedIndex() {
	case 0:
		s.form.Save()
	case 1:
		s.cal.form.Save()
	case 3:
		s.tpl.form.Save()
	}
	if s.users != nil && s.tabs.Selected() == s.users.tab {
		s.users.form.Save()
	}
}

// confirmLeave asks before unsaved settings or calendar changes are lost.
func (s *Screen) ConfirmLeave(leave func()) {
	if s.users != nil {
		next := leave
		leave = func() { s.users.records.ConfirmLeave(next) }
	}
	s.form.ConfirmLeave(s.w.Window(), func() {
		s.cal.form.ConfirmLeave(s.w.Window(), func() { s.tpl.form.ConfirmLeave(s.w.Window(), leave) })
	})
}

// saveSettings saves the form over the stored settings, so that what the
// form does not show (the backup folder) is kept.
func (s *Screen) saveSettings() error {
	set, err := s.w.DB().Settings(s.w.Context())
	if err != nil {
		return err
	}
	set.OfficeName = strings.TrimSpace(s.officeName.Text)
	set.IssuingBody = strings.TrimSpace(s.issuingBody.Text)
	for k, e := range s.prefixes {
		set.DocPrefixes[k] = strings.TrimSpace(e.Text)
	}
	for _, l := range s.limits {
		n, err := strconv.Atoi(strings.TrimSpace(l.entry.Text))
		if err != nil {
			return data.Invalid(l.field, l.label+"请填写整数")
		}
		*l.get(&set) = n
	}
	n, err := strconv.Atoi(strings.TrimSpace(s.idleLock.Text))
	if err != nil {
		return data.Invalid("IdleLockMinutes", "无操作自动锁定的分钟数请填写整数")
	}
	set.IdleLockMinutes = n
	if err := s.w.DB().SaveSettings(s.w.Context(), set); err != nil {
		return err
	}
	s.w.SettingsChanged()
	return nil
}

func (s *Screen) openLedgerFolder() {
	u, err := url.Parse(storage.NewFileURI(filepath.Dir(s.w.DB().Path())).String())
	if err == nil {
		err = fyne.CurrentApp().OpenURL(u)
	}
	if err != nil {
		kit.ShowError(s.w.Window(), err)
	}
}

func (s *Screen) chooseBackupDir() {
	kit.ChooseFile(s.w.Window(), "选择备份文件夹", kit.ChooseFolder, host.BackupFolder(s.w), "", "", nil, s.setBackupDir)
}

// setBackupDir saves the backup folder at once ("" is beside the ledger).
func (s *Screen) setBackupDir(dir string) {
	set, err := s.w.DB().Settings(s.w.Context())
	if err == nil {
		set.BackupDir = dir
		err = s.w.DB().SaveSettings(s.w.Context(), set)
	}
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	s.showData(set)
}

// calendarEditor edits one year's holiday arrangement: the days off and the
// weekend days worked, in the "1-01..1-03; 2-15" form of the State
// Council's notice. The office's own version of a year replaces the
// shipped one; deleting it brings the shipped one back.
type calendarEditor struct {
	w                 host.Host
	form              *kit.Form
	year              *widget.Select
	daysOff, workDays *kit.TextArea
	note              *widget.Entry
	summary           *kit.WrapLabel
	status            *kit.WrapLabel
	remove            *widget.Button
	shown             int // the year in the form
	office            map[int]data.CalendarYear
	builtin           map[int]data.CalendarYear
	changingYear      bool
}

func newCalendarEditor(w host.Host) *calendarEditor {
	c := &calendarEditor{w: w}
	c.form = kit.NewForm(c.saveYear)
	c.form.SetReload(func() {
		if err := c.load(); err != nil { // the year shown, as stored
			kit.ShowError(w.Window(), err)
		}
	})
	c.year = widget.NewSelect(nil, nil)
	c.year.OnChanged = c.yearChanged
	c.daysOff = kit.NewTextArea(3, "如：1-01..1-03; 2-15..2-23; 10-01..10-07")
	c.daysOff.OnChanged = func(string) { c.updateSummary() }
	c.workDays = kit.NewTextArea(2, "如：1-04; 2-14; 2-28")
	c.workDays.OnChanged = func(string) { c.updateSummary() }
	c.note = widget.NewEntry()
	c.note.SetPlaceHolder("如：国办发明电〔2025〕7号")
	c.status = kit.NewWrapLabel("")
	c.summary = kit.NewWrapLabel("")

	// The year chooses what the form shows; it is not itself an edit.
	c.form.AddChooser("年份", container.NewHBox(c.year))
	c.form.Add("来源", "", c.status, false)
	c.form.Add("放假日期", "DaysOff", c.daysOff, false)
	c.form.Add("调休上班日期", "WorkDays", c.workDays, false)
	c.form.Add("依据文件", "Note", c.note, false)
	c.form.Add("核对", "", c.summary, false)
	c.form.Add("写法", "", kit.NewWrapLabel("月-日，连续的日期用“..”连接，多个日期用分号分隔。调休上班日只能是周六或周日。"), false)
	c.remove = widget.NewButtonWithIcon("删除本办录入的安排", fynetheme.DeleteIcon(), c.deleteYear)
	c.form.AddButton(c.remove)
	return c
}

// load reads the office's years and shows the current one (or the year
// shown before).
func (c *calendarEditor) load() error {
	years, err := c.w.DB().CalendarYears(c.w.Context())
	if err != nil {
		return err
	}
	c.office = map[int]data.CalendarYear{}
	for _, y := range years {
		c.office[y.Year] = y
	}
	c.builtin = map[int]data.CalendarYear{}
	for _, y := range data.BuiltinYears() {
		c.builtin[y.Year] = y
	}
	this := host.Today().Year()
	set := map[int]bool{this - 1: true, this: true, this + 1: true, this + 2: true}
	for y := range c.office {
		set[y] = true
	}
	for y := range c.builtin {
		set[y] = true
	}
	var list []int
	for y := range set {
		list = append(list, y)
	}
	slices.Sort(list)
	opts := make([]string, len(list))
	for i, y := range list {
		opts[i] = kit.YearText(y)
	}
	c.year.Options = opts
	c.year.Refresh()
	if c.shown == 0 {
		c.shown = this
	}
	c.showYear(c.shown)
	return nil
}

func (c *calendarEditor) yearChanged(s string) {
	if c.changingYear {
		return
	}
	y, err := kit.ParseYearText(s)
	if err != nil || y == c.shown {
		return
	}
	c.form.ConfirmLeave(c.w.Window(), func() { c.showYear(y) })
	if c.shown != y {
		// Still editing the year before: the choice goes back to it.
		c.selectYear(c.shown)
	}
}

func (c *calendarEditor) selectYear(y int) {
	c.changingYear = true
	c.year.SetSelected(kit.YearText(y))
	c.changingYear = false
}

// showYear fills the form with year y: the office's version, else the
// shipped one, else empty.
func (c *calendarEditor) showYear(y int) {
	c.shown = y
	c.selectYear(y)
	own, hasOwn := c.office[y]
	shipped, hasShipped := c.builtin[y]
	var show data.CalendarYear
	switch {
	case hasOwn && hasShipped:
		show = own
		c.status.SetText("本办录入（替代程序内置的安排）")
	case hasOwn:
		show = own
		c.status.SetText("本办录入")
	case hasShipped:
		show = shipped
		c.status.SetText("程序内置（" + shipped.Note + "）；修改后保存即成为本办录入的安排")
	default:
		c.status.SetText(fmt.Sprintf("尚未录入：%d年按周一至周五计算工作日。国务院办公厅公布安排后请在此录入", y))
	}
	c.daysOff.SetText(data.FormatDayList(show.DaysOff))
	c.workDays.SetText(data.FormatDayList(show.WorkDays))
	c.note.SetText(show.Note)
	kit.SetVisible(c.remove, hasOwn)
	c.updateSummary()
	c.form.MarkClean()
}

// parsed reads the two lists of the form.
func (c *calendarEditor) parsed() (data.CalendarYear, error) {
	y := data.CalendarYear{Year: c.shown, Note: strings.TrimSpace(c.note.Text)}
	var err error
	if y.DaysOff, err = data.ParseDayList(c.shown, c.daysOff.Text); err != nil {
		return y, data.Invalid("DaysOff", "放假日期："+err.Error())
	}
	if y.WorkDays, err = data.ParseDayList(c.shown, c.workDays.Text); err != nil {
		return y, data.Invalid("WorkDays", "调休上班日期："+err.Error())
	}
	return y, y.Validate()
}

// updateSummary counts the working days the lists give, as a check against
// the notice (most years have 248 or 249).
func (c *calendarEditor) updateSummary() {
	y, err := c.parsed()
	if err != nil {
		c.summary.SetText(data.UserMessage(err))
		c.summary.Importance = widget.DangerImportance
		c.summary.Refresh()
		return
	}
	cal := data.NewCalendar(y)
	c.summary.Importance = widget.MediumImportance
	c.summary.SetText(fmt.Sprintf("放假%d天，调休上班%d天，全年工作日%d天", len(y.DaysOff), len(y.WorkDays), cal.WorkdaysInYear(y.Year)))
}

func (c *calendarEditor) saveYear() error {
	y, err := c.parsed()
	if err != nil {
		return err
	}
	if err := c.w.DB().SaveCalendarYear(c.w.Context(), &y); err != nil {
		return err
	}
	return c.load()
}

func (c *calendarEditor) deleteYear() {
	y := c.shown
	msg := fmt.Sprintf("确定删除本办录入的%d年节假日安排吗？", y)
	if _, ok := c.builtin[y]; ok {
		msg += "删除后恢复使用程序内置的安排。"
	} else {
		msg += "删除后该年按周一至周五计算工作日。"
	}
	kit.ConfirmDelete(c.w.Window(), "删除节假日安排", msg, func() error {
		return c.w.DB().DeleteCalendarYear(c.w.Context(), y)
	}, c.load)
}

// EditCalendarYear shows the 节假日安排 of year.
func (s *Screen) EditCalendarYear(year int) {
	s.tabs.SelectIndex(calendarTabIndex)
	s.cal.year.SetSelected(kit.YearText(year))
}
