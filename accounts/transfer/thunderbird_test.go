package transfer

import (
	"path/filepath"
	"strings"
	"testing"
)

// thunderbirdHome builds a home folder with a Thunderbird profile laid
// out as Thunderbird lays it out: profiles.ini naming the profile (and
// an [Install…] section choosing it), prefs.js naming the accounts and
// their folders, and mbox files with .msf indexes beside them,
// subfolders in .sbd directories, empty files for empty folders.
func thunderbirdHome(t *testing.T) (home, profile string) {
	t.Helper()
	home = t.TempDir()
	root := filepath.Join(home, ".thunderbird")
	write(t, filepath.Join(root, "profiles.ini"), "[Profile1]\nName=old\nIsRelative=1\nPath=old.default\n\n"+
		"[Profile0]\nName=default-release\nIsRelative=1\nPath=abcd.default-release\nDefault=1\n\n"+
		"[InstallFDC34C9F024745EB]\nDefault=abcd.default-release\nLocked=1\n\n[General]\nStartWithLastProfile=1\nVersion=2\n")
	profile = filepath.Join(root, "abcd.default-release")
	write(t, filepath.Join(profile, "prefs.js"), `// Mozilla User Preferences
user_pref("mail.account.account1.server", "server1");
user_pref("mail.account.account2.server", "server2");
user_pref("mail.account.account3.server", "server3");
user_pref("mail.accountmanager.accounts", "account2,account1,account3");
user_pref("mail.server.server1.directory", "/somewhere/else/Local Folders");
user_pref("mail.server.server1.directory-rel", "[ProfD]Mail/Local Folders");
user_pref("mail.server.server1.hostname", "Local Folders");
user_pref("mail.server.server1.name", "Local Folders");
user_pref("mail.server.server1.type", "none");
user_pref("mail.server.server1.userName", "nobody");
user_pref("mail.server.server2.directory-rel", "[ProfD]ImapMail/imap.example.org");
user_pref("mail.server.server2.hostname", "imap.example.org");
user_pref("mail.server.server2.name", "ana@example.org");
user_pref("mail.server.server2.type", "imap");
user_pref("mail.server.server2.userName", "ana");
user_pref("mail.server.server3.directory-rel", "[ProfD]Mail/Feeds");
user_pref("mail.server.server3.name", "Blogs \u0026 News Feeds");
user_pref("mail.server.server3.type", "rss");
`)
	local := filepath.Join(profile, "Mail", "Local Folders")
	write(t, filepath.Join(local, "Inbox"), mboxOf(
		msg(1, "read", "X-Mozilla-Status: 0001", "X-Mozilla-Status2: 00000000", "X-Mozilla-Keys:                                                                                 "),
		msg(2, "replied and flagged", "X-Mozilla-Status: 0007", "X-Mozilla-Status2: 00000000"),
		msg(3, "deleted", "X-Mozilla-Status: 0009", "X-Mozilla-Status2: 00000000"),
		msg(4, "unread with a tag", "X-Mozilla-Status: 0000", "X-Mozilla-Status2: 00000000", "X-Mozilla-Keys: $label1"),
	))
	write(t, filepath.Join(local, "Inbox.msf"), "// <!-- <mdb:mork:z v=\"1.4\"/> -->\n")
	write(t, filepath.Join(local, "Inbox.sbd", "Receipts"), mboxOf(msg(5, "receipt", "X-Mozilla-Status: 1001", "X-Mozilla-Status2: 00000000")))
	write(t, filepath.Join(local, "Inbox.sbd", "Receipts.msf"), "mork")
	write(t, filepath.Join(local, "Trash"), "")
	write(t, filepath.Join(local, "Trash.msf"), "mork")
	write(t, filepath.Join(local, "Unsent Messages"), "")
	write(t, filepath.Join(local, "msgFilterRules.dat"), "version=\"9\"\nlogging=\"no\"\n")
	write(t, filepath.Join(local, "Sent"), mboxOf(msg(6, "sent one", "X-Mozilla-Status: 0001")))
	imap := filepath.Join(profile, "ImapMail", "imap.example.org")
	write(t, filepath.Join(imap, "INBOX"), mboxOf(msg(7, "imap offline copy", "X-Mozilla-Status: 0001", "X-Mozilla-Status2: 00000000")))
	write(t, filepath.Join(imap, "INBOX.msf"), "mork")
	write(t, filepath.Join(imap, "Archives.sbd", "2025"), mboxOf(msg(8, "archived", "X-Mozilla-Status: 0001")))
	write(t, filepath.Join(profile, "Mail", "Feeds", "News"), mboxOf(msg(9, "a feed item")))
	write(t, filepath.Join(root, "old.default", "prefs.js"), "")
	return home, profile
}

