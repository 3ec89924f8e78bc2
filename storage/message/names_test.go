package message

import (
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tern-mail/tern/internal/hostile"
)

func TestSafeFilenameHidesNothing(t *testing.T) {
	tests := []struct{ in, want string }{
		{hostile.PaddedExecutableName, "Invoice-2026.pdf .exe"},
		{"Invoice.pdf\u2003\u2003\u3000.exe", "Invoice.pdf .exe"},
		{"a\t\t b.txt", "a b.txt"},
		{"Invoice\u200b\u2060\ufeff.pdf", "Invoice.pdf"},
		{"photo\u2066\u2069\u200e.jpg", "photo.jpg"},
		{"report\u3164\u115f.pdf", "report.pdf"},
		{"CONIN$", "_CONIN$"},
		{"conout$.txt", "_conout$.txt"},
		{"COM0", "_COM0"},
		{"lpt0.log", "_lpt0.log"},
		{"COM\u00b9.txt", "_COM\u00b9.txt"},
		{"LPT\u00b3", "_LPT\u00b3"},
		{"com10.txt", "com10.txt"},
		{"CON .txt", "_CON .txt"},
		{strings.Repeat("a", 199) + " b", strings.Repeat("a", 199)},                       // cut before a space
		{"LPT\u00b9." + strings.Repeat("0", 20), "_LPT\u00b9." + strings.Repeat("0", 20)}, // no extension: still a device
	}
	for _, tc := range tests {
		if got := SafeFilename(tc.in, "", 0); got != tc.want {
			t.Errorf("SafeFilename(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAttachmentKind(t *testing.T) {
	tests := []struct {
		name, mime string
		want       Kind
	}{
		{hostile.PaddedExecutableName, "application/pdf", Kind{true, ".exe", "Program", false}},
		{"report.pdf", "application/pdf", Kind{false, ".pdf", "PDF document", false}},
		{"photo.PNG", "image/png", Kind{false, ".png", "PNG picture", false}},
		{"letter.docx", "application/octet-stream", Kind{false, ".docx", "Word document", false}},
		{"budget.xlsm", "application/vnd.ms-excel", Kind{true, ".xlsm", "Excel spreadsheet with macros", false}},
		{"run.desktop", "text/plain", Kind{true, ".desktop", "Launcher", false}},
		{"open.command", "", Kind{true, ".command", "Program (Terminal)", false}},
		{"shell.terminal", "", Kind{true, ".terminal", "Terminal settings", false}},
		{"setup.msi", "", Kind{true, ".msi", "Installer", false}},
		{"disk.iso", "", Kind{true, ".iso", "Disk image", false}},
		{"link.lnk", "", Kind{true, ".lnk", "Shortcut", false}},
		{"a.hta", "text/html", Kind{true, ".hta", "Web application", true}},
		{"invoice.pdf.", "", Kind{false, ".pdf", "PDF document", false}},
		{"fdp.\u202eexe.pdf", "", Kind{false, ".pdf", "PDF document", false}},
		{"notes", "application/x-msdownload", Kind{true, "", "Program", false}},
		{"notes.txt", "application/x-msdownload", Kind{true, ".txt", "Program", false}},
		{"data.xyz", "", Kind{false, ".xyz", "XYZ file", false}},
		{"report.pdf\u202e\u200bexe.scr", "", Kind{true, ".scr", "Program (screen saver)", false}},
		{"photo\u202egpj.exe", "image/jpeg", Kind{true, ".exe", "Program", false}},
		{"Q3\t\t  results\u200b.docm", "", Kind{true, ".docm", "Word document with macros", false}},
		{"README", "", Kind{false, "", "File of unknown type", false}},
		{"scan", "application/pdf", Kind{false, "", "PDF document", false}},
		{"", "image/png", Kind{false, ".png", "PNG picture", false}},
	}
	for _, tc := range tests {
		if got := AttachmentKind(tc.name, tc.mime); got != tc.want {
			t.Errorf("AttachmentKind(%q, %q) = %+v, want %+v", tc.name, tc.mime, got, tc.want)
		}
	}
}

// The kinds the issue names as dangerous are all in the one list.
func TestDangerousListCoversEveryClass(t *testing.T) {
	for _, ext := range strings.Fields("exe lnk hta js bat scr com pif cmd vbs ps1 jar msi msix pkg deb iso img vhd dmg " +
		"desktop command terminal app docm dotm xlsm xltm xlam pptm ppsm potm wsf reg url appimage accdb") {
		if !IsDangerousExt(ext) || !AttachmentKind("x."+ext, "").Dangerous {
			t.Errorf(".%s is not dangerous", ext)
		}
	}
	for _, ext := range strings.Fields("pdf docx xlsx pptx txt png jpg zip eml ics exe.pdf") {
		if IsDangerousExt("." + ext) {
			t.Errorf(".%s is marked dangerous", ext)
		}
	}
}

func TestCleanHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"Bank\r\nTo: you@bank.example", "Bank To: you@bank.example"},
		{"  lead and   trail  ", "lead and trail"},
		{"bell\x07esc\x1b[2J", "bellesc[2J"},
		{"c1\u0085next\u009bx", "c1 nextx"},
		{"rtl\u202egnp.exe", "rtlgnp.exe"},
		{"iso\u2066late\u2069d", "isolated"},
		{"zero\u200bwidth", "zerowidth"},
		{"emoji 👩\u200d💻", "emoji 👩\u200d💻"},
		{"bad\xffutf8", "bad\ufffdutf8"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := CleanHeader(tc.in); got != tc.want {
			t.Errorf("CleanHeader(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	if got := CleanText("line\r\n\x1b]52;c;cGF3bmVk\x07two\ttab\u202e"); got != "line\n]52;c;cGF3bmVktwo\ttab" {
		t.Errorf("CleanText = %q", got)
	}
}

// One check of senders serves the list, the reader and the command line.
func TestCheckSender(t *testing.T) {
	p := Parse(hostile.PhishingLinks())
	if len(p.From) != 1 {
		t.Fatalf("From = %v", p.From)
	}
	if c := CheckSender(p.From[0].Name, p.From[0].Email); !c.Spoofed || !c.ShowAddress || c.Embedded != "service@paypal.com" {
		t.Errorf("phishing sender: CheckSender = %+v", c)
	}
	tests := []struct {
		name, email   string
		show, spoofed bool
		embedded      string
	}{
		{"PayPal <service@paypal.com>", "evil@attacker.example", true, true, "service@paypal.com"},
		{"service@paypal.com", "evil@attacker.example", true, true, "service@paypal.com"},
		{"service\uff20paypal.com", "evil@attacker.example", true, true, "service@paypal.com"},
		{"support\ufe6bpaypal.com", "evil@attacker.example", true, true, "support@paypal.com"},
		{"www.paypal.com", "evil@attacker.example", true, true, "www.paypal.com"},
		{"PayPal.com Security", "evil@attacker.example", true, true, "PayPal.com"},
		{"Amazon.com", "orders@amazon-secure.example", true, true, "Amazon.com"},
		{"Amazon.com", "orders@amazon.com", true, false, ""},
		{"PAYPAL.COM", "a@b.example", true, true, "PAYPAL.COM"},
		{"bank.co.uk", "info@bank.co.uk", true, false, ""},
		{"example.com support", "help@mail.example.com", true, false, ""},
		{"ana@example.com", "Ana@Example.com", true, false, ""},
		{"PayPal (service@paypal.com)", "service@paypal.com", true, false, ""},
		{"Pay\u202ePal\nTo: x@y.example", "evil@attacker.example", true, true, "x@y.example"},
		{"Ana Souza", "ana@example.com", false, false, ""},
		{"Support team", "help@example.com", false, false, ""},
		{"Dr. J. Smith", "js@example.com", false, false, ""},
		{"john.smith", "john.smith@company.example", false, false, ""},
		{"Dr.Who", "who@example.com", false, false, ""},
		{"Report 2026.pdf", "a@b.example", false, false, ""},
		{"", "a@b.example", false, false, ""},
	}
	for _, tc := range tests {
		c := CheckSender(tc.name, tc.email)
		if c.ShowAddress != tc.show || c.Spoofed != tc.spoofed || c.Embedded != tc.embedded {
			t.Errorf("CheckSender(%q, %q) = %+v", tc.name, tc.email, c)
		}
	}
}

func TestDisplayHost(t *testing.T) {
	tests := map[string]string{
		hostile.LookalikeHost:    "xn--pypal-4ve.com",
		"xn--pypal-4ve.com":      "xn--pypal-4ve.com",
		"paypal.com":             "paypal.com",
		"PayPal.COM":             "paypal.com",
		"bücher.de":              "bücher.de",
		"пример.рф":              "пример.рф",
		"раураl.com":             "xn--l-7sba6dbr.com",
		"例え.jp":                  "例え.jp",
		"αpple.com":              "xn--pple-zld.com",
		"pay\u200bpal.com":       "paypal.com",
		"xn--d1acpjx3f.xn--p1ai": "яндекс.рф", // one script: shown as browsers show it
		"0 .":                    "0",         // the root dot goes, and the space before it
	}
	for in, want := range tests {
		if got := DisplayHost(in); got != want {
			t.Errorf("DisplayHost(%q) = %q, want %q", in, got, want)
		}
	}
	p := Parse(hostile.LookalikeSender())
	if got := DisplayAddress(p.From[0].Email); got != "service@xn--pypal-4ve.com" {
		t.Errorf("DisplayAddress(%q) = %q", p.From[0].Email, got)
	}
}

// fuzzBudget is the time one fuzz input may take: the cost of a message
// must follow its size, and fuzz inputs are small.
const fuzzBudget = 100 * time.Millisecond

// withinBudget runs f and fails t when it takes longer than fuzzBudget.
// The time is the processor time of the thread f runs on (see
// threadTime), so a machine busy with other work, as it is when the
// fuzzer keeps every core busy, does not make a fast input fail.
func withinBudget(t *testing.T, what string, in any, f func()) {
	t.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := threadTime()
	f()
	if d := threadTime() - start; d > fuzzBudget {
		t.Fatalf("%s took %v (budget %v) on %q", what, d, fuzzBudget, in)
	}
}

func FuzzSafeFilename(f *testing.F) {
	for _, s := range []string{"report.pdf", hostile.PaddedExecutableName, "CONIN$", "LPT\u00b9.txt", "../..", "a\u202eexe.pdf", ""} {
		f.Add(s, "application/pdf")
	}
	f.Fuzz(func(t *testing.T, name, ctype string) {
		var got string
		var k Kind
		withinBudget(t, "SafeFilename", name, func() {
			got = SafeFilename(name, ctype, 0)
			k = AttachmentKind(name, ctype)
		})
		if got == "" || strings.ContainsAny(got, `/\<>:"|?*`) || strings.HasPrefix(got, ".") ||
			strings.HasSuffix(got, ".") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") ||
			!utf8.ValidString(got) || len(got) > 255 {
			t.Fatalf("SafeFilename(%q) = %q", name, got)
		}
		for _, r := range got {
			if isControl(r) || isBidiControl(r) || isInvisible(r) {
				t.Fatalf("SafeFilename(%q) = %q keeps %U", name, got, r)
			}
		}
		stem, _, _ := strings.Cut(got, ".")
		if windowsReserved[strings.ToUpper(strings.TrimSpace(stem))] {
			t.Fatalf("SafeFilename(%q) = %q is a Windows device", name, got)
		}
		if k.Ext != "" && !strings.HasSuffix(strings.ToLower(got), k.Ext) {
			t.Fatalf("AttachmentKind(%q).Ext = %q but the file is saved as %q", name, k.Ext, got)
		}
	})
}

func FuzzCleanHeader(f *testing.F) {
	for _, s := range []string{"plain", hostile.ControlSubject, "Bank\r\nTo: x", "a\u202eb", "\xff\xfe", "  x  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got, host string
		withinBudget(t, "CleanHeader", s, func() { got = CleanHeader(s) })
		// The sender checks read the same text.
		withinBudget(t, "sender checks", s, func() {
			if c := CheckSender(s, s); c.Spoofed && !c.ShowAddress {
				t.Fatalf("CheckSender(%q): spoofed but its address not shown", s)
			}
			host = DisplayHost(s)
		})
		if host != CleanHeader(host) {
			t.Fatalf("DisplayHost(%q) = %q is not clean", s, host)
		}
		if !utf8.ValidString(got) || got != strings.TrimSpace(got) || strings.Contains(got, "  ") {
			t.Fatalf("CleanHeader(%q) = %q", s, got)
		}
		for _, r := range got {
			if isControl(r) || isBidiControl(r) || isInvisible(r) {
				t.Fatalf("CleanHeader(%q) = %q keeps %U", s, got, r)
			}
		}
		if again := CleanHeader(got); again != got {
			t.Fatalf("CleanHeader is not idempotent on %q: %q then %q", s, got, again)
		}
	})
}
