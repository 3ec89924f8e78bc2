package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
)

// transferMsg is a small message for the import tests.
func transferMsg(n int, subject string, extra ...string) string {
	h := strings.Join(extra, "\n")
	if h != "" {
		h += "\n"
	}
	return h + "From: Sender <s@example.org>\nTo: alice@example.org\nSubject: " + subject +
		"\nDate: Mon, 02 Nov 2026 10:00:00 +0000\nMessage-ID: <t" + itoa(int64(n)) + "@example.org>\n\nbody " + subject + "\n"
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// thunderbirdProfileIn lays out a Thunderbird profile under home: two
// read messages and a deleted one in Local Folders' Inbox, one in a
// subfolder.
func thunderbirdProfileIn(t *testing.T, home string) string {
	t.Helper()
	root := filepath.Join(home, ".thunderbird")
	writeFile(t, filepath.Join(root, "profiles.ini"), "[Profile0]\nName=default\nIsRelative=1\nPath=x.default\nDefault=1\n")
	profile := filepath.Join(root, "x.default")
	writeFile(t, filepath.Join(profile, "prefs.js"), `user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.server.server1.directory-rel", "[ProfD]Mail/Local Folders");
user_pref("mail.server.server1.name", "Local Folders");
user_pref("mail.server.server1.type", "none");
`)
	from := "From - Mon Nov  2 10:00:00 2026\n"
	writeFile(t, filepath.Join(profile, "Mail", "Local Folders", "Inbox"),
		from+transferMsg(1, "first", "X-Mozilla-Status: 0001")+"\n"+
			from+transferMsg(2, "second", "X-Mozilla-Status: 0005")+"\n"+
			from+transferMsg(3, "gone", "X-Mozilla-Status: 0009")+"\n")
	writeFile(t, filepath.Join(profile, "Mail", "Local Folders", "Inbox.msf"), "mork")
	writeFile(t, filepath.Join(profile, "Mail", "Local Folders", "Inbox.sbd", "Bills"), from+transferMsg(4, "bill")+"\n")
	return profile
}

// TestCLIImportAndExportLocally imports a Thunderbird profile into a
// POP3 account (its mail stays here), twice, lists what a folder holds,
// and exports the account to mbox and .eml files.
func TestCLIImportAndExportLocally(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	profile := thunderbirdProfileIn(t, home)
	dir := t.TempDir()
	secrets := accounts.NewMemory()
	p := "--profile=" + dir
	if _, errOut, code := cli(t, secrets, "pw\n", p, "account", "add", "--email", "alice@example.org",
		"--protocol", "pop3", "--host", "pop.example.org", "--smtp-host", "smtp.example.org", "--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	out, _, code := cli(t, secrets, "", p, "import", "--list")
	if code != 0 || !strings.Contains(out, "Thunderbird profile “default” (the one Thunderbird opens): "+profile) ||
		!strings.Contains(out, "\tLocal Folders\t"+filepath.Join(profile, "Mail", "Local Folders")) {
		t.Errorf("import --list:\n%s", out)
	}
	out, _, code = cli(t, secrets, "", p, "import", "--list", profile)
	if code != 0 || !strings.Contains(out, "Inbox\t3 messages\tmbox\t") || !strings.Contains(out, "Inbox/Bills\t1 message\tmbox\t") {
		t.Errorf("import --list PROFILE:\n%s", out)
	}

	out, errOut, code := cli(t, secrets, "", p, "import", "--account", "alice@example.org", profile)
	if code != 0 || strings.TrimSpace(out) != "Imported 3 messages into alice@example.org. 1 message deleted in the source was left out." {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	out, _, _ = cli(t, secrets, "", p, "folders")
	if !strings.Contains(out, "alice@example.org\tINBOX\tinbox\t0\t2") || !strings.Contains(out, "alice@example.org\tINBOX/Bills\t-\t1\t1") {
		t.Errorf("folders:\n%s", out)
	}
	out, _, code = cli(t, secrets, "", p, "import", "--account", "alice@example.org", profile)
	if code != 0 || !strings.HasPrefix(out, "Imported 0 messages into alice@example.org. 3 messages were there already and were skipped.") {
		t.Errorf("second import: %q", out)
	}

	exp := t.TempDir()
	out, errOut, code = cli(t, secrets, "", p, "export", "--account", "alice@example.org", "--mbox", exp)
	if code != 0 || strings.TrimSpace(out) != "Exported 3 messages from 2 folders to "+exp+"." {
		t.Fatalf("export: %d %q %q", code, out, errOut)
	}
	if data, err := os.ReadFile(filepath.Join(exp, "INBOX", "Bills.mbox")); err != nil || !strings.Contains(string(data), "Subject: bill\n") {
		t.Errorf("INBOX/Bills.mbox: %v\n%s", err, data)
	}
	emls := t.TempDir()
	out, _, code = cli(t, secrets, "", p, "export", "--account", "alice@example.org", "--folder", "INBOX/Bills", "--eml", emls)
	if code != 0 || !strings.HasPrefix(out, "Exported 1 message from 1 folder") {
		t.Errorf("export --eml: %q", out)
	}
	if names, _ := filepath.Glob(filepath.Join(emls, "INBOX", "Bills", "2026-11-02 bill (*).eml")); len(names) != 1 {
		t.Errorf("eml files: %q", names)
	}
	if _, errOut, code := cli(t, secrets, "", p, "export", "--account", "alice@example.org"); code != 2 || !strings.Contains(errOut, "--mbox DIR or --eml DIR") {
		t.Errorf("export without a place: %d %q", code, errOut)
	}
}

// TestCLIImportsIntoIMAP uploads an mbox file to Dovecot; the messages
// show after a sync, and importing again adds nothing.
func TestCLIImportsIntoIMAP(t *testing.T) {
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "alice", "pw-alice")
	dir := t.TempDir()
	secrets := accounts.NewMemory()
	p := "--profile=" + dir
	if _, errOut, code := cli(t, secrets, "pw-alice\n", p, "account", "add", "--email", "alice@example.org",
		"--username", "alice", "--protocol", "imap", "--host", "localhost", "--port", itoa(int64(srv.IMAPPort)),
		"--security", "starttls", "--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	box := filepath.Join(t.TempDir(), "Old Work.mbox")
	var b strings.Builder
	for i := 1; i <= 3; i++ {
		b.WriteString("From x@example.org Mon Nov  2 10:00:00 2026\nStatus: RO\n" + transferMsg(i, "old "+itoa(int64(i))) + "\n")
	}
	writeFile(t, box, b.String())
	out, errOut, code := cli(t, secrets, "", p, "import", "--account", "alice@example.org", box)
	if code != 0 || strings.TrimSpace(out) != "Imported 3 messages into alice@example.org. They show here after the next sync (tern sync)." {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	if _, errOut, code := cli(t, secrets, "", p, "sync"); code != 0 {
		t.Fatal(errOut)
	}
	out, _, _ = cli(t, secrets, "", p, "list", "--folder", "Old Work")
	if strings.Count(out, "\n") != 3 || strings.Count(out, "\tread") != 3 {
		t.Errorf("list after sync:\n%s", out)
	}
	out, _, code = cli(t, secrets, "", p, "import", "--account", "alice@example.org", "--folder", "Old Work", box)
	if code != 0 || !strings.HasPrefix(out, "Imported 0 messages into alice@example.org. 3 messages were there already") {
		t.Errorf("second import: %q", out)
	}
}
