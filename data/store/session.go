package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/seal"
)

// Sign-in and the session. A DB has at most one signed-in user: the
// workbench's or the command's. Every public method checks the user's
// roles against data's permission table through allow; writes are recorded
// under the user.

// session is the signed-in user and the keys their sign-in unlocked.
type session struct {
	user data.User
	// locked is the workbench's idle lock: nothing is allowed until the
	// password is given again.
	locked bool
	// dataKey is the ledger's private key, opened from the user's grant:
	// only for users whose roles may reveal identities.
	dataKey []byte
	// custody is the data key a first administrator keeps only to pass it
	// on to the first user who may reveal; it never opens an identity.
	custody []byte
	// searchKey keys the identity search hashes; derived from dataKey.
	searchKey []byte
	// sealer is the key this session encrypts identities with, once made.
	sealer *sealingKey
	// opened are the identity keys opened so far, by seal_keys id.
	opened map[int64][]byte
}

// holder reports whether the session holds the data key, to reveal or to
// pass on.
func (s *session) holder() []byte {
	if s.dataKey != nil {
		return s.dataKey
	}
	return s.custody
}

// loadLedger reads what never changes once the ledger exists: its identity
// and its cipher suite (a ledger not yet migrated to users has none). It
// reads through the reader pool, which a ledger on a full disk opened
// read-only still has.
func (db *DB) loadLedger(ctx context.Context) error {
	if err := db.reader.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'ledger_id'").Scan(&db.ledgerID); err != nil {
		return fmt.Errorf("store: ledger id: %w", err)
	}
	var name string
	err := db.reader.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'suite'").Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: cipher suite: %w", err)
	}
	db.suite, err = seal.ByName(name)
	return err
}

// Actor is the signed-in user's name, under which changes are recorded;
// "" before sign-in.
func (db *DB) Actor() string {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.sess == nil {
		return ""
	}
	return db.sess.user.Name
}

// allow returns the session if the signed-in user's roles allow p.
func (db *DB) allow(p data.Permission) (*session, error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	s := db.sess
	switch {
	case s == nil:
		return nil, data.ErrNotSignedIn
	case s.locked:
		return nil, data.ErrSessionLocked
	case s.user.MustChangePassword:
		return nil, data.ErrMustChangePassword
	case !s.user.May(p):
		return nil, &data.PermissionError{Permission: p, User: s.user.Display()}
	}
	return s, nil
}

// Allow is the refusal the signed-in user meets for p, nil if none: for
// work done outside the ledger's own transactions (a restore closes the
// ledger first).
func (db *DB) Allow(p data.Permission) error {
	_, err := db.allow(p)
	return err
}

// User returns the signed-in user; ok is false before sign-in.
func (db *DB) User() (u data.User, ok bool) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.sess == nil {
		return data.User{}, false
	}
	return db.sess.user, true
}

// May reports whether the signed-in user's roles allow p: what a screen
// asks before it offers an action (the store checks again when it runs).
func (db *DB) May(p data.Permission) bool {
	_, err := db.allow(p)
	return err == nil
}

// Session is a signed-in user's session, to come back to: the demo county
// signs its users in once each and switches between them as they take
// turns. Only SignIn and CreateFirstAdmin make one.
type Session struct{ s *session }

// Session returns the current session; ok is false before sign-in.
func (db *DB) Session() (s *Session, ok bool) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.sess == nil {
		return nil, false
	}
	return &Session{db.sess}, true
}

// Resume makes s the current session again.
func (db *DB) Resume(s *Session) {
	db.mu.Lock()
	db.sess = s.s
	db.mu.Unlock()
}

// Locked reports whether the session waits for the password again.
func (db *DB) Locked() bool {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.sess != nil && db.sess.locked
}

// credentials are a user's row with what their password unlocks.
type credentials struct {
	user        data.User
	password    seal.PasswordHash
	publicKey   []byte
	privateKey  []byte // encrypted under the password's key
	failures    int
	lockedUntil time.Time
}

