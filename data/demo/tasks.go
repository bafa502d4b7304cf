package demo

import (
	"fmt"
	"slices"

	"xiaoneng/data"
)

// The county's 督办事项: the tasks its 党委 and 政府 decided and the office
// supervises, scripted so that at the demo's today every state is there
// (已立项, 待签收 with a signature overdue, 办理中 on time, near and past
// its deadline, with a milestone overdue, after a refused final report,
// 待验收, 已办结 on time and late), with quarterly progress, 延期, 催办,
// 督办通知单 and a 责任追究 against a unit of an overdue task.

// taskPlan is one planned task and the steps it goes through.
type taskPlan struct {
	t       *data.Task
	lead    *unitRec
	others  []*unitRec
	clerk   *data.Person
	signer  *data.Person // signs the 督办通知单 on the day of 交办
	steps   []taskStepPlan
	notices bool // 交办 with a 督办通知单 to each unit
}

// taskStepPlan is one step of a task, in the order they happen.
type taskStepPlan struct {
	kind      data.TaskEventKind
	on        data.Date
	unit      *unitRec // 签收, 进展报告, 催办 (nil: every unit), 责任追究
	by        string   // 签收: who signed; 延期: who approved
	percent   int
	text      string
	passed    bool      // 验收
	milestone int       // 节点完成, 延期 of a milestone: its index + 1; 0 for the 办结期限
	due       data.Date // 延期
	measure   data.Measure
}

// taskSpec is the script of a task: what it is, who has it, and its life
// in days relative to its 立项.
type taskSpec struct {
	source     data.TaskSource
	ref        string
	title      string
	content    string
	lead       string
	others     []string
	registered data.Date
	due        data.Date
	milestones []data.Milestone
	life       func(p *taskPlan, g *gen)
}

// unitByName finds a unit of the plan by its name (the tables are constant).
func unitByName(units []*unitRec, name string) *unitRec {
	for _, u := range units {
		if u.u.Name == name {
			return u
		}
	}
	panic("demo: no unit " + name)
}

// planTasks draws the tasks. Tasks decided before the history begins are
// left out, so a demo of recent weeks still has every state.
func (g *gen) planTasks(units []*unitRec, ppl people) []*taskPlan {
	var out []*taskPlan
	for _, s := range taskSpecs() {
		if s.registered.Before(g.from) {
			continue
		}
		p := &taskPlan{
			t: &data.Task{Source: s.source, SourceRef: s.ref, Title: s.title, Content: s.content,
				Due: s.due, Milestones: slices.Clone(s.milestones), RegisteredOn: s.registered},
			lead:    unitByName(units, s.lead),
			clerk:   pick(g, ppl.staff[:5]),
			signer:  pick(g, ppl.leaders),
			notices: true,
		}
		p.t.Handler = p.clerk.Name
		for _, name := range s.others {
			p.others = append(p.others, unitByName(units, name))
		}
		s.life(p, g)
		slices.SortStableFunc(p.steps, func(a, b taskStepPlan) int { return a.on.Compare(b.on) })
		out = append(out, p)
	}
	return out
}

// Helpers the scripts use to add steps.

func (p *taskPlan) assign(on data.Date) {
	p.steps = append(p.steps, taskStepPlan{kind: data.TaskEventAssigned, on: on})
}

func (p *taskPlan) sign(g *gen, u *unitRec, on data.Date) {
	p.steps = append(p.steps, taskStepPlan{kind: data.TaskEventSigned, on: on, unit: u, by: g.person()})
}

// assignSigned is 交办 on day assigned, every unit signing within a few
// working days.
func (p *taskPlan) assignSigned(g *gen, assigned data.Date) {
	p.assign(assigned)
	for _, u := range p.units() {
		p.sign(g, u, g.addWork(assigned, g.between(1, 3)))
	}
}

func (p *taskPlan) units() []*unitRec { return append([]*unitRec{p.lead}, p.others...) }

func (p *taskPlan) report(u *unitRec, on data.Date, percent int, text string) {
	p.steps = append(p.steps, taskStepPlan{kind: data.TaskEventProgress, on: on, unit: u, percent: percent, text: text})
}

// quarterReports has each unit report in the last days before end (the
// end of a quarter), the lead with the text given, the others with their
// part of it.
func (p *taskPlan) quarterReports(g *gen, end data.Date, percent int, text string) {
	for _, u := range p.units() {
		on := g.workday(end.AddDays(-g.between(0, 4)))
		if u == p.lead {
			p.report(u, on, percent, text)
			continue
		}
		p.report(u, on, min(100, percent+g.between(-10, 10)), fmt.Sprintf("%s牵头的“%s”中我单位承担的任务%s。", p.lead.u.ShortName, p.t.Title,
			pick(g, []string{"已按计划推进", "正在抓紧落实", "已完成阶段性目标", "已部署到位，正组织实施"})))
	}
}

