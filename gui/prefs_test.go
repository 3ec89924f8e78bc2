package gui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// reloadPrefs reads the preferences a window saved.
func reloadPrefs(dir string) *prefs {
	p, _ := loadPrefs(dir)
	return p
}

func TestPrefsAreWrittenWholeAndPrivately(t *testing.T) {
	dir := t.TempDir()
	p, d := loadPrefs(dir)
	if d != nil {
		t.Fatalf("no file, yet %+v", d)
	}
	p.SetFloat("split", 0.25)
	p.SetString("theme", "dark")
	again, d := loadPrefs(dir)
	if d != nil || again.Float("split") != 0.25 || again.String("theme") != "dark" {
		t.Fatalf("read back %v, %+v", again.m, d)
	}
	fi, err := os.Stat(filepath.Join(dir, PrefsFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%v %v", fi, err)
	}
	es, _ := os.ReadDir(dir)
	if len(es) != 1 {
		t.Fatalf("left behind: %v", es)
	}
	// A failed save says so and leaves nothing behind.
	p.path = filepath.Join(dir, "missing", PrefsFile)
	if err := p.save(); err == nil {
		t.Fatal("saving into a folder that does not exist went unnoticed")
	}
	p.path = filepath.Join(dir, "taken")
	if err := os.MkdirAll(filepath.Join(p.path, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := p.save(); err == nil || !strings.Contains(err.Error(), "rename") {
		t.Fatalf("renaming over a folder: %v", err)
	}
	if es, _ := os.ReadDir(dir); len(es) != 2 {
		t.Fatalf("a failed save left %v", es)
	}
}

func TestDamagedPrefsAreKeptAsideAndToldOnce(t *testing.T) {
	a := test.NewTempApp(t)
	m := newManager(t)
	if _, err := m.Add(context.Background(), accounts.Account{Address: "alice@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "imap.example.org", Port: 993, Security: accounts.TLS}}, "pw"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(m.ProfileDir(), PrefsFile)
	const damaged = `{"split": 0.3, "theme": "da`
	if err := os.WriteFile(path, []byte(damaged), 0o600); err != nil {
		t.Fatal(err)
	}
	w := NewMainWindow(a, m, nil, Info{Name: "Tern"})
	w.Reload()
	kept, _ := filepath.Glob(path + ".corrupt-*")
	if len(kept) != 1 {
		t.Fatalf("kept aside: %v", kept)
	}
	if b, err := os.ReadFile(kept[0]); err != nil || string(b) != damaged {
		t.Fatalf("the kept file holds %q %v", b, err)
	}
	want := "Your preferences could not be read, so Tern started with the usual ones. The old file was kept as " + kept[0] + "."
	if got := strings.Join(labels(w.Window().Content()), "|"); !w.notices.box.Visible() || !strings.Contains(got, want) {
		t.Fatalf("window shows %q, want %q", got, want)
	}
	// The usual preferences are saved anew; the next window tells nothing.
	w.prefs.SetBool(prefReaderBelow, true)
	w2 := NewMainWindow(a, m, nil, Info{Name: "Tern"})
	w2.Reload()
	if !w2.prefs.Bool(prefReaderBelow) {
		t.Fatal("preferences not saved after the reset")
	}
	ns, err := m.Store().Notices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n := count(ns, storage.NoticePrefsReset); n != 1 {
		t.Fatalf("told %d times", n)
	}
}

func count(ns []storage.Notice, k storage.NoticeKind) int {
	n := 0
	for _, x := range ns {
		if x.Kind == k {
			n++
		}
	}
	return n
}
