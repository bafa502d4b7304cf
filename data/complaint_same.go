package data

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// When two records are one complaint. An office's Excel 台账 and this
// ledger must agree on it, or an import counts a complaint twice or drops
// one: two records are the same complaint when they carry the same 编号,
// or — a record without one — when the same complainant (the same
// identity, or both anonymous) complained of the same unit about the same
// 事由 at the same minute. Records that merely look alike, the same unit
// and 事由 the same day from other complainants, are two complaints: two
// people reporting the same unanswered hotline are two, and the office
// counts two; a person may merge them afterwards (并单), as at
// registration.

// ComplaintKey is the rule as a key: equal for two records of one
// complaint. number is the record's 编号 in its own 台账 ("" for none); c
// gives the receipt time, the unit (UnitID) and 事由, and the
// complainant. A blank identity counts as one more identity, so that a
// file without the complainants' columns is still found again.
func ComplaintKey(number string, c *Complaint) string {
	if n := strings.TrimSpace(number); n != "" {
		return "编号:" + n
	}
	parts := []string{c.ReceivedAt.In(Zone).Format("2006-01-02T15:04"), c.UnitID, strings.TrimSpace(c.Subject)}
	parts = append(parts, c.Complainant.identity()...)
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return "投诉人:" + hex.EncodeToString(h[:12])
}

// SameComplainant reports whether p and q are one complainant by the rule
// above: both anonymous, or the same name, phone and ID number.
func (p Complainant) SameComplainant(q Complainant) bool {
	return slices.Equal(p.identity(), q.identity())
}

// identity is what tells complainants apart: 匿名, or the name, phone and
// ID number as the store keeps them.
func (p Complainant) identity() []string {
	if p.Anonymous {
		return []string{"匿名"}
	}
	return []string{strings.TrimSpace(p.Name), strings.TrimSpace(p.Phone), strings.ToUpper(strings.TrimSpace(p.IDNumber))}
}
