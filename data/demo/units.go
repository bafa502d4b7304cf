package demo

// countyName is the fictional county of the demo ledger.
const countyName = "清溪县"

// unitSpec describes one unit of the demo county. Parents are named, so the
// table reads like the county's organisation chart; services are what people
// come to the unit for, and feed the complaint texts.
type unitSpec struct {
	name, short string
	parent      string
	services    []string
	hotline     string // a national service number; "" for a local one or none
	retired     bool   // 已撤并 (into mergedInto) by the demo's today
	mergedInto  string
	note        string
}

// townships are the county's 乡镇 and 街道; each gets a 便民服务中心.
var townships = []struct{ name, short string }{
	{"城关镇", "城关镇"}, {"溪口镇", "溪口镇"}, {"青山乡", "青山乡"}, {"龙潭镇", "龙潭镇"},
	{"白沙镇", "白沙镇"}, {"石门乡", "石门乡"}, {"桃源镇", "桃源镇"}, {"梅林乡", "梅林乡"},
	{"双溪镇", "双溪镇"}, {"西岭镇", "西岭镇"}, {"黄岗乡", "黄岗乡"}, {"高桥镇", "高桥镇"},
	{"凤栖街道", "凤栖街道"}, {"溪南街道", "溪南街道"},
}

var townshipServices = []string{
	"办理城乡居民医保参保", "申请最低生活保障", "开具居住证明", "申请农村宅基地建房审批",
	"申请危房改造补助", "办理高龄津贴", "申领残疾人两项补贴", "办理新生儿落户材料",
}

var serviceCentreServices = []string{
	"办理城乡居民养老保险缴费", "申请临时救助", "办理老年人优待证", "开具无犯罪记录证明材料",
	"办理农村土地承包经营权变更", "申领耕地地力保护补贴",
}

