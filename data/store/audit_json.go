package store

import (
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"
)

// auditJSON is json.Marshal(m), byte for byte — keys in byte order, strings
// escaped as encoding/json escapes them (HTML's <, > and & too) — written
// without reflection when every value is a string, an integer or nil, as
// the values of a row's columns are. An import writes an audit row for each
// complaint and each step of its history, some sixty thousand for ten
// thousand complaints, and json.Marshal's walk of each map was a third of
// what their audit rows cost. Any other value goes to json.Marshal.
func auditJSON(m map[string]any) ([]byte, error) {
	keys := make([]string, 0, len(m))
	size := 2
	for k, v := range m {
		switch v := v.(type) {
		case string:
			size += len(v)
		case int64, nil:
		default:
			return json.Marshal(m)
		}
		keys = append(keys, k)
		size += len(k) + 24
	}
	slices.Sort(keys)
	b := make([]byte, 0, size)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		switch v := m[k].(type) {
		case string:
			b = appendJSONString(b, v)
		case int64:
			b = strconv.AppendInt(b, v, 10)
		default: // nil
			b = append(b, "null"...)
		}
	}
	return append(b, '}'), nil
}

// appendJSONString appends s as encoding/json writes a string: control
// characters, quote and backslash escaped, and <, >, &, U+2028 and U+2029
// as \u escapes; a byte that is not UTF-8 becomes \ufffd.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
