package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/testenv"
)

// TestKeychainCheckRealKeychain runs `tern keychain-check` against the
// system keychain (GNOME Keyring in the test session): the long secret is
// split into 1+3 entries, and nothing is left behind.
func TestKeychainCheckRealKeychain(t *testing.T) {
	k := accounts.NewKeychain(5 * time.Second)
	probe := fmt.Sprintf("tern-probe-%d", time.Now().UnixNano())
	if err := k.Set(context.Background(), probe, "x"); err != nil {
		testenv.Missing(t, "no usable keychain (run inside .ci/keyring-session): %v", err)
	}
	k.Delete(context.Background(), probe)
	out, errOut, code := cli(t, nil, "", "--profile", t.TempDir(), "keychain-check")
	if code != 0 {
		t.Fatalf("keychain-check exited %d: %s", code, errOut)
	}
	want := "keychain-check: stored, read back and deleted a 24-byte secret (keychain entries: 1)\n" +
		"keychain-check: stored, read back and deleted a 6000-byte secret (keychain entries: 4)\n"
	if out != want {
		t.Fatalf("keychain-check printed\n%s\nwant\n%s", out, want)
	}
}

// credManager is like the Windows Credential Manager: it refuses secrets
// over 2,560 bytes.
type credManager struct{ *accounts.Memory }

func (c credManager) Set(ctx context.Context, id, v string) error {
	if len(v) > 2560 {
		return fmt.Errorf("%d bytes is too big: %w", len(v), accounts.ErrKeychainUnavailable)
	}
	return c.Memory.Set(ctx, id, v)
}

// lossy returns a secret cut short, like a keychain that truncates.
type lossy struct{ *accounts.Memory }

func (l lossy) Get(ctx context.Context, id string) (string, error) {
	v, err := l.Memory.Get(ctx, id)
	return v[:len(v)*3/4], err
}

// undeletable forgets to delete.
type undeletable struct{ *accounts.Memory }

func (undeletable) Delete(context.Context, string) error { return nil }

// TestKeychainCheckFindsFaults checks that the round trip passes on a
// keychain with the Credential Manager's size limit (the long secret goes
// in parts) and fails on keychains that lose data or keep deleted entries.
func TestKeychainCheckFindsFaults(t *testing.T) {
	ctx := context.Background()
	var out strings.Builder
	if err := checkKeychain(ctx, credManager{accounts.NewMemory()}, &out); err != nil {
		t.Fatalf("with a 2,560-byte limit: %v", err)
	}
	if !strings.Contains(out.String(), "6000-byte secret (keychain entries: 4)") {
		t.Errorf("with a 2,560-byte limit it printed %q", out.String())
	}
	for name, tc := range map[string]struct {
		s    accounts.Secrets
		want string
	}{
		"truncating": {lossy{accounts.NewMemory()}, "differ"},
		"undeleting": {undeletable{accounts.NewMemory()}, "still there after delete"},
	} {
		err := checkKeychain(ctx, tc.s, &strings.Builder{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s keychain: err = %v, want one saying %q", name, err, tc.want)
		}
	}
}
