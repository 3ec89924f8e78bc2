package gui

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/storage"
)

func TestNotificationTextCarriesNoScript(t *testing.T) {
	hostile := []struct{ from, subject string }{
		{"Mallory", "$(Start-Process calc.exe)"},
		{"`whoami`", "Invoice `Start-Process calc`"},
		{`Eve "the" quoter`, `"; Start-Process calc; "`},
		{"Eve “typographic”", "‘single’ and „low“ quotes $(calc)"},
		{"Line\nbreak", "First\r\nSecond\u2028Third"},
		{"<b>Bold</b> & co", "<a href=\"https://evil.example\">click</a> & more"},
		{"\u202eevil", "bell\x07 and escape\x1b]0;title\x07"},
	}
	for _, h := range hostile {
		for _, goos := range []string{"windows", "darwin"} {
			title, body := notificationText(goos, 3, h.from, h.subject)
			if title != "Tern" || body != "3 new messages" {
				t.Errorf("%s: notification %q / %q carries text from the message", goos, title, body)
			}
		}
		title, body := notificationText("linux", 1, h.from, h.subject)
		for _, s := range []string{title, body} {
			if strings.ContainsAny(s, "<>\n\r\x07\x1b\u2028\u202e") {
				t.Errorf("linux: %q keeps markup or control characters", s)
			}
			if strings.Contains(s, "&") && !strings.Contains(s, "&amp;") && !strings.Contains(s, "&lt;") {
				t.Errorf("linux: %q has a bare &", s)
			}
		}
	}
	title, body := notificationText("linux", 1, "<b>Bold</b> & co", "a < b")
	if title != "&lt;b&gt;Bold&lt;/b&gt; &amp; co" || body != "a &lt; b" {
		t.Errorf("linux: %q / %q", title, body)
	}
	title, body = notificationText("linux", 2, "Line\nbreak", "First\r\nSecond")
	if title != "Line break" || body != "First Second — 2 new messages" {
		t.Errorf("linux: %q / %q", title, body)
	}
	if _, body := notificationText("windows", 1, "x", "y"); body != "1 new message" {
		t.Errorf("windows, one message: %q", body)
	}
	if _, body := notificationText("linux", 1, "x", strings.Repeat("long ", 100)); len([]rune(body)) > maxNotifyRunes {
		t.Errorf("body of %d characters", len([]rune(body)))
	}
}

func TestNewMailNoticeGoesThroughNotificationText(t *testing.T) {
	w, _, m := windowWith(t, "From: \"$(calc)\" <a@example.com>\r\nSubject: <b>`whoami`</b>\r\nDate: Tue, 03 Nov 2026 09:30:00 +0000\r\n\r\nx\r\n")
	folders, err := m.Store().Folders(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := m.Store().ListMessages(context.Background(), storage.ListQuery{})
	title, body := notificationText(runtime.GOOS, 1, rows[0].From(), rows[0].Subject)
	w.lastUnread, w.newestSeen = 0, 0
	test.AssertNotificationSent(t, fyne.NewNotification(title, body), func() { w.announce(folders, &rows[0]) })
	if runtime.GOOS == "linux" && body != "&lt;b&gt;`whoami`&lt;/b&gt;" {
		t.Errorf("body %q", body)
	}
}
