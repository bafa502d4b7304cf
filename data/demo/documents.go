package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"xiaoneng/data"
)

// docPlan is a planned document and what happened to it. Its text is
// written when it is executed, because it quotes complaint numbers that exist
// only then.
type docPlan struct {
	kind      data.DocKind
	recipient *unitRec // nil for bodies outside the registry
	to        string   // 主送 as printed
	text      func() (title, body string)
	replyDue  data.Date
	complaint *complaint
	round     *roundPlan
	visit     *visitPlan
	findings  []*findingPlan
	bulletin  *bulletin // a 通报's period and figures

	sign     data.Date // zero: still a draft
	signer   *data.Person
	delivery *data.Delivery
	reply    data.Date
	replyTxt string
	archive  data.Date
	void     string // reason, when voided after signing

	d *data.Document // the stored document once executed
}

// actionPlan is a planned 责任追究 decision.
type actionPlan struct {
	a         *data.Action
	unit      *unitRec
	complaint *complaint
	finding   *findingPlan
	doc       *docPlan // the document carrying the decision, if any
	reason    func() string
}

// leadingGroup is whom a 催办通知单 is reported to (抄报).
const leadingGroup = "清溪县机关效能建设领导小组"

// joinPost names a post at a unit without saying twice what the unit's
// name ends with and the post starts with: 县社会保险中心经办窗口 and
// 窗口工作人员 give 县社会保险中心经办窗口工作人员.
func joinPost(unit, post string) string {
	u, p := []rune(unit), []rune(post)
	for n := min(len(u), len(p)); n > 0; n-- {
		if string(u[len(u)-n:]) == string(p[:n]) {
			return unit + string(p[n:])
		}
	}
	return unit + post
}

// paperwork plans the documents and accountability actions that follow
// from the complaints and the rounds.
func (g *gen) paperwork(units []*unitRec, complaints []*complaint, rounds []*roundPlan, ppl people) ([]*docPlan, []*actionPlan) {
	w := &writer{g: g, ppl: ppl, units: units}
	for _, tk := range complaints {
		w.complaintDocs(tk)
	}
	bulletins := w.bulletins()
	for _, r := range rounds {
		for _, v := range r.visits {
			w.visitDocs(v, bulletins)
		}
	}
	for _, tk := range complaints {
		w.complaintAction(tk, bulletins)
	}
	w.proposals(complaints)
	w.voidOne()
	w.draftLatestNotice()
	slices.SortStableFunc(w.docs, func(a, b *docPlan) int {
		switch {
		case a.sign.IsZero() && b.sign.IsZero():
			return 0
		case a.sign.IsZero():
			return 1
		case b.sign.IsZero():
			return -1
		}
		return a.sign.Compare(b.sign)
	})
	return w.docs, w.actions
}

type writer struct {
	g       *gen
	ppl     people
	units   []*unitRec
	docs    []*docPlan
	actions []*actionPlan
}

func (w *writer) unitNamed(name string) *unitRec {
	for _, u := range w.units {
		if u.u.Name == name {
			return u
		}
	}
	return nil
}

// settle fills in a signed document's delivery, reply and filing, each
// only if its day had come.
func (w *writer) settle(dp *docPlan, method string, deliverAfter int, reply data.Date, replyTxt string, archive data.Date) {
	g := w.g
	if dp.sign.IsZero() || !dp.sign.Before(g.today) {
		dp.sign = data.Date{}
		return
	}
	if method != "" {
		on := g.addWork(dp.sign, deliverAfter)
		if on.Before(g.today) {
			dl := &data.Delivery{On: on, Method: method, By: pick(g, w.ppl.handlers()).Name}
			switch {
			case dp.recipient != nil:
				dl.To = dp.recipient.u.Contact
				dl.Place = dp.recipient.u.Address
			default:
				dl.To = dp.to + "收发室"
			}
			if method == data.DeliverLeft {
				dl.RefusalNote = "受送达人以负责人不在为由拒绝签收，送达人将文书留置于其办公室，并拍照记录。"
				dl.Witness = pick(g, w.ppl.invited).Name
			}
			dp.delivery = dl
		}
	}
	if !reply.IsZero() && reply.Before(g.today) {
		if dp.delivery != nil && reply.Before(dp.delivery.On) {
			reply = dp.delivery.On
		}
		if !reply.Before(dp.sign) {
			dp.reply, dp.replyTxt = reply, replyTxt
		}
	}
	if !archive.IsZero() && archive.Before(g.today) {
		floor := dp.sign
		if dp.delivery != nil && floor.Before(dp.delivery.On) {
			floor = dp.delivery.On
		}
		if !dp.reply.IsZero() && floor.Before(dp.reply) {
			floor = dp.reply
		}
		if archive.Before(floor) {
			archive = floor
		}
		dp.archive = archive
	}
}

