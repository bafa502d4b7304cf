package data

import (
	"errors"
	"reflect"
	"slices"
	"testing"
)

func rectEnv() RectEnv {
	return RectEnv{Calendar: NewCalendar(), Today: d("2026-11-21"), Actor: "测试员"}
}

// findingIn returns a finding whose rectification has reached status.
func findingIn(t *testing.T, status RectStatus) *Finding {
	t.Helper()
	f := &Finding{FoundOn: d("2026-11-02"), RectStatus: RectNone}
	steps := []RectStep{
		{Kind: FindingOrdered, On: d("2026-11-02"), LimitDays: 10},
		{Kind: FindingReport, On: d("2026-11-10"), Text: "已整改"},
		{Kind: FindingRecheck, On: d("2026-11-12"), Result: RecheckPassed},
	}
	n := map[RectStatus]int{RectNone: 0, RectOpen: 1, RectReported: 2, RectDone: 3}[status]
	for _, s := range steps[:n] {
		if _, _, err := f.Apply(s, rectEnv()); err != nil {
			t.Fatalf("reaching %s: %s: %v", status, s.Kind, err)
		}
	}
	return f
}

func TestEveryRectificationStepFromEveryState(t *testing.T) {
	valid := map[FindingEventKind]RectStep{
		FindingOrdered:  {Kind: FindingOrdered, On: d("2026-11-20"), LimitDays: 5},
		FindingReport:   {Kind: FindingReport, On: d("2026-11-20"), Text: "已整改"},
		FindingRecheck:  {Kind: FindingRecheck, On: d("2026-11-20"), Result: RecheckFailed, LimitDays: 5},
		FindingExtended: {Kind: FindingExtended, LimitDays: 5, Text: "材料未齐"},
	}
	after := map[FindingEventKind]RectStatus{FindingOrdered: RectOpen, FindingReport: RectReported, FindingRecheck: RectOpen, FindingExtended: RectOpen}
	for _, status := range RectStatuses {
		for _, kind := range []FindingEventKind{FindingOrdered, FindingReport, FindingRecheck, FindingExtended} {
			f := findingIn(t, status)
			before := *f
			e, _, err := f.Apply(valid[kind], rectEnv())
			if !slices.Contains(RectificationSteps(status), kind) {
				var se *StateError
				if !errors.As(err, &se) || se.Reason == "" || !reflect.DeepEqual(*f, before) {
					t.Errorf("%s from %s: %v; refused steps change nothing", kind, status, err)
				}
				continue
			}
			if err != nil || f.RectStatus != after[kind] || e.Kind != kind {
				t.Errorf("%s from %s: %v, %s, event %+v", kind, status, err, f.RectStatus, e)
			}
		}
	}
}

func TestRectificationDeadlines(t *testing.T) {
	f := findingIn(t, RectOpen)
	if !f.RectDue.Equal(d("2026-11-16")) { // ten working days from Monday 11-02
		t.Errorf("due %s", f.RectDue)
	}
	e, _, err := f.Apply(RectStep{Kind: FindingExtended, LimitDays: 3, Text: "材料未齐"}, rectEnv())
	if err != nil || !f.RectDue.Equal(d("2026-11-19")) || f.RectLimitDays != 13 || !e.On.Equal(d("2026-11-21")) {
		t.Errorf("extended: %v, due %s, %d days, on %s", err, f.RectDue, f.RectLimitDays, e.On)
	}
	r := findingIn(t, RectReported)
	e, _, err = r.Apply(RectStep{Kind: FindingRecheck, On: d("2026-11-13"), Result: RecheckFailed, LimitDays: 5}, rectEnv())
	if err != nil || r.RectStatus != RectOpen || !r.RectDue.Equal(d("2026-11-20")) || r.RecheckBy != "测试员" || e.Result != string(RecheckFailed) {
		t.Errorf("failed re-check: %v, %+v", err, r)
	}
	for _, tc := range []struct {
		from  RectStatus
		step  RectStep
		field string
	}{
		{RectNone, RectStep{Kind: FindingOrdered, On: d("2026-11-20"), LimitDays: 91}, "LimitDays"},
		{RectNone, RectStep{Kind: FindingOrdered, On: d("2026-11-01"), LimitDays: 5}, "On"}, // before found
		{RectOpen, RectStep{Kind: FindingReport, On: d("2026-11-20")}, "Content"},
		{RectReported, RectStep{Kind: FindingRecheck, On: d("2026-11-09"), Result: RecheckPassed}, "On"}, // before the report
		{RectReported, RectStep{Kind: FindingRecheck, On: d("2026-11-20"), Result: RecheckFailed}, "NewLimitDays"},
		{RectReported, RectStep{Kind: FindingRecheck, On: d("2026-11-20"), Result: "差不多"}, "Result"},
		{RectOpen, RectStep{Kind: FindingExtended, LimitDays: 5}, "Reason"},
	} {
		f := findingIn(t, tc.from)
		before := *f
		var ve *ValidationError
		if _, _, err := f.Apply(tc.step, rectEnv()); !errors.As(err, &ve) || ve.Field != tc.field || !reflect.DeepEqual(*f, before) {
			t.Errorf("%s %+v: %v, want %s refused and nothing changed", tc.step.Kind, tc.step, err, tc.field)
		}
	}
}
