package store

import (
	"context"
	"reflect"
	"testing"

	"xiaoneng/data"
)

func TestSimilarComplaints(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t) // the unit: 政务服务中心不动产登记窗口
	subject := func(s string) func(*data.Complaint) { return func(c *data.Complaint) { c.Subject = s } }
	alike := f.register(t, "2026-11-02 09:00", subject("窗口人员态度差"))
	same := f.register(t, "2026-10-20 09:00", subject("窗口工作人员态度生硬"))
	f.register(t, "2026-11-03 09:00", subject("办理营业执照慢"))                   // only 办理 in common
	f.register(t, "2026-08-01 09:00", subject("窗口工作人员态度生硬"))                // more than 90 days before
	f.register(t, "2026-11-06 09:00", subject("反映不动产登记窗口乱收费"))              // the unit's name and 反映 say nothing
	merged := f.register(t, "2026-11-04 09:00", subject("窗口工作人员态度生硬，言语粗鲁")) // merged into another
	f.apply(t, merged.ID, data.Step{Kind: data.EventMerge, At: tm("2026-11-04 10:00"), RelatedID: same.ID})
	rejected := f.register(t, "2026-11-05 09:00", subject("窗口工作人员态度生硬")) // concluded
	f.apply(t, rejected.ID, data.Step{Kind: data.EventReject, At: tm("2026-11-05 10:00"), Note: "重复投诉"})
	other := f.register(t, "2026-11-05 09:00", func(c *data.Complaint) { c.Subject, c.UnitID = "窗口工作人员态度生硬", f.h1 })

	c := &data.Complaint{UnitID: f.unit, Subject: "窗口工作人员态度生硬！", ReceivedAt: tm("2026-11-20 09:00")}
	list, err := f.db.SimilarComplaints(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := numbersOf(list), []string{same.Number, alike.Number}; !reflect.DeepEqual(got, want) {
		t.Errorf("similar to %q: %v, want %v", c.Subject, got, want)
	}
	// Once registered, a complaint is not its own duplicate.
	list, err = f.db.SimilarComplaints(ctx, other)
	if err != nil || len(list) != 0 {
		t.Errorf("similar to a registered complaint of another unit: %v, %v", numbersOf(list), err)
	}
	if list, err := f.db.SimilarComplaints(ctx, &data.Complaint{Subject: "态度生硬"}); err != nil || len(list) != 0 {
		t.Errorf("without a unit: %v, %v", numbersOf(list), err)
	}
	const mobile = "中国移动通信集团清溪分公司"
	for _, tc := range []struct {
		a, b  string
		names []string
		want  float64
	}{
		{"窗口人员态度差", "窗口工作人员态度生硬", nil, 8.0 / 15},
		{"办理业务多次往返", "办理营业执照慢", nil, 2.0 / 13},
		{"态度生硬", "态度，生硬", nil, 4.0 / 5}, // punctuation breaks words: 度生 is not one
		{"TS2026", "ts2026", nil, 1},
		{"脱岗", "上班时间", nil, 0},
		{"反映移动清溪分公司超出公示标准收费", "反映移动清溪分公司擅自开通增值业务扣费", []string{mobile, "移动公司"}, 0},
		{"反映移动清溪分公司超出公示标准收费", "移动公司收费超出公示标准", []string{mobile}, 12.0 / 14},
	} {
		if got := subjectLikeness(tc.a, tc.b, tc.names...); got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("likeness of %q and %q: %.3f, want %.3f", tc.a, tc.b, got, tc.want)
		}
	}
}

func numbersOf(list []*data.Complaint) []string {
	out := []string{}
	for _, c := range list {
		out = append(out, c.Number)
	}
	return out
}