// deliveryMethod is how the office usually delivers: by hand, sometimes
// by post, once in a while left with a witness.
func (w *writer) deliveryMethod() string {
	return choose(w.g, []weighted[string]{{data.DeliverByHand, 70}, {data.DeliverByPost, 20}, {data.DeliverByProxy, 8}, {data.DeliverLeft, 2}})
}

// stepAt finds the first step of kind after index i, or -1.
func stepAfter(tk *complaint, i int, kind data.EventKind) int {
	for j := i + 1; j < len(tk.steps); j++ {
		if tk.steps[j].Kind == kind {
			return j
		}
	}
	return -1
}

func (tk *complaint) archivedOn() data.Date {
	if i := stepAfter(tk, -1, data.EventArchive); i >= 0 {
		return data.DateOf(tk.steps[i].At)
	}
	return data.Date{}
}

// complaintDocs plans a complaint's 交办单, 催办通知单 and 转办函; a complaint
// accepted and waiting to be assigned has its 交办单 in draft.
func (w *writer) complaintDocs(tk *complaint) {
	g := w.g
	handler := tk.unit
	if tk.state == data.StatusAccepted {
		h := handler
		dp := &docPlan{kind: data.DocAssignment, recipient: h, to: h.u.Name, complaint: tk}
		dp.text = func() (string, string) {
			c := tk.c
			return "效能投诉件交办单", strings.Join([]string{
				fmt.Sprintf("现将%s号效能投诉件交你单位办理。", c.Number),
				fmt.Sprintf("请于收到本交办单之日起%d个工作日内将调查核实和处理情况书面反馈我办。办理中注意保护投诉人信息。", g.limitFor(tk)),
			}, "\n")
		}
		w.docs = append(w.docs, dp)
	}
	for i, s := range tk.steps {
		switch s.Kind {
		case data.EventAssign:
			if handler = w.unitByKey(s.HandlerUnitID); handler == nil {
				continue
			}
			switch tk.c.Channel {
			case data.Channel12345:
				continue // the hotline's own work order goes with it
			case data.ChannelPhone, data.ChannelOnline:
				if !g.chance(0.3) {
					continue
				}
			}
			day := data.DateOf(s.At)
			due := g.addWork(day, s.LimitDays)
			h := handler
			dp := &docPlan{kind: data.DocAssignment, recipient: h, to: h.u.Name, replyDue: due, complaint: tk,
				sign: day, signer: w.ppl.leaders[1]}
			dp.text = func() (string, string) {
				c := tk.c
				return "效能投诉件交办单", strings.Join([]string{
					fmt.Sprintf("现将%s号效能投诉件交你单位办理。", c.Number),
					fmt.Sprintf("请认真调查核实，依规处理，于%s前将调查核实和处理情况书面反馈我办。办理中注意保护投诉人信息，不得泄露投诉人身份。", due.Chinese()),
				}, "\n")
			}
			var reply data.Date
			var replyTxt string
			if j := stepAfter(tk, i, data.EventFeedback); j >= 0 {
				reply, replyTxt = data.DateOf(tk.steps[j].At), tk.steps[j].Note
			}
			w.settle(dp, w.deliveryMethod(), g.between(0, 1), reply, replyTxt, tk.archivedOn())
			w.docs = append(w.docs, dp)
		case data.EventRemind:
			if s.Method != "书面" || handler == nil {
				continue
			}
			day := data.DateOf(s.At)
			h := handler
			var assigned data.Date
			for j := i - 1; j >= 0; j-- {
				if k := tk.steps[j].Kind; k == data.EventAssign || k == data.EventRework {
					assigned = data.DateOf(tk.steps[j].At)
					break
				}
			}
			back := g.addWork(day, 3)
			dp := &docPlan{kind: data.DocReminder, recipient: h, to: h.u.Name, replyDue: back, complaint: tk,
				sign: day, signer: w.ppl.leaders[1]}
			dp.text = func() (string, string) {
				c := tk.c
				return "效能投诉件催办通知单", strings.Join([]string{
					fmt.Sprintf("我办于%s交你单位办理的%s号效能投诉件（事由：%s），已超过规定的办理时限，至今未收到你单位的办理情况反馈。", assigned.Chinese(), c.Number, c.Subject),
					fmt.Sprintf("请接此通知后抓紧办理，于%s前将办理结果书面报告我办，并说明逾期原因；逾期仍未报送的，我办将予以通报，并依规追究相关人员责任。", back.Chinese()),
					"抄报：" + leadingGroup,
				}, "\n")
			}
			var reply data.Date
			var replyTxt string
			if j := stepAfter(tk, i, data.EventFeedback); j >= 0 {
				reply, replyTxt = data.DateOf(tk.steps[j].At), "已按要求反馈办理结果，逾期原因为："+pick(g, []string{"承办人员调整、交接不及时", "涉及部门较多、协调时间较长", "对办理时限把握不准"})+"。"
			}
			w.settle(dp, data.DeliverByHand, 0, reply, replyTxt, tk.archivedOn())
			w.docs = append(w.docs, dp)
		case data.EventTransfer:
			day := data.DateOf(s.At)
			to, note := s.TransferTo, s.Note
			dp := &docPlan{kind: data.DocTransfer, recipient: w.unitNamed(to), to: to, complaint: tk, sign: day, signer: w.ppl.leaders[1]}
			dp.text = func() (string, string) {
				c := tk.c
				return fmt.Sprintf("关于转办群众反映%s问题的函", subjectCore(tk)), strings.Join([]string{
					fmt.Sprintf("%s，我办收到群众反映“%s”一事（%s号）。", data.DateOf(c.ReceivedAt).Chinese(), subjectCore(tk), c.Number),
					"经审查，" + note + "现将该件转你单位依法处理，请将处理结果直接告知投诉人。",
					"附件：投诉材料复印件1份",
				}, "\n")
			}
			w.settle(dp, data.DeliverByPost, g.between(1, 2), data.Date{}, "", tk.archivedOn())
			w.docs = append(w.docs, dp)
		}
	}
}

