package i18n

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"
)

// withFormat writes dates and numbers as the formatLocales entry tag
// does until the test ends. Messages stay in the current language
// (English in tests), so the joining words and unit symbols are the
// English catalog's.
func withFormat(t *testing.T, tag string) {
	t.Helper()
	newFormat, ok := formatLocales[tag]
	if !ok {
		t.Fatalf("no format locale %q", tag)
	}
	mu.Lock()
	old := formats
	formats = newFormat()
	mu.Unlock()
	t.Cleanup(func() {
		mu.Lock()
		formats = old
		mu.Unlock()
	})
}

func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.Local)
}

// TestDatesByLanguage: the list's three forms (today, this year, an
// older year) and the long form with its weekday, in each language's
// default locale and in British English.
func TestDatesByLanguage(t *testing.T) {
	now := at(2026, time.December, 6, 15, 0)
	today, thisYear, older := at(2026, time.December, 6, 14, 5), at(2026, time.March, 9, 8, 7), at(2025, time.November, 2, 8, 7)
	long := at(2026, time.May, 4, 9, 30) // a Monday
	cases := []struct{ tag, today, thisYear, older, long string }{
		{"en", "2:05 pm", "Mar 9", "Nov 2, 2025", "Monday, May 4, 2026, 9:30 am"},
		{"en-GB", "14:05", "9 Mar", "2 Nov 2025", "Monday, 4 May 2026, 09:30"},
		{"de", "14:05", "9. März", "02.11.2025", "Montag, 4. Mai 2026, 09:30"},
		{"fr", "14:05", "9 mars", "2 nov. 2025", "lundi 4 mai 2026, 09:30"},
		{"es", "14:05", "9 mar.", "2 nov. 2025", "lunes, 4 de mayo de 2026, 9:30"},
		{"it", "14:05", "9 mar", "2 nov 2025", "lunedì 4 maggio 2026, 09:30"},
		{"pt-BR", "14:05", "9 de mar.", "2 de nov. de 2025", "segunda-feira, 4 de maio de 2026, 09:30"},
		{"nl", "14:05", "9 mrt.", "2 nov. 2025", "maandag 4 mei 2026, 09:30"},
		{"pl", "14:05", "9 mar", "2 lis 2025", "poniedziałek, 4 maja 2026, 09:30"},
		{"ru", "14:05", "9 мар.", "2 нояб. 2025 г.", "понедельник, 4 мая 2026 г., 09:30"},
		{"ja", "14:05", "3月9日", "2025/11/02", "2026年5月4日月曜日, 9:30"},
		{"zh-Hans", "下午2:05", "3月9日", "2025年11月2日", "2026年5月4日星期一, 上午9:30"},
	}
	for _, c := range cases {
		t.Run(c.tag, func(t *testing.T) {
			withFormat(t, c.tag)
			for _, g := range []struct{ name, got, want string }{
				{"today", ShortDate(today, now), c.today},
				{"this year", ShortDate(thisYear, now), c.thisYear},
				{"older", ShortDate(older, now), c.older},
				{"long", LongDate(long), c.long},
			} {
				if g.got != g.want {
					t.Errorf("%s: got %q, want %q", g.name, g.got, g.want)
				}
			}
		})
	}
}

// TestMidnightInTwelveHourLocales: the hour after midnight is 12 where
// hours are counted to 12, and 00 where they are counted to 24.
func TestMidnightInTwelveHourLocales(t *testing.T) {
	now := at(2026, time.December, 6, 15, 0)
	for _, c := range []struct{ tag, midnight, noon string }{
		{"en", "12:05 am", "12:30 pm"},
		{"zh-Hans", "上午12:05", "下午12:30"},
		{"en-GB", "00:05", "12:30"},
		{"de", "00:05", "12:30"},
	} {
		withFormat(t, c.tag)
		if got := ShortDate(at(2026, time.December, 6, 0, 5), now); got != c.midnight {
			t.Errorf("%s: 00:05 is %q, want %q", c.tag, got, c.midnight)
		}
		if got := ShortDate(at(2026, time.December, 6, 12, 30), now); got != c.noon {
			t.Errorf("%s: 12:30 is %q, want %q", c.tag, got, c.noon)
		}
	}
}