const credentialColumns = `SELECT ` + userColumns + `, c.password, c.public_key, c.private_key, c.failures` + userFrom

func scanCredentials(row rowScanner) (*credentials, error) {
	c := &credentials{}
	var hash string
	dest := append(userDest(&c.user), &hash, &c.publicKey, &c.privateKey, &c.failures)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	c.lockedUntil = c.user.LockedUntil
	var err error
	if c.password, err = seal.ParsePasswordHash(hash); err != nil {
		return nil, fmt.Errorf("store: password of %s: %w", c.user.Login, err)
	}
	return c, nil
}

func (t *tx) credentials(login string) (*credentials, error) {
	c, err := scanCredentials(t.queryRow(credentialColumns+" WHERE u.login = ? AND u.deleted_at IS NULL", login))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: user %s: %w", login, data.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: user %s: %w", login, err)
	}
	return c, nil
}

// HasUsers reports whether the ledger has any user yet: without one, the
// first administrator is to be created. It needs no sign-in.
func (db *DB) HasUsers(ctx context.Context) (bool, error) {
	var n int
	if err := db.reader.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
		return false, fmt.Errorf("store: users: %w", err)
	}
	return n > 0, nil
}

// dummyHash is checked against when a login is unknown, so that a wrong
// login takes as long as a wrong password.
var dummyHash = sync.OnceValue(func() seal.PasswordHash {
	h, _, err := seal.NewPassword(seal.DefaultKDF, "xiaoneng-dummy-password", 32)
	if err != nil {
		panic(err)
	}
	return h
})

// SignIn checks a login and password and makes that user the one every
// later change is recorded under. Five wrong passwords in a row lock the
// login for 15 minutes (recorded in the ledger, so every program on it
// sees the lock); every attempt writes an audit row. A user whose password
// an administrator set is signed in but may do nothing but change it
// (data.ErrMustChangePassword). Signing in as a user who may reveal
// identities also passes the key on to users waiting for it and writes the
// search hashes of complaints sealed without it.
func (db *DB) SignIn(ctx context.Context, login, password string) (*data.User, error) {
	if db.suite == nil {
		return nil, data.ErrNoUsers
	}
	login = data.NormalizeLogin(login)
	// Whoever was signed in is no longer, whatever comes of this.
	db.mu.Lock()
	db.sess = nil
	db.mu.Unlock()
	if db.readOnly {
		return db.signInReadOnly(ctx, login, password)
	}
	var s *session
	var refusal error
	err := db.writeAs(ctx, nil, func(t *tx) error {
		t.actor, t.login = login, login
		c, err := t.credentials(login)
		if errors.Is(err, data.ErrNotFound) {
			dummyHash().Check(password, db.suite.KeySize())
			refusal = &data.SignInError{Reason: data.SignInWrong}
			// What was typed is not kept: it may be a password typed in the
			// box for the login, and nothing deletes from the audit log.
			t.actor, t.login = data.UnknownLogin, data.UnknownLogin
			return t.audit("users", "", data.AuditSignInFailed, nil, map[string]any{"reason": "无此用户"})
		}
		if err != nil {
			return err
		}
		t.actor = c.user.Name
		if c.lockedUntil.After(t.now) {
			refusal = &data.SignInError{Reason: data.SignInLocked, LockedUntil: c.lockedUntil}
			return t.audit("users", c.user.ID, data.AuditSignInFailed, nil, map[string]any{"reason": "已锁定"})
		}
		key, ok := c.password.Check(password, db.suite.KeySize())
		if !ok {
			refusal, err = t.wrongPassword(c)
			return err
		}
		if !c.user.Active {
			refusal = &data.SignInError{Reason: data.SignInDisabled}
			return t.audit("users", c.user.ID, data.AuditSignInFailed, nil, map[string]any{"reason": "已停用"})
		}
		// A password hashed at another cost than the one passwords are
		// now set with (46 MiB before December 2026) is hashed again while
		// it is at hand, as OWASP advises: every later sign-in, and every
		// command of the command line, pays the present cost.
		var rehashed map[string]any
		if c.password.KDF != db.kdf {
			if key, err = t.setPassword(c, key, password); err != nil {
				return err
			}
			rehashed = map[string]any{"password_cost": "argon2id " + c.password.KDF.String()}
		}
		if s, err = t.openSession(c, key); err != nil {
			return err
		}
		t.sess = s
		if _, err := t.exec("UPDATE user_credentials SET failures = 0, locked_until = NULL, last_sign_in = ? WHERE user_id = ?", formatTime(t.now), c.user.ID); err != nil {
			return fmt.Errorf("store: sign in: %w", err)
		}
		if err := t.audit("users", c.user.ID, data.AuditSignIn, nil, rehashed); err != nil {
			return err
		}
		return t.keyHolderWork()
	})
	if errors.Is(err, data.ErrDiskFull) {
		// nothing can be recorded on a full disk, but the ledger can still
		// be looked at
		return db.signInReadOnly(ctx, login, password)
	}
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refusal
	}
	db.mu.Lock()
	db.sess = s
	db.mu.Unlock()
	u := s.user
	return &u, nil
}