func (w *writer) unitByKey(key string) *unitRec {
	for _, u := range w.units {
		if u.key == key {
			return u
		}
	}
	return nil
}

// bulletin is a 通报 of a quarter, or of a month, with what it names.
type bulletin struct {
	dp       *docPlan
	from, to data.Date
	period   string   // reports.ParsePeriod's form: 2026Q3, 2026-10
	label    string   // 2026年第三季度, 2026年10月份
	visits   bool     // it reports on the supervision too (明察暗访)
	named    []string // 点名通报 paragraphs, filled as findings and complaints name units

	// the sentences with the figures, the program's own (Figures), written
	// when the 通报 is
	complaints, supervision string
}

// bulletins plans the quarterly 通报 of every quarter that had ended some
// days before today, and leaves the current month's as a draft.
func (w *writer) bulletins() []*bulletin {
	g := w.g
	var out []*bulletin
	for _, year := range []int{2025, 2026} {
		for q := range 4 {
			from := data.NewDate(year, time.Month(3*q+1), 1)
			to := data.NewDate(year, time.Month(3*q+4), 1).AddDays(-1)
			if !to.Before(g.today) || to.Before(g.from) {
				continue
			}
			b := &bulletin{from: from, to: to, period: fmt.Sprintf("%dQ%d", year, q+1), label: fmt.Sprintf("%d年%s", year, quarterNames[q]), visits: true}
			b.dp = &docPlan{kind: data.DocBulletin, to: "各乡镇人民政府、街道办事处，县直各单位", sign: g.addWork(to, g.between(8, 12)), signer: w.ppl.leaders[0], bulletin: b}
			b.dp.text = func() (string, string) {
				return fmt.Sprintf("关于%s机关效能投诉办理和明察暗访情况的通报", b.label), b.body()
			}
			// Bulletins are published, not delivered; the newest is not filed yet.
			var archive data.Date
			if b.dp.sign.Before(g.today.AddDays(-30)) {
				archive = g.addWork(b.dp.sign, g.between(5, 15))
			}
			w.settle(b.dp, "", 0, data.Date{}, "", archive)
			w.docs = append(w.docs, b.dp)
			out = append(out, b)
		}
	}
	month := data.NewDate(g.today.Year(), g.today.Month()-1, 1)
	draft := &bulletin{period: fmt.Sprintf("%d-%02d", month.Year(), int(month.Month())), label: fmt.Sprintf("%d年%d月份", month.Year(), int(month.Month()))}
	draft.dp = &docPlan{kind: data.DocBulletin, to: "各乡镇人民政府、街道办事处，县直各单位", bulletin: draft}
	draft.dp.text = func() (string, string) {
		return fmt.Sprintf("关于%s机关效能投诉办理情况的通报", draft.label), draft.body()
	}
	w.docs = append(w.docs, draft.dp)
	return out
}

