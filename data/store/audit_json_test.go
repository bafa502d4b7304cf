package store

import (
	"bytes"
	"encoding/json"
	"testing"
)

// auditJSON writes what json.Marshal writes, for the values it writes
// itself and for those it hands on.
func TestAuditJSONIsMarshal(t *testing.T) {
	strs := []string{"", "窗口工作人员态度冷淡", "a\"b\\c", "<script>&amp;</script>", "tab\tnl\ncr\rbs\bff\f",
		"\x00\x01\x1f\x7f", "bad \xff\xfe utf-8 \xe4\xb8", "line\u2028para\u2029end", "emoji 😀 and 𠀋", "TS2026-0123"}
	maps := []map[string]any{
		{},
		{"n": nil},
		{"year": int64(2026), "seq": int64(-7), "big": int64(1 << 62)},
		{"ratio": 0.5, "subject": "x"},          // a float: json.Marshal's
		{"photo": []byte{1, 2, 3}, "name": "x"}, // bytes: json.Marshal's
	}
	for i, s := range strs {
		m := map[string]any{"content": s, "z": int64(i), "a_" + s: s, "\u2028" + s: nil}
		maps = append(maps, m)
	}
	for _, m := range maps {
		sameAsMarshal(t, m)
	}
}

// sameAsMarshal checks that auditJSON writes m as json.Marshal does.
func sameAsMarshal(t *testing.T, m map[string]any) {
	t.Helper()
	want, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := auditJSON(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("auditJSON(%q)\n got %s\nwant %s", m, got, want)
	}
}

// FuzzAuditJSON: any string, as key or value, is written as json.Marshal
// writes it.
func FuzzAuditJSON(f *testing.F) {
	for _, s := range []string{"", "态度\n<&>", "\xff\u2028\x00"} {
		f.Add(s, int64(3))
	}
	f.Fuzz(func(t *testing.T, s string, n int64) {
		sameAsMarshal(t, map[string]any{s: s, "n" + s: n, "z": nil})
	})
}
