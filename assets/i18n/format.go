package i18n

import (
	"fmt"
	"time"
)

// ShortDate is a message's date as the list shows it, relative to now:
// the time for today, day and month this year, else day, month and year,
// in the current language's order and words.
func ShortDate(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	switch {
	case t.Year() == now.Year() && t.YearDay() == now.YearDay():
		return t.Format("15:04")
	case t.Year() == now.Year():
		return t.Format("2 Jan")
	}
	return t.Format("2 Jan 2006")
}

// LongDate is a date and time in full, as the reader and notices show
// it ("Monday 6 December 2026, 14:05" in English).
func LongDate(t time.Time) string {
	return t.Local().Format("Monday 2 January 2006, 15:04")
}

// Size is a byte count for people ("1.5 MB"), with the current
// language's decimal separator.
func Size(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.0f KB", float64(n)/1000)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}

// Number is a count with the current language's digit grouping.
func Number(n int) string { return fmt.Sprint(n) }
