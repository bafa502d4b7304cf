package store

import (
	"database/sql/driver"
	"runtime"
	"testing"
)

// A call of xn_search_terms takes the result worked out ahead for its
// arguments, the same as it would work out; a call not worked out ahead
// works it out; stopping takes back what no call took.
func TestSearchTermsAhead(t *testing.T) {
	row := func(n int64, number, subject any) []driver.Value {
		return []driver.Value{n, number, subject, "窗口工作人员态度生硬，多次往返", "县自然资源局", nil}
	}
	calls := [][]driver.Value{
		row(2, "QX-2026-0001", "办事难"), row(2, nil, "态度差"), row(2, "QX-2026-0001", "办事难"), // the same fields twice
		row(3, "QX-2026-0001", "办事难"), row(3, nil, "态度差"), row(3, "QX-2026-0001", "办事难"),
	}
	var want []string
	for _, c := range calls {
		w, err := searchTerms(c)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, w)
	}
	stop := termsAhead(calls)
	for i, c := range calls[:4] {
		got, err := sqlSearchTerms(nil, c)
		if err != nil || got != want[i] {
			t.Errorf("call %d: %q, %v; want %q", i, got, err, want[i])
		}
	}
	// the fifth, once ready, is taken
	for {
		if _, ready := aheadTerms.Load(termsKey(calls[4])); ready {
			break
		}
		runtime.Gosched()
	}
	if got, ok := takeAhead(calls[4]); !ok || got != want[4] {
		t.Errorf("the fifth call: %q %v; want %q worked out ahead", got, ok, want[4])
	}
	stop()
	left := 0
	for _, c := range calls {
		if _, ok := aheadTerms.Load(termsKey(c)); ok {
			left++
		}
	}
	if left != 0 {
		t.Errorf("%d results left after stopping", left)
	}
	if _, err := sqlSearchTerms(nil, []driver.Value{int64(4), "x"}); err == nil {
		t.Error("gram size 4 accepted")
	}
}