// departments are the 县直部门, their windows listed after them.
var departments = []unitSpec{
	{name: "县发展和改革局", short: "县发改局", services: []string{"办理企业投资项目备案", "办理固定资产投资项目节能审查", "申请价格认定"}},
	{name: "县教育局", short: "县教育局", services: []string{"申请教师资格认定", "办理学生转学手续", "申请民办培训机构办学许可"}},
	{name: "县科技和工业信息化局", short: "县工信局", services: []string{"申报企业技术改造项目", "申请工业企业奖补资金"}},
	{name: "县公安局", short: "县公安局", services: []string{"办理户口迁移", "补办居民身份证", "申请治安案件处理"}},
	{name: "县民政局", short: "县民政局", services: []string{"申请社会组织登记", "办理殡葬补助", "申请特困人员供养"}},
	{name: "县司法局", short: "县司法局", services: []string{"申请法律援助", "申请人民调解"}},
	{name: "县财政局", short: "县财政局", services: []string{"办理政府采购资金支付", "申领惠农补贴"}},
	{name: "县人力资源和社会保障局", short: "县人社局", services: []string{"申请职称评审", "投诉企业拖欠工资", "办理人事档案转递"}},
	{name: "县自然资源局", short: "县自然资源局", services: []string{"办理建设用地审批", "申请建设工程规划许可", "办理采矿许可延续"}},
	{name: "市生态环境局清溪分局", short: "清溪生态环境分局", services: []string{"办理建设项目环评审批", "申领排污许可证"}},
	{name: "县住房和城乡建设局", short: "县住建局", services: []string{"申领建筑工程施工许可证", "办理竣工验收备案", "申请公租房"}},
	{name: "县交通运输局", short: "县交通局", services: []string{"办理道路运输经营许可", "申请超限运输许可"}},
	{name: "县水利局", short: "县水利局", services: []string{"申请取水许可", "办理河道管理范围内建设项目审批"}},
	{name: "县农业农村局", short: "县农业农村局", services: []string{"申请农机购置补贴", "办理农药经营许可", "申报家庭农场"}},
	{name: "县商务局", short: "县商务局", services: []string{"办理对外贸易经营者备案", "申请电商扶持资金"}},
	{name: "县文化体育和旅游局", short: "县文旅局", services: []string{"申请娱乐场所经营许可", "办理网吧经营许可变更"}},
	{name: "县卫生健康局", short: "县卫健局", services: []string{"办理医师执业注册", "申请公共场所卫生许可", "办理出生医学证明补发"}},
	{name: "县退役军人事务局", short: "县退役军人局", services: []string{"申请优抚待遇", "办理退役军人安置"}},
	{name: "县应急管理局", short: "县应急局", services: []string{"申请烟花爆竹经营许可", "办理危险化学品经营许可"}},
	{name: "县审计局", short: "县审计局", services: []string{"咨询审计整改事项"}},
	{name: "县市场监督管理局", short: "县市场监管局", services: []string{"申领营业执照", "办理食品经营许可", "投诉消费纠纷"}},
	{name: "县统计局", short: "县统计局", services: []string{"报送统计报表"}},
	{name: "县医疗保障局", short: "县医保局", services: []string{"办理医保异地就医备案", "申请医疗费用报销"}},
	{name: "县林业局", short: "县林业局", services: []string{"申请林木采伐许可", "办理林权类不动产登记前置审核"}},
	{name: "县城市管理和综合执法局", short: "县城管局", services: []string{"申请临时占道经营", "办理建筑垃圾处置核准", "申请户外广告设置"}},
	{name: "县行政服务中心管理委员会", short: "县政务服务中心管委会", services: []string{"咨询“一件事”集成办理", "预约政务服务事项"}},
	{name: "国家税务总局清溪县税务局", short: "县税务局", services: []string{"办理发票领用", "申报个人所得税汇算", "办理税务注销"}},
	{name: "县信访局", short: "县信访局", services: []string{"反映信访事项"}},
	{name: "县消防救援大队", short: "县消防救援大队", services: []string{"申请公众聚集场所投入使用前消防安全检查", "办理消防验收"}},
	{name: "县气象局", short: "县气象局", services: []string{"办理防雷装置设计审核"}},
	{name: "县烟草专卖局", short: "县烟草专卖局", services: []string{"申领烟草专卖零售许可证"}},
	{name: "县残疾人联合会", short: "县残联", services: []string{"办理残疾人证", "申请残疾人辅助器具"}},
	{name: "县住房公积金管理部", short: "县公积金管理部", services: []string{"办理公积金提取", "申请公积金贷款"}},
	{name: "县粮食局", short: "县粮食局", services: []string{"申请粮食收购资格"}, retired: true, mergedInto: "县发展和改革局", note: "机构改革后职能并入县发展和改革局"},
}

