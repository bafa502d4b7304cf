package demo

import (
	"fmt"
	"slices"
	"strings"

	"xiaoneng/data"
)

// logPlan is a planned 公务活动登记 entry.
type logPlan struct {
	a         *data.ActivityLog
	unit      *unitRec
	complaint *complaint // the complaint the enterprise raised over this visit
}

// agencyVisits are why government bodies come to an enterprise.
var agencyVisits = []struct {
	agency  string
	purpose data.ActivityPurpose
	basis   string
	note    string
	only    []string // the visit suits only enterprises whose names have one of these
}{
	{"县市场监督管理局", "检查", "《中华人民共和国食品安全法》第一百一十条", "食品生产许可条件及原料进货查验记录检查", []string{"食品", "茶", "米业", "酒", "矿泉水", "药业"}},
	{"县市场监督管理局", "执收执罚", "《中华人民共和国产品质量法》第五十条", "产品质量监督抽查不合格后续处理", nil},
	{"市生态环境局清溪分局", "检查", "《中华人民共和国环境保护法》第二十四条", "废水排放口在线监测设备运行检查", []string{"纸业", "纺织", "水泥", "药业", "养殖", "电子", "酒"}},
	{"县应急管理局", "检查", "《中华人民共和国安全生产法》第六十五条", "安全生产标准化及隐患排查治理情况检查", nil},
	{"县应急管理局", "执收执罚", "《中华人民共和国安全生产法》第一百零二条", "安全隐患逾期未整改立案查处", nil},
	{"县消防救援大队", "检查", "《中华人民共和国消防法》第五十三条", "消防设施器材及疏散通道检查", nil},
	{"国家税务总局清溪县税务局", "检查", "《中华人民共和国税收征收管理法》第五十四条", "增值税发票使用情况核查", nil},
	{"县人力资源和社会保障局", "检查", "《劳动保障监察条例》第十五条", "劳动用工及工资支付情况检查", nil},
	{"县自然资源局", "检查", "《中华人民共和国土地管理法》第六十八条", "厂区用地情况核查", nil},
	{"县卫生健康局", "检查", "《中华人民共和国职业病防治法》第六十二条", "职业病危害因素检测情况检查", nil},
	{"县统计局", "检查", "《中华人民共和国统计法》第三十五条", "统计报表数据质量核查", nil},
	{"县科技和工业信息化局", "评比", "县政府办公室关于开展年度工业企业评优工作的通知", "年度工业企业评优申报材料核实", nil},
	{"县农业农村局", "其他", "县委农办关于开展农业产业化龙头企业监测的通知", "农业产业化龙头企业运行监测座谈", []string{"茶", "米业", "农业", "养殖"}},
}

// planActivityLogs plans each monitored enterprise's 公务活动登记 over the
// two years, and the entries the 监测点反映 complaints are about.
func (g *gen) planActivityLogs(units []*unitRec, complaints []*complaint) []*logPlan {
	var out []*logPlan
	days := g.from.DaysUntil(g.today)
	for _, u := range units {
		if u.cat() != data.UnitMonitored {
			continue
		}
		var mine []*logPlan
		var suits []int
		for i, v := range agencyVisits {
			if len(v.only) == 0 || slices.ContainsFunc(v.only, func(k string) bool { return strings.Contains(u.u.Name, k) }) {
				suits = append(suits, i)
			}
		}
		for range g.between(2, 6) {
			v := agencyVisits[pick(g, suits)]
			on := g.workday(g.from.AddDays(g.rng.IntN(days)))
			if !on.Before(g.today) {
				continue
			}
			a := &data.ActivityLog{On: on, Agency: v.agency, Officers: g.officers(), Purpose: v.purpose, Basis: v.basis,
				FormFilled: g.chance(0.9), Note: v.note}
			if !a.FormFilled {
				a.Note += "；执法人员未填写公务活动登记表，企业事后补记"
			}
			mine = append(mine, &logPlan{a: a, unit: u})
		}
		slices.SortStableFunc(mine, func(a, b *logPlan) int { return a.a.On.Compare(b.a.On) })
		out = append(out, mine...)
	}
	for _, tk := range complaints {
		if tk.enterprise == nil {
			continue
		}
		a := &data.ActivityLog{On: tk.activityOn, Agency: tk.unit.u.Name, Officers: g.officers(), Purpose: "检查",
			Basis: "未出示", FormFilled: tk.c.Category != "乱检查" && g.chance(0.6),
			Note: fmt.Sprintf("企业认为此次检查存在“%s”问题，已向县效能办反映", g.behaviourOf(tk))}
		if tk.c.Category == "乱罚款" {
			a.Purpose = "执收执罚"
		}
		out = append(out, &logPlan{a: a, unit: tk.enterprise, complaint: tk})
	}
	return out
}

// officers are two law-enforcement officers with their certificate numbers.
func (g *gen) officers() string {
	return fmt.Sprintf("%s（执法证号%08d）、%s（执法证号%08d）", g.person(), g.rng.IntN(100000000), g.person(), g.rng.IntN(100000000))
}
