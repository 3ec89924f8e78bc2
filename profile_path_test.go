package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// tern --profile with characters that mean something in a URI keeps the
// database inside that profile, private, and creates nothing beside it.
func TestProfilePathWithURICharacters(t *testing.T) {
	for _, name := range []string{"Mail #2", "Mail ?x", "100% Mail", "two  spaces"} {
		t.Run(name, func(t *testing.T) {
			base := t.TempDir()
			dir := filepath.Join(base, "x", name)
			if _, errOut, code := cli(t, accounts.NewMemory(), "", "--profile", dir, "account", "list"); code != 0 {
				t.Fatalf("account list: %s", errOut)
			}
			fi, err := os.Stat(filepath.Join(dir, storage.FileName))
			if err != nil {
				t.Fatalf("database not in the profile: %v", err)
			}
			if fi.Mode().Perm()&0o077 != 0 {
				t.Errorf("database mode %v", fi.Mode().Perm())
			}
			es, _ := os.ReadDir(filepath.Join(base, "x"))
			if len(es) != 1 || es[0].Name() != name {
				t.Errorf("beside the profile: %v", es)
			}
		})
	}
}
