package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"xiaoneng/data"
	"xiaoneng/data/seal"
)

// Users, their passwords and key pairs, and the grants of the data key.
//
// Keys: the ledger has a key pair made with the first administrator;
// identities are sealed to its public key (identity.go). Its private key,
// the data key, is kept only
//   - sealed to the key pair of each user whose roles may reveal
//     identities (key_grants), that user's private key being encrypted under
//     the key their password derives: so a password change re-encrypts only
//     the user's own private key, and any key holder can grant the data key
//     to a new user by their public key without knowing their password;
//   - encrypted under the recovery code printed once with the first
//     administrator, for an office whose only key holder forgets the
//     password (RecoverGrants);
//   - in custody with the first administrator when the administrator may
//     not reveal, only until someone who may holds it.
// A user allowed to reveal who has no grant yet gets it when a key holder
// next signs in; disabling a user, or taking away the roles that reveal,
// deletes their grant.

const userColumns = `u.id, u.created_at, u.updated_at, u.updated_by, u.device, u.deleted_at, u.version,
	u.login, u.name, u.roles, u.active, u.must_change_password, c.locked_until, c.last_sign_in, g.custodial`

const userFrom = ` FROM users u LEFT JOIN user_credentials c ON c.user_id = u.id LEFT JOIN key_grants g ON g.user_id = u.id`

// userDest scans userColumns; the key state follows from the grant and the
// roles once scanned (finishUser).
func userDest(u *data.User) []any {
	return append(recordDest(&u.Record), &u.Login, &u.Name, scanRoles{&u.Roles}, &u.Active, &u.MustChangePassword,
		scanTime{&u.LockedUntil}, scanTime{&u.LastSignIn}, scanGrant{&u.IdentityAccess})
}

// scanGrant reads key_grants.custodial (NULL without a grant) as the key
// state; finishUser turns it into what the user's roles make of it.
type scanGrant struct{ k *data.KeyAccess }

func (s scanGrant) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.k = data.KeyNone
	case int64:
		*s.k = data.KeyHeld
		if v != 0 {
			*s.k = data.KeyNone // custody is not access
		}
	default:
		return fmt.Errorf("store: grant %T", src)
	}
	return nil
}

type scanRoles struct{ r *[]data.Role }

func (s scanRoles) Scan(src any) error {
	str, ok := src.(string)
	if !ok {
		return fmt.Errorf("store: roles %T", src)
	}
	*s.r = data.ParseRoles(str)
	return nil
}

func rolesValue(roles []data.Role) string {
	s := make([]string, len(roles))
	for i, r := range data.SortRoles(roles) {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// finishUser sets the key state from the grant and the roles.
func finishUser(u *data.User) {
	switch {
	case !u.May(data.PermReveal):
		u.IdentityAccess = data.KeyNone
	case u.IdentityAccess != data.KeyHeld:
		u.IdentityAccess = data.KeyPending
	}
}

func scanUser(row rowScanner) (*data.User, error) {
	u := &data.User{}
	if err := row.Scan(userDest(u)...); err != nil {
		return nil, err
	}
	finishUser(u)
	return u, nil
}

// Users lists the users, by login.
func (db *DB) Users(ctx context.Context) ([]*data.User, error) {
	q, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, q, "users", scanUser, "SELECT "+userColumns+userFrom+" WHERE u.deleted_at IS NULL ORDER BY u.login")
}

// UserByLogin returns one user.
func (db *DB) UserByLogin(ctx context.Context, login string) (*data.User, error) {
	q, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return queryByID(ctx, q, "user", scanUser, "SELECT "+userColumns+userFrom+" WHERE u.login = ? AND u.deleted_at IS NULL", data.NormalizeLogin(login))
}

func userFields(u *data.User) []field {
	return []field{{"login", u.Login}, {"name", strings.TrimSpace(u.Name)}, {"roles", rolesValue(u.Roles)},
		{"active", u.Active}, {"must_change_password", u.MustChangePassword}}
}

// insertUser writes a new user with their password and a key pair of
// their own, and returns the public key.
func (t *tx) insertUser(u *data.User, password string) ([]byte, error) {
	u.Login, u.Roles = data.NormalizeLogin(u.Login), data.SortRoles(u.Roles)
	var n int
	if err := t.queryRow("SELECT count(*) FROM users WHERE login = ?", u.Login).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: user: %w", err)
	}
	if n > 0 {
		return nil, &data.ConflictError{Field: "Login", Message: fmt.Sprintf("登录名“%s”已被使用", u.Login)}
	}
	u.ID = newID()
	hash, key, err := seal.NewPassword(t.db.kdf, password, t.db.suite.KeySize())
	if err != nil {
		return nil, err
	}
	public, private, err := t.db.suite.NewKeyPair()
	if err != nil {
		return nil, err
	}
	wrapped, err := seal.Encrypt(t.db.suite, key, private, []byte(u.ID))
	if err != nil {
		return nil, err
	}
	if err := t.insert("users", &u.Record, userFields(u)); err != nil {
		return nil, err
	}
	if _, err := t.exec("INSERT INTO user_credentials (user_id, password, public_key, private_key) VALUES (?, ?, ?, ?)",
		u.ID, hash.String(), public, wrapped); err != nil {
		return nil, fmt.Errorf("store: user credentials: %w", err)
	}
	return public, nil
}