// bulletinFor is the signed bulletin of the quarter a day falls in.
func bulletinFor(list []*bulletin, d data.Date) *bulletin {
	for _, b := range list {
		if !d.Before(b.from) && !d.After(b.to) && !b.dp.sign.IsZero() {
			return b
		}
	}
	return nil
}

// body is the 通报's text: the office's own words around the program's
// sentences with the figures.
func (b *bulletin) body() string {
	what := "机关效能投诉办理"
	if b.visits {
		what += "和明察暗访"
	}
	paras := []string{
		fmt.Sprintf("为深入推进机关效能建设，持续改进干部作风，现将%s%s情况通报如下：", b.label, what),
		"一、效能投诉办理情况",
		b.complaints,
	}
	n := 2
	if b.visits {
		paras = append(paras, "二、明察暗访情况", b.supervision)
		n++
	}
	if len(b.named) > 0 {
		paras = append(paras, chineseNumber(n)+"、点名通报", "以下单位存在的问题较为突出，予以通报批评：")
		for i, line := range b.named {
			paras = append(paras, fmt.Sprintf("（%s）%s", chineseNumber(i+1), line))
		}
		n++
	}
	paras = append(paras, chineseNumber(n)+"、工作要求",
		"各单位要引以为戒，举一反三，对照通报问题认真开展自查自纠，切实做到件件有落实、事事有回音。被通报单位要在10个工作日内将整改情况书面报送县效能办。县效能办将持续加大明察暗访力度，对问题整改不力、同类问题反复出现的，依规严肃追究相关人员责任。")
	return strings.Join(paras, "\n")
}

func chineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n-10]
	}
	return digits[n/10] + "十" + digits[n%10]
}