// windows are the 窗口服务单位, each under its 部门.
var windows = []unitSpec{
	{name: "县公安局交警大队车辆管理所", short: "县车管所", parent: "县公安局", services: []string{"办理机动车过户登记", "换领驾驶证", "办理机动车检验合格标志"}},
	{name: "县公安局出入境管理大队", short: "县出入境大队", parent: "县公安局", services: []string{"办理普通护照", "办理往来港澳通行证签注"}},
	{name: "县政务服务中心公安户籍窗口", short: "公安户籍窗口", parent: "县公安局", services: []string{"补办居民身份证", "办理户口迁入", "办理居住证"}},
	{name: "县公安局城关派出所", short: "城关派出所", parent: "县公安局", services: []string{"办理户口登记", "开具户籍证明"}},
	{name: "县公安局溪口派出所", short: "溪口派出所", parent: "县公安局", services: []string{"办理户口登记", "报警求助"}},
	{name: "县民政局婚姻登记处", short: "婚姻登记处", parent: "县民政局", services: []string{"办理结婚登记", "补领结婚证"}},
	{name: "县公证处", short: "县公证处", parent: "县司法局", services: []string{"办理继承公证", "办理学历公证"}},
	{name: "县法律援助中心", short: "县法援中心", parent: "县司法局", services: []string{"申请法律援助", "咨询劳动争议"}},
	{name: "县社会保险中心经办窗口", short: "社保经办窗口", parent: "县人力资源和社会保障局", services: []string{"办理养老保险关系转移", "办理退休待遇核定", "补办社会保障卡"}},
	{name: "县就业服务中心", short: "县就业服务中心", parent: "县人力资源和社会保障局", services: []string{"办理失业登记", "申领创业担保贷款"}},
	{name: "县劳动保障监察大队", short: "县劳动监察大队", parent: "县人力资源和社会保障局", services: []string{"投诉企业拖欠工资"}},
	{name: "县不动产登记中心", short: "不动产登记中心", parent: "县自然资源局", services: []string{"办理不动产转移登记", "办理抵押登记", "补办不动产权证书"}},
	{name: "县政务服务中心国土窗口", short: "国土窗口", parent: "县自然资源局", services: []string{"办理土地登记"}, retired: true, mergedInto: "县不动产登记中心", note: "不动产统一登记后并入县不动产登记中心"},
	{name: "县政务服务中心自然资源窗口", short: "自然资源窗口", parent: "县自然资源局", services: []string{"申请建设用地规划许可", "办理土地复核验收"}},
	{name: "县房产交易中心", short: "县房产交易中心", parent: "县住房和城乡建设局", services: []string{"办理商品房合同备案", "办理存量房交易资金监管"}},
	{name: "县政务服务中心住建窗口", short: "住建窗口", parent: "县住房和城乡建设局", services: []string{"申领施工许可证", "办理建筑业企业资质"}},
	{name: "县道路运输服务中心", short: "县运输服务中心", parent: "县交通运输局", services: []string{"办理道路运输证年审", "办理从业资格证"}},
	{name: "县交通运输综合执法大队", short: "县交通执法大队", parent: "县交通运输局", services: []string{"处理超限运输违法行为", "投诉非法营运"}},
	{name: "县政务服务中心市场监管窗口", short: "市场监管窗口", parent: "县市场监督管理局", services: []string{"申领营业执照", "办理个体工商户变更登记", "办理食品经营许可"}},
	{name: "县市场监督管理局城关市场监督管理所", short: "城关市场监管所", parent: "县市场监督管理局", services: []string{"投诉消费纠纷", "办理小作坊登记"}},
	{name: "县市场监督管理局溪口市场监督管理所", short: "溪口市场监管所", parent: "县市场监督管理局", services: []string{"投诉消费纠纷", "办理食品摊贩备案"}},
	{name: "县医疗保障服务中心", short: "县医保中心", parent: "县医疗保障局", services: []string{"办理医疗费用零星报销", "办理门诊慢特病认定", "办理异地就医备案"}},
	{name: "县政务服务中心税务窗口", short: "税务窗口", parent: "国家税务总局清溪县税务局", services: []string{"领用发票", "办理房产交易契税申报", "代开增值税发票"}},
	{name: "国家税务总局清溪县税务局城关税务分局", short: "城关税务分局", parent: "国家税务总局清溪县税务局", services: []string{"办理税务登记", "办理社保费缴纳"}},
	{name: "县政务服务中心综合受理窗口", short: "综合受理窗口", parent: "县行政服务中心管理委员会", services: []string{"办理“开办餐饮店一件事”", "办理“新生儿出生一件事”"}},
	{name: "县政务服务中心投资项目审批窗口", short: "投资审批窗口", parent: "县行政服务中心管理委员会", services: []string{"办理工程建设项目并联审批", "办理投资项目在线审批"}},
	{name: "县政务服务中心卫健窗口", short: "卫健窗口", parent: "县卫生健康局", services: []string{"申请公共场所卫生许可", "办理医疗机构执业登记"}},
	{name: "县政务服务中心公积金窗口", short: "公积金窗口", parent: "县住房公积金管理部", services: []string{"办理公积金提取", "办理公积金贷款申请"}},
	{name: "县城市管理综合执法大队", short: "县城管执法大队", parent: "县城市管理和综合执法局", services: []string{"处理占道经营", "处理违章搭建"}},
	{name: "县文化市场综合执法大队", short: "县文化执法大队", parent: "县文化体育和旅游局", services: []string{"处理网吧违规经营", "处理娱乐场所噪音"}},
	{name: "县农业综合执法大队", short: "县农业执法大队", parent: "县农业农村局", services: []string{"投诉假劣农资"}},
	{name: "县政务服务中心残联窗口", short: "残联窗口", parent: "县残疾人联合会", services: []string{"办理残疾人证", "申请残疾人就业补贴"}},
	{name: "县政务服务中心退役军人服务窗口", short: "退役军人窗口", parent: "县退役军人事务局", services: []string{"办理退役军人优待证", "办理优抚对象身份认定"}},
}

