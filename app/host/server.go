package host

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"

	"xiaoneng/data/store"
)

// ServerLogin is this desktop's way to the office's ledger on its server
// (设置 → 连接单位服务器): the address in the program's preferences, the
// password in a file of its own that only the user may read (0600 in a
// 0700 folder; on Windows under the user's profile, which only the user
// and the administrators may read). The module proxy serves no keyring
// library, so the password is never in the preferences, which are a plain
// file anyone with the user's folder reads.
type ServerLogin struct {
	prefs fyne.Preferences
	dir   string
}

// NewServerLogin keeps the address in prefs and the password in dir.
func NewServerLogin(prefs fyne.Preferences, dir string) *ServerLogin {
	return &ServerLogin{prefs: prefs, dir: dir}
}

// DefaultSecretsDir is where the password file lives: the user's
// configuration folder.
func DefaultSecretsDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "xiaoneng"), nil
}

// StartPath is the ledger a start opens: path, unless the ledger was not
// given (-db) and this desktop connected to the office's server, whose
// ledger it opens then.
func (l *ServerLogin) StartPath(path string, given bool) string {
	s, use, err := l.Saved()
	if err != nil {
		fyne.LogError("reading the server's address", err)
	}
	if err != nil || !use || given {
		return path
	}
	return s.DSN()
}

// SecretsDir is where a's password file lives: the user's configuration
// folder, else the program's own storage.
func SecretsDir(a fyne.App) string {
	if dir, err := DefaultSecretsDir(); err == nil {
		return dir
	}
	return filepath.Join(a.Storage().RootURI().Path(), "secrets")
}

const (
	prefServerHost     = "server.host"
	prefServerPort     = "server.port"
	prefServerDatabase = "server.database"
	prefServerUser     = "server.user"
	prefServerTLS      = "server.tls"
	prefServerUse      = "server.use" // open the server's ledger at start
	passwordFile       = "server-password"
)

// Saved is the address saved, with its password, and whether the desktop
// opens the server's ledger at start.
func (l *ServerLogin) Saved() (s store.Server, use bool, err error) {
	s = store.Server{
		Host:     l.prefs.String(prefServerHost),
		Port:     l.prefs.StringWithFallback(prefServerPort, store.DefaultPort),
		Database: l.prefs.StringWithFallback(prefServerDatabase, "xiaoneng"),
		User:     l.prefs.StringWithFallback(prefServerUser, "xiaoneng"),
		TLS:      l.prefs.Bool(prefServerTLS),
	}
	b, err := os.ReadFile(filepath.Join(l.dir, passwordFile))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return s, false, fmt.Errorf("读取服务器密码: %w", err)
	}
	s.Password = string(b)
	return s, l.prefs.Bool(prefServerUse) && s.Host != "", nil
}

// Save keeps s for the next start, which opens the server's ledger.
func (l *ServerLogin) Save(s store.Server) error {
	if err := os.MkdirAll(l.dir, 0o700); err != nil {
		return fmt.Errorf("保存服务器密码: %w", err)
	}
	path := filepath.Join(l.dir, passwordFile)
	if err := os.WriteFile(path, []byte(s.Password), 0o600); err != nil {
		return fmt.Errorf("保存服务器密码: %w", err)
	}
	// A file made by an earlier version, or copied in, keeps its mode
	// through WriteFile: make it the user's alone.
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("保存服务器密码: %w", err)
	}
	l.prefs.SetString(prefServerHost, s.Host)
	l.prefs.SetString(prefServerPort, s.Port)
	l.prefs.SetString(prefServerDatabase, s.Database)
	l.prefs.SetString(prefServerUser, s.User)
	l.prefs.SetBool(prefServerTLS, s.TLS)
	l.prefs.SetBool(prefServerUse, true)
	return nil
}

// Forget stops opening the server's ledger at start and removes the
// password (the address stays, to connect again).
func (l *ServerLogin) Forget() error {
	l.prefs.SetBool(prefServerUse, false)
	if err := os.Remove(filepath.Join(l.dir, passwordFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("删除服务器密码: %w", err)
	}
	return nil
}
