package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"xiaoneng/data"
)

// unitRec is a planned unit; u.ID is set when it is created.
type unitRec struct {
	key        string // the plan's name for it, until it has an ID
	u          *data.Unit
	parent     *unitRec
	mergedInto *unitRec
	services   []string
	retiredOn  data.Date // 已撤并 from this day; zero while active
	weight     int       // how often the public complains about it
	enforcer   bool      // inspects, fines or enforces: 乱检查/乱罚款 make sense
}

// active reports whether the unit was in service on day d.
func (r *unitRec) active(d data.Date) bool { return r.retiredOn.IsZero() || d.Before(r.retiredOn) }

func (r *unitRec) cat() data.UnitCategory { return r.u.Category }

// short is how complainants name the unit.
func (r *unitRec) short() string {
	if r.u.ShortName != "" {
		return r.u.ShortName
	}
	return r.u.Name
}

// enforcers are the units whose staff inspect, fine or enforce.
var enforcers = []string{
	"县公安局", "县公安局交警大队车辆管理所", "县市场监督管理局", "县城市管理和综合执法局",
	"县城市管理综合执法大队", "县交通运输综合执法大队", "市生态环境局清溪分局", "县应急管理局",
	"县消防救援大队", "县文化市场综合执法大队", "县农业综合执法大队", "国家税务总局清溪县税务局",
	"县市场监督管理局城关市场监督管理所", "县市场监督管理局溪口市场监督管理所", "县劳动保障监察大队",
	"县自然资源局", "县林业局", "县卫生健康局",
}

// busy units draw more complaints, as the real counters of a county do.
var busy = []string{
	"县不动产登记中心", "县公安局交警大队车辆管理所", "县社会保险中心经办窗口", "国网清溪县供电公司",
	"县城市管理综合执法大队", "清溪县自来水有限公司", "县医疗保障服务中心", "县政务服务中心市场监管窗口",
	"中国移动通信集团清溪分公司", "清溪县人民医院", "城关镇", "县房产交易中心", "县政务服务中心公安户籍窗口",
}

// retirements say when the retired units went out of service.
var retirements = map[string]data.Date{
	"县粮食局":          data.NewDate(2019, time.March, 1),
	"县政务服务中心国土窗口":   data.NewDate(2019, time.June, 1),
	"清溪县金桥代理记账有限公司": data.NewDate(2025, time.July, 1),
	"东坪乡":           data.NewDate(2026, time.March, 1),
}

// planUnits builds the county's units, parents before their children.
func (g *gen) planUnits() []*unitRec {
	var out []*unitRec
	byName := map[string]*unitRec{}
	add := func(s unitSpec, cat data.UnitCategory) *unitRec {
		r := &unitRec{
			key:      fmt.Sprintf("u%d", len(out)),
			u:        &data.Unit{Name: s.name, ShortName: s.short, Category: cat, Note: s.note, Hotline: s.hotline},
			services: s.services,
			weight:   4,
			enforcer: slices.Contains(enforcers, s.name),
		}
		if s.parent != "" {
			r.parent = byName[s.parent]
			if r.parent == nil {
				panic("demo: unknown parent " + s.parent) // the tables are constant
			}
		}
		if slices.Contains(busy, s.name) {
			r.weight = 14
		}
		if s.retired {
			r.retiredOn = retirements[s.name]
			r.weight = 2
		}
		g.fillContacts(r)
		out = append(out, r)
		byName[s.name] = r
		return r
	}

	for _, t := range townships {
		add(unitSpec{name: t.name, short: t.short, services: townshipServices}, data.UnitTownship)
	}
	add(unitSpec{name: "东坪乡", short: "东坪乡", services: townshipServices, retired: true, mergedInto: "西岭镇",
		note: "2026年3月撤乡并镇，并入西岭镇"}, data.UnitTownship)
	for _, t := range townships {
		add(unitSpec{name: t.name + "便民服务中心", short: t.short + "便民服务中心", parent: t.name, services: serviceCentreServices}, data.UnitWindow)
	}
	for _, d := range departments {
		add(d, data.UnitDepartment)
	}
	for _, w := range windows {
		add(w, data.UnitWindow)
	}
	for _, s := range utilities {
		add(s, data.UnitUtility)
	}
	for _, s := range agencies {
		add(s, data.UnitAgency)
	}
	for _, e := range enterprises {
		short := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(e, countyName), "清溪"), "有限公司"), "专业合作社")
		add(unitSpec{name: e, short: short, services: enterpriseServices}, data.UnitMonitored)
	}
	for _, s := range others {
		add(s, data.UnitOther)
	}

	// The merges name their successor, which exists by now.
	specs := append(append(append([]unitSpec{}, departments...), windows...), agencies...)
	specs = append(specs, unitSpec{name: "东坪乡", mergedInto: "西岭镇"})
	for _, s := range specs {
		if s.mergedInto != "" {
			byName[s.name].mergedInto = byName[s.mergedInto]
		}
	}
	return out
}

