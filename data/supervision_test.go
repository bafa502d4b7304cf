package data

import "testing"

// A finding's statement names its staff once: in place of the generic
// 工作人员 the description starts with, else after it.
func TestFindingStatement(t *testing.T) {
	for _, c := range []struct {
		desc, name, post, want string
	}{
		{"工作人员上班时间浏览购物网站", "蔡思斌", "营业厅工作人员", "营业厅工作人员蔡思斌上班时间浏览购物网站"},
		{"工作人员接待群众态度生硬，未使用文明用语。", "陈鸿萍", "抄表员", "抄表员陈鸿萍接待群众态度生硬，未使用文明用语"},
		{"窗口人员上班时间玩手机。", "王某", "窗口工作人员", "窗口工作人员王某上班时间玩手机"},
		{"窗口工作人员上班时间玩手机游戏", "李某", "工作人员", "窗口工作人员李某上班时间玩手机游戏"},
		{"受理员未使用一次性告知单", "赵某", "受理员", "受理员赵某未使用一次性告知单"},
		{"工作人员上班迟到", "周某", "", "工作人员周某上班迟到"},
		{"收费项目和标准未按规定公示", "孙某", "收费员", "收费项目和标准未按规定公示（涉及人员：孙某，收费员）"},
		{"收费项目和标准未按规定公示", "孙某", "", "收费项目和标准未按规定公示（涉及人员：孙某）"},
		{"工作人员上班迟到。", "", "收费员", "工作人员上班迟到"},
	} {
		f := &Finding{Description: c.desc, StaffName: c.name, StaffPost: c.post}
		if got := f.Statement(); got != c.want {
			t.Errorf("%q by %q (%q): %q, want %q", c.desc, c.name, c.post, got, c.want)
		}
	}
}