// signInReadOnly signs in to a ledger opened read-only, or on a full disk,
// which can record nothing: no audit row, no count of wrong passwords (a lock already there
// holds), no key passed on. Whatever would be recorded, a reveal among
// them, is refused as every change is.
func (db *DB) signInReadOnly(ctx context.Context, login, password string) (*data.User, error) {
	sqlTx, err := db.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: sign in: %w", err)
	}
	defer sqlTx.Rollback() //nolint:errcheck // read-only: nothing to undo
	t := &tx{Tx: sqlTx, ctx: ctx, now: db.now(), device: db.device, db: db}
	c, err := t.credentials(login)
	switch {
	case errors.Is(err, data.ErrNotFound):
		dummyHash().Check(password, db.suite.KeySize())
		return nil, &data.SignInError{Reason: data.SignInWrong}
	case err != nil:
		return nil, err
	case c.lockedUntil.After(t.now):
		return nil, &data.SignInError{Reason: data.SignInLocked, LockedUntil: c.lockedUntil}
	}
	key, ok := c.password.Check(password, db.suite.KeySize())
	switch {
	case !ok:
		return nil, &data.SignInError{Reason: data.SignInWrong}
	case !c.user.Active:
		return nil, &data.SignInError{Reason: data.SignInDisabled}
	}
	s, err := t.openSession(c, key)
	if err != nil {
		return nil, err
	}
	db.mu.Lock()
	db.sess = s
	db.mu.Unlock()
	u := s.user
	return &u, nil
}

// wrongPassword counts a wrong password; the fifth in a row locks the
// login.
func (t *tx) wrongPassword(c *credentials) (error, error) {
	failures := c.failures + 1
	if failures >= data.MaxSignInFailures {
		until := t.now.Add(data.SignInLockout)
		if _, err := t.exec("UPDATE user_credentials SET failures = 0, locked_until = ? WHERE user_id = ?", formatTime(until), c.user.ID); err != nil {
			return nil, fmt.Errorf("store: sign in: %w", err)
		}
		return &data.SignInError{Reason: data.SignInLocked, LockedUntil: until},
			t.audit("users", c.user.ID, data.AuditLockout, nil, map[string]any{"until": formatTime(until)})
	}
	if _, err := t.exec("UPDATE user_credentials SET failures = ? WHERE user_id = ?", failures, c.user.ID); err != nil {
		return nil, fmt.Errorf("store: sign in: %w", err)
	}
	return &data.SignInError{Reason: data.SignInWrong, Left: data.MaxSignInFailures - failures},
		t.audit("users", c.user.ID, data.AuditSignInFailed, nil, map[string]any{"reason": "密码错误"})
}

