package reports

import (
	"context"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// statsNow is the clock of the statistics fixture: a Saturday in November,
// after the third quarter it counts.
var statsNow = time.Date(2026, 11, 21, 10, 0, 0, 0, data.Zone)

// statsLedger is a county's third quarter of 2026, small enough to count by
// hand (the counts are in stats_test.go):
//
//	T1  07-03 电话 市场监管局 脸难看  交办市场监管局5日(到期07-10)，07-08反馈，属实，满意：按期办结
//	T2  07-10 电话 市场监管局 事难办  交办市场监管局5日(到期07-17)，07-20反馈，部分属实，基本满意：超期办结
//	T3  07-15 来访 不动产窗口 事难办  交办自然资源局5日(到期07-22)，仍在办理：超期未办结
//	T4  08-01 来信 城关镇 不作为      交办城关镇5日，按期反馈，不属实，回访不满意，重办后08-20反馈待核实
//	T5  08-05 电话 供电公司 乱收费    不予受理
//	T6  08-20 网络 东城街道 慢作为    转办县信访局
//	T7  09-01 12345 城关镇 推诿扯皮  已受理待交办
//	T8  09-10 电话 自然资源局 执法不规范 待受理
//	T9  09-12 电话 市场监管局        重复件，并入T1
//	T10 09-28 来访 供电公司 其他      交办供电公司5日(到期10-10)，10-09反馈，无法核实，满意：按期办结
//	T11 06-29 电话 市场监管局 (第二季度) 交办5日，超期反馈后满意办结
//
// Supervision: a round of 暗访 over the quarter, visits V1 07-08 城关镇 (two
// findings: one rectified, one 整改不到位), V2 08-12 不动产窗口 (one finding
// left past its deadline), V3 08-20 市场监管局 (nothing found), V4 09-15
// 市场监管局 (one finding put right on the spot), V5 10-10 东城街道 (next
// quarter). Actions: 通报批评 of 市场监管局 08-15, 诫勉谈话 of a person of the
// window 08-20 and of 城关镇 09-05, 黄牌警告 of 东城街道 10-02 (next quarter).
type statsLedger struct {
	db                                     *store.DB
	town, street, market, land, window, hq *data.Unit
	power, plant                           *data.Unit
}

func newStatsLedger(t testing.TB) *statsLedger {
	t.Helper()
	ctx := context.Background()
	db := storetest.New(t)
	db.SetClock(func() time.Time { return statsNow })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	s := &statsLedger{db: db}
	newUnit := func(name string, cat data.UnitCategory, parent *data.Unit) *data.Unit {
		u := &data.Unit{Name: name, Category: cat}
		if parent != nil {
			u.ParentID = parent.ID
		}
		must(db.CreateUnit(ctx, u))
		return u
	}
	s.town = newUnit("城关镇人民政府", data.UnitTownship, nil)
	s.street = newUnit("东城街道办事处", data.UnitTownship, nil)
	s.market = newUnit("县市场监督管理局", data.UnitDepartment, nil)
	s.land = newUnit("县自然资源局", data.UnitDepartment, nil)
	s.window = newUnit("政务服务中心不动产登记窗口", data.UnitWindow, s.land)
	s.power = newUnit("县供电公司", data.UnitUtility, nil)
	s.plant = newUnit("清溪纺织有限公司", data.UnitMonitored, nil)
	s.hq = s.market

	tm := func(v string) time.Time {
		at, err := time.ParseInLocation("2006-01-02 15:04", v, data.Zone)
		must(err)
		return at
	}
	complaint := func(received string, ch data.Channel, u *data.Unit, cat data.Category, subject string) *data.Complaint {
		c := &data.Complaint{ReceivedAt: tm(received), Channel: ch, UnitID: u.ID, Complainant: data.Complainant{Name: "王芳", Phone: "13905918888"},
			Category: cat, Subject: subject, Content: subject + "，请求处理。"}
		_, err := db.RegisterComplaint(ctx, c)
		must(err)
		return c
	}
	step := func(c *data.Complaint, kind data.EventKind, at string, mod ...func(*data.Step)) {
		st := data.Step{Kind: kind, At: tm(at), Method: "电话", Note: "已处理"}
		for _, m := range mod {
			m(&st)
		}
		_, _, err := db.ApplyStep(ctx, c.ID, st)
		must(err)
	}
	to := func(u *data.Unit, days int) func(*data.Step) {
		return func(s *data.Step) { s.HandlerUnitID, s.LimitDays = u.ID, days }
	}
	result := func(r string) func(*data.Step) { return func(s *data.Step) { s.Result = r } }
	conclude := func(c *data.Complaint, fedBack, verdict string, sat data.Satisfaction) {
		step(c, data.EventFeedback, fedBack+" 16:00")
		step(c, data.EventVerify, fedBack+" 17:00", result(verdict))
		step(c, data.EventReply, fedBack+" 17:30")
		step(c, data.EventFollowUp, fedBack+" 18:00", result(string(sat)))
	}

	t1 := complaint("2026-07-03 09:00", data.ChannelPhone, s.market, "脸难看", "窗口工作人员态度生硬")
	step(t1, data.EventAssign, "2026-07-03 10:00", to(s.market, 5))
	conclude(t1, "2026-07-08", "属实", data.Satisfied)
	t2 := complaint("2026-07-10 09:00", data.ChannelPhone, s.market, "事难办", "营业执照变更多次往返")
	step(t2, data.EventAssign, "2026-07-10 10:00", to(s.market, 5))
	conclude(t2, "2026-07-20", "部分属实", data.FairlySatisfied)
	t3 := complaint("2026-07-15 09:00", data.ChannelVisit, s.window, "事难办", "不动产登记超时")
	step(t3, data.EventAssign, "2026-07-15 10:00", to(s.land, 5))
	t4 := complaint("2026-08-01 09:00", data.ChannelLetter, s.town, "不作为", "违建举报无人处理")
	step(t4, data.EventAssign, "2026-08-03 10:00", to(s.town, 5))
	conclude(t4, "2026-08-07", "不属实", data.Dissatisfied)
	step(t4, data.EventFeedback, "2026-08-20 10:00")
	t5 := complaint("2026-08-05 09:00", data.ChannelPhone, s.power, "乱收费", "收取未公示费用")
	step(t5, data.EventReject, "2026-08-05 10:00")
	t6 := complaint("2026-08-20 09:00", data.ChannelOnline, s.street, "慢作为", "社区证明开具慢")
	step(t6, data.EventTransfer, "2026-08-20 10:00", func(s *data.Step) { s.TransferTo = "县信访局" })
	t7 := complaint("2026-09-01 09:00", data.Channel12345, s.town, "推诿扯皮/办事拖拉", "部门之间相互推诿")
	step(t7, data.EventAccept, "2026-09-01 10:00")
	complaint("2026-09-10 09:00", data.ChannelPhone, s.land, "执法不规范", "执法未出示证件")
	t9 := complaint("2026-09-12 09:00", data.ChannelPhone, s.market, "脸难看", "窗口工作人员态度生硬（重复）")
	step(t9, data.EventMerge, "2026-09-12 10:00", func(s *data.Step) { s.RelatedID = t1.ID })
	t10 := complaint("2026-09-28 09:00", data.ChannelVisit, s.power, "其他", "抄表数据有误")
	step(t10, data.EventAssign, "2026-09-28 10:00", to(s.power, 5))
	conclude(t10, "2026-10-09", "无法核实", data.Satisfied)
	t11 := complaint("2026-06-29 09:00", data.ChannelPhone, s.market, "事难办", "个体执照注销难")
	step(t11, data.EventAssign, "2026-06-29 10:00", to(s.market, 5))
	conclude(t11, "2026-07-15", "属实", data.Satisfied)

	round := &data.Round{Title: "2026年第三季度明察暗访", Kind: data.RoundCovert, Start: data.NewDate(2026, 7, 1), End: data.NewDate(2026, 9, 30)}
	must(db.CreateRound(ctx, round))
	visit := func(u *data.Unit, at string, findings ...*data.Finding) {
		for _, f := range findings {
			f.UnitID = u.ID
		}
		must(db.RecordVisit(ctx, &data.Visit{RoundID: round.ID, UnitID: u.ID, VisitedAt: tm(at)}, findings, nil))
	}
	finding := func(cat data.Category, d data.Disposition) *data.Finding {
		return &data.Finding{Category: cat, Description: "检查发现的问题", Disposition: d}
	}
	f1, f2 := finding("脱岗/纪律作风", data.DispositionNotice), finding("事难办", data.DispositionNotice)
	visit(s.town, "2026-07-08 09:30", f1, f2)
	visit(s.window, "2026-08-12 09:30", finding("门难进", data.DispositionNotice))
	visit(s.market, "2026-08-20 09:30")
	visit(s.market, "2026-09-15 09:30", finding("乱收费", data.DispositionOnSite))
	visit(s.street, "2026-10-10 09:30", finding("脸难看", data.DispositionNotice))
	for _, f := range []*data.Finding{f1, f2} {
		must(db.SubmitRectificationReport(ctx, f.ID, data.NewDate(2026, 7, 15), "已整改", nil))
	}
	_, err := db.RecheckFinding(ctx, f1.ID, data.NewDate(2026, 7, 20), data.RecheckPassed, "", "", 0)
	must(err)
	_, err = db.RecheckFinding(ctx, f2.ID, data.NewDate(2026, 7, 20), data.RecheckFailed, "", "", 60)
	must(err)

	for _, a := range []*data.Action{
		{TargetKind: data.TargetUnit, UnitID: s.market.ID, Measure: "通报批评", DecidedOn: data.NewDate(2026, 8, 15)},
		{TargetKind: data.TargetPerson, UnitID: s.window.ID, PersonName: "刘某", Measure: "诫勉谈话", DecidedOn: data.NewDate(2026, 8, 20)},
		{TargetKind: data.TargetPerson, UnitID: s.town.ID, PersonName: "陈某", Measure: "诫勉谈话", DecidedOn: data.NewDate(2026, 9, 5)},
		{TargetKind: data.TargetUnit, UnitID: s.street.ID, Measure: "黄牌警告", DecidedOn: data.NewDate(2026, 10, 2)},
	} {
		must(db.CreateAction(ctx, a))
	}
	return s
}
