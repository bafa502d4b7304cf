package appraisals

import (
	"fmt"
	"slices"
	"strings"
	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/app/parts"
	"xiaoneng/data"

	fynetheme "fyne.io/fyne/v2/theme"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// rowName is a unit's name in an editor row, cut short with … when long.
func rowName(name string) *widget.Label {
	l := widget.NewLabel(name)
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// columns lays a row's cells out side by side at the given widths, the
// cell flex taking what is left beyond its width: the rows of an editor
// and its header line up whatever their content.
type columns struct {
	widths []float32
	flex   int
}

func (c columns) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w, h float32
	pad := fynetheme.Padding()
	for i, o := range objects {
		w += c.widths[i]
		if i > 0 {
			w += pad
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

func (c columns) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := fynetheme.Padding()
	extra := size.Width - c.MinSize(objects).Width
	x := float32(0)
	for i, o := range objects {
		w := c.widths[i]
		if i == c.flex && extra > 0 {
			w += extra
		}
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos(x, 0))
		x += w + pad
	}
}

// Cell widths of the results and posts editors.
var (
	resultColumns = columns{widths: []float32{150, 76, 66, 76, 66, 66, 64, 36}}
	postColumns   = columns{widths: []float32{130, 120, 84, 120, 64, 110, 36}, flex: 3}
)

func header(c columns, titles ...string) *fyne.Container {
	objs := make([]fyne.CanvasObject, len(titles))
	for i, t := range titles {
		objs[i] = widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	return container.New(c, objs...)
}

// resultsEditor enters the units' results of a round: ballots by verdict,
// or a score, with the 满意率 worked out as they are typed.
type resultsEditor struct {
	w       host.Host
	rows    []*resultRow
	list    *fyne.Container
	count   *kit.WrapLabel
	picker  *kit.UnitPicker
	byCat   *widget.Select
	box     *fyne.Container
	changed func()
}

type resultRow struct {
	x                                 data.AppraisalResult
	ballots, sat, basic, unsat, score *widget.Entry
	rate                              *widget.Label
}

func newResultsEditor(w host.Host, changed func()) *resultsEditor {
	e := &resultsEditor{w: w, list: container.NewVBox(), changed: changed, count: kit.NewWrapLabel("")}
	e.picker = kit.NewUnitPicker(parts.UnitSearch(w))
	e.picker.PlaceHolder = "输入名称或拼音首字母添加被评议单位"
	e.picker.OnChanged = func(id, name string) {
		if id == "" {
			return
		}
		e.add(id, name)
		e.picker.SetUnit("", "")
	}
	e.byCat = widget.NewSelect(kit.ChoiceLabels(data.UnitCategories), nil)
	e.byCat.PlaceHolder = "按类别全部添加"
	e.byCat.OnChanged = func(c string) {
		if c == "" {
			return
		}
		units, err := w.DB().Units(w.Context(), data.UnitFilter{Category: data.UnitCategory(c), Status: data.UnitActive})
		if err != nil {
			kit.ShowError(w.Window(), err)
			return
		}
		for _, u := range units {
			e.add(u.ID, u.Name)
		}
		e.byCat.ClearSelected()
	}
	head := header(resultColumns, "单位", "收回票数", "满意", "基本满意", "不满意", "得分", "满意率", "")
	e.box = container.NewVBox(
		kit.NewWrapLabel("每个单位填写各项票数，或只填得分（百分制）。满意率＝（满意＋基本满意）÷（满意＋基本满意＋不满意）。"),
		head, e.list, e.count,
		container.NewBorder(nil, nil, nil, e.byCat, e.picker))
	return e
}

func (e *resultsEditor) set(results []data.AppraisalResult) {
	e.rows = nil
	for _, x := range results {
		e.rows = append(e.rows, e.newRow(x))
	}
	e.refresh()
}

// add appends a row for a unit not listed yet.
func (e *resultsEditor) add(id, name string) {
	if slices.ContainsFunc(e.rows, func(r *resultRow) bool { return r.x.UnitID == id }) {
		return
	}
	e.rows = append(e.rows, e.newRow(data.AppraisalResult{UnitID: id, UnitName: name}))
	e.refresh()
	e.changed()
}

func (e *resultsEditor) newRow(x data.AppraisalResult) *resultRow {
	r := &resultRow{x: x,
		ballots: numberEntry(), sat: numberEntry(), basic: numberEntry(),
		unsat: numberEntry(), score: numberEntry(), rate: widget.NewLabel("")}
	r.ballots.SetText(numberText(x.Ballots))
	r.sat.SetText(numberText(x.Satisfied))
	r.basic.SetText(numberText(x.Basic))
	r.unsat.SetText(numberText(x.Unsatisfied))
	r.score.SetText(scoreEntryText(x.Score, x.HasScore))
	r.showRate()
	for _, en := range []*widget.Entry{r.ballots, r.sat, r.basic, r.unsat, r.score} {
		en.OnChanged = func(string) {
			r.showRate()
			e.changed()
		}
	}
	return r
}

// result reads the row; an entry that does not parse is named with its unit.
func (r *resultRow) result() (data.AppraisalResult, error) {
	x := r.x
	read := func(en *widget.Entry, label string, score bool) (float64, bool, error) {
		v, has, err := parseNumber(en.Text, score)
		if err != nil {
			return 0, false, data.Invalid("Results", fmt.Sprintf("“%s”的%s：%s", x.UnitName, label, err.Error()))
		}
		return v, has, nil
	}
	counts := []struct {
		en    *widget.Entry
		label string
		dest  *int
	}{{r.ballots, "收回票数", &x.Ballots}, {r.sat, "满意票数", &x.Satisfied}, {r.basic, "基本满意票数", &x.Basic}, {r.unsat, "不满意票数", &x.Unsatisfied}}
	for _, c := range counts {
		v, _, err := read(c.en, c.label, false)
		if err != nil {
			return x, err
		}
		*c.dest = int(v)
	}
	v, has, err := read(r.score, "得分", true)
	if err != nil {
		return x, err
	}
	x.Score, x.HasScore = v, has
	return x, nil
}

func (r *resultRow) showRate() {
	x, err := r.result()
	if err != nil {
		r.rate.Importance = widget.DangerImportance
		r.rate.SetText("有误")
		return
	}
	r.rate.Importance = widget.MediumImportance
	if rate, ok := x.Rate(); ok {
		r.rate.SetText(rateOf(rate))
	} else {
		r.rate.SetText("")
	}
}

func (e *resultsEditor) refresh() {
	objs := make([]fyne.CanvasObject, 0, len(e.rows))
	for _, r := range e.rows {
		row := r
		rm := widget.NewButtonWithIcon("", fynetheme.ContentRemoveIcon(), func() {
			e.rows = slices.DeleteFunc(e.rows, func(x *resultRow) bool { return x == row })
			e.refresh()
			e.changed()
		})
		rm.Importance = widget.LowImportance
		objs = append(objs, container.New(resultColumns, rowName(r.x.UnitName), r.ballots, r.sat, r.basic, r.unsat, r.score, r.rate, rm))
	}
	e.list.Objects = objs
	e.list.Refresh()
	e.count.SetText(fmt.Sprintf("共%d个单位", len(e.rows)))
	e.box.Refresh()
}

func (e *resultsEditor) read() ([]data.AppraisalResult, error) {
	out := make([]data.AppraisalResult, 0, len(e.rows))
	for _, r := range e.rows {
		x, err := r.result()
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// postsEditor enters the key posts of a 关键岗位评议: post, holder, duties,
// score and the office's mark. A warned post is shown as such and kept.
type postsEditor struct {
	w       host.Host
	rows    []*postRow
	list    *fyne.Container
	count   *kit.WrapLabel
	picker  *kit.UnitPicker
	box     *fyne.Container
	changed func()
}

type postRow struct {
	p                    data.AppraisalPost
	post, holder, duties *widget.Entry
	score                *widget.Entry
	mark                 *widget.Select
}

const noMark = "—"

func newPostsEditor(w host.Host, changed func()) *postsEditor {
	e := &postsEditor{w: w, list: container.NewVBox(), changed: changed, count: kit.NewWrapLabel("")}
	e.picker = kit.NewUnitPicker(parts.UnitSearch(w))
	e.picker.PlaceHolder = "输入单位名称或拼音首字母，添加该单位的关键岗位"
	e.picker.OnChanged = func(id, name string) {
		if id == "" {
			return
		}
		e.rows = append(e.rows, e.newRow(data.AppraisalPost{UnitID: id, UnitName: name}))
		e.picker.SetUnit("", "")
		e.refresh()
		e.changed()
	}
	head := header(postColumns, "单位", "岗位", "在岗人员", "岗位职责", "得分", "评定", "")
	e.box = container.NewVBox(
		kit.NewWrapLabel("公开各单位关键岗位及其职责，评议后填写得分；得分最高的可评为标兵岗位、优秀岗位，排名靠后的予以告诫。"),
		head, e.list, e.count, e.picker)
	return e
}

func (e *postsEditor) set(posts []data.AppraisalPost) {
	e.rows = nil
	for _, p := range posts {
		e.rows = append(e.rows, e.newRow(p))
	}
	e.refresh()
}

func (e *postsEditor) newRow(p data.AppraisalPost) *postRow {
	r := &postRow{p: p, post: widget.NewEntry(), holder: widget.NewEntry(), duties: widget.NewEntry(), score: numberEntry()}
	r.post.SetText(p.Post)
	r.holder.SetText(p.Holder)
	r.duties.SetText(p.Duties)
	r.score.SetText(scoreEntryText(p.Score, p.HasScore))
	marks := append([]string{noMark}, kit.ChoiceLabels(data.PostMarks)...)
	r.mark = widget.NewSelect(marks, nil)
	switch p.Mark {
	case data.MarkNone:
		r.mark.SetSelected(noMark)
	case data.MarkWarned:
		r.holder.Disable() // shown as a label (see refresh)
	default:
		r.mark.SetSelected(string(p.Mark))
	}
	for _, en := range []*widget.Entry{r.post, r.holder, r.duties, r.score} {
		en.OnChanged = func(string) { e.changed() }
	}
	r.mark.OnChanged = func(string) { e.changed() }
	return r
}

func (e *postsEditor) refresh() {
	objs := make([]fyne.CanvasObject, 0, len(e.rows))
	for _, r := range e.rows {
		row := r
		var tail fyne.CanvasObject = widget.NewLabel("")
		if r.p.Mark != data.MarkWarned {
			rm := widget.NewButtonWithIcon("", fynetheme.ContentRemoveIcon(), func() {
				e.rows = slices.DeleteFunc(e.rows, func(x *postRow) bool { return x == row })
				e.refresh()
				e.changed()
			})
			rm.Importance = widget.LowImportance
			tail = rm
		}
		// A warned holder is named in the decision: shown, not edited.
		var holder, mark fyne.CanvasObject = r.holder, r.mark
		if r.p.Mark == data.MarkWarned {
			warned := widget.NewLabel("已告诫")
			warned.Importance = widget.DangerImportance
			holder, mark = rowName(r.p.Holder), warned
		}
		objs = append(objs, container.New(postColumns, rowName(r.p.UnitName), r.post, holder, r.duties, r.score, mark, tail))
	}
	e.list.Objects = objs
	e.list.Refresh()
	e.count.SetText(fmt.Sprintf("共%d个岗位", len(e.rows)))
	e.box.Refresh()
}

func (e *postsEditor) read() ([]data.AppraisalPost, error) {
	out := make([]data.AppraisalPost, 0, len(e.rows))
	for _, r := range e.rows {
		p := r.p
		p.Post, p.Holder, p.Duties = strings.TrimSpace(r.post.Text), strings.TrimSpace(r.holder.Text), strings.TrimSpace(r.duties.Text)
		v, has, err := parseNumber(r.score.Text, true)
		if err != nil {
			return nil, data.Invalid("Posts", fmt.Sprintf("“%s（%s）”的得分：%s", p.Post, p.Holder, err.Error()))
		}
		p.Score, p.HasScore = v, has
		if p.Mark != data.MarkWarned {
			p.Mark = data.PostMark(strings.TrimPrefix(r.mark.Selected, noMark))
		}
		out = append(out, p)
	}
	return out, nil
}
