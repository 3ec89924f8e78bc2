package instance

import (
	"path/filepath"
	"testing"
)

func TestIsOpenArg(t *testing.T) {
	for s, want := range map[string]bool{
		"mailto:ana@example.org": true, "MAILTO:ana@example.org": true, "saved.eml": true, "Saved.EML": true,
		"file:///tmp/a.eml": true, "list": false, "sync": false, "account": false, "notes.txt": false,
	} {
		if got := IsOpenArg(s); got != want {
			t.Errorf("IsOpenArg(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestTargets(t *testing.T) {
	cwd := filepath.FromSlash("/home/ana/mail")
	r := Request{Args: []string{"mailto:ana@example.org?subject=Hi", "saved.eml", "../old/b.eml", "/tmp/c.eml", "file:///tmp/d%20e.eml"}, Cwd: cwd}
	ts, err := r.Targets()
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 5 {
		t.Fatalf("%d targets, want 5", len(ts))
	}
	if ts[0].Mailto == nil || ts[0].Mailto.Opaque != "ana@example.org" || ts[0].Mailto.Query().Get("subject") != "Hi" {
		t.Errorf("mailto target %+v", ts[0])
	}
	for i, want := range []string{"/home/ana/mail/saved.eml", "/home/ana/old/b.eml", "/tmp/c.eml", "/tmp/d e.eml"} {
		if got := ts[i+1]; got.Mailto != nil || got.File != filepath.FromSlash(want) {
			t.Errorf("target %d = %+v, want file %s", i+1, got, want)
		}
	}
	for _, bad := range []Request{
		{Args: []string{"saved.eml"}},
		{Args: []string{"file://otherhost/tmp/a.eml"}, Cwd: cwd},
		{Args: []string{"mailto:ana\x00@example.org"}, Cwd: cwd},
	} {
		if _, err := bad.Targets(); err == nil {
			t.Errorf("%v: no error", bad.Args)
		}
	}
}