// grant seals the data key to a user's public key.
func (t *tx) grant(userID string, public, dataKey []byte, custodial bool) error {
	sealed, err := t.db.suite.Seal(public, dataKey)
	if err != nil {
		return err
	}
	if _, err := t.exec(`INSERT INTO key_grants (user_id, data_key, custodial, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET data_key = excluded.data_key, custodial = excluded.custodial,
			granted_by = excluded.granted_by, granted_at = excluded.granted_at`,
		userID, sealed, custodial, t.login, formatTime(t.now)); err != nil {
		return fmt.Errorf("store: key grant: %w", err)
	}
	after := map[string]any{"查看身份": "已授权"}
	if custodial {
		after = map[string]any{"查看身份": "代管（待转交）"}
	}
	return t.audit("users", userID, data.AuditGrant, nil, after)
}

// revoke deletes a user's grant, if any.
func (t *tx) revoke(userID string) error {
	res, err := t.exec("DELETE FROM key_grants WHERE user_id = ?", userID)
	if err != nil {
		return fmt.Errorf("store: revoke: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return t.audit("users", userID, data.AuditRevoke, map[string]any{"查看身份": "已授权"}, nil)
}

// grantPending passes the data key on to every active user whose roles may
// reveal and who does not hold it yet, and ends a custody once someone who
// may reveal holds the key.
func (t *tx) grantPending(dataKey []byte) error {
	type pending struct {
		id     string
		roles  []data.Role
		public []byte
	}
	var list []pending
	err := eachRow(t.ctx, t.Tx, "pending grants", `SELECT u.id, u.roles, c.public_key FROM users u
		JOIN user_credentials c ON c.user_id = u.id LEFT JOIN key_grants g ON g.user_id = u.id
		WHERE u.active = 1 AND u.deleted_at IS NULL AND c.public_key IS NOT NULL AND (g.user_id IS NULL OR g.custodial = 1)`, nil,
		func(row rowScanner) error {
			var p pending
			if err := row.Scan(&p.id, scanRoles{&p.roles}, &p.public); err != nil {
				return err
			}
			list = append(list, p)
			return nil
		})
	if err != nil {
		return err
	}
	for _, p := range list {
		u := data.User{Roles: p.roles}
		if !u.May(data.PermReveal) {
			continue
		}
		if err := t.grant(p.id, p.public, dataKey, false); err != nil {
			return err
		}
	}
	return t.endCustody()
}

// endCustody deletes custodial grants once a user who may reveal holds the
// key.
func (t *tx) endCustody() error {
	var held int
	if err := t.queryRow("SELECT count(*) FROM key_grants WHERE custodial = 0").Scan(&held); err != nil {
		return fmt.Errorf("store: custody: %w", err)
	}
	if held == 0 {
		return nil
	}
	custodians, err := queryStrings(t.ctx, t.Tx, "SELECT user_id FROM key_grants WHERE custodial = 1")
	if err != nil {
		return err
	}
	for _, id := range custodians {
		if err := t.revoke(id); err != nil {
			return err
		}
	}
	if t.sess != nil && t.sess.custody != nil {
		s := t.sess
		t.db.mu.Lock()
		s.custody = nil
		t.db.mu.Unlock()
	}
	return nil
}

// Created is what creating the first administrator hands back once: the
// recovery code, to be written down and kept apart from the computer.
type Created struct {
	RecoveryCode string
	// Sealed is the number of complainants' identities, written before
	// this version, that the new key pair sealed.
	Sealed int
	// RemovedBackup is the copy of the ledger made before its upgrade,
	// removed once the sealed ledger passed its check because it held the
	// identities in plain text; "" when there was none.
	RemovedBackup string
}

// CreateFirstAdmin creates the ledger's first user, an administrator (the
// role is added if u lacks it), makes the ledger's key pair and the
// recovery code, seals the identities written before this version, and
// signs the new administrator in. A ledger that has users is refused
// (data.ErrHasUsers). When identities were sealed, the file is vacuumed and
// its WAL emptied so that no plain text is left in free pages, and the
// copy made before the upgrade is removed once the ledger passes its check.
func (db *DB) CreateFirstAdmin(ctx context.Context, u *data.User, password string) (Created, error) {
	var out Created
	if db.suite == nil {
		return out, fmt.Errorf("store: %w", data.ErrNewerLedger)
	}
	if !u.Has(data.AdminRole) {
		u.Roles = append(u.Roles, data.AdminRole)
	}
	u.Roles, u.Active, u.MustChangePassword = data.SortRoles(u.Roles), true, false
	if err := errors.Join(u.Validate(), data.CheckPassword(u.Login, password)); err != nil {
		return out, err
	}
	code, err := seal.NewRecoveryCode()
	if err != nil {
		return out, err
	}
	var s *session
	err = db.writeAs(ctx, nil, func(t *tx) error {
		var n int
		if err := t.queryRow("SELECT count(*) FROM users").Scan(&n); err != nil {
			return fmt.Errorf("store: users: %w", err)
		}
		if n > 0 {
			return data.ErrHasUsers
		}
		t.actor, t.login = strings.TrimSpace(u.Name), data.NormalizeLogin(u.Login)
		public, private, err := db.suite.NewKeyPair()
		if err != nil {
			return err
		}
		recovery, recoveryKey, err := seal.NewPassword(db.kdf, seal.NormalizeRecoveryCode(code), db.suite.KeySize())
		if err != nil {
			return err
		}
		wrap, err := seal.Encrypt(db.suite, recoveryKey, private, []byte("recovery"))
		if err != nil {
			return err
		}
		if _, err := t.exec("INSERT INTO ledger_keys (id, public_key, recovery, recovery_wrap, created_at) VALUES (1, ?, ?, ?, ?)",
			public, recovery.String(), wrap, formatTime(t.now)); err != nil {
			return fmt.Errorf("store: ledger keys: %w", err)
		}
		userPublic, err := t.insertUser(u, password)
		if err != nil {
			return err
		}
		s = &session{user: *u, opened: map[int64][]byte{}}
		reveals := u.May(data.PermReveal)
		if reveals {
			s.dataKey, s.searchKey = private, searchKey(db.suite, private)
		} else {
			s.custody = private
		}
		t.sess = s
		if err := t.grant(u.ID, userPublic, private, !reveals); err != nil {
			return err
		}
		out.Sealed, err = t.sealLegacy(public, private)
		return err
	})
	if err != nil {
		return Created{}, err
	}
	finishUser(&s.user)
	*u = s.user
	db.mu.Lock()
	db.sess = s
	db.mu.Unlock()
	out.RecoveryCode = code
	db.mu.Lock()
	db.Unsealed = 0 // read by the automatic backups' goroutine
	db.mu.Unlock()
	if out.Sealed > 0 {
		if out.RemovedBackup, err = db.scrubAfterSealing(ctx); err != nil {
			return out, err
		}
	}
	return out, nil
}

// CreateUser adds a user with a password an administrator chose, which
// the user must change at first sign-in. A user whose roles may reveal
// identities gets the data key now if the administrator's session holds
// it, else when a key holder next signs in.
func (db *DB) CreateUser(ctx context.Context, u *data.User, password string) error {
	u.Roles, u.Active, u.MustChangePassword = data.SortRoles(u.Roles), true, true
	if err := errors.Join(u.Validate(), data.CheckPassword(u.Login, password)); err != nil {
		return err
	}
	return db.write(ctx, data.PermUsers, func(t *tx) error {
		public, err := t.insertUser(u, password)
		if err != nil {
			return err
		}
		if key := t.sess.holder(); key != nil && u.May(data.PermReveal) {
			if err := t.grant(u.ID, public, key, false); err != nil {
				return err
			}
			return t.endCustody()
		}
		return nil
	})
}

// UpdateUser saves a user's name, roles and whether they may sign in. A
// user disabled, or no longer in a role that reveals, loses the data key;
// one newly allowed gets it as CreateUser says. The last active
// administrator cannot be disabled or lose the role, and nobody can
// disable themselves.
func (db *DB) UpdateUser(ctx context.Context, u *data.User) error {
	u.Roles = data.SortRoles(u.Roles)
	if err := u.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermUsers, func(t *tx) error {
		cur, err := t.credentials(data.NormalizeLogin(u.Login))
		if err != nil {
			return err
		}
		if cur.user.ID != u.ID {
			return data.Invalid("Login", "登录名不能修改")
		}
		if u.ID == t.sess.user.ID && !u.Active {
			return data.Invalid("Active", "不能停用自己")
		}
		if cur.user.Active && cur.user.Has(data.AdminRole) && (!u.Active || !u.Has(data.AdminRole)) {
			var admins int
			if err := t.queryRow("SELECT count(*) FROM users WHERE active = 1 AND deleted_at IS NULL AND id != ? AND (',' || roles || ',') LIKE ?",
				u.ID, "%,"+string(data.AdminRole)+",%").Scan(&admins); err != nil {
				return fmt.Errorf("store: administrators: %w", err)
			}
			if admins == 0 {
				return data.ErrLastAdmin
			}
		}
		u.Login, u.MustChangePassword = cur.user.Login, cur.user.MustChangePassword
		if _, err := t.update("users", &u.Record, userFields(u)); err != nil {
			return err
		}
		var custodial sql.NullBool
		if err := t.queryRow("SELECT custodial FROM key_grants WHERE user_id = ?", u.ID).Scan(&custodial); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: key grant: %w", err)
		}
		switch {
		case !u.Active || (!u.May(data.PermReveal) && custodial.Valid && !custodial.Bool):
			return t.revoke(u.ID)
		case u.May(data.PermReveal) && (!custodial.Valid || custodial.Bool) && t.sess.holder() != nil && cur.publicKey != nil:
			if err := t.grant(u.ID, cur.publicKey, t.sess.holder(), false); err != nil {
				return err
			}
			return t.endCustody()
		}
		return nil
	})
}

