package store

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"xiaoneng/data"
)

// Server is the address of an office's ledger on its PostgreSQL server as
// a desktop's 连接单位服务器 asks for it. The password is kept apart from
// the rest (the program keeps it in a file of the user's own, never in its
// settings).
type Server struct {
	Host     string
	Port     string // "" is PostgreSQL's 5432
	Database string
	User     string
	Password string
	TLS      bool // the connection encrypted (sslmode=require), else in the clear
}

// DefaultPort is PostgreSQL's.
const DefaultPort = "5432"

// Validate refuses an address that cannot name a server, each problem
// under its field.
func (s Server) Validate() error {
	var errs []error
	host := strings.TrimSpace(s.Host)
	switch {
	case host == "":
		errs = append(errs, data.Invalid("Host", "请填写服务器地址（计算机名或IP地址）"))
	case strings.ContainsAny(host, " /?#@:\\") && net.ParseIP(host) == nil:
		errs = append(errs, data.Invalid("Host", "服务器地址只填计算机名或IP地址，不含空格、端口或“/”"))
	}
	if p := strings.TrimSpace(s.Port); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			errs = append(errs, data.Invalid("Port", "端口应为1到65535之间的数字（PostgreSQL默认为5432）"))
		}
	}
	if db := strings.TrimSpace(s.Database); db == "" {
		errs = append(errs, data.Invalid("Database", "请填写数据库名"))
	} else if !plainName(db) {
		errs = append(errs, data.Invalid("Database", "数据库名只能由字母、数字和下划线组成"))
	}
	if u := strings.TrimSpace(s.User); u == "" {
		errs = append(errs, data.Invalid("User", "请填写用户名"))
	} else if !plainName(u) {
		errs = append(errs, data.Invalid("User", "用户名只能由字母、数字和下划线组成"))
	}
	return errors.Join(errs...)
}

// plainName is a name an office's IT person gives a database or a user:
// letters, digits and underscores (README, 单位服务器).
func plainName(s string) bool {
	for _, r := range s {
		if r != '_' && (r > unicode.MaxASCII || !unicode.IsLetter(r) && !unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// DSN is the address Open takes: postgres://user:password@host:port/db.
func (s Server) DSN() string {
	port := strings.TrimSpace(s.Port)
	if port == "" {
		port = DefaultPort
	}
	u := url.URL{
		Scheme: "postgres",
		Host:   net.JoinHostPort(strings.TrimSpace(s.Host), port),
		Path:   "/" + strings.TrimSpace(s.Database),
	}
	if s.Password != "" {
		u.User = url.UserPassword(strings.TrimSpace(s.User), s.Password)
	} else {
		u.User = url.User(strings.TrimSpace(s.User))
	}
	mode := "disable"
	if s.TLS {
		mode = "require"
	}
	u.RawQuery = url.Values{"sslmode": {mode}, "connect_timeout": {"10"}}.Encode()
	return u.String()
}

// Probe connects to the server at dsn and says in a sentence what a
// desktop would find there: the office's ledger, an empty database a new
// ledger would be made in, or why not (the same refusals Open gives).
func Probe(ctx context.Context, dsn string) (string, error) {
	state, err := inspectPostgres(ctx, dsn)
	if err != nil {
		return "", err
	}
	switch {
	case state.version == 0:
		return "连接成功：数据库为空，连接时将在其中建立台账。", nil
	case state.version > LatestVersion():
		return "", fmt.Errorf("store: %w：%s", data.ErrNewerLedger, Redact(dsn))
	default:
		return fmt.Sprintf("连接成功：服务器上已有台账（数据结构版本%d）。", state.version), nil
	}
}
