package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// FieldLaptop is the laptop the demo checks a round out to.
const FieldLaptop = "外勤笔记本-1"

// FieldRound is the round a demo county has in progress on Today, the one
// the demo takes into the field: the year's 全面督查.
func FieldRound(ctx context.Context, office *store.DB) (*data.Round, error) {
	today := data.DateOf(Today)
	rounds, err := office.Rounds(ctx, data.RoundFilter{Year: today.Year(), Kind: data.RoundFull})
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	for _, r := range rounds {
		if !r.Start.After(today) && !r.End.Before(today) {
			return r, nil
		}
	}
	return nil, errors.New("demo: the demo county has no 全面督查 in progress on its today")
}

// FieldDay is what the demo's day in the field did.
type FieldDay struct {
	Visits, Findings, Photos, Rechecks int
	// Conflicted is the rectification whose deadline both sides moved: the
	// office by phone after the laptop went out, the inspector on site.
	Conflicted *data.Finding
}

// WorkInTheField makes the demo's day in the field, on Today: in the field
// ledger made from office's package, the round's leader records two visits
// (one with a finding and photos), re-checks a rectification reported, and
// grants a unit more time to rectify; in the office, meanwhile, someone
// grants the same unit more time by phone, so that bringing the laptop home
// holds one conflict for a person to decide. Both sides' work is the demo's
// 督查员's (ducha, whose account the package carried to the laptop); the
// clocks and the office's session are put back afterwards, and ducha stays
// signed in to the field ledger.
func WorkInTheField(ctx context.Context, office, field *store.DB, round *data.Round, seed int64) (*FieldDay, error) {
	for _, db := range []*store.DB{office, field} {
		db.SetClock(func() time.Time { return Today })
		defer db.SetClock(data.Now)
	}
	if s, ok := office.Session(); ok {
		defer office.Resume(s)
	}
	for _, db := range []*store.DB{office, field} {
		if _, err := db.SignIn(ctx, inspector, Password); err != nil {
			return nil, fmt.Errorf("demo: %s signs in: %w", inspector, err)
		}
	}
	day := &FieldDay{}
	today := data.DateOf(Today)
	open, err := field.Findings(ctx, data.FindingFilter{RectStatus: data.RectOpen})
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if len(open) == 0 {
		return nil, errors.New("demo: the field ledger has no rectification in progress")
	}
	f := open[0]
	if _, err := office.ExtendRectification(ctx, f.ID, 5, "单位来电说明整改需采购设备，同意延期"); err != nil {
		return nil, fmt.Errorf("demo: extension in the office: %w", err)
	}
	leader, err := field.Person(ctx, round.LeaderID)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if _, err := field.ExtendRectification(ctx, f.ID, 10, "现场查看，整改工程量较大，检查组同意延期"); err != nil {
		return nil, fmt.Errorf("demo: extension in the field: %w", err)
	}
	day.Conflicted = f

	reported, err := field.Findings(ctx, data.FindingFilter{RectStatus: data.RectReported})
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if len(reported) > 0 {
		if _, err := field.RecheckFinding(ctx, reported[0].ID, today, data.RecheckPassed, leader.Name, "现场复查，整改措施已落实", 0); err != nil {
			return nil, fmt.Errorf("demo: re-check in the field: %w", err)
		}
		day.Rechecks++
	}

	visited := map[string]bool{}
	done, err := field.Visits(ctx, data.VisitFilter{RoundID: round.ID})
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	for _, v := range done {
		visited[v.UnitID] = true
	}
	var units []string
	for _, id := range round.UnitIDs {
		if !visited[id] {
			units = append(units, id)
		}
	}
	if len(units) < 2 {
		units = round.UnitIDs
	}
	team := append([]string{round.LeaderID}, round.MemberIDs...)
	at := func(h, m int) time.Time { return time.Date(2026, 11, 21, h, m, 0, 0, data.Zone) }
	first := &data.Visit{RoundID: round.ID, UnitID: units[0], VisitedAt: at(9, 30), Place: "一楼办事大厅",
		Summary: "检查工作纪律和制度公示，窗口工作人员在岗，服务规范。", InspectorIDs: team}
	if err := field.RecordVisit(ctx, first, nil, nil); err != nil {
		return nil, fmt.Errorf("demo: visit in the field: %w", err)
	}
	second := &data.Visit{RoundID: round.ID, UnitID: units[1], VisitedAt: at(14, 20), Place: "二楼业务窗口",
		Summary: "检查组以办事群众身份咨询业务，发现一名工作人员脱岗。", InspectorIDs: team}
	finding := &data.Finding{Category: data.Category("脱岗/纪律作风"), Disposition: data.DispositionOnSite,
		Description: "工作时间3号窗口无人值守，约二十分钟后工作人员返回", StaffPost: "3号窗口"}
	var photos []*data.Attachment
	for i := range 2 {
		a, err := photo{name: fmt.Sprintf("现场照片%d.png", i+1), seed: uint64(seed)*10 + uint64(i)}.attachment()
		if err != nil {
			return nil, err
		}
		photos = append(photos, a)
	}
	if err := field.RecordVisit(ctx, second, []*data.Finding{finding}, photos); err != nil {
		return nil, fmt.Errorf("demo: visit in the field: %w", err)
	}
	day.Visits, day.Findings, day.Photos = 2, 1, len(photos)
	return day, nil
}
