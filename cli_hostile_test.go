package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/hostile"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// unsafeForTerminal finds what a terminal could act on or what reorders
// text: control characters other than tab and newline, and bidirectional
// controls.
func unsafeForTerminal(s string) []rune {
	var bad []rune
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F {
			bad = append(bad, r)
		}
	}
	return bad
}

// newHostileProfile makes a profile with one account and returns the
// --profile flag. The account is POP3's: what it imports stays on this
// computer (an IMAP account's goes to its server).
func newHostileProfile(t *testing.T) (string, accounts.Secrets) {
	t.Helper()
	dir := t.TempDir()
	secrets := accounts.NewMemory()
	p := "--profile=" + dir
	if _, errOut, code := cli(t, secrets, "pw\n", p, "account", "add", "--email", "alice@example.org",
		"--protocol", "pop3", "--host", "pop.example.org", "--smtp-host", "smtp.example.org", "--password-stdin"); code != 0 {
		t.Fatalf("account add: %s", errOut)
	}
	return p, secrets
}

func TestCLIImportsAndShowsHostileMailSafely(t *testing.T) {
	p, secrets := newHostileProfile(t)
	dir := t.TempDir()
	var files []string
	for name, raw := range hostile.All() {
		f := filepath.Join(dir, name+".eml")
		if err := os.WriteFile(f, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	huge := filepath.Join(dir, "huge.eml")
	hf, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hostile.Huge(hf, hostile.HugeSize); err != nil {
		t.Fatal(err)
	}
	hf.Close()
	files = append(files, huge)

	args := append([]string{p, "import", "--account", "alice@example.org"}, files...)
	out, errOut, code := cli(t, secrets, "", args...)
	if code != 0 || !strings.Contains(out, "Imported "+itoa(int64(len(files)))+" messages") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	list, errOut, code := cli(t, secrets, "", p, "list")
	if code != 0 {
		t.Fatal(errOut)
	}
	if bad := unsafeForTerminal(list); len(bad) > 0 {
		t.Errorf("list prints %q", bad)
	}
	ids := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(list), "\n") {
		f := strings.Split(line, "\t")
		ids[f[3]] = f[0]
	}
	show := func(subject string) string {
		t.Helper()
		id, ok := ids[subject]
		if !ok {
			t.Fatalf("no %q in list:\n%s", subject, list)
		}
		out, errOut, code := cli(t, secrets, "", p, "show", id)
		if code != 0 {
			t.Fatalf("show %q: %s", subject, errOut)
		}
		if bad := unsafeForTerminal(out); len(bad) > 0 {
			t.Errorf("show %q prints %q", subject, bad)
		}
		return out
	}
	for subject := range ids {
		show(subject)
	}
	if out := show("Huge message"); !strings.Contains(out, "Open it on the server") {
		t.Errorf("huge message shows no note:\n%s", out)
	}
	if out := show("Your invoice"); !regexp.MustCompile(`Invoice-2026\.pdf \.exe .*Program \(\.exe\): it can run code`).MatchString(out) {
		t.Errorf("padded executable shown as:\n%s", out)
	}
	if out := show("Your account is limited"); !strings.Contains(out, "Warning: the sender's name shows service@paypal.com, but the message is from evil@attacker.example.") {
		t.Errorf("phishing sender shown as:\n%s", out)
	}
	if out := show("Security notice"); !strings.Contains(out, "service@xn--pypal-4ve.com") {
		t.Errorf("lookalike sender shown as:\n%s", out)
	}
	if out := show("Your account is limited"); !strings.Contains(out, "Reply-To: refunds@elsewhere.example\n") {
		t.Errorf("phishing Reply-To not shown:\n%s", out)
	}
	if out := show("Wire transfer today"); !strings.Contains(out, "From: ⚠ CEO <ceo@corp.example> and Mallory <mallory@evil.example>\n") ||
		!strings.Contains(out, "Warning: this message names more than one sender") {
		t.Errorf("two senders shown as:\n%s", out)
	}
	if out := show("Nobody wrote this"); !strings.Contains(out, "From: (no sender)\n") {
		t.Errorf("empty From shown as:\n%s", out)
	}
	if !regexp.MustCompile(`(?m)\t\(no sender\)\tNobody wrote this\t`).MatchString(list) ||
		!strings.Contains(list, "\tCEO <ceo@corp.example> and Mallory <mallory@evil.example>\tWire transfer today\t") {
		t.Errorf("the list names senders as:\n%s", list)
	}
	kinds := show("Files for you")
	for _, f := range hostile.DangerousFiles {
		if !regexp.MustCompile(`(?m)^Attachment: ` + regexp.QuoteMeta(f.Name) + ` .*it can run code on this computer; do not open it$`).MatchString(kinds) {
			t.Errorf("%s is not called dangerous:\n%s", f.Name, kinds)
		}
	}
	if out := show("Unterminated nesting 60"); !strings.Contains(out, "Warning: This message could not be read safely") {
		t.Errorf("deep nesting shown as:\n%s", out)
	}
}

// Text stored before headers were cleaned (or by any other path) is still
// printed clean.
func TestCLIListCleansStoredText(t *testing.T) {
	p, secrets := newHostileProfile(t)
	st, err := storage.Open(filepath.Join(strings.TrimPrefix(p, "--profile="), storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	inbox, err := st.EnsureFolder(ctx, "alice@example.org", "INBOX", "/", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddMessage(ctx, inbox.ID, storage.NewMessage{UID: 1, Envelope: &storage.Envelope{
		Subject: hostile.ControlSubject, From: []message.Address{{Name: "Evil\x1b[2J\r\nTo: x", Email: "e@example.com"}}}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, errOut, code := cli(t, secrets, "", p, "list")
	if code != 0 {
		t.Fatal(errOut)
	}
	if bad := unsafeForTerminal(out); len(bad) > 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("list prints %q in %q", bad, out)
	}
}