func (p *taskPlan) milestoneDone(n int, on data.Date, text string) {
	p.steps = append(p.steps, taskStepPlan{kind: data.TaskEventMilestone, on: on, milestone: n, text: text})
}

func (p *taskPlan) finalReport(on data.Date, text string) {
	p.steps = append(p.steps, taskStepPlan{kind: data.TaskEventReport, on: on, text: text})
}

func (p *taskPlan) accept(on data.Date, passed bool, note string) {
	p.steps = append(p.steps, taskStepPlan{kind: data.TaskEventAccepted, on: on, passed: passed, text: note})
}

func (p *taskPlan) remind(u *unitRec, on data.Date, text string) {
	p.steps = append(p.steps, taskStepPlan{kind: data.TaskEventReminded, on: on, unit: u, text: text})
}

func (p *taskPlan) extend(on data.Date, milestone int, due data.Date, reason, approvedBy string) {
	p.steps = append(p.steps, taskStepPlan{kind: data.TaskEventExtended, on: on, milestone: milestone, due: due, text: reason, by: approvedBy})
}

func (p *taskPlan) holdAccountable(u *unitRec, on data.Date, m data.Measure, reason string) {
	p.steps = append(p.steps, taskStepPlan{kind: data.TaskEventAction, on: on, unit: u, measure: m, text: reason})
}

