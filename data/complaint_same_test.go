package data

import (
	"testing"
	"time"
)

func TestComplaintKey(t *testing.T) {
	at := time.Date(2026, 11, 3, 9, 0, 12, 0, Zone)
	c := func(name, phone string, mod ...func(*Complaint)) *Complaint {
		x := &Complaint{ReceivedAt: at, UnitID: "unit", Subject: "社保热线无人接听", Complainant: Complainant{Name: name, Phone: phone}}
		for _, m := range mod {
			m(x)
		}
		return x
	}
	base := ComplaintKey("", c("王芳", "13905918888"))
	for _, tc := range []struct {
		what   string
		number string
		c      *Complaint
		same   bool
	}{
		{"the same complainant a few seconds later", "", c(" 王芳", "13905918888 ", func(x *Complaint) { x.ReceivedAt = at.Add(30 * time.Second) }), true},
		{"another complainant", "", c("李强", "13800000000"), false},
		{"the same complainant, another phone", "", c("王芳", "13800000000"), false},
		{"the next minute", "", c("王芳", "13905918888", func(x *Complaint) { x.ReceivedAt = at.Add(time.Minute) }), false},
		{"another unit", "", c("王芳", "13905918888", func(x *Complaint) { x.UnitID = "other" }), false},
		{"another 事由", "", c("王芳", "13905918888", func(x *Complaint) { x.Subject = "窗口排队太久" }), false},
		{"anonymous", "", c("", "", func(x *Complaint) { x.Complainant.Anonymous = true }), false},
	} {
		if got := ComplaintKey(tc.number, tc.c) == base; got != tc.same {
			t.Errorf("%s: same complaint %v, want %v", tc.what, got, tc.same)
		}
	}
	// The same 编号 is the same complaint, whatever else differs.
	if ComplaintKey("2026-001", c("王芳", "1")) != ComplaintKey(" 2026-001", c("李强", "2")) {
		t.Error("two records of 编号 2026-001 are two complaints")
	}
	anon := func() *Complaint { return c("", "", func(x *Complaint) { x.Complainant.Anonymous = true }) }
	if a, b := anon(), anon(); ComplaintKey("", a) != ComplaintKey("", b) {
		t.Error("two anonymous records of one minute, unit and 事由 are two complaints")
	}
}