// fillContacts gives a unit its people, phones, address and 制度公示 record.
func (g *gen) fillContacts(r *unitRec) {
	u := r.u
	u.Principal = g.person()
	u.LeaderInCharge = g.person()
	u.Contact = g.person()
	u.Phone = g.officePhone()
	if g.chance(0.3) {
		u.Phone = g.mobile()
	}
	switch u.Category {
	case data.UnitWindow, data.UnitUtility, data.UnitDepartment:
		if u.Hotline == "" && (u.Category != data.UnitDepartment || g.chance(0.4)) {
			u.Hotline = g.officePhone()
		}
	}
	switch u.Category {
	case data.UnitTownship:
		u.Address = fmt.Sprintf("%s%s%s%d号", countyName, u.Name, pick(g, []string{"中心街", "政府路", "新街", "溪滨路", "建设路"}), g.between(1, 90))
	case data.UnitMonitored:
		u.Address = fmt.Sprintf("%s%s%s%d号", countyName, pick(g, industrialParks), pick(g, []string{"纬一路", "纬二路", "经三路", "园区大道", "创业路"}), g.between(1, 60))
	default:
		switch town := townOf(u.Name); {
		case strings.HasPrefix(u.Name, "县政务服务中心"):
			u.Address = fmt.Sprintf("%s府前路88号县政务服务中心%d楼", countyName, g.between(1, 3))
		case town != "城关镇":
			u.Address = fmt.Sprintf("%s%s%s%d号", countyName, town, pick(g, []string{"中心街", "新街", "政府路", "溪滨路"}), g.between(1, 90))
		default:
			u.Address = fmt.Sprintf("%s城关镇%s%d号", countyName, pick(g, streets), g.between(1, 300))
		}
	}
	if r.retiredOn.IsZero() || r.retiredOn.Year() >= 2025 {
		g.fillDisclosures(u)
	}
}

// townOf is the township a unit is in: the one its name mentions (溪口派出所
// is in 溪口镇), or the county seat.
func townOf(name string) string {
	for _, t := range townships {
		place := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(t.name, "街道"), "镇"), "乡")
		if strings.Contains(name, place) {
			return t.name
		}
	}
	return "城关镇"
}

// fillDisclosures records the 制度公示 checklist the office last checked
// before the demo's history begins: units facing the public are checked,
// most post most rules, a few have gaps the rounds will find.
func (g *gen) fillDisclosures(u *data.Unit) {
	switch u.Category {
	case data.UnitMonitored:
		return
	case data.UnitAgency, data.UnitOther:
		if g.chance(0.5) {
			return
		}
	}
	checked := data.NewDate(2024, time.December, g.between(2, 27))
	missing := choose(g, []weighted[int]{{0, 5}, {1, 4}, {2, 2}, {3, 1}})
	gaps := map[int]bool{}
	for range missing {
		gaps[g.rng.IntN(len(data.DisclosureItems))] = true
	}
	for i, item := range data.DisclosureItems {
		u.Disclosures = append(u.Disclosures, data.Disclosure{Item: item, Posted: !gaps[i], CheckedOn: checked})
	}
}

// The office's people.
type people struct {
	all        []*data.Person
	leaders    []*data.Person // sign documents
	staff      []*data.Person // 效能办工作人员
	inspectors []*data.Person // 效能监察专员 (active)
	invited    []*data.Person // 特邀监察员 and 政风行风监督员
}

// names of the office: the team is fixed, but its names come from the seed.
func (g *gen) planPeople() people {
	var p people
	add := func(role data.PersonRole, post, org string, sign, see, active bool, note string) *data.Person {
		x := &data.Person{Name: g.person(), Role: role, Post: post, Organization: org, Phone: g.mobile(),
			CanSign: sign, CanSeeIdentity: see, Active: active, Note: note}
		for slices.ContainsFunc(p.all, func(o *data.Person) bool { return o.Name == x.Name }) {
			x.Name = g.person()
		}
		p.all = append(p.all, x)
		return x
	}
	p.leaders = append(p.leaders,
		add(data.RoleLeader, "县纪委副书记、县监委副主任，县效能办主任", "中共清溪县纪律检查委员会", true, true, true, ""),
		add(data.RoleLeader, "县效能办常务副主任", officeName, true, true, true, ""))
	for _, post := range []string{"综合科科长", "投诉受理中心主任", "督查科科长", "投诉受理中心副主任", "督查科副科长", "科员", "科员", "办事员"} {
		see := strings.Contains(post, "投诉") || strings.Contains(post, "综合")
		p.staff = append(p.staff, add(data.RoleStaff, post, officeName, false, see, true, ""))
	}
	for _, org := range []string{"原县财政局", "原县住房和城乡建设局", "原县教育局", "原县审计局", "原城关镇人民政府", "原县市场监督管理局"} {
		p.inspectors = append(p.inspectors, add(data.RoleInspector, "效能监察专员（退休干部）", org, false, false, true, ""))
	}
	add(data.RoleInspector, "效能监察专员（退休干部）", "原县交通运输局", false, false, false, "2025年12月因身体原因不再担任")
	invited := []struct {
		role      data.PersonRole
		post, org string
	}{
		{data.RoleInvited, "特邀监察员", "县人大代表、城关镇溪滨社区党委书记"},
		{data.RoleInvited, "特邀监察员", "县政协委员、清溪绿源食品有限公司总经理"},
		{data.RoleInvited, "特邀监察员", "县第一中学退休教师"},
		{data.RoleSupervisor, "政风行风监督员", "清溪县个体劳动者协会"},
		{data.RoleSupervisor, "政风行风监督员", "县融媒体中心记者"},
		{data.RoleSupervisor, "政风行风监督员", "凤栖街道凤凰社区居民"},
	}
	for _, x := range invited {
		p.invited = append(p.invited, add(x.role, x.post, x.org, false, false, true, ""))
	}
	return p
}

// handlers are the staff who register and move complaints.
func (p people) handlers() []*data.Person { return p.staff[:6] }
