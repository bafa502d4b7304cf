package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
	"xiaoneng/data/seal"
)

// FieldAccount is a user as a field ledger (issue 19's 外勤台账) carries
// it, so that the user signs in on the laptop with the office password:
// the user record and the password's argon2id hash (its verifier and
// cost, seal.PasswordHash's text), nothing else. Never the user's key
// pair, a grant of the data key, the recovery wrap, the ledger's key pair
// or the lock-out counters: a laptop cannot reveal a complainant, and a
// lost one gives away no key. A disabled user travels without a hash, so
// that a refreshed package disables the account on the laptop too.
//
// On the laptop the account is written as users' row and a
// user_credentials row of the hash alone (public_key and private_key
// NULL: sign-in then opens a session without keys, and a password changed
// there wraps nothing). Accounts travel out only: the office is their
// home, and a hash that came back would no longer open the office's
// private key of that user.
type FieldAccount struct {
	User         data.User
	PasswordHash string // "" for a disabled user
}

// fieldRoles are the roles whose users take ledgers into the field.
var fieldRoles = []data.Role{data.InspectorRole, data.FieldRole}

// FieldAccounts lists the accounts a field ledger carries: every user
// holding a role that works in the field (督查员, 外勤), by login. Taking
// rounds out is supervision work, so the permission is PermSupervision;
// the exchange, inside its own transaction, reads them with accountsOut
// into every package from the office, and the laptop writes them with
// takeAccounts.
func (db *DB) FieldAccounts(ctx context.Context) ([]FieldAccount, error) {
	var out []FieldAccount
	err := db.read(ctx, data.PermSupervision, func(q *sql.Tx) error {
		var err error
		out, err = fieldAccounts(ctx, q)
		return err
	})
	return out, err
}

// fieldAccounts is FieldAccounts in a transaction of the caller's.
func fieldAccounts(ctx context.Context, q querier) ([]FieldAccount, error) {
	out := []FieldAccount{}
	err := eachRow(ctx, q, "field accounts", "SELECT "+userColumns+", c.password"+userFrom+" WHERE u.deleted_at IS NULL ORDER BY u.login", nil,
		func(row rowScanner) error {
			var a FieldAccount
			if err := row.Scan(append(userDest(&a.User), &a.PasswordHash)...); err != nil {
				return err
			}
			if !slices.ContainsFunc(fieldRoles, a.User.Has) {
				return nil
			}
			// What the office knows of keys and lock-outs stays home.
			a.User.IdentityAccess, a.User.LockedUntil, a.User.LastSignIn = data.KeyNone, time.Time{}, time.Time{}
			if !a.User.Active {
				a.PasswordHash = ""
			}
			out = append(out, a)
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// accountsOut are the field accounts as an office package carries them:
// on the laptop a user holds only the roles of field work (a director's
// 管理员 stays in the office).
func accountsOut(ctx context.Context, q querier) ([]exchange.Account, error) {
	list, err := fieldAccounts(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]exchange.Account, len(list))
	for i, a := range list {
		var roles []string
		for _, r := range a.User.Roles {
			if slices.Contains(fieldRoles, r) {
				roles = append(roles, string(r))
			}
		}
		out[i] = exchange.Account{ID: a.User.ID, Login: a.User.Login, Name: a.User.Name, Roles: roles,
			Active: a.User.Active, MustChangePassword: a.User.MustChangePassword, PasswordHash: a.PasswordHash}
	}
	return out, nil
}

// takeAccounts writes, in a field ledger, the accounts an office package
// carries: a user new to the laptop is added with the office's password
// hash, one it has takes the office's name, roles, state and password (a
// password changed on the laptop gives way to the office's), a disabled
// one keeps no way in. Users of the laptop's own are left alone.
func (t *tx) takeAccounts(list []exchange.Account) error {
	for _, a := range list {
		u := data.User{Record: data.Record{ID: a.ID}, Login: data.NormalizeLogin(a.Login), Name: a.Name,
			Active: a.Active, MustChangePassword: a.MustChangePassword}
		for _, r := range a.Roles {
			u.Roles = append(u.Roles, data.Role(r))
		}
		u.Roles = data.SortRoles(u.Roles)
		bad := &data.PackageError{Message: fmt.Sprintf("外勤包中的用户“%s”格式不对，包已损坏。", a.Login)}
		if u.ID == "" || u.Validate() != nil || (a.Active && a.PasswordHash == "") {
			return bad
		}
		if a.PasswordHash != "" {
			if _, err := seal.ParsePasswordHash(a.PasswordHash); err != nil {
				return bad
			}
		}
		var n int
		if err := t.queryRow("SELECT count(*) FROM users WHERE id = ?", u.ID).Scan(&n); err != nil {
			return fmt.Errorf("store: field account: %w", err)
		}
		switch {
		case n == 0 && !a.Active:
			continue
		case n == 0:
			if err := t.insert("users", &u.Record, userFields(&u)); err != nil {
				return err
			}
			if _, err := t.exec("INSERT INTO user_credentials (user_id, password) VALUES (?, ?)", u.ID, a.PasswordHash); err != nil {
				return fmt.Errorf("store: field account: %w", err)
			}
			continue
		}
		if _, err := t.update("users", &u.Record, userFields(&u)); err != nil {
			return err
		}
		if a.PasswordHash != "" {
			if _, err := t.exec("UPDATE user_credentials SET password = ? WHERE user_id = ?", a.PasswordHash, u.ID); err != nil {
				return fmt.Errorf("store: field account: %w", err)
			}
		}
	}
	return nil
}

// FieldUsers lists, in a field ledger, the logins of its users who may
// sign in (the accounts its office's packages carried), for the command
// that made it to say who can use it; like HasUsers it needs no sign-in.
// An office ledger lists none.
func (db *DB) FieldUsers(ctx context.Context) ([]string, error) {
	_, laptop, err := fieldCheckout(ctx, db.reader)
	if err != nil {
		return nil, err
	}
	if !laptop {
		return []string{}, nil
	}
	return queryStrings(ctx, db.reader, "SELECT login FROM users WHERE active = 1 AND deleted_at IS NULL ORDER BY login")
}