// taskSpecs are the county's tasks, oldest first.
func taskSpecs() []taskSpec {
	d := data.NewDate
	return []taskSpec{
		{source: data.SourceExecutiveMeeting, ref: "县政府2025年第9次常务会议",
			title:   "“三夏”期间安全生产大检查",
			content: "对全县危险化学品、道路交通、建筑施工、人员密集场所开展安全生产大检查，建立隐患清单，实行闭环整改。",
			lead:    "县应急管理局", others: []string{"县交通运输局", "县住房和城乡建设局"},
			registered: d(2025, 5, 12), due: d(2025, 6, 30),
			life: func(p *taskPlan, g *gen) {
				p.assignSigned(g, d(2025, 5, 13))
				p.quarterReports(g, d(2025, 6, 20), 85, "检查企业212家，排查隐患347处，已整改295处。")
				p.finalReport(d(2025, 6, 25), "大检查工作已全面完成，共排查隐患347处，全部整改到位，建立长效监管台账。")
				p.accept(d(2025, 6, 30), true, "经核查，隐患整改到位，资料齐全，同意办结销号。")
			}},
		{source: data.SourceStandingCommittee, ref: "县委常委会2026年第4次会议",
			title:   "政务服务“一网通办”事项梳理",
			content: "全面梳理县级政务服务事项，编制标准化办事指南，实现高频事项“一网通办”，网上可办率达到90%以上。",
			lead:    "县行政服务中心管理委员会", others: []string{"县市场监督管理局", "县人力资源和社会保障局"},
			registered: d(2026, 3, 2), due: d(2026, 6, 30),
			milestones: []data.Milestone{{Title: "完成事项清单梳理", Due: d(2026, 4, 30)}},
			life: func(p *taskPlan, g *gen) {
				p.assignSigned(g, d(2026, 3, 3))
				p.quarterReports(g, d(2026, 3, 31), 30, "已完成县级1268项政务服务事项初步梳理。")
				p.milestoneDone(1, d(2026, 4, 28), "事项清单经县政府审定印发")
				p.quarterReports(g, d(2026, 6, 30), 90, "办事指南标准化编制完成，网上可办率达到88%。")
				p.finalReport(d(2026, 7, 6), "事项梳理和办事指南编制全部完成，网上可办率达到92%。")
				p.accept(d(2026, 7, 8), true, "超过办结期限6个工作日办结，予以办结销号，逾期情况纳入年度考核。")
			}},
		{source: data.SourceOther, ref: "县效能办2026年第三季度重点工作",
			title:   "12345热线工单办理质效提升",
			content: "压实12345热线工单承办责任，工单按期办结率达到98%以上，群众满意率达到90%以上，杜绝“先联系后办理”走过场。",
			lead:    "县信访局", others: []string{"县城市管理和综合执法局", "县住房和城乡建设局"},
			registered: d(2026, 9, 8), due: d(2026, 12, 20),
			life: func(p *taskPlan, g *gen) {
				p.assignSigned(g, d(2026, 9, 9))
				p.quarterReports(g, d(2026, 9, 30), 40, "建立工单日调度、周通报机制，按期办结率提升至95%。")
				p.finalReport(d(2026, 11, 6), "按期办结率达到98.2%，各项目标已完成。")
				p.accept(d(2026, 11, 10), false, "抽查回访显示群众满意率为84%，未达到90%的目标，请继续整改后重新报送。")
				p.report(p.lead, d(2026, 11, 18), 85, "针对回访不满意工单逐件复核，开展二次办理。")
			}},
		{source: data.SourceExecutiveMeeting, ref: "县政府2026年第18次常务会议",
			title:   "城区农贸市场升级改造",
			content: "对城关农贸市场进行升级改造，完成场地改造、智慧计量和食品快检室建设，改造期间做好临时安置。",
			lead:    "县商务局", others: []string{"县市场监督管理局", "城关镇"},
			registered: d(2026, 9, 7), due: d(2026, 11, 15),
			milestones: []data.Milestone{{Title: "完成临时安置", Due: d(2026, 9, 30)}},
			life: func(p *taskPlan, g *gen) {
				p.assignSigned(g, d(2026, 9, 8))
				p.milestoneDone(1, d(2026, 9, 28), "经营户已全部临时安置")
				p.quarterReports(g, d(2026, 9, 30), 45, "临时安置完成，主体改造施工已进场。")
				p.finalReport(d(2026, 11, 10), "改造工程完工，智慧计量和食品快检室投入使用，经营户已回迁。")
				p.accept(d(2026, 11, 13), true, "经现场核验，改造内容全部完成，同意办结销号。")
			}},
		{source: data.SourceInstruction, ref: "县长批示（2026年9月12日）",
			title:   "全县中小学校舍安全隐患排查整治",
			content: "对全县中小学、幼儿园校舍逐栋开展安全隐患排查，建立问题清单，限期完成整治，确保师生安全。",
			lead:    "县教育局", others: []string{"县住房和城乡建设局", "县应急管理局"},
			registered: d(2026, 9, 14), due: d(2026, 11, 30),
			life: func(p *taskPlan, g *gen) {
				p.assignSigned(g, d(2026, 9, 15))
				p.quarterReports(g, d(2026, 9, 30), 50, "已排查校舍286栋，发现隐患43处。")
				p.report(p.lead, d(2026, 11, 6), 90, "43处隐患已整改41处，其余2处正在施工。")
				p.finalReport(d(2026, 11, 19), "排查出的43处隐患全部整改完毕，建立校舍安全长效管理台账。")
			}},
		{source: data.SourceMotion, ref: "县人大十八届五次会议第12号议案",
			title:   "关于加快城区停车设施建设的建议",
			content: "编制城区停车设施专项规划，利用边角地、闲置地建设公共停车场，年内新增公共停车泊位800个以上。",
			lead:    "县住房和城乡建设局", others: []string{"县自然资源局", "县公安局"},
			registered: d(2026, 9, 15), due: d(2026, 12, 31),
			milestones: []data.Milestone{{Title: "完成停车设施布局规划", Due: d(2026, 11, 10)}, {Title: "新增泊位投入使用", Due: d(2026, 12, 31)}},
			life: func(p *taskPlan, g *gen) {
				p.assignSigned(g, d(2026, 9, 16))
				p.quarterReports(g, d(2026, 9, 30), 20, "规划编制单位已确定，完成现状调查。")
				p.report(p.lead, d(2026, 11, 12), 35, "规划初稿已形成，正征求相关部门意见。")
				p.remind(p.lead, d(2026, 11, 13), "布局规划节点已逾期，请加快推进。")
			}},
		{source: data.SourceInstruction, ref: "县委书记批示（2026年9月18日）",
			title:   "企业欠薪问题专项治理",
			content: "对全县在建工程项目和劳动密集型企业开展欠薪问题专项治理，做到欠薪案件动态清零，落实农民工工资专户和保证金制度。",
			lead:    "县人力资源和社会保障局", others: []string{"县住房和城乡建设局", "县交通运输局"},
			registered: d(2026, 9, 21), due: d(2026, 11, 13),
			life: func(p *taskPlan, g *gen) {
				p.assignSigned(g, d(2026, 9, 22))
				p.quarterReports(g, d(2026, 9, 30), 30, "摸排在建项目58个，发现欠薪线索11条。")
				p.report(p.lead, d(2026, 11, 5), 60, "已化解欠薪案件7件，4件正在调处。")
				p.remind(nil, d(2026, 11, 16), "办结期限已过，请于一周内报送办理结果。")
				p.holdAccountable(p.others[0], d(2026, 11, 20), "通报批评", "所承担的在建工程项目欠薪清零任务超过办结期限仍未完成")
			}},
		{source: data.SourceStandingCommittee, ref: "县委常委会2026年第15次会议",
			title:   "城区背街小巷提升改造",
			content: "对城区32条背街小巷实施路面硬化、雨污分流、杆线整治和立面改造，改善群众出行和居住环境。",
			lead:    "县城市管理和综合执法局", others: []string{"县住房和城乡建设局", "凤栖街道", "溪南街道"},
			registered: d(2026, 9, 28), due: d(2026, 11, 18),
			life: func(p *taskPlan, g *gen) {
				p.assignSigned(g, d(2026, 9, 29))
				p.report(p.lead, d(2026, 10, 20), 55, "已完成18条小巷路面和雨污分流改造。")
				p.extend(d(2026, 11, 12), 0, d(2026, 11, 25), "3条小巷涉及管线迁改协调，需延长工期", "县政府分管副县长")
				p.report(p.lead, d(2026, 11, 12), 85, "29条小巷改造完成，其余3条正在施工。")
			}},
		{source: data.SourceInstruction, ref: "县长批示（2026年11月6日）",
			title:   "森林防火专项整治",
			content: "进入森林防火紧要期，对林区野外用火、防火通道和扑火物资储备开展专项整治，严防森林火灾发生。",
			lead:    "县林业局", others: []string{"县应急管理局", "黄岗乡", "青山乡"},
			registered: d(2026, 11, 9), due: d(2026, 12, 31),
			life: func(p *taskPlan, g *gen) {
				p.assign(d(2026, 11, 10))
				p.sign(g, p.lead, d(2026, 11, 11))
				p.sign(g, p.others[0], d(2026, 11, 12))
				p.sign(g, p.others[2], d(2026, 11, 16))
				p.remind(p.others[1], d(2026, 11, 17), "签收期限已过，请即签收。")
			}},
		{source: data.SourceExecutiveMeeting, ref: "县政府2026年第22次常务会议",
			title:   "冬春农田水利基本建设",
			content: "组织实施冬春农田水利基本建设，完成山塘水库除险加固12座、灌溉渠道清淤80公里。",
			lead:    "县水利局", others: []string{"县农业农村局", "溪口镇"},
			registered: d(2026, 11, 17), due: d(2027, 3, 31),
			milestones: []data.Milestone{{Title: "完成山塘水库除险加固", Due: d(2027, 1, 31)}},
			life: func(p *taskPlan, g *gen) {
				p.assign(d(2026, 11, 18))
				p.sign(g, p.lead, d(2026, 11, 19))
			}},
		{source: data.SourceStandingCommittee, ref: "县委常委会2026年第17次会议",
			title:   "乡镇便民服务中心标准化建设",
			content: "按照“六统一”标准推进乡镇便民服务中心建设，实现群众办事“就近办、一次办”。",
			lead:    "县行政服务中心管理委员会", others: []string{"城关镇", "龙潭镇", "桃源镇"},
			registered: d(2026, 11, 19), due: d(2027, 6, 30),
			life: func(*taskPlan, *gen) {}},
		{source: data.SourceMotion, ref: "县政协十届五次会议第37号提案",
			title:   "关于规范涉企检查的提案",
			content: "建立涉企检查计划备案和“综合查一次”制度，减少重复检查，切实减轻企业负担。",
			lead:    "县市场监督管理局", others: []string{"县司法局"},
			registered: d(2026, 11, 20), due: d(2027, 3, 31),
			life: func(*taskPlan, *gen) {}},
	}
}

