package app

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2/container"

	"xiaoneng/app/apptest"
	"xiaoneng/app/apptest/testapp"
	"xiaoneng/app/screens/audit"
	"xiaoneng/app/screens/settings"
	"xiaoneng/data"
)

// The navigation lists 审计日志 only for the roles data's permission
// table lets read the log (管理员, 领导), and 设置 → 用户 only for the
// 管理员: a 督查员 sees neither, a 领导 the log alone.
func TestNavigationFollowsRoles(t *testing.T) {
	ctx := context.Background()
	db := apptest.OpenDB(t)
	for _, u := range []struct {
		login string
		role  data.Role
	}{{"ducha", data.InspectorRole}, {"lingdao", data.LeaderRole}} {
		if err := db.CreateUser(ctx, &data.User{Login: u.login, Name: string(u.role), Roles: []data.Role{u.role}}, u.login+"-pass1"); err != nil {
			t.Fatal(err)
		}
	}
	titles := func(w *Workbench) []string {
		var out []string
		for _, d := range w.defs {
			out = append(out, d.title)
		}
		return out
	}
	open := func() *Workbench { return NewWorkbench(testapp.New(t), db) }

	admin := open()
	if !slices.Contains(titles(admin), "审计日志") {
		t.Errorf("the administrator's navigation: %v", titles(admin))
	}
	goTo[*audit.Screen](t, admin, "审计日志")
	if s := goTo[*settings.Screen](t, admin, "设置"); !hasTab(t, s, "用户") {
		t.Error("the administrator is not offered 设置 → 用户")
	}

	for login, sees := range map[string]bool{"ducha": false, "lingdao": true} {
		if _, err := db.SignIn(ctx, login, login+"-pass1"); err != nil {
			t.Fatal(err)
		}
		if err := db.ChangePassword(ctx, login+"-pass1", login+"-pass2"); err != nil {
			t.Fatal(err)
		}
		w := open()
		if got := slices.Contains(titles(w), "审计日志"); got != sees {
			t.Errorf("%s: 审计日志 listed %v, navigation %v", login, got, titles(w))
		}
		if slices.Contains(titles(w), "设置") {
			t.Errorf("%s is offered 设置: %v", login, titles(w))
		}
	}
}

// hasTab reports whether 设置 has a tab titled title.
func hasTab(t *testing.T, s *settings.Screen, title string) bool {
	for _, tab := range apptest.Find[*container.AppTabs](t, s.View()).Items {
		if tab.Text == title {
			return true
		}
	}
	return false
}
