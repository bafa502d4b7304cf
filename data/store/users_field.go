package store

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"xiaoneng/data"
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
// the exchange, inside its own transaction, reads them with fieldAccounts.
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
			a.User.Key, a.User.LockedUntil, a.User.LastSignIn = data.KeyNone, time.Time{}, time.Time{}
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