// taskNotice is the 督办通知单 of a task to one of its units, in the
// default wording of the program's template.
func taskNotice(t *data.Task, u *unitRec, signDue data.Date) *data.Document {
	body := t.NoticeBody(u.u.ID, signDue) + "\n" +
		fmt.Sprintf("请你单位高度重视，明确责任领导和具体承办人员，认真抓好落实，每季度末将工作进展情况书面报告我办，于%s前办结并报送办结报告。对工作推进不力、逾期未办结的，我办将予以通报，并按有关规定追究效能责任。", t.Due.Chinese()) +
		"\n特此通知。"
	return &data.Document{Kind: data.DocTaskNotice, Title: "督办通知单", RecipientUnitID: u.u.ID, Recipient: u.u.Name, Body: body}
}

// tasks writes the planned tasks, each through its steps in order.
func (ex *executor) tasks() error {
	for _, p := range ex.plan.tasks {
		if err := ex.task(p); err != nil {
			return fmt.Errorf("task %s: %w", p.t.Title, err)
		}
		ex.tick()
	}
	return nil
}

func (ex *executor) task(p *taskPlan) error {
	ctx, db := ex.ctx, ex.db
	t := p.t
	t.LeadUnitID = p.lead.u.ID
	for _, u := range p.others {
		t.UnitIDs = append(t.UnitIDs, u.u.ID)
	}
	ex.as(inspector)
	if err := db.CreateTask(ctx, t); err != nil {
		return err
	}
	for _, s := range p.steps {
		unitID := ""
		if s.unit != nil {
			unitID = s.unit.u.ID
		}
		milestoneID := ""
		if s.milestone > 0 {
			milestoneID = t.Milestones[s.milestone-1].ID
		}
		var err error
		switch s.kind {
		case data.TaskEventAssigned:
			err = ex.assignTask(p, s.on)
		case data.TaskEventSigned:
			err = db.SignTask(ctx, t.ID, unitID, s.on, s.by)
		case data.TaskEventProgress:
			err = db.ReportTaskProgress(ctx, t.ID, unitID, s.on, s.percent, s.text)
		case data.TaskEventMilestone:
			err = db.CompleteMilestone(ctx, t.ID, milestoneID, s.on, s.text)
		case data.TaskEventExtended:
			err = db.ExtendTask(ctx, t.ID, milestoneID, s.on, s.due, s.text, s.by)
		case data.TaskEventReminded:
			err = db.RemindTask(ctx, t.ID, unitID, s.on, "电话", s.text)
		case data.TaskEventReport:
			err = db.SubmitTaskReport(ctx, t.ID, s.on, s.text)
		case data.TaskEventAccepted:
			err = db.AcceptTask(ctx, t.ID, s.on, s.passed, s.text)
		case data.TaskEventAction:
			err = db.HoldTaskAccountable(ctx, t.ID, &data.Action{TargetKind: data.TargetUnit, UnitID: unitID, Measure: s.measure,
				Reason: fmt.Sprintf("督办事项%s“%s”：%s", t.Number, t.Title, s.text), DecidedOn: s.on, DecidedBy: officeName})
		}
		if err != nil {
			return fmt.Errorf("%s on %s: %w", s.kind, s.on, err)
		}
	}
	return nil
}