// utilities are the 公用事业单位 (water, power, gas, telecoms, buses).
var utilities = []unitSpec{
	{name: "国网清溪县供电公司", short: "县供电公司", services: []string{"办理用电报装", "缴纳电费", "报修停电故障"}, hotline: "95598"},
	{name: "国网清溪县供电公司城关供电所", short: "城关供电所", parent: "国网清溪县供电公司", services: []string{"办理居民用电增容", "报修线路故障"}},
	{name: "国网清溪县供电公司溪口供电所", short: "溪口供电所", parent: "国网清溪县供电公司", services: []string{"办理农业用电报装", "报修线路故障"}},
	{name: "清溪县自来水有限公司", short: "县自来水公司", services: []string{"办理水表报装", "缴纳水费", "报修管网漏水"}},
	{name: "清溪县天然气有限公司", short: "县燃气公司", services: []string{"办理燃气开户", "申请燃气安全检查", "报修燃气表"}},
	{name: "中国移动通信集团清溪分公司", short: "移动清溪分公司", services: []string{"办理宽带装机", "办理携号转网", "查询话费扣费"}, hotline: "10086"},
	{name: "中国电信清溪分公司", short: "电信清溪分公司", services: []string{"办理宽带装机", "办理套餐变更"}, hotline: "10000"},
	{name: "中国联通清溪分公司", short: "联通清溪分公司", services: []string{"办理号码销户", "办理套餐变更"}, hotline: "10010"},
	{name: "清溪县公共交通有限公司", short: "县公交公司", services: []string{"乘坐公交车", "办理老年人乘车卡"}},
	{name: "清溪县广电网络有限公司", short: "县广电网络公司", services: []string{"办理有线电视报停", "报修有线电视信号"}},
	{name: "中国邮政集团清溪县分公司", short: "县邮政分公司", services: []string{"领取邮件包裹", "办理邮政汇款"}, hotline: "11183"},
	{name: "清溪县污水处理有限公司", short: "县污水处理公司", services: []string{"办理排水接驳", "反映污水外溢"}},
}

// agencies are the 中介机构.
var agencies = []unitSpec{
	{name: "清溪县鑫源测绘有限公司", short: "鑫源测绘", services: []string{"办理房产测绘", "办理宗地测量"}},
	{name: "清溪县正信资产评估事务所", short: "正信评估", services: []string{"办理房地产评估", "办理资产评估"}},
	{name: "清溪县诚达代理记账有限公司", short: "诚达记账", services: []string{"代理记账", "代办税务申报"}},
	{name: "清溪县明远工程造价咨询有限公司", short: "明远造价", services: []string{"编制工程预算", "办理工程结算审核"}},
	{name: "清溪县宏信招标代理有限公司", short: "宏信招标", services: []string{"参加工程招标", "购买招标文件"}},
	{name: "清溪县安居房地产经纪有限公司", short: "安居房产经纪", services: []string{"办理二手房买卖", "办理房屋租赁"}},
	{name: "清溪县顺通机动车检测有限公司", short: "顺通机动车检测", services: []string{"办理机动车年检"}},
	{name: "清溪县平安机动车驾驶员培训学校", short: "平安驾校", services: []string{"报名驾驶培训", "预约科目考试"}},
	{name: "清溪县天平律师事务所", short: "天平律所", services: []string{"委托代理诉讼"}},
	{name: "清溪县华诚会计师事务所", short: "华诚会计所", services: []string{"办理年度审计报告"}},
	{name: "清溪县绿景环境评价咨询有限公司", short: "绿景环评", services: []string{"编制环境影响报告表"}},
	{name: "清溪县安泰安全技术服务有限公司", short: "安泰安评", services: []string{"办理安全评价", "参加安全生产培训"}},
	{name: "清溪县恒信建设工程质量检测有限公司", short: "恒信检测", services: []string{"办理建材送检", "办理桩基检测"}},
	{name: "清溪县金桥代理记账有限公司", short: "金桥记账", services: []string{"代理记账"}, retired: true, note: "已注销，业务由诚达代理记账承接", mergedInto: "清溪县诚达代理记账有限公司"},
}

