package demo

import (
	"fmt"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// Password is the password of every demo user (the README lists them).
const Password = "xiaoneng2026"

// The demo users' logins, fixed: scripts and checks sign in with them.
const (
	director  = "zhuren"  // 主任: every role, the ledger's first administrator
	clerk     = "shouli"  // 受理员
	inspector = "ducha"   // 督查员
	leader    = "lingdao" // 领导
	field     = "waiqin"  // 外勤
)

// demoUsers are the demo county's users; their names are those of the
// office's people of the seed.
var demoUsers = []struct {
	login  string
	roles  []data.Role
	person func(people) *data.Person
}{
	{director, data.Roles, func(p people) *data.Person { return p.leaders[1] }},
	{clerk, []data.Role{data.ClerkRole}, func(p people) *data.Person { return p.staff[1] }},
	{inspector, []data.Role{data.InspectorRole}, func(p people) *data.Person { return p.staff[2] }},
	{leader, []data.Role{data.LeaderRole}, func(p people) *data.Person { return p.leaders[0] }},
	{field, []data.Role{data.FieldRole}, func(p people) *data.Person { return p.inspectors[0] }},
}

// Users are the demo users' logins, the director first.
func Users() []string {
	out := make([]string, len(demoUsers))
	for i, u := range demoUsers {
		out[i] = u.login
	}
	return out
}

// signerLogin is the demo user who signs as leader p.
func signerLogin(ppl people, p *data.Person) string {
	if p == ppl.leaders[0] {
		return leader
	}
	return director
}

// users creates the demo users, the director as the first administrator
// (who may reveal identities, so the others who may get the key at once),
// and signs each in once, keeping the sessions the work switches between.
// Each sets the password Password as a user does whose password an
// administrator chose.
func (ex *executor) users() error {
	ex.sessions = map[string]*store.Session{}
	ppl := ex.plan.people
	first := demoUsers[0]
	if _, err := ex.db.CreateFirstAdmin(ex.ctx, &data.User{Login: first.login, Name: first.person(ppl).Name, Roles: first.roles}, Password); err != nil {
		return fmt.Errorf("user %s: %w", first.login, err)
	}
	director, _ := ex.db.Session()
	ex.sessions[first.login] = director
	const initial = Password + "-初始"
	for _, u := range demoUsers[1:] {
		if err := ex.db.CreateUser(ex.ctx, &data.User{Login: u.login, Name: u.person(ppl).Name, Roles: u.roles}, initial); err != nil {
			return fmt.Errorf("user %s: %w", u.login, err)
		}
		if _, err := ex.db.SignIn(ex.ctx, u.login, initial); err != nil {
			return fmt.Errorf("user %s: %w", u.login, err)
		}
		if err := ex.db.ChangePassword(ex.ctx, initial, Password); err != nil {
			return fmt.Errorf("user %s: %w", u.login, err)
		}
		ex.sessions[u.login], _ = ex.db.Session()
		ex.db.Resume(director)
	}
	return nil
}
