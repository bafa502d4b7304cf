package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"xiaoneng/data"
)

// CalendarYears returns the holiday arrangements the office entered or
// corrected (the shipped years are in data.BuiltinYears).
func (db *DB) CalendarYears(ctx context.Context) ([]data.CalendarYear, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return calendarYears(ctx, rd, true)
}

// calendarYears reads the office's years, with their records when asked:
// the calendar itself needs only the days, and a migration's step reads it
// before the columns of later migrations exist.
func calendarYears(ctx context.Context, q querier, records bool) ([]data.CalendarYear, error) {
	var out []data.CalendarYear
	cols := "year, days_off, work_days, note"
	if records {
		cols = recordColumns + ", " + cols
	}
	err := eachRow(ctx, q, "calendar", "SELECT "+cols+" FROM calendar_years WHERE deleted_at IS NULL ORDER BY year", nil, func(row rowScanner) error {
		var y data.CalendarYear
		var off, work string
		dest := []any{&y.Year, &off, &work, &y.Note}
		if records {
			dest = append(recordDest(&y.Record), dest...)
		}
		if err := row.Scan(dest...); err != nil {
			return err
		}
		var err error
		if y.DaysOff, err = data.ParseDayList(y.Year, off); err != nil {
			return fmt.Errorf("%d: %w", y.Year, err)
		}
		if y.WorkDays, err = data.ParseDayList(y.Year, work); err != nil {
			return fmt.Errorf("%d: %w", y.Year, err)
		}
		out = append(out, y)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Calendar returns the working-day calendar: the shipped years overlaid by
// the office's own.
func (db *DB) Calendar(ctx context.Context) (*data.Calendar, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return readCalendar(ctx, rd)
}

func readCalendar(ctx context.Context, q querier) (*data.Calendar, error) {
	years, err := calendarYears(ctx, q, false)
	if err != nil {
		return nil, err
	}
	return data.NewCalendar(years...), nil
}

// refreshOverdueFrom writes again the day each complaint's due date counts as
// missed from (data.Calendar.OverdueFrom, by the calendar in the ledger
// now) for the complaints due from from to to, both included; the update
// trigger moves their late results in the kept figures with it. The
// column is derived from the due date and the calendar, not entered by
// anyone: it is written without an audit row.
func (t *tx) refreshOverdueFrom(from, to data.Date) error {
	cal, err := readCalendar(t.ctx, t)
	if err != nil {
		return err
	}
	type due struct {
		id       string
		due, was data.Date
	}
	var changed []due
	err = eachRow(t.ctx, t, "overdue from", "SELECT id, due_date, overdue_from FROM complaints WHERE due_date >= ? AND due_date <= ?",
		[]any{from.String(), to.String()}, func(row rowScanner) error {
			var d due
			if err := row.Scan(&d.id, &d.due, &d.was); err != nil {
				return err
			}
			if !cal.OverdueFrom(d.due).Equal(d.was) {
				changed = append(changed, d)
			}
			return nil
		})
	if err != nil {
		return err
	}
	for _, d := range changed {
		if _, err := t.exec("UPDATE complaints SET overdue_from = ? WHERE id = ?", cal.OverdueFrom(d.due), d.id); err != nil {
			return fmt.Errorf("store: overdue from: %w", err)
		}
	}
	return nil
}

// refreshYear refreshes what depends on the holidays of year: the complaints
// due in it, or late enough in the year before that their first working
// day after falls in it.
func (t *tx) refreshYear(year int) error {
	return t.refreshOverdueFrom(data.NewDate(year-1, 12, 1), data.NewDate(year, 12, 31))
}

// SaveCalendarYear adds a year's arrangement or replaces the one the office
// entered before (a shipped year is overridden, not changed).
func (db *DB) SaveCalendarYear(ctx context.Context, y *data.CalendarYear) error {
	if err := y.Validate(); err != nil {
		return err
	}
	fields := []field{
		{"year", y.Year}, {"days_off", data.FormatDayList(y.DaysOff)},
		{"work_days", data.FormatDayList(y.WorkDays)}, {"note", y.Note},
	}
	return db.write(ctx, data.PermSettings, func(t *tx) error {
		if err := t.officeOnly("修改节假日安排"); err != nil {
			return err
		}
		err := t.queryRow("SELECT id FROM calendar_years WHERE year = ? AND deleted_at IS NULL", y.Year).Scan(&y.ID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			y.ID = ""
			err = t.insert("calendar_years", &y.Record, fields)
		case err != nil:
			return fmt.Errorf("store: calendar: %w", err)
		default:
			_, err = t.update("calendar_years", &y.Record, fields)
		}
		if err != nil {
			return err
		}
		return t.refreshYear(y.Year)
	})
}

// DeleteCalendarYear drops the office's arrangement of a year, so the shipped
// one (if any) applies again.
func (db *DB) DeleteCalendarYear(ctx context.Context, year int) error {
	return db.write(ctx, data.PermSettings, func(t *tx) error {
		var id string
		err := t.queryRow("SELECT id FROM calendar_years WHERE year = ? AND deleted_at IS NULL", year).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: calendar %d: %w", year, data.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: calendar: %w", err)
		}
		if err := t.tombstone("calendar_years", id); err != nil {
			return err
		}
		return t.refreshYear(year)
	})
}