// assignTask hands a task over with a 督办通知单 to each unit, signed by a
// leader the same day.
func (ex *executor) assignTask(p *taskPlan, on data.Date) error {
	signDue := ex.g.addWork(on, ex.g.settings.AcceptLimitDays)
	t, err := ex.db.Task(ex.ctx, p.t.ID)
	if err != nil {
		return err
	}
	var notices []*data.Document
	for _, u := range p.units() {
		notices = append(notices, taskNotice(t, u, signDue))
	}
	if _, err := ex.db.AssignTask(ex.ctx, p.t.ID, on, notices); err != nil {
		return err
	}
	ex.asSigner(p.signer)
	defer ex.as(inspector)
	for _, n := range notices {
		if _, err := ex.db.SignDocument(ex.ctx, n.ID, on, p.signer.Name); err != nil {
			return fmt.Errorf("督办通知单 to %s: %w", n.Recipient, err)
		}
	}
	return nil
}

// appraisals writes the planned rounds and warns the bottom key posts.
func (ex *executor) appraisals() error {
	for _, p := range ex.plan.appraisals {
		r := p.r
		for i, u := range p.units {
			r.Results[i].UnitID = u.u.ID
		}
		for i, u := range p.posts {
			r.Posts[i].UnitID = u.u.ID
		}
		ex.as(inspector)
		if err := ex.db.CreateAppraisal(ex.ctx, r); err != nil {
			return fmt.Errorf("appraisal %s: %w", r.Title, err)
		}
		if len(p.warn) > 0 {
			var ids []string
			for _, i := range p.warn {
				ids = append(ids, r.Posts[i].ID)
			}
			if _, err := ex.db.WarnPosts(ex.ctx, r.ID, ids, p.warnOn, officeName, ""); err != nil {
				return fmt.Errorf("warnings of %s: %w", r.Title, err)
			}
		}
		ex.tick()
	}
	return nil
}