func TestFindsThunderbirdProfilesAndAccounts(t *testing.T) {
	home, profile := thunderbirdHome(t)
	profiles, err := FindProfiles(ThunderbirdRoots("linux", home, ""))
	if err != nil {
		t.Fatal(err)
	}
	if len(profiles) != 2 || profiles[0].Dir != profile || !profiles[0].Default || profiles[1].Default {
		t.Fatalf("profiles: %+v", profiles)
	}
	var accts []string
	for _, a := range profiles[0].Accounts {
		rel, _ := filepath.Rel(profile, a.Dir)
		accts = append(accts, a.Name+"="+a.Type+"="+filepath.ToSlash(rel))
	}
	if got := strings.Join(accts, "|"); got != "ana@example.org=imap=ImapMail/imap.example.org|Local Folders=none=Mail/Local Folders|Blogs & News Feeds=rss=Mail/Feeds" {
		t.Errorf("accounts: %s", got)
	}
	if profiles[0].Accounts[2].HasMail() || !profiles[0].Accounts[0].HasMail() {
		t.Error("HasMail")
	}
}

func TestThunderbirdRootsOnEachSystem(t *testing.T) {
	cases := map[string][]string{
		"linux":   {"/h/.thunderbird", "/h/snap/thunderbird/common/.thunderbird", "/h/.var/app/org.mozilla.Thunderbird/.thunderbird"},
		"darwin":  {"/h/Library/Thunderbird"},
		"windows": {filepath.Join("/appdata", "Thunderbird")},
	}
	for goos, want := range cases {
		got := ThunderbirdRoots(goos, "/h", "/appdata")
		for i := range want {
			want[i] = filepath.FromSlash(want[i])
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: %q, want %q", goos, got, want)
		}
	}
}

func TestScansAThunderbirdProfile(t *testing.T) {
	_, profile := thunderbirdHome(t)
	boxes, skipped, err := Scan([]string{profile})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range boxes {
		names = append(names, b.Name()+"("+string(b.Kind)+")")
	}
	if got := strings.Join(names, "|"); got != "Archives/2025(mbox)|INBOX(mbox)|Inbox(mbox)|Inbox/Receipts(mbox)|Sent(mbox)" {
		t.Errorf("mailboxes: %s", got)
	}
	if len(skipped) != 0 {
		t.Errorf("skipped: %q", skipped)
	}
	// One account's folder alone.
	boxes, _, err = Scan([]string{filepath.Join(profile, "Mail", "Local Folders")})
	if err != nil || len(boxes) != 3 {
		t.Fatalf("Local Folders: %+v %v", boxes, err)
	}
}

func TestImportsAThunderbirdProfile(t *testing.T) {
	_, profile := thunderbirdHome(t)
	st := newStore(t)
	p := importPaths(t, st, "acct", Options{}, profile)
	if p.Imported != 7 || p.Deleted != 1 || p.Duplicates != 0 || p.KeptRaw != 0 {
		t.Errorf("first import: %+v", p)
	}
	want := "Archives/2025: archived[read]\n" +
		"INBOX: imap offline copy[read] read[read] replied and flagged[read,flagged,answered] unread with a tag[unread]\n" +
		"INBOX/Receipts: receipt[read]\n" +
		"Sent: sent one[read]"
	if got := contents(t, st, "acct"); got != want {
		t.Errorf("after import:\n%s\nwant\n%s", got, want)
	}
	folders, _ := st.Folders(t.Context(), "acct")
	for _, f := range folders {
		if f.Name != "INBOX" && !f.LocalOnly {
			t.Errorf("%s is not a local folder", f.Name)
		}
		if f.Name == "Sent" && f.Role != "sent" {
			t.Errorf("Sent has role %q", f.Role)
		}
	}
	p = importPaths(t, st, "acct", Options{}, profile)
	if p.Imported != 0 || p.Duplicates != 7 {
		t.Errorf("second import: %+v", p)
	}
	if got := contents(t, st, "acct"); got != want {
		t.Errorf("after the second import:\n%s", got)
	}
}
