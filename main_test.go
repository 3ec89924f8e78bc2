package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// cli runs tern with args against profile dir and returns stdout, stderr and
// the exit code.
func cli(t *testing.T, secrets accounts.Secrets, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, stdio{strings.NewReader(stdin), &out, &errb}, secrets)
	return out.String(), errb.String(), code
}

func TestCLIAccountsAndMail(t *testing.T) {
	dir := t.TempDir()
	secrets := accounts.NewMemory()
	p := "--profile=" + dir

	out, errOut, code := cli(t, secrets, "s3cret\n", p, "account", "add", "--email", "alice@example.org",
		"--name", "Alice", "--protocol", "imap", "--host", "imap.example.org", "--smtp-host", "smtp.example.org",
		"--password-stdin")
	if code != 0 {
		t.Fatalf("account add: %d %s", code, errOut)
	}
	if !strings.Contains(out, "Added alice@example.org (IMAP, imap.example.org:993)") {
		t.Errorf("account add said %q", out)
	}
	if _, _, code := cli(t, secrets, "pw\n", p, "account", "add", "--email", "bob@example.net", "--protocol", "pop3",
		"--host", "pop.example.net", "--security", "starttls", "--password-stdin"); code != 0 {
		t.Fatal("second account")
	}
	out, _, _ = cli(t, secrets, "", p, "account", "list")
	if out != "alice@example.org\timap\timap.example.org:993 tls\tAlice\nbob@example.net\tpop3\tpop.example.net:110 starttls\t\n" {
		t.Errorf("account list = %q", out)
	}

	// Mail inserted by the test, straight into the profile's store.
	st, err := storage.Open(filepath.Join(dir, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	inbox, err := st.EnsureFolder(ctx, "alice@example.org", "INBOX", "/", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	archive, _ := st.EnsureFolder(ctx, "alice@example.org", "Archive", "/", storage.RoleArchive)
	older := "From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.com>\r\nTo: alice@example.org\r\nSubject: Old\tnews\r\n" +
		"Date: Sun, 01 Nov 2026 08:00:00 +0000\r\nMessage-ID: <old@example.com>\r\n\r\nThe walrus sleeps.\r\n"
	newer := "From: Carol <carol@example.com>\r\nTo: alice@example.org\r\nSubject: =?UTF-8?B?w5xiZXJzaWNodA==?=\r\n" +
		"Date: Tue, 03 Nov 2026 09:30:00 +0100\r\nMessage-ID: <new@example.com>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
		"<p>The <b>pelican</b> report is attached.</p>\r\n--b\r\nContent-Type: application/pdf\r\n" +
		"Content-Disposition: attachment; filename=\"../report.pdf\"\r\n\r\n%PDF\r\n--b--\r\n"
	ids, err := st.AddMessages(ctx, inbox.ID, []storage.NewMessage{
		{UID: 1, Raw: []byte(older), Flags: storage.Flags{Seen: true}},
		{UID: 2, Raw: []byte(newer), Flags: storage.Flags{Flagged: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddMessage(ctx, archive.ID, storage.NewMessage{UID: 9, Raw: []byte(
		"From: dan@example.com\r\nSubject: Archived\r\nDate: Mon, 02 Nov 2026 08:00:00 +0000\r\n\r\nwalrus again\r\n")}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out, errOut, code = cli(t, secrets, "", p, "list", "--folder", "inbox")
	if code != 0 {
		t.Fatalf("list: %s", errOut)
	}
	want := "" +
		itoa(ids[1]) + "\t2026-11-03T08:30:00Z\tCarol\tÜbersicht\tunread,flagged,attachment\n" +
		itoa(ids[0]) + "\t2026-11-01T08:00:00Z\tZoë\tOld news\tread\n"
	if got := utc(out); got != want {
		t.Errorf("list --folder inbox =\n%q\nwant\n%q", got, want)
	}
	out, _, _ = cli(t, secrets, "", p, "list", "--account", "alice@example.org", "--limit", "2")
	if n := strings.Count(out, "\n"); n != 2 || !strings.Contains(out, "Übersicht") || !strings.Contains(out, "Archived") {
		t.Errorf("list across folders, newest first, limit 2 = %q", out)
	}

	out, errOut, code = cli(t, secrets, "", p, "show", itoa(ids[1]))
	if code != 0 {
		t.Fatalf("show: %s", errOut)
	}
	for _, w := range []string{"From: Carol <carol@example.com>", "Subject: Übersicht", "The *pelican* report is attached.",
		"Attachment: report.pdf (PDF document"} {
		if !strings.Contains(out, w) {
			t.Errorf("show lacks %q:\n%s", w, out)
		}
	}

	out, _, code = cli(t, secrets, "", p, "search", "pelican")
	if code != 0 || !strings.HasPrefix(out, itoa(ids[1])+"\t") || strings.Count(out, "\n") != 1 {
		t.Errorf("search pelican = %q", out)
	}
	out, _, _ = cli(t, secrets, "", p, "search", "walrus")
	if strings.Count(out, "\n") != 2 {
		t.Errorf("search walrus = %q, want 2 results", out)
	}
	out, _, _ = cli(t, secrets, "", p, "search", "zoe@example.com")
	if !strings.HasPrefix(out, itoa(ids[0])+"\t") {
		t.Errorf("search by address = %q", out)
	}

	// Removing an account removes its mail too.
	if _, errOut, code := cli(t, secrets, "", p, "account", "remove", "alice@example.org"); code != 0 {
		t.Fatalf("remove: %s", errOut)
	}
	if out, _, _ := cli(t, secrets, "", p, "search", "walrus"); out != "" {
		t.Errorf("removed account's mail still found: %q", out)
	}
}

func TestCLIErrorsAreOneLine(t *testing.T) {
	dir := t.TempDir()
	secrets := accounts.NewMemory()
	p := "--profile=" + dir
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"show", "12345"}, 1, "no message with id 12345"},
		{[]string{"show", "abc"}, 2, "not a message id"},
		{[]string{"list"}, 1, "no accounts yet"},
		{[]string{"account", "remove", "nobody@example.org"}, 1, "no such account"},
		{[]string{"account", "add", "--email", "x@example.org", "--protocol", "imap", "--host", "h"}, 2, "--password-stdin"},
		{[]string{"account", "add", "--email", "bad", "--protocol", "imap", "--host", "h", "--password-stdin"}, 1, "not an email address"},
		{[]string{"account", "add", "--email", "x@example.org", "--host", "h", "--password-stdin"}, 2, "needs --protocol"},
	} {
		_, errOut, code := cli(t, secrets, "pw\n", append([]string{p}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v: code %d, stderr %q; want %d and one line with %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

func TestVersionAndHelp(t *testing.T) {
	out, _, code := cli(t, nil, "", "--version")
	info, _ := loadAppInfo()
	if code != 0 || !strings.HasPrefix(out, "Tern "+info.Details.Version) || info.Details.Version == "" {
		t.Errorf("--version = %q (%d)", out, code)
	}
	// The licence the metainfo names is the one LICENSE holds, and the
	// one --version and Help > About tell.
	text, err := os.ReadFile("LICENSE")
	if err != nil || licence() != "MIT" || !strings.HasPrefix(string(text), "MIT License\n") ||
		!strings.Contains(out, "MIT licence") {
		t.Errorf("licence %q, --version %q, LICENSE begins %.20q (%v)", licence(), out, text, err)
	}
	out, _, code = cli(t, nil, "", "--help")
	if code != 0 || !strings.Contains(out, "account add") || !strings.Contains(out, "-profile") {
		t.Errorf("--help = %q (%d)", out, code)
	}
}

func TestProfileCreatedPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "profile")
	t.Setenv(accounts.ProfileEnv, dir)
	if _, errOut, code := cli(t, accounts.NewMemory(), "", "account", "list"); code != 0 {
		t.Fatal(errOut)
	}
	info, err := os.Stat(dir)
	if err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("profile %v %v", info, err)
	}
	if _, err := os.Stat(filepath.Join(dir, storage.FileName)); err != nil {
		t.Fatal("store not in the profile from TERN_PROFILE")
	}
}

func TestCLIDetectAndAddFromTheProviderList(t *testing.T) {
	dir := t.TempDir()
	secrets := accounts.NewMemory()
	p := "--profile=" + dir
	out, errOut, code := cli(t, secrets, "", p, "account", "detect", "someone@gmx.de")
	if code != 0 || !strings.Contains(out, "source\tTern's provider list\n") ||
		!strings.Contains(out, "incoming\timap\timap.gmx.net:993\ttls\tsomeone@gmx.de\n") ||
		!strings.Contains(out, "incoming\tpop3\tpop.gmx.net:995\ttls") || !strings.Contains(out, "outgoing\tsmtp\tmail.gmx.net:465") {
		t.Fatalf("detect: %d %q %s", code, out, errOut)
	}
	out, errOut, code = cli(t, secrets, "app-pw\n", p, "account", "add", "--email", "someone@gmail.com", "--protocol", "pop3", "--password-stdin")
	if code != 0 || !strings.Contains(out, "Added someone@gmail.com (POP3, pop.gmail.com:995), with settings from Tern's provider list.") ||
		!strings.Contains(errOut, "app password") {
		t.Fatalf("add: %d %q %q", code, out, errOut)
	}
	if _, errOut, code := cli(t, secrets, "pw\n", p, "account", "add", "--email", "me@outlook.com", "--password-stdin"); code == 0 || !strings.Contains(errOut, "OAuth2") {
		t.Fatalf("outlook: %d %s", code, errOut)
	}
}