// ResetPassword sets a user's password for an administrator (the user
// forgot it): the user must change it at next sign-in, any lock is lifted,
// and the user gets a new key pair, because the old private key was
// encrypted under the forgotten password; so the user's grant of the data
// key goes, and comes back from a key holder (at once, if the
// administrator's session holds the key).
func (db *DB) ResetPassword(ctx context.Context, login, password string) error {
	if err := data.CheckPassword(login, password); err != nil {
		return err
	}
	return db.write(ctx, data.PermUsers, func(t *tx) error {
		c, err := t.credentials(data.NormalizeLogin(login))
		if err != nil {
			return err
		}
		hash, key, err := seal.NewPassword(db.kdf, password, db.suite.KeySize())
		if err != nil {
			return err
		}
		public, private, err := db.suite.NewKeyPair()
		if err != nil {
			return err
		}
		wrapped, err := seal.Encrypt(db.suite, key, private, []byte(c.user.ID))
		if err != nil {
			return err
		}
		if _, err := t.exec("UPDATE user_credentials SET password = ?, public_key = ?, private_key = ?, failures = 0, locked_until = NULL WHERE user_id = ?",
			hash.String(), public, wrapped, c.user.ID); err != nil {
			return fmt.Errorf("store: reset password: %w", err)
		}
		u := c.user
		u.MustChangePassword = true
		if _, err := t.update("users", &u.Record, userFields(&u)); err != nil {
			return err
		}
		if err := t.audit("users", u.ID, data.AuditResetPassword, nil, nil); err != nil {
			return err
		}
		if err := t.revoke(u.ID); err != nil {
			return err
		}
		if key := t.sess.holder(); key != nil && u.Active && u.May(data.PermReveal) {
			return t.grant(u.ID, public, key, false)
		}
		return nil
	})
}

