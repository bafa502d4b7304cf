//go:build !race

// The race detector makes SQLite, which is Go code here, about ten times
// slower, and this test asks the ledger thousands of questions from one
// goroutine: scripts/test.sh runs it without the detector.

package reports

import (
	"context"
	"slices"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/demo/demotest"
)

// TestDeadlinesAgreeEverywhere looks at every complaint, task, rectification
// and document of the demo county on every day of 2026 and checks that the
// screens' rule (data's alerts), the store's lists and counts, the export
// and the statistics say the same of each: near its deadline, past it, or
// neither; the complaint's 办理时限 missed or not.
func TestDeadlinesAgreeEverywhere(t *testing.T) {
	ctx := context.Background()
	db := demotest.Open(t)
	cal, err := db.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	warn := settings.WarnDays
	// The records as they stand at the demo's today, looked at on each day.
	complaints, err := db.Complaints(ctx, data.ComplaintFilter{})
	if err != nil {
		t.Fatal(err)
	}
	tasks, err := db.Tasks(ctx, data.TaskFilter{})
	if err != nil {
		t.Fatal(err)
	}
	findings, err := db.Findings(ctx, data.FindingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := db.Documents(ctx, data.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}

	seen := map[data.AlertLevel]int{}
	missedSeen := 0
	for day := data.NewDate(2026, 1, 1); day.Year() == 2026; day = day.AddDays(1) {
		db.SetClock(func() time.Time { return day.Time().Add(10 * time.Hour) })
		check := func(what string, want, got []string) {
			t.Helper()
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(want, got) {
				t.Fatalf("%s on %s: the store lists %v, the rule %v", what, day, got, want)
			}
		}

		// Complaints: the register's lists and the 工作台's counts.
		byRule := map[data.AlertLevel][]string{}
		missed := 0
		for _, c := range complaints {
			level := c.Alert(cal, day, warn).Level
			byRule[level] = append(byRule[level], c.Number)
			seen[level]++
			// the export says what the rule says
			if row := complaintRow(c, cal, day, false); row.Overdue != c.MissedDue(cal, day) {
				t.Fatalf("%s on %s: exported overdue %v", c.Number, day, row.Overdue)
			}
			if c.MissedDue(cal, day) && c.MergedIntoID == "" {
				missed++
			}
		}
		for _, level := range []data.AlertLevel{data.AlertOverdue, data.AlertDueSoon} {
			list, err := db.Complaints(ctx, data.ComplaintFilter{Alert: level})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range list {
				got = append(got, c.Number)
			}
			check("complaints "+string(level), byRule[level], got)
			// a page of the list, and its count, as the register reads them
			page, err := db.Complaints(ctx, data.ComplaintFilter{Alert: level, Limit: 7, Offset: 3})
			if err != nil {
				t.Fatal(err)
			}
			want := list[min(3, len(list)):min(10, len(list))]
			if len(page) != len(want) {
				t.Fatalf("complaints %s on %s: a page of %d, want %d", level, day, len(page), len(want))
			}
			for i := range page {
				if page[i].ID != want[i].ID {
					t.Fatalf("complaints %s on %s: the page has %s where the list has %s", level, day, page[i].Number, want[i].Number)
				}
			}
			if n, err := db.CountComplaints(ctx, data.ComplaintFilter{Alert: level}); err != nil || n != len(list) {
				t.Fatalf("complaints %s on %s: counted %d (%v), listed %d", level, day, n, err, len(list))
			}
		}
		counts, err := db.ComplaintCounts(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		if counts.Overdue != len(byRule[data.AlertOverdue]) || counts.DueSoon != len(byRule[data.AlertDueSoon]) {
			t.Fatalf("complaint counts on %s: %+v, the rule %d overdue, %d due soon", day, counts,
				len(byRule[data.AlertOverdue]), len(byRule[data.AlertDueSoon]))
		}
		// The statistics of every complaint: late, or still open past the due date.
		s, err := db.ComplaintStats(ctx, data.NewDate(2025, 1, 1), data.NewDate(2026, 12, 31), day)
		if err != nil {
			t.Fatal(err)
		}
		if s.Total.Overdue() != missed {
			t.Fatalf("statistics on %s: %d overdue (%d late, %d open), the rule %d", day, s.Total.Overdue(), s.Total.Late, s.Total.OverdueOpen, missed)
		}
		missedSeen += missed

		// Tasks on the 工作台.
		taskRule := map[data.AlertLevel]int{}
		for _, x := range tasks {
			taskRule[x.Alert(cal, day, warn).Level]++
		}
		tc, err := db.TaskCounts(ctx, day, warn)
		if err != nil {
			t.Fatal(err)
		}
		if tc.Overdue != taskRule[data.AlertOverdue] || tc.DueSoon != taskRule[data.AlertDueSoon] {
			t.Fatalf("task counts on %s: %+v, the rule %v", day, tc, taskRule)
		}

		// Rectifications: the 工作台's counts and the overdue list.
		var rectOverdue []string
		rectRule := map[data.AlertLevel]int{}
		for _, f := range findings {
			level := f.Alert(cal, day, warn).Level
			rectRule[level]++
			if level == data.AlertOverdue {
				rectOverdue = append(rectOverdue, f.ID)
			}
		}
		rc, err := db.RectificationCounts(ctx, day, warn)
		if err != nil {
			t.Fatal(err)
		}
		if rc.Overdue != rectRule[data.AlertOverdue] || rc.DueSoon != rectRule[data.AlertDueSoon] {
			t.Fatalf("rectification counts on %s: %+v, the rule %v", day, rc, rectRule)
		}
		list, err := db.Findings(ctx, data.FindingFilter{Overdue: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range list {
			got = append(got, f.ID)
		}
		check("rectifications overdue", rectOverdue, got)

		// Documents whose reply is overdue: 回复逾期.
		var replyOverdue []string
		for _, d := range docs {
			if d.ReplyAlert(cal, day, 0).Level == data.AlertOverdue {
				replyOverdue = append(replyOverdue, d.ID)
			}
		}
		dc, err := db.DocumentCounts(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		if dc.ReplyOverdue != len(replyOverdue) {
			t.Fatalf("documents on %s: %d replies overdue, the rule %d", day, dc.ReplyOverdue, len(replyOverdue))
		}
		late, err := db.Documents(ctx, data.DocumentFilter{ReplyOverdue: true})
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, d := range late {
			got = append(got, d.ID)
		}
		check("replies overdue", replyOverdue, got)
	}
	// The year has every case to agree on.
	if seen[data.AlertOverdue] == 0 || seen[data.AlertDueSoon] == 0 || missedSeen == 0 {
		t.Errorf("a year of the demo county without overdue (%d), due-soon (%d) or missed (%d) complaints",
			seen[data.AlertOverdue], seen[data.AlertDueSoon], missedSeen)
	}
}
