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
	rows, err := db.reader.QueryContext(ctx, "SELECT "+recordColumns+", year, days_off, work_days, note FROM calendar_years WHERE deleted_at IS NULL ORDER BY year")
	if err != nil {
		return nil, fmt.Errorf("store: calendar: %w", err)
	}
	defer rows.Close()
	var out []data.CalendarYear
	for rows.Next() {
		var y data.CalendarYear
		var off, work string
		if err := rows.Scan(append(recordDest(&y.Record), &y.Year, &off, &work, &y.Note)...); err != nil {
			return nil, fmt.Errorf("store: calendar: %w", err)
		}
		if y.DaysOff, err = data.ParseDayList(y.Year, off); err != nil {
			return nil, fmt.Errorf("store: calendar %d: %w", y.Year, err)
		}
		if y.WorkDays, err = data.ParseDayList(y.Year, work); err != nil {
			return nil, fmt.Errorf("store: calendar %d: %w", y.Year, err)
		}
		out = append(out, y)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: calendar: %w", err)
	}
	return out, nil
}

// Calendar returns the working-day calendar: the shipped years overlaid by
// the office's own.
func (db *DB) Calendar(ctx context.Context) (*data.Calendar, error) {
	years, err := db.CalendarYears(ctx)
	if err != nil {
		return nil, err
	}
	return data.NewCalendar(years...), nil
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
	return db.write(ctx, func(t *tx) error {
		if err := t.officeOnly("修改节假日安排"); err != nil {
			return err
		}
		err := t.queryRow("SELECT id FROM calendar_years WHERE year = ? AND deleted_at IS NULL", y.Year).Scan(&y.ID)
		if errors.Is(err, sql.ErrNoRows) {
			y.ID = ""
			return t.insert("calendar_years", &y.Record, fields)
		}
		if err != nil {
			return fmt.Errorf("store: calendar: %w", err)
		}
		_, err = t.update("calendar_years", &y.Record, fields)
		return err
	})
}

// DeleteCalendarYear drops the office's arrangement of a year, so the shipped
// one (if any) applies again.
func (db *DB) DeleteCalendarYear(ctx context.Context, year int) error {
	return db.write(ctx, func(t *tx) error {
		var id string
		err := t.queryRow("SELECT id FROM calendar_years WHERE year = ? AND deleted_at IS NULL", year).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: calendar %d: %w", year, data.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: calendar: %w", err)
		}
		return t.tombstone("calendar_years", id)
	})
}