// visitDocs plans the documents and actions of one visit's findings: a
// 监察通知书 for those to be rectified by notice, a 效能告诫通知书 for each
// warning, the quarter's bulletin for those criticised.
func (w *writer) visitDocs(v *visitPlan, bulletins []*bulletin) {
	g := w.g
	found := data.DateOf(v.v.VisitedAt)
	var notice []*findingPlan
	for _, fp := range v.findings {
		switch fp.f.Disposition {
		case data.DispositionNotice:
			notice = append(notice, fp)
		case data.DispositionWarning:
			w.warning(v.unit, fp.f.StaffName, fp.f.StaffPost, found, fp.f.Description, fp, nil)
		case data.DispositionBulletin:
			if b := bulletinFor(bulletins, found); b != nil {
				b.named = append(b.named, fmt.Sprintf("%s：%s中发现该单位%s。", v.unit.u.Name, v.round.r.Title, fp.f.Description))
				w.actions = append(w.actions, &actionPlan{
					a:    &data.Action{TargetKind: data.TargetUnit, Measure: "通报批评", DecidedOn: b.dp.sign, DecidedBy: officeName},
					unit: v.unit, finding: fp, doc: b.dp,
					reason: func() string { return fmt.Sprintf("%s中发现：%s", v.round.r.Title, fp.f.Description) },
				})
			}
		case data.DispositionReferral:
			decided := g.addWork(found, g.between(20, 40))
			if decided.Before(g.today) {
				seq := g.between(3, 40)
				w.actions = append(w.actions, &actionPlan{
					a: &data.Action{TargetKind: data.TargetPerson, PersonName: fp.f.StaffName, PersonPost: fp.f.StaffPost,
						Measure: "党纪政纪处分", DecidedOn: decided, DecidedBy: "县纪委监委", DocNumber: fmt.Sprintf("清纪处〔%d〕%d号", decided.Year(), seq)},
					unit: v.unit, finding: fp,
					reason: func() string {
						return fmt.Sprintf("%s中发现%s，移交县纪委监委后给予政务警告处分", v.round.r.Title, fp.f.Description)
					},
				})
			}
		}
	}
	if len(notice) == 0 {
		return
	}
	var due, firstReport, closed data.Date
	var report string
	allDone := true
	for _, fp := range notice {
		d := g.addWork(found, fp.f.RectLimitDays)
		if due.IsZero() || d.After(due) {
			due = d
		}
		for _, s := range fp.steps {
			if s.report && (firstReport.IsZero() || s.on.Before(firstReport)) {
				firstReport, report = s.on, s.content
			}
		}
		if fp.state != data.RectDone {
			allDone = false
		} else if last := fp.steps[len(fp.steps)-1].on; last.After(closed) {
			closed = last
		}
	}
	dp := &docPlan{kind: data.DocNotice, recipient: v.unit, to: v.unit.u.Name, replyDue: due, round: v.round, visit: v,
		findings: notice, sign: g.addWork(found, g.between(1, 2)), signer: w.ppl.leaders[0]}
	dp.text = func() (string, string) {
		lines := []string{fmt.Sprintf("%s，我办%s检查组对你单位进行检查时，发现以下问题：", found.Chinese(), v.round.r.Title)}
		for i, fp := range notice {
			lines = append(lines, fmt.Sprintf("%s、%s。", chineseNumber(i+1), fp.f.Statement()))
		}
		lines = append(lines,
			"上述问题违反了机关效能建设有关规定，影响了机关服务形象。根据《清溪县机关效能建设责任追究办法》，现责令你单位立即整改，对相关责任人员进行批评教育，并举一反三、建章立制。",
			fmt.Sprintf("请于%s前将整改情况书面报告我办。", due.Chinese()),
			"特此通知。",
			"份数：本通知书一式两份，一份送达被监察单位，一份存档。")
		return "监察通知书", strings.Join(lines, "\n")
	}
	var archive data.Date
	if allDone {
		archive = g.addWork(closed, g.between(1, 3))
	}
	w.settle(dp, w.deliveryMethod(), g.between(0, 1), firstReport, report, archive)
	w.docs = append(w.docs, dp)
}