// openSession opens, with the key the password unlocked, the user's
// private key and with it their grant of the data key.
func (t *tx) openSession(c *credentials, passwordKey []byte) (*session, error) {
	s := &session{user: c.user, opened: map[int64][]byte{}}
	var grant []byte
	var custodial bool
	err := t.queryRow("SELECT data_key, custodial FROM key_grants WHERE user_id = ?", c.user.ID).Scan(&grant, &custodial)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: key grant: %w", err)
	}
	private, err := seal.Decrypt(t.db.suite, passwordKey, c.privateKey, []byte(c.user.ID))
	if err != nil {
		return nil, fmt.Errorf("store: private key of %s: %w", c.user.Login, err)
	}
	dataKey, err := t.db.suite.Open(private, grant)
	if err != nil {
		return nil, fmt.Errorf("store: key grant of %s: %w", c.user.Login, err)
	}
	switch {
	case custodial:
		s.custody = dataKey
	case c.user.May(data.PermReveal):
		s.dataKey = dataKey
		s.searchKey = searchKey(t.db.suite, dataKey)
	}
	return s, nil
}

// keyHolderWork is what a sign-in holding the data key does for others:
// it passes the key on to the users waiting for it, gives up a custodial
// grant once someone who may reveal holds the key, and writes the search
// hashes of complaints sealed without the key.
func (t *tx) keyHolderWork() error {
	if t.sess.holder() == nil {
		return nil
	}
	if err := t.grantPending(t.sess.holder()); err != nil {
		return err
	}
	if t.sess.dataKey == nil {
		return nil
	}
	return t.writePendingTerms()
}

// SignOut ends the session: its keys are forgotten.
func (db *DB) SignOut(ctx context.Context) error {
	db.mu.RLock()
	s := db.sess
	db.mu.RUnlock()
	if s == nil {
		return nil
	}
	err := db.writeAs(ctx, s, func(t *tx) error { return t.audit("users", s.user.ID, data.AuditSignOut, nil, nil) })
	db.mu.Lock()
	db.sess = nil
	db.mu.Unlock()
	return err
}

// Lock is the workbench's idle lock: every method is refused until Unlock
// is given the user's password. The keys stay in memory, so that the
// forms left open are saved as they were.
func (db *DB) Lock() {
	db.mu.Lock()
	if db.sess != nil {
		db.sess.locked = true
	}
	db.mu.Unlock()
}

// Unlock lifts the idle lock with the signed-in user's password. Wrong
// passwords count towards the lock-out as at sign-in; a user disabled or
// locked out meanwhile is signed out. The user's roles are read again.
func (db *DB) Unlock(ctx context.Context, password string) error {
	db.mu.RLock()
	s := db.sess
	db.mu.RUnlock()
	if s == nil {
		return data.ErrNotSignedIn
	}
	var refusal error
	var fresh data.User
	err := db.writeAs(ctx, s, func(t *tx) error {
		c, err := t.credentials(s.user.Login)
		if err != nil {
			return err
		}
		if c.lockedUntil.After(t.now) {
			refusal = &data.SignInError{Reason: data.SignInLocked, LockedUntil: c.lockedUntil}
			return nil
		}
		if _, ok := c.password.Check(password, db.suite.KeySize()); !ok {
			refusal, err = t.wrongPassword(c)
			return err
		}
		if !c.user.Active {
			refusal = &data.SignInError{Reason: data.SignInDisabled}
			return nil
		}
		fresh = c.user
		if _, err := t.exec("UPDATE user_credentials SET failures = 0 WHERE user_id = ?", c.user.ID); err != nil {
			return fmt.Errorf("store: unlock: %w", err)
		}
		return t.audit("users", c.user.ID, data.AuditUnlock, nil, nil)
	})
	if err != nil {
		return err
	}
	var se *data.SignInError
	if errors.As(refusal, &se) && se.Reason != data.SignInWrong {
		db.mu.Lock()
		db.sess = nil
		db.mu.Unlock()
		return refusal
	}
	if refusal != nil {
		return refusal
	}
	db.mu.Lock()
	s.user, s.locked = fresh, false
	if !fresh.May(data.PermReveal) {
		s.dataKey, s.searchKey = nil, nil
	}
	db.mu.Unlock()
	return nil
}
