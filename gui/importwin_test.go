package gui

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/transfer"
	"github.com/tern-mail/tern/gui/sysdialog"
)

// fakeThunderbird lays out a Thunderbird profile in home as Thunderbird
// does: profiles.ini, prefs.js naming a Local Folders account and a POP3
// one, mbox files with .msf indexes beside them, a subfolder in an .sbd
// directory, and a message deleted but not yet compacted away.
func fakeThunderbird(t *testing.T, home string) {
	t.Helper()
	root := filepath.Join(home, ".thunderbird")
	profile := filepath.Join(root, "x1y2.default-release")
	mboxOf := func(subjects ...string) string {
		var b strings.Builder
		for i, s := range subjects {
			status := "0001"
			if strings.HasPrefix(s, "deleted") {
				status = "0009"
			}
			fmt.Fprintf(&b, "From - Tue Nov 03 09:3%d:00 2020\nX-Mozilla-Status: %s\nX-Mozilla-Status2: 00000000\n"+
				"From: Bob <bob@example.org>\nTo: alice@example.org\nSubject: %s\nMessage-ID: <%s.%d@example.org>\n"+
				"Date: Tue, 03 Nov 2020 09:3%d:00 +0000\n\nAbout %s.\n\n", i, status, s, strings.ReplaceAll(s, " ", "-"), i, i, s)
		}
		return b.String()
	}
	files := map[string]string{
		filepath.Join(root, "profiles.ini"): "[Profile0]\nName=default-release\nIsRelative=1\nPath=x1y2.default-release\nDefault=1\n",
		filepath.Join(profile, "prefs.js"): `user_pref("mail.accountmanager.accounts", "account1,account2");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.account.account2.server", "server2");
user_pref("mail.server.server1.directory-rel", "[ProfD]Mail/Local Folders");
user_pref("mail.server.server1.name", "Local Folders");
user_pref("mail.server.server1.type", "none");
user_pref("mail.server.server2.directory-rel", "[ProfD]Mail/pop.example.org");
user_pref("mail.server.server2.name", "bob@example.org");
user_pref("mail.server.server2.type", "pop3");
`,
		filepath.Join(profile, "Mail", "Local Folders", "Inbox"):                 mboxOf("holiday photos", "deleted old news", "meeting notes"),
		filepath.Join(profile, "Mail", "Local Folders", "Inbox.msf"):             "// mork",
		filepath.Join(profile, "Mail", "Local Folders", "Inbox.sbd", "Receipts"): mboxOf("train ticket"),
		filepath.Join(profile, "Mail", "Local Folders", "Trash"):                 "",
		filepath.Join(profile, "Mail", "pop.example.org", "Inbox"):               mboxOf("hello from pop"),
	}
	for name, content := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// useFakeThunderbird has the import window find the profile in home.
func useFakeThunderbird(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	fakeThunderbird(t, home)
	old := findProfiles
	findProfiles = func() ([]transfer.Profile, error) {
		return transfer.FindProfiles(transfer.ThunderbirdRoots("linux", home, ""))
	}
	t.Cleanup(func() { findProfiles = old })
	return home
}

// folderTotals are the first account's folders that hold mail, with
// how many messages each.
func folderTotals(t *testing.T, m *accounts.Manager) string {
	t.Helper()
	fs, err := m.Store().Folders(context.Background(), m.List()[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		if f.Total > 0 {
			out = append(out, fmt.Sprintf("%s=%d", f.Name, f.Total))
		}
	}
	return strings.Join(out, " ")
}

// checkLabels are the folders the window offers, as it names them.
func checkLabels(iw *importWindow) string {
	var out []string
	for _, c := range iw.choices {
		out = append(out, c.check.Text)
	}
	return strings.Join(out, "|")
}

func TestImportWindowFindsThunderbirdAndImportsWhatIsChecked(t *testing.T) {
	useFakeThunderbird(t)
	w, m, _ := windowWithMail(t)
	iw := w.showImport()
	want := "Local Folders › Inbox (3 messages)|Local Folders › Inbox › Receipts (1 message)|bob@example.org › Inbox (1 message)"
	if got := checkLabels(iw); got != want {
		t.Fatalf("offered:\n%s\nwant\n%s", got, want)
	}
	if iw.start.Disabled() {
		t.Fatal("Import is disabled with folders checked")
	}
	iw.choices[2].check.SetChecked(false)
	var got transfer.Progress
	iw.finished = func(p transfer.Progress, err error) {
		if err != nil {
			t.Errorf("import: %v", err)
		}
		got = p
	}
	test.Tap(iw.start)
	if got.Imported != 3 || got.Deleted != 1 {
		t.Fatalf("progress %+v", got)
	}
	if s := iw.status.Text; s != "3 messages came in from 2 folders, into alice@example.org.\n1 message deleted in the source was left out." {
		t.Fatalf("summary %q", s)
	}
	if got := folderTotals(t, m); got != "INBOX=5 INBOX/Receipts=1" {
		t.Fatalf("folders %s (the Inbox held 3 before)", got)
	}

	// The same again adds nothing, and says so.
	again := w.showImport()
	again.choices[2].check.SetChecked(false)
	test.Tap(again.start)
	if s := again.status.Text; s != "0 messages came in from 2 folders, into alice@example.org.\n"+
		"3 messages were there already and were skipped.\n1 message deleted in the source was left out." {
		t.Fatalf("second summary %q", s)
	}
}

func TestImportWindowAddsAFileFromTheSystemWindowAndSaysWhenNothingIsFound(t *testing.T) {
	old := findProfiles
	findProfiles = func() ([]transfer.Profile, error) { return nil, nil }
	t.Cleanup(func() { findProfiles = old })
	w, _, _ := windowWithMail(t)
	iw := w.showImport()
	if iw.note.Hidden || iw.note.Text != "No Thunderbird mail was found on this computer. Add a file or a folder to import." || !iw.start.Disabled() {
		t.Fatalf("note %q hidden %v, start disabled %v", iw.note.Text, iw.note.Hidden, iw.start.Disabled())
	}
	file := filepath.Join(t.TempDir(), "Old mail.mbox")
	if err := os.WriteFile(file, []byte("From a@b Thu Jan  1 00:00:00 2015\nSubject: kept\nFrom: a@example.org\n\nhi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var asked sysdialog.Options
	oldOpen := systemFiles.open
	systemFiles.open = func(_ context.Context, o sysdialog.Options) ([]string, error) { asked = o; return []string{file}, nil }
	t.Cleanup(func() { systemFiles.open = oldOpen })
	pick := findButton(t, iw.win.Content(), "Add files…")
	test.Tap(pick)
	if asked.Title != "Choose mail files to import" {
		t.Fatalf("system window asked %+v", asked)
	}
	if got := checkLabels(iw); got != "Old mail (1 message)" || !iw.note.Hidden || iw.start.Disabled() {
		t.Fatalf("offered %q, note hidden %v", got, iw.note.Hidden)
	}
}

func TestImportWindowCancelKeepsWhatCameIn(t *testing.T) {
	useFakeThunderbird(t)
	w, m, _ := windowWithMail(t)
	iw := w.showImport()
	var got transfer.Progress
	var gotErr error
	iw.finished = func(p transfer.Progress, err error) { got, gotErr = p, err }
	// Cancel, pressed when the first folder is in, stops the import
	// before the next.
	shown := 0
	iw.shown = func() {
		shown++
		if shown == 1 {
			if s := iw.status.Text; !strings.HasPrefix(s, "Inbox: 2 messages so far, ") {
				t.Errorf("progress %q", s)
			}
			test.Tap(findButton(t, iw.win.Content(), "Cancel"))
		}
	}
	test.Tap(iw.start)
	if shown != 1 || !errors.Is(gotErr, context.Canceled) || got.Imported != 2 {
		t.Fatalf("after Cancel: shown %d, %+v %v", shown, got, gotErr)
	}
	if want := "Stopped. What was imported stays; import the same again to go on where it stopped.\n" +
		"2 messages came in from 3 folders, into alice@example.org."; !strings.HasPrefix(iw.status.Text, want) {
		t.Fatalf("summary %q", iw.status.Text)
	}
	if got := folderTotals(t, m); got != "INBOX=5" {
		t.Fatalf("folders %s, want the 3 before and the 2 imported", got)
	}
}

func TestImportWindowBringsThunderbirdsAddressBookAndVCards(t *testing.T) {
	home := useFakeThunderbird(t)
	db, err := sql.Open("sqlite", filepath.Join(home, ".thunderbird", "x1y2.default-release", "abook.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE properties (card TEXT, name TEXT, value TEXT);
		INSERT INTO properties VALUES ('c1', 'DisplayName', 'Grace Kim'), ('c1', 'PrimaryEmail', 'grace@example.org'),
			('c2', 'DisplayName', 'Bob'), ('c2', 'PrimaryEmail', 'bob@example.org')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	w, m, _ := windowWithMail(t)
	iw := w.showImport()
	if len(iw.books) != 1 || iw.books[0].check.Text != "Thunderbird's address book (2 people)" {
		t.Fatalf("books %+v", iw.books)
	}
	vcf := filepath.Join(t.TempDir(), "friends.vcf")
	if err := os.WriteFile(vcf, []byte("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Gustav Berg\r\nEMAIL:gustav@example.se\r\nEND:VCARD\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	iw.picked([]string{vcf})
	if len(iw.books) != 2 || iw.books[1].check.Text != "Address book friends.vcf (1 person)" {
		t.Fatalf("books after adding a vCard file: %d", len(iw.books))
	}
	for _, c := range iw.choices {
		c.check.SetChecked(false)
	}
	test.Tap(iw.start)
	// Bob wrote to the user already, but was in no address book.
	if s := iw.status.Text; s != "3 people were added to the address book; Tern suggests them when you write." {
		t.Fatalf("summary %q", s)
	}
	got, err := m.Store().Addresses(context.Background(), "g", 5)
	if err != nil || len(got) != 2 || got[0].Email != "grace@example.org" && got[0].Email != "gustav@example.se" {
		t.Fatalf("suggested %+v %v", got, err)
	}
	if folderTotals(t, m) != "INBOX=3" {
		t.Fatalf("mail was imported: %s", folderTotals(t, m))
	}
}

// namedMenu finds a menu of the window's menu bar by its label.
func namedMenu(t *testing.T, w *MainWindow, label string) *fyne.Menu {
	t.Helper()
	for _, m := range w.win.MainMenu().Items {
		if m.Label == label {
			return m
		}
	}
	t.Fatalf("no menu %q", label)
	return nil
}

func TestFileMenuOpensTheImportAndExportWindows(t *testing.T) {
	useFakeThunderbird(t)
	w, _, _ := windowWithMail(t)
	if first := w.win.MainMenu().Items[0]; first.Label != "File" {
		t.Fatalf("first menu %q", first.Label)
	}
	file := namedMenu(t, w, "File")
	n := len(w.app.Driver().AllWindows())
	menuItem(t, file, "Import mail…").Action()
	menuItem(t, file, "Export mail…").Action()
	var titles []string
	for _, win := range w.app.Driver().AllWindows()[n:] {
		titles = append(titles, win.Title())
	}
	if strings.Join(titles, "|") != "Import mail|Export mail" {
		t.Fatalf("opened %v", titles)
	}
}