// UnlockUser lifts a user's lock-out (too many wrong passwords) for an
// administrator who knows it is them trying, without changing the
// password; a user not locked out is left as is.
func (db *DB) UnlockUser(ctx context.Context, login string) error {
	return db.write(ctx, data.PermUsers, func(t *tx) error {
		c, err := t.credentials(data.NormalizeLogin(login))
		if err != nil {
			return err
		}
		if !c.lockedUntil.After(t.now) {
			return nil
		}
		if _, err := t.exec("UPDATE user_credentials SET failures = 0, locked_until = NULL WHERE user_id = ?", c.user.ID); err != nil {
			return fmt.Errorf("store: unlock user: %w", err)
		}
		return t.audit("users", c.user.ID, data.AuditUnlockUser, map[string]any{"locked_until": formatTime(c.lockedUntil)}, nil)
	})
}

// ChangePassword changes the signed-in user's own password: allowed when
// the administrator's password must be changed, refused while the session
// is locked. Only the user's own private key is encrypted again; their
// grant stays.
func (db *DB) ChangePassword(ctx context.Context, old, password string) error {
	db.mu.RLock()
	s := db.sess
	db.mu.RUnlock()
	switch {
	case s == nil:
		return data.ErrNotSignedIn
	case s.locked:
		return data.ErrSessionLocked
	case old == password:
		return data.Invalid("Password", "新密码不能与原密码相同")
	}
	if err := data.CheckPassword(s.user.Login, password); err != nil {
		return err
	}
	var fresh data.User
	var refusal error
	err := db.writeAs(ctx, s, func(t *tx) error {
		c, err := t.credentials(s.user.Login)
		if err != nil {
			return err
		}
		oldKey, ok := c.password.Check(old, db.suite.KeySize())
		if !ok {
			refusal = data.ErrWrongPassword
			return nil
		}
		if _, err := t.setPassword(c, oldKey, password); err != nil {
			return err
		}
		fresh = c.user
		if fresh.MustChangePassword {
			fresh.MustChangePassword = false
			if _, err := t.update("users", &fresh.Record, userFields(&fresh)); err != nil {
				return err
			}
		}
		return t.audit("users", c.user.ID, data.AuditPassword, nil, nil)
	})
	if err != nil {
		return err
	}
	if refusal != nil {
		return refusal
	}
	finishUser(&fresh)
	db.mu.Lock()
	s.user = fresh
	db.mu.Unlock()
	return nil
}

