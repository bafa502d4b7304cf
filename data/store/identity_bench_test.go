package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"xiaoneng/data"
)

// BenchmarkOpenComplaint opens a complaint as its screen does, without and with
// its complainant revealed (the sealed identity opened, an audit row
// written); target: revealed < 5 ms more than not. The ledger is small:
// what revealing adds (one AEAD open, one audit row at the chain's end)
// does not grow with the number of complaints.
func BenchmarkOpenComplaint(b *testing.B) {
	ctx := context.Background()
	db := newTestDB(b)
	u := &data.Unit{Name: "县行政审批局", Category: data.UnitDepartment}
	if err := db.CreateUnit(ctx, u); err != nil {
		b.Fatal(err)
	}
	var ids []string
	for i := range 200 {
		c := &data.Complaint{ReceivedAt: fixedNow.Add(-time.Duration(i+1) * time.Hour), Channel: data.ChannelPhone,
			Complainant: data.Complainant{Name: "赵建国", Phone: fmt.Sprintf("139%08d", i), IDNumber: "110101199003071234", Address: "城关镇解放路18号"},
			UnitID:      u.ID, Category: "事难办", Subject: "办理营业执照变更多次往返", Content: "三次补充材料，未一次性告知。"}
		if _, err := db.RegisterComplaint(ctx, c); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	open := func(reveal bool) func(b *testing.B) {
		return func(b *testing.B) {
			i := 0
			for b.Loop() {
				id := ids[i%len(ids)]
				i++
				if _, err := db.Complaint(ctx, id); err != nil {
					b.Fatal(err)
				}
				if reveal {
					if _, err := db.RevealComplainant(ctx, id); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	}
	b.Run("Masked", open(false))
	b.Run("Revealed", open(true))
}
