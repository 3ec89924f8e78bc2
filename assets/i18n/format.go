package i18n

import (
	"strconv"
	"strings"
	"time"

	"github.com/go-playground/locales"
)

// formats writes dates, times and numbers in the locale Use chose (see
// formatTag); guarded by mu.
var formats locales.Translator = formatLocales["en"]()

func currentFormats() locales.Translator {
	mu.RLock()
	defer mu.RUnlock()
	return formats
}

// ShortDate is a message's date as the list shows it, relative to now:
// the time for today ("14:05", "2:05 pm"), day and month this year ("6
// Dec", "Dec 6", "6. Dez.", "12月6日"), else the locale's medium date
// with the year ("6 Dec 2025", "06.12.2025"). A zero t is "".
func ShortDate(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	t, now = t.Local(), now.Local()
	f := currentFormats()
	switch {
	case t.Year() == now.Year() && t.YearDay() == now.YearDay():
		return shortTime(f, t)
	case t.Year() == now.Year():
		return dayMonth(f, t)
	}
	return f.FmtDateMedium(t)
}

// LongDate is a date and time in full, with the weekday, as the reader
// and notices show it ("Sunday, 6 December 2026, 14:05" in British
// English). The locale gives the date and the time; the message
// "date.long" says how they are joined.
func LongDate(t time.Time) string {
	t = t.Local()
	f := currentFormats()
	return T("date.long", Args{"Date": f.FmtDateFull(t), "Time": shortTime(f, t)})
}

// shortTime is the locale's short time ("14:05", "2:05 pm"). The library
// writes the hour after midnight as 0 in the locales that count hours to
// 12 ("0:05 am", "上午0:05"), where CLDR's pattern "h" says 12; that hour
// is written as 12 here.
func shortTime(f locales.Translator, t time.Time) string {
	s := f.FmtTimeShort(t)
	afternoon := time.Date(t.Year(), t.Month(), t.Day(), 13, t.Minute(), 0, 0, t.Location())
	if t.Hour() != 0 || strings.Contains(f.FmtTimeShort(afternoon), "13") {
		return s
	}
	i := strings.IndexAny(s, "0123456789")
	j := i
	for j < len(s) && s[j] == '0' {
		j++
	}
	if i < 0 || j == i || j < len(s) && s[j] >= '1' && s[j] <= '9' {
		return s
	}
	return s[:i] + "12" + s[j:]
}

// dayMonth is t's day and month without the year, cut from the locale's
// medium date, or from its long one where the medium date names no
// month ("06.12.2026" in German, "2026/12/06" in Japanese). What is cut
// is the year with the words that belong to it only (", 2026", " de
// 2026", " 2026 г.", "2026年"), and a full month name is abbreviated:
// CLDR's own patterns for day and month without the year read the same
// in the languages Tern has.
func dayMonth(f locales.Translator, t time.Time) string {
	year := strconv.Itoa(t.Year())
	abbr, wide := f.MonthAbbreviated(t.Month()), f.MonthWide(t.Month())
	for _, s := range []string{f.FmtDateMedium(t), f.FmtDateLong(t)} {
		if dm, ok := withoutYear(s, year, wide, abbr); ok {
			return dm
		}
	}
	return f.FmtDateMedium(t)
}

// withoutYear cuts the year from a formatted date s whose month is named
// (wide or abbr), keeping the text from the day to the month or the
// month to the day; a wide month name becomes abbr. It fails when s
// lacks the year or names no month on the other side of it.
func withoutYear(s, year, wide, abbr string) (string, bool) {
	y := strings.Index(s, year)
	if y < 0 {
		return "", false
	}
	if before := s[:y]; strings.Contains(before, wide) || strings.Contains(before, abbr) {
		// Year last: keep up to the end of the month or of the day.
		name, at := monthIn(before, wide, abbr)
		end := at + len(name)
		if d := strings.LastIndexAny(before, "0123456789"); d+1 > end {
			end = d + 1
		}
		return strings.Replace(before[:end], wide, abbr, 1), true
	}
	after := s[y+len(year):]
	if !strings.Contains(after, wide) && !strings.Contains(after, abbr) {
		return "", false
	}
	// Year first: keep from the start of the month or of the day.
	_, start := monthIn(after, wide, abbr)
	if d := strings.IndexAny(after, "0123456789"); d >= 0 && d < start {
		start = d
	}
	return strings.Replace(after[start:], wide, abbr, 1), true
}

// monthIn finds the month's name in s, the wide one first (the
// abbreviated one is often its start: "Dec", "December").
func monthIn(s, wide, abbr string) (name string, at int) {
	if i := strings.Index(s, wide); i >= 0 {
		return wide, i
	}
	return abbr, strings.Index(s, abbr)
}

// Size is a byte count for people, in the units of 1,000 ("1.5 MB",
// "1,5 MB" in German, "820 KB"): whole bytes and kilobytes, megabytes
// and gigabytes with one decimal, in the locale's digits and the
// current language's unit symbols (messages "size.*").
func Size(n int64) string {
	f := currentFormats()
	x := float64(n)
	switch {
	case n < 1000:
		return T("size.b", Args{"Size": f.FmtNumber(x, 0)})
	case x < 999.5e3:
		return T("size.kb", Args{"Size": f.FmtNumber(x/1e3, 0)})
	case x < 999.95e6:
		return T("size.mb", Args{"Size": f.FmtNumber(x/1e6, 1)})
	}
	return T("size.gb", Args{"Size": f.FmtNumber(x/1e9, 1)})
}

// Number is a count with the locale's digit grouping and minus sign
// ("12,345", "12.345" in German, "12 345" in French). Languages whose
// CLDR minimumGroupingDigits is 2 (Spanish, Polish) leave four-digit
// numbers whole: "1004", but "12 345".
func Number(n int) string {
	f := currentFormats()
	if n > -10000 && n < 10000 && groupsFromFive[baseLanguage(f.Locale())] {
		return strconv.Itoa(n) // both write the minus sign as "-"
	}
	return f.FmtNumber(float64(n), 0)
}

// groupsFromFive are the languages of Tern's catalogs whose CLDR
// numbers data sets minimumGroupingDigits to 2.
var groupsFromFive = map[string]bool{"es": true, "pl": true}

// baseLanguage is a locale name's language ("es_MX" → "es").
func baseLanguage(locale string) string {
	if i := strings.IndexAny(locale, "_-"); i >= 0 {
		return locale[:i]
	}
	return locale
}

// TimeLeft says an estimate of the time left in words ("about a
// minute", "3 minutes"), "" while there is none yet.
func TimeLeft(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d < time.Minute:
		return T("transfer.left.seconds")
	case d < time.Hour:
		return N("transfer.left.minutes", int(d.Round(time.Minute)/time.Minute))
	}
	return N("transfer.left.hours", int(d.Round(time.Hour)/time.Hour))
}