// warning plans a 效能告诫通知书 to a person (or a unit, when no one is
// named) and the action it carries.
func (w *writer) warning(u *unitRec, person, post string, on data.Date, what string, fp *findingPlan, tk *complaint) {
	g := w.g
	sign := g.addWork(on, g.between(2, 6))
	if !sign.Before(g.today) {
		return
	}
	back := g.addWork(sign, 5)
	to := u.u.Name
	if person != "" {
		to = person + "同志"
	}
	dp := &docPlan{kind: data.DocWarning, recipient: u, to: to, replyDue: back, sign: sign, signer: w.ppl.leaders[0], complaint: tk}
	if fp != nil {
		dp.round, dp.visit, dp.findings = fp.visit.round, fp.visit, []*findingPlan{fp}
	}
	dp.text = func() (string, string) {
		fact := fmt.Sprintf("%s，我办检查中发现", on.Chinese())
		if tk != nil {
			fact = fmt.Sprintf("经调查核实，%s号投诉件反映的", tk.c.Number)
		}
		subject := "你"
		if person == "" {
			subject = "你单位"
		} else {
			subject = fmt.Sprintf("你在%s岗位工作期间", joinPost(u.u.Name, post))
		}
		return "效能告诫通知书", strings.Join([]string{
			fmt.Sprintf("%s%s存在“%s”的问题。", fact, subject, what),
			"上述行为违反了机关效能建设有关规定，损害了机关形象。根据《清溪县机关效能建设责任追究办法》有关规定，经研究，决定予以效能告诫。",
			fmt.Sprintf("望认真吸取教训，深刻反思，切实改进工作作风。请于%s前向我办提交书面检查。", back.Chinese()),
			"特此通知。",
			"份数：本通知书一式两份，一份送达被告诫人，一份存档。",
		}, "\n")
	}
	reply := g.addWork(sign, g.between(2, 5))
	w.settle(dp, data.DeliverByHand, g.between(0, 1), reply, "已收到效能告诫通知书，本人（单位）深刻认识到错误，今后将严格遵守工作纪律，改进服务作风。书面检查附后。", g.addWork(reply, g.between(3, 10)))
	if dp.sign.IsZero() {
		return
	}
	w.docs = append(w.docs, dp)
	a := &data.Action{TargetKind: data.TargetUnit, Measure: "效能告诫", DecidedOn: sign, DecidedBy: officeName}
	if person != "" {
		a.TargetKind, a.PersonName, a.PersonPost = data.TargetPerson, person, post
	}
	w.actions = append(w.actions, &actionPlan{a: a, unit: u, finding: fp, complaint: tk, doc: dp,
		reason: func() string {
			if tk != nil {
				return fmt.Sprintf("%s号投诉件反映的“%s”问题经核实%s", tk.c.Number, subjectCore(tk), tk.verification)
			}
			return fmt.Sprintf("%s中发现：%s", fp.visit.round.r.Title, what)
		}})
}

// complaintAction plans 责任追究 for some substantiated complaints.
func (w *writer) complaintAction(tk *complaint, bulletins []*bulletin) {
	g := w.g
	switch {
	case tk.verification == data.VerifiedTrue && g.chance(0.3):
	case tk.verification == data.VerifiedPartly && g.chance(0.12):
	default:
		return
	}
	decided := g.addWork(data.DateOf(tk.verifiedAt), g.between(2, 10))
	if !decided.Before(g.today) {
		return
	}
	person := tk.c.PersonName != ""
	var m data.Measure
	if person {
		m = choose(g, []weighted[data.Measure]{{"责令检查", 20}, {"诫勉谈话", 28}, {"效能告诫", 24}, {"通报批评", 10}, {"调离岗位", 8}, {"取消评优资格", 5}, {"党纪政纪处分", 5}})
		if m == "党纪政纪处分" && tk.c.Category != "吃拿卡要报" && tk.c.Category != "乱作为" {
			m = "诫勉谈话"
		}
	} else {
		m = choose(g, []weighted[data.Measure]{{"责令检查", 40}, {"效能告诫", 20}, {"通报批评", 25}, {"黄牌警告", 8}, {"取消评优资格", 7}})
	}
	u := tk.unit
	reason := func() string {
		return fmt.Sprintf("%s号投诉件反映的“%s”问题经核实%s", tk.c.Number, subjectCore(tk), tk.verification)
	}
	if m == "效能告诫" {
		w.warning(u, tk.c.PersonName, tk.c.PersonPost, decided, strings.TrimPrefix(g.behaviourOf(tk), "的"), nil, tk)
		return
	}
	a := &data.Action{TargetKind: data.TargetUnit, Measure: m, DecidedOn: decided, DecidedBy: officeName}
	if person {
		a.TargetKind, a.PersonName, a.PersonPost = data.TargetPerson, tk.c.PersonName, tk.c.PersonPost
	}
	ap := &actionPlan{a: a, unit: u, complaint: tk, reason: reason}
	switch m {
	case "通报批评":
		b := bulletinFor(bulletins, decided)
		if b == nil {
			a.Measure = "责令检查"
			break
		}
		a.DecidedOn, ap.doc = b.dp.sign, b.dp
		b.named = append(b.named, fmt.Sprintf("%s：群众投诉反映“%s”，经调查核实%s。", u.u.Name, g.behaviourOf(tk), tk.verification))
	case "党纪政纪处分":
		a.DecidedBy, a.DocNumber = "县纪委监委", fmt.Sprintf("清纪处〔%d〕%d号", decided.Year(), g.between(3, 40))
	case "调离岗位":
		a.DecidedBy = u.u.Name
	}
	w.actions = append(w.actions, ap)
}

