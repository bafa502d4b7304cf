package demo

import "fmt"

// surnames are weighted by repetition, roughly as common as they are in
// the south-east of China.
var surnames = []string{
	"陈", "陈", "陈", "林", "林", "林", "黄", "黄", "张", "张", "李", "李", "王", "王",
	"吴", "吴", "刘", "刘", "蔡", "杨", "郑", "郑", "谢", "许", "何", "罗", "周", "徐",
	"邱", "曾", "叶", "叶", "江", "游", "余", "范", "卢", "詹", "魏", "傅", "朱", "高",
	"彭", "肖", "潘", "丁", "赖", "廖", "邓", "钟", "汤", "严", "翁", "危", "饶", "官",
}

var givenFirst = []string{
	"建", "志", "国", "文", "明", "晓", "春", "海", "永", "德", "金", "秀", "丽", "玉",
	"美", "小", "俊", "伟", "荣", "婷", "雪", "宏", "振", "佳", "思", "雅", "鸿", "长",
	"丽", "梦", "家", "子", "淑", "桂", "炳", "瑞",
}

var givenSecond = []string{
	"华", "平", "强", "军", "芳", "英", "梅", "兰", "东", "辉", "峰", "林", "生", "清",
	"明", "红", "燕", "涛", "斌", "娟", "琴", "杰", "勇", "敏", "霞", "萍", "波", "刚",
	"珍", "婷", "鑫", "浩", "宇", "琳", "凯", "颖", "洁", "琪", "昊", "锋",
}

// person makes a plausible full name: two or three characters.
func (g *gen) person() string {
	s := pick(g, surnames)
	if g.chance(0.18) {
		return s + pick(g, givenSecond)
	}
	return s + pick(g, givenFirst) + pick(g, givenSecond)
}

// mobile makes a fictional mobile number.
func (g *gen) mobile() string {
	prefixes := []string{"130", "133", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "177", "180", "186", "187", "189", "199"}
	return fmt.Sprintf("%s%04d%04d", pick(g, prefixes), g.rng.IntN(10000), g.rng.IntN(10000))
}

// officePhone makes a fictional landline in the county's area code.
func (g *gen) officePhone() string {
	return fmt.Sprintf("0599-76%05d", g.rng.IntN(100000))
}

// idNumber makes an 18-digit ID number for the county (a fictional area
// code) with a valid check character, so it passes what offices check.
func (g *gen) idNumber(birthYear int) string {
	body := fmt.Sprintf("352731%04d%02d%02d%03d", birthYear, 1+g.rng.IntN(12), 1+g.rng.IntN(28), g.rng.IntN(1000))
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return body + string("10X98765432"[sum%11])
}

// address makes an address in the county seat or a township.
func (g *gen) address() string {
	if g.chance(0.55) {
		return fmt.Sprintf("%s城关镇%s%d号", countyName, pick(g, streets), 1+g.rng.IntN(280))
	}
	villages := []string{"下洋村", "坑头村", "上坪村", "溪头村", "大埔村", "新厝村", "后垅村", "东山村", "岭下村", "洋边村"}
	return fmt.Sprintf("%s%s%s%d号", countyName, pick(g, townships).name, pick(g, villages), 1+g.rng.IntN(120))
}

// employers are where complainants say they work, when they say.
var employers = []string{
	"个体工商户", "退休", "务农", "自由职业", "清溪绿源食品有限公司", "县城某超市",
	"外出务工", "清溪华泰机械制造有限公司", "无业", "某建筑公司",
}