// setPassword hashes password at the ledger handle's cost and encrypts
// c's private key again under the key it unlocks; key is what c's present
// password unlocks. c is updated; the new key is returned.
func (t *tx) setPassword(c *credentials, key []byte, password string) ([]byte, error) {
	hash, newKey, err := seal.NewPassword(t.db.kdf, password, t.db.suite.KeySize())
	if err != nil {
		return nil, err
	}
	var wrapped []byte
	if c.privateKey != nil {
		private, err := seal.Decrypt(t.db.suite, key, c.privateKey, []byte(c.user.ID))
		if err != nil {
			return nil, fmt.Errorf("store: private key of %s: %w", c.user.Login, err)
		}
		if wrapped, err = seal.Encrypt(t.db.suite, newKey, private, []byte(c.user.ID)); err != nil {
			return nil, err
		}
	}
	if _, err := t.exec("UPDATE user_credentials SET password = ?, private_key = ? WHERE user_id = ?", hash.String(), wrapped, c.user.ID); err != nil {
		return nil, fmt.Errorf("store: password of %s: %w", c.user.Login, err)
	}
	c.password, c.privateKey = hash, wrapped
	return newKey, nil
}

// RecoverGrants opens the data key with the recovery code and passes it on
// to every user who may reveal identities and has no grant: for an office
// whose key holders all lost their passwords. It returns their logins.
// The administrator's session does not keep the key.
func (db *DB) RecoverGrants(ctx context.Context, code string) ([]string, error) {
	var granted []string
	var refusal error
	err := db.write(ctx, data.PermUsers, func(t *tx) error {
		var hash string
		var wrap []byte
		if err := t.queryRow("SELECT recovery, recovery_wrap FROM ledger_keys WHERE id = 1").Scan(&hash, &wrap); err != nil {
			return fmt.Errorf("store: ledger keys: %w", err)
		}
		h, err := seal.ParsePasswordHash(hash)
		if err != nil {
			return err
		}
		key, ok := h.Check(seal.NormalizeRecoveryCode(code), db.suite.KeySize())
		if !ok {
			refusal = data.ErrWrongRecoveryCode
			return t.audit("ledger_keys", "", data.AuditRecover, nil, map[string]any{"result": "恢复码不正确"})
		}
		dataKey, err := seal.Decrypt(db.suite, key, wrap, []byte("recovery"))
		if err != nil {
			return fmt.Errorf("store: recovery: %w", err)
		}
		const holders = "SELECT u.login FROM key_grants g JOIN users u ON u.id = g.user_id WHERE g.custodial = 0 ORDER BY u.login"
		before, err := queryStrings(t.ctx, t.Tx, holders)
		if err != nil {
			return err
		}
		if err := t.grantPending(dataKey); err != nil {
			return err
		}
		after, err := queryStrings(t.ctx, t.Tx, holders)
		if err != nil {
			return err
		}
		for _, login := range after {
			if !slices.Contains(before, login) {
				granted = append(granted, login)
			}
		}
		return t.audit("ledger_keys", "", data.AuditRecover, nil, map[string]any{"granted": granted})
	})
	if err != nil {
		return nil, err
	}
	return granted, refusal
}