// TestEveryLocaleTellsMorningFromAfternoon: a locale whose 02:05 and
// 14:05 read the same (a 12-hour locale without am and pm, as the
// library's en_AU is) must not be in formatLocales.
func TestEveryLocaleTellsMorningFromAfternoon(t *testing.T) {
	for tag, newFormat := range formatLocales {
		f := newFormat()
		am, pm := shortTime(f, at(2026, 1, 1, 2, 5)), shortTime(f, at(2026, 1, 1, 14, 5))
		if am == pm || strings.TrimSpace(pm) != pm {
			t.Errorf("%s: 02:05 is %q, 14:05 is %q", tag, am, pm)
		}
	}
}

// TestDayMonthEveryLocale: for every locale and month, the list's "this
// year" form has the day and the month's name and no year, cut from the
// locale's own date forms (not the fallback with the year).
func TestDayMonthEveryLocale(t *testing.T) {
	for tag, newFormat := range formatLocales {
		f := newFormat()
		for m := time.January; m <= time.December; m++ {
			d := at(2031, m, 17, 10, 0)
			got := dayMonth(f, d)
			if strings.Contains(got, "2031") || !strings.Contains(got, "17") || !strings.Contains(got, f.MonthAbbreviated(m)) {
				t.Errorf("%s: %s 17 is %q (medium date %q)", tag, m, got, f.FmtDateMedium(d))
			}
		}
	}
}

// TestZeroDate: a message without a date shows none.
func TestZeroDate(t *testing.T) {
	if got := ShortDate(time.Time{}, time.Now()); got != "" {
		t.Errorf("zero date is %q", got)
	}
}

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		tag  string
		n    int
		want string
	}{
		{"en", 1234567, "1,234,567"},
		{"en", -1234, "-1,234"},
		{"en", 7, "7"},
		{"en-IN", 1234567, "12,34,567"},
		{"de", 1234567, "1.234.567"},
		{"de-CH", 1234567, "1’234’567"},
		{"fr", 1234567, "1\u202f234\u202f567"},
		{"es", 1234567, "1.234.567"},
		{"it", 1234567, "1.234.567"},
		{"pt-BR", 1234567, "1.234.567"},
		{"nl", 1234567, "1.234.567"},
		{"pl", 1234567, "1\u00a0234\u00a0567"},
		// minimumGroupingDigits 2: four digits stay whole, five group.
		{"pl", 1004, "1004"},
		{"pl", 12345, "12\u00a0345"},
		{"es", 4660, "4660"},
		{"es", -4660, "-4660"},
		{"es", 12345, "12.345"},
		{"de", 4660, "4.660"},
		{"ru", 1234567, "1\u00a0234\u00a0567"},
		{"ja", 1234567, "1,234,567"},
		{"zh-Hans", 1234567, "1,234,567"},
	} {
		withFormat(t, c.tag)
		if got := Number(c.n); got != c.want {
			t.Errorf("%s: Number(%d) = %q, want %q", c.tag, c.n, got, c.want)
		}
	}
}

func TestSizes(t *testing.T) {
	for _, c := range []struct {
		tag  string
		n    int64
		want string
	}{
		{"en", 0, "0 B"},
		{"en", 999, "999 B"},
		{"en", 1000, "1 KB"},
		{"en", 999_499, "999 KB"},
		{"en", 999_500, "1.0 MB"},
		{"en", 1_500_000, "1.5 MB"},
		{"en", 999_949_999, "999.9 MB"},
		{"en", 999_950_000, "1.0 GB"},
		{"en", 2_500_000_000, "2.5 GB"},
		{"en", 1_234_500_000_000, "1,234.5 GB"},
		{"de", 1_500_000, "1,5 MB"},
		{"de", 12_345, "12 KB"},
		{"de", 1_234_500_000_000, "1.234,5 GB"},
		{"de-CH", 1_500_000, "1.5 MB"},
		{"fr", 1_500_000, "1,5 MB"},
		{"ru", 2_500_000_000, "2,5 GB"},
		{"ja", 1_500_000, "1.5 MB"},
	} {
		withFormat(t, c.tag)
		if got := Size(c.n); got != c.want {
			t.Errorf("%s: Size(%d) = %q, want %q", c.tag, c.n, got, c.want)
		}
	}
}