// proposals plans two 监察建议书 to the units complained about most.
func (w *writer) proposals(complaints []*complaint) {
	g := w.g
	for _, p := range []struct {
		unit, title string
		on          data.Date
	}{
		{"县不动产登记中心", "关于进一步规范不动产登记窗口服务的建议", data.NewDate(2025, time.August, 18)},
		{"县城市管理综合执法大队", "关于规范城市管理执法行为的建议", data.NewDate(2026, time.September, 15)},
	} {
		if p.on.Before(g.from) {
			continue
		}
		u := w.unitNamed(p.unit)
		n, sub := 0, 0
		for _, tk := range complaints {
			if tk.unit == u && data.DateOf(tk.c.ReceivedAt).Before(p.on) {
				n++
				if tk.verification.Substantiated() {
					sub++
				}
			}
		}
		sign := g.workday(p.on)
		due := g.addWork(sign, 20)
		title := p.title
		dp := &docPlan{kind: data.DocProposal, recipient: u, to: u.u.Name, replyDue: due, sign: sign, signer: w.ppl.leaders[0]}
		dp.text = func() (string, string) {
			return title, strings.Join([]string{
				fmt.Sprintf("%s以来，我办共受理涉及你单位的效能投诉%d件，经调查核实属实或部分属实%d件，反映的问题主要集中在办事指南不一致、一次性告知不到位、窗口人员服务态度生硬和办理超时等方面。", w.g.from.Chinese(), n, sub),
				"为进一步提升服务质效，根据《清溪县机关效能建设监察办法》，现提出如下建议：",
				"一、全面梳理办事指南，确保线上线下要求一致，杜绝要求群众提供指南以外的材料。",
				"二、严格落实首问负责和一次性告知制度，建立群众多次往返问题的专项台账。",
				"三、加强窗口人员作风纪律教育，将群众评价结果与绩效考核挂钩。",
				fmt.Sprintf("请于%s前将办理结果函告我办。", due.Chinese()),
			}, "\n")
		}
		reply := g.addWork(sign, g.between(12, 18))
		w.settle(dp, data.DeliverByHand, 1, reply, "已制定整改方案，修订办事指南12项，开展窗口作风专题培训2期，建立群众多次往返问题台账，整改情况详见附件。", g.addWork(reply, 10))
		w.docs = append(w.docs, dp)
	}
}

// draftLatestNotice leaves the 监察通知书 of the last days' visits in draft,
// as an office has one being written on any given day.
func (w *writer) draftLatestNotice() {
	var latest *docPlan
	for _, dp := range w.docs {
		if dp.kind == data.DocNotice && dp.void == "" && (latest == nil || !dp.visit.v.VisitedAt.Before(latest.visit.v.VisitedAt)) {
			latest = dp
		}
	}
	if latest == nil || latest.visit.v.VisitedAt.Before(w.g.now.AddDate(0, 0, -10)) || latest.sign.IsZero() {
		return
	}
	latest.sign, latest.delivery, latest.reply, latest.replyTxt, latest.archive = data.Date{}, nil, data.Date{}, "", data.Date{}
}

// voidOne voids a signed 监察通知书 of 2026 addressed wrongly, and plans
// its corrected replacement: the voided number stays taken.
func (w *writer) voidOne() {
	for i, dp := range w.docs {
		if dp.kind != data.DocNotice || dp.sign.Year() != 2026 || dp.delivery == nil {
			continue
		}
		fixed := *dp
		dp.void = "主送单位名称有误，已重新制发"
		dp.delivery, dp.reply, dp.replyTxt, dp.archive = nil, data.Date{}, "", data.Date{}
		w.docs = slices.Insert(w.docs, i+1, &fixed)
		return
	}
}