// enterprises are the 监测点企业.
var enterprises = []string{
	"清溪宏达竹业有限公司", "清溪县福源茶业有限公司", "清溪青山矿泉水有限公司", "清溪绿源食品有限公司",
	"清溪金溪纺织有限公司", "清溪鑫盛新型建材有限公司", "清溪华泰机械制造有限公司", "清溪溪源生物科技有限公司",
	"清溪永丰米业有限公司", "清溪恒昌木业有限公司", "清溪天宇电子有限公司", "清溪丰泽农业开发有限公司",
	"清溪龙潭水泥有限公司", "清溪瑞达汽车配件有限公司", "清溪碧水生态养殖有限公司", "清溪佳和家居有限公司",
	"清溪万通物流有限公司", "清溪锦程纸业有限公司", "清溪百草药业有限公司", "清溪竹韵工艺品有限公司",
	"清溪新宇光电科技有限公司", "清溪嘉禾酒业有限公司", "清溪同创包装有限公司", "清溪盛世大酒店有限公司",
	"清溪云岭茶叶专业合作社",
}

var enterpriseServices = []string{"办理生产经营相关手续", "接受行政检查"}

// others are the 其他 bodies (hospitals, schools, public services).
var others = []unitSpec{
	{name: "清溪县人民医院", short: "县医院", services: []string{"门诊挂号就医", "办理住院手续", "复印病历"}},
	{name: "清溪县中医院", short: "县中医院", services: []string{"门诊挂号就医", "办理出院结算"}},
	{name: "清溪县妇幼保健院", short: "县妇幼保健院", services: []string{"办理孕产妇建档", "预约儿童疫苗接种"}},
	{name: "清溪县疾病预防控制中心", short: "县疾控中心", services: []string{"办理预防接种证", "办理健康证"}},
	{name: "清溪县第一中学", short: "县一中", services: []string{"办理学生转入", "咨询招生政策"}},
	{name: "清溪县实验小学", short: "县实验小学", services: []string{"办理新生入学报名"}},
	{name: "清溪县殡仪馆", short: "县殡仪馆", services: []string{"办理遗体火化"}},
	{name: "清溪县汽车客运站", short: "县客运站", services: []string{"购买客车票", "办理行李托运"}},
	{name: "清溪县图书馆", short: "县图书馆", services: []string{"办理借书证"}},
	{name: "清溪县融媒体中心", short: "县融媒体中心", services: []string{"反映新闻线索"}},
	{name: "城关镇城东社区居民委员会", short: "城东社区", parent: "城关镇", services: []string{"开具居住证明", "办理居家养老服务申请"}},
	{name: "凤栖街道凤凰社区居民委员会", short: "凤凰社区", parent: "凤栖街道", services: []string{"开具居住证明", "办理失业人员登记初审"}},
	{name: "清溪县城市建设投资集团有限公司", short: "县城投集团", services: []string{"办理安置房交房", "办理停车场月卡"}},
}

// streets are where the county seat's addresses are.
var streets = []string{
	"人民路", "解放路", "溪滨路", "建设路", "府前路", "城南大道", "朝阳路", "青山路",
	"文昌路", "东环路", "西门街", "新华路", "滨江大道", "工业路", "五一路",
}

// industrialParks are where the monitored enterprises are.
var industrialParks = []string{"清溪经济开发区", "溪口工业集中区", "龙潭工业园", "城南产业园"}
