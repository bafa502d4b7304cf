package store

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/google/uuid"
)

// DefaultDevice names this machine: its host name and an identity kept in
// the user's configuration folder, so that two laptops with the same host
// name are still told apart. Without a writable folder the host name alone
// serves.
func DefaultDevice() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown"
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return host
	}
	file := filepath.Join(dir, "xiaoneng", "device-id")
	if b, err := os.ReadFile(file); err == nil && len(strings.TrimSpace(string(b))) >= 8 {
		return host + "/" + strings.TrimSpace(string(b))[:8]
	}
	id := uuid.NewString()
	if os.MkdirAll(filepath.Dir(file), 0o700) != nil || os.WriteFile(file, []byte(id), 0o600) != nil {
		return host
	}
	return host + "/" + id[:8]
}
