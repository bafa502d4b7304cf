package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"xiaoneng/data"
)

// complaintFixture is a ledger with a unit complained about and two units
// that can handle complaints.
type complaintFixture struct {
	db               *DB
	unit, h1, h2     string
	unitName, h1Name string
}

func newComplaintFixture(t *testing.T) *complaintFixture {
	t.Helper()
	ctx := context.Background()
	db := newTestDB(t)
	t.Cleanup(func() { checkMonthCounts(t, db) })
	f := &complaintFixture{db: db, unitName: "政务服务中心不动产登记窗口", h1Name: "县自然资源局"}
	for _, u := range []struct {
		name string
		id   *string
	}{{f.unitName, &f.unit}, {f.h1Name, &f.h1}, {"县住房和城乡建设局", &f.h2}} {
		unit := &data.Unit{Name: u.name, Category: data.UnitDepartment}
		if err := db.CreateUnit(ctx, unit); err != nil {
			t.Fatal(err)
		}
		*u.id = unit.ID
	}
	return f
}

// checkMonthCounts compares the counts the triggers keep with the complaints.
func checkMonthCounts(t *testing.T, db *DB) {
	t.Helper()
	query := func(q string) []MonthCount {
		rows, err := db.reader.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []MonthCount
		for rows.Next() {
			var m MonthCount
			if err := rows.Scan(&m.Month, &m.Status, &m.Channel, &m.N); err != nil {
				t.Fatal(err)
			}
			out = append(out, m)
		}
		return out
	}
	kept := query("SELECT CAST(replace(month, '-', '') AS INTEGER), status, channel, n FROM complaint_month_counts WHERE n != 0 ORDER BY 1, 2, 3")
	counted := query(`SELECT CAST(replace(substr(received_at, 1, 7), '-', '') AS INTEGER), status, channel, count(*)
		FROM complaints WHERE deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
	if !reflect.DeepEqual(kept, counted) {
		t.Errorf("month counts kept by the triggers\n%v\ndiffer from the complaints\n%v", kept, counted)
	}
	// the counts by state and channel read from them are the complaints'
	for _, st := range append([]data.ComplaintStatus{""}, data.ComplaintStatuses...) {
		for _, ch := range append([]data.Channel{""}, data.Channels...) {
			got, err := db.CountComplaints(context.Background(), data.ComplaintFilter{Status: st, Channel: ch})
			if err != nil {
				t.Fatal(err)
			}
			var want int
			if err := db.reader.QueryRow(`SELECT count(*) FROM complaints WHERE deleted_at IS NULL
				AND (?1 = '' OR status = ?1) AND (?2 = '' OR channel = ?2)`, string(st), string(ch)).Scan(&want); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("CountComplaints(%q, %q) = %d, the complaints %d", st, ch, got, want)
			}
		}
	}
}

func tm(s string) time.Time {
	v, err := time.ParseInLocation("2006-01-02 15:04", s, data.Zone)
	if err != nil {
		panic(err)
	}
	return v
}

func day(s string) data.Date {
	v, err := data.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// register registers a complaint received at the given time.
func (f *complaintFixture) register(t *testing.T, received string, mod ...func(*data.Complaint)) *data.Complaint {
	t.Helper()
	c := &data.Complaint{
		ReceivedAt:  tm(received),
		Channel:     data.ChannelPhone,
		Complainant: data.Complainant{Name: "张三丰", Phone: "13812345678", Address: "城关镇解放路12号"},
		UnitID:      f.unit,
		PersonName:  "刘某",
		PersonPost:  "窗口工作人员",
		Category:    "事难办",
		Subject:     "办理不动产登记多次往返",
		Content:     "群众反映办理不动产转移登记时被要求补充材料三次，未一次性告知。",
	}
	for _, m := range mod {
		m(c)
	}
	if _, err := f.db.RegisterComplaint(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// apply applies steps in order and fails the test on any error.
func (f *complaintFixture) apply(t *testing.T, id string, steps ...data.Step) *data.Complaint {
	t.Helper()
	var c *data.Complaint
	for _, s := range steps {
		var err error
		if c, _, err = f.db.ApplyStep(context.Background(), id, s); err != nil {
			t.Fatalf("%s: %v", s.Kind, err)
		}
	}
	return c
}

func TestRevealComplainant(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	c := f.register(t, "2026-11-02 09:00", func(c *data.Complaint) { c.Complainant.IDNumber = "35010219900101123x" })
	addTestUser(t, f.db, "lisi", "李四", data.LeaderRole)
	signInAs(t, f.db, "lisi")
	p, err := f.db.RevealComplainant(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "张三丰" || p.Phone != "13812345678" || p.IDNumber != "35010219900101123X" || p.Address != "城关镇解放路12号" {
		t.Errorf("revealed %+v", p)
	}
	trail, err := f.db.AuditTrail(ctx, "complaints", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := trail[len(trail)-1]
	if last.Action != data.AuditReveal || last.Actor != "lisi" || last.ActorName != "李四" || !last.At.Equal(fixedNow) || last.Device != "test-pc" {
		t.Errorf("reveal audit %+v", last)
	}
	if _, err := f.db.RevealComplainant(ctx, "no-such-complaint"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("unknown complaint: %v", err)
	}
}
