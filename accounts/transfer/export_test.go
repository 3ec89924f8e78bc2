package transfer

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message/mbox"
)

// quirky are messages with what trips mbox files up: "From " lines in
// the body, quoted ones, CRLF and LF, 8-bit headers, no final newline.
var quirky = []string{
	msg(1, "from lines") + "From the start\n>From quoted\n>>From twice\n\nFrom someone Mon Jan  2 15:04:05 2006\nSubject: x\n\nend\n",
	strings.ReplaceAll(msg(2, "crlf"), "\n", "\r\n") + "From a CRLF line\r\n",
	"From: J\xf6rg <j@example.org>\nSubject: Caf\xe9\nMessage-ID: <8bit@example.org>\nDate: Mon, 02 Nov 2026 10:00:00 +0000\n\nK\xe4se\n",
	msg(4, "no final newline") + "last line",
}

// quirkyAccount fills an account with the quirky messages in INBOX,
// Work and Work/Projects.
func quirkyAccount(t *testing.T, st *storage.Store, account string) {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "INBOX"), mboxrdOf(t, quirky[0], quirky[1]))
	write(t, filepath.Join(dir, "Work"), mboxrdOf(t, quirky[2]))
	// Last in its file, the message without a final newline keeps it so.
	write(t, filepath.Join(dir, "Work.sbd", "Projects"), mboxrdOf(t, msg(5, "plain"))+"From x@example.org Mon Nov  2 10:00:00 2026\n"+quirky[3])
	if p := importPaths(t, st, account, Options{}, dir); p.Imported != 5 {
		t.Fatalf("fill: %+v", p)
	}
}

// mboxrdOf writes messages as an mboxrd file.
func mboxrdOf(t *testing.T, msgs ...string) string {
	t.Helper()
	var b strings.Builder
	w := mbox.NewWriter(&b)
	for _, m := range msgs {
		if err := w.Write("x@example.org", time.Time{}, []byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func accountFolders(t *testing.T, st *storage.Store, account string) []storage.Folder {
	t.Helper()
	f, err := st.Folders(context.Background(), account)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestExportAndImportAgainKeepEveryByte exports an account to mboxrd
// files and to .eml files, imports each into another account, and finds
// every message there in the same folder, byte for byte (a message
// without a final line break gains one in mbox).
func TestExportAndImportAgainKeepEveryByte(t *testing.T) {
	st := newStore(t)
	quirkyAccount(t, st, "acct")
	want := sources(t, st, "acct")
	if len(want) != 5 {
		t.Fatalf("%d messages", len(want))
	}
	ctx := context.Background()

	dir := t.TempDir()
	p, err := ExportMbox(ctx, st, accountFolders(t, st, "acct"), dir, ExportOptions{})
	if err != nil || p.Messages != 5 || p.Folders != 3 || p.Missing != 0 {
		t.Fatalf("export: %+v %v", p, err)
	}
	var files []string
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(files)
	if strings.Join(files, " ") != "INBOX.mbox Work.mbox Work/Projects.mbox" {
		t.Errorf("files: %q", files)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "INBOX.mbox"))
	if !strings.Contains(string(data), "\n>From the start\n>>From quoted\n>>>From twice\n") {
		t.Errorf("not mboxrd:\n%s", data)
	}
	if p := importPaths(t, st, "other", Options{}, dir); p.Imported != 5 || p.KeptRaw != 0 {
		t.Fatalf("import of the export: %+v", p)
	}
	got := sources(t, st, "other")
	wantMbox := append([]string{}, want...)
	for i := range wantMbox {
		if strings.HasSuffix(wantMbox[i], "last line") {
			wantMbox[i] += "\n" // mbox gives it its line break
		}
	}
	sort.Strings(wantMbox)
	compareSources(t, "mbox", got, wantMbox)

	// .eml: exact, and found again by the duplicate check.
	st2 := newStore(t)
	quirkyAccount(t, st2, "acct")
	emlDir := t.TempDir()
	if p, err := ExportEML(ctx, st2, accountFolders(t, st2, "acct"), emlDir, ExportOptions{}); err != nil || p.Messages != 5 {
		t.Fatalf("eml export: %+v %v", p, err)
	}
	names, _ := filepath.Glob(filepath.Join(emlDir, "Work", "Projects", "*.eml"))
	if len(names) != 2 || !strings.HasSuffix(names[0], "2026-11-02 no final newline (5).eml") {
		t.Errorf("eml names: %q", names)
	}
	if p := importPaths(t, st2, "other", Options{}, emlDir); p.Imported != 5 {
		t.Fatalf("import of the eml export: %+v", p)
	}
	compareSources(t, "eml", sources(t, st2, "other"), want)
	if p := importPaths(t, st2, "acct", Options{}, emlDir); p.Imported != 0 || p.Duplicates != 5 {
		t.Errorf("importing the export into its own account: %+v", p)
	}
}

func compareSources(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d messages, want %d", what, len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: message %d differs:\ngot  %q\nwant %q", what, i, got[i], want[i])
		}
	}
}

func TestEMLNamesAreSafe(t *testing.T) {
	for subject, want := range map[string]string{
		"Re: invoice 1/2 <urgent>?":  "2026-11-02 Re_ invoice 1_2 _urgent__ (7).eml",
		"":                           "2026-11-02 (no subject) (7).eml",
		"..\\..\\evil":               "2026-11-02 .._.._evil (7).eml",
		strings.Repeat("long ", 100): "",
	} {
		got := emlName(storage.ExportRow{ID: 7, Subject: subject, Date: mustDate(t)})
		if want != "" && got != want {
			t.Errorf("%q: %q, want %q", subject, got, want)
		}
		if len(got) > 220 || !strings.HasSuffix(got, " (7).eml") || strings.ContainsAny(got, `/\:*?"<>|`) {
			t.Errorf("%q: unsafe name %q", subject, got)
		}
	}
}

// mustDate is the tests' date of a message.
func mustDate(testing.TB) time.Time {
	return time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
}