// TestFormatTag: the system's locale chooses the region when it is of
// the language messages are in; else that language's default.
func TestFormatTag(t *testing.T) {
	for _, c := range []struct {
		lang   string
		system []string
		want   string
	}{
		{"en", nil, "en"},
		{"en", []string{"en_US.UTF-8"}, "en"},
		{"en", []string{"en_GB.UTF-8"}, "en-GB"},
		{"en", []string{"en-GB", "en-US"}, "en-GB"},
		{"en", []string{"en", "en_IE.UTF-8"}, "en-IE"}, // "en" names no region
		{"en", []string{"en_AU.UTF-8"}, "en-GB"},       // nearest listed
		{"en", []string{"de_DE.UTF-8"}, "en"},          // another language
		{"en", []string{"C.UTF-8"}, "en"},
		{"de", []string{"en_GB.UTF-8", "de"}, "de"},
		{"de", []string{"de_CH.UTF-8"}, "de-CH"},
		{"de", []string{"de_LU.UTF-8"}, "de"},
		{"es", []string{"es_PE.UTF-8"}, "es-419"},
		{"es", []string{"es_ES.UTF-8"}, "es"},
		{"fr", []string{"fr_CA.UTF-8"}, "fr-CA"},
		{"pt-BR", nil, "pt-BR"},
		{"pt-BR", []string{"pt_PT.UTF-8"}, "pt-PT"},
		{"pt-BR", []string{"pt_AO"}, "pt-PT"},
		{"zh-Hans", nil, "zh-Hans"},
		{"zh-Hans", []string{"zh_CN.UTF-8"}, "zh-Hans"},
		{"zh-Hans", []string{"zh_SG.UTF-8"}, "zh-Hans-SG"},
		{"zh-Hans", []string{"zh_TW.UTF-8"}, "zh-Hans"}, // Traditional script
		{"ja", []string{"ja_JP.UTF-8"}, "ja"},
		{"ru", []string{"ru_UA.UTF-8"}, "ru-UA"},
		{"sv", []string{"sv_SE.UTF-8"}, "en"}, // no formats for it
	} {
		if got := formatTag(language.MustParse(c.lang), c.system); got != c.want {
			t.Errorf("formatTag(%s, %q) = %s, want %s", c.lang, c.system, got, c.want)
		}
	}
}

// TestUseFollowsSystemRegion: Use reads the system's locale from the
// environment, so English is written the British way under en_GB and
// the American way under en_US, and the POSIX time locale comes first.
func TestUseFollowsSystemRegion(t *testing.T) {
	t.Cleanup(func() { Use(SystemLanguages()...) }) // after the environment is restored
	now := at(2026, time.December, 6, 15, 0)
	d := at(2026, time.March, 9, 8, 7)
	for _, c := range []struct{ lang, lcTime, want string }{
		{"en_GB.UTF-8", "", "9 Mar"},
		{"en_US.UTF-8", "", "Mar 9"},
		{"en_US.UTF-8", "en_GB.UTF-8", "9 Mar"},
		{"C", "", "Mar 9"},
	} {
		t.Setenv("LANGUAGE", "")
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		t.Setenv("LC_TIME", c.lcTime)
		if got := Use("en"); got != language.English {
			t.Fatalf("Use(en) = %s", got)
		}
		if got := ShortDate(d, now); got != c.want {
			t.Errorf("LANG=%s LC_TIME=%s: %q, want %q", c.lang, c.lcTime, got, c.want)
		}
	}
}

// TestFormatLocalesParse: every key of formatLocales is the tag of its
// locale, so that a region chooses the right one.
func TestFormatLocalesParse(t *testing.T) {
	for tag, newFormat := range formatLocales {
		got := strings.ReplaceAll(newFormat().Locale(), "_", "-")
		if got != tag {
			t.Errorf("formatLocales[%q] is the locale %q", tag, got)
		}
	}
}
