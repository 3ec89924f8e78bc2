package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/tern-mail/tern/accounts"
)

// keychainCheckLong is the length of the long test secret: more than the
// 2,560 bytes the Windows Credential Manager takes in one entry, so it
// only goes through when Tern splits it (accounts.SetLong).
const keychainCheckLong = 6000

// keychainCheck is `tern keychain-check`, which packagers run on a new
// system (the Windows installer's test under Wine runs it): it stores a
// short and a long test secret in the system keychain, reads them back and
// deletes them. It is not in --help.
func (e *env) keychainCheck(ctx context.Context, args []string) error {
	pos, err := parse(e.flags("keychain-check"), args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return fmt.Errorf("%w: keychain-check takes no arguments", errUsage)
	}
	return checkKeychain(ctx, accounts.NewKeychain(accounts.DefaultKeychainTimeout), e.io.out)
}

// checkKeychain does keychain-check's round trips on s, writing one line
// for each secret.
func checkKeychain(ctx context.Context, s accounts.Secrets, w io.Writer) error {
	tag := make([]byte, 8)
	rand.Read(tag)
	key := "keychain-check-" + hex.EncodeToString(tag)
	for _, size := range []int{24, keychainCheckLong} {
		entries, err := roundTrip(ctx, s, fmt.Sprintf("%s-%d", key, size), size)
		if err != nil {
			return fmt.Errorf("keychain-check: %d-byte secret: %w", size, err)
		}
		fmt.Fprintf(w, "keychain-check: stored, read back and deleted a %d-byte secret (keychain entries: %d)\n", size, entries)
	}
	return nil
}

// roundTrip stores a random secret of size bytes under key, reads it back,
// counts the entries it took and deletes it, checking that none is left.
// A secret longer than accounts.SecretChunk must take more than one entry.
func roundTrip(ctx context.Context, s accounts.Secrets, key string, size int) (entries int, err error) {
	raw := make([]byte, size/2)
	rand.Read(raw)
	secret := hex.EncodeToString(raw)
	defer func() {
		if err != nil {
			accounts.DeleteLong(ctx, s, key)
		}
	}()
	if err := accounts.SetLong(ctx, s, key, secret); err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	got, err := accounts.GetLong(ctx, s, key)
	if err != nil {
		return 0, fmt.Errorf("read back: %w", err)
	}
	if got != secret {
		return 0, fmt.Errorf("read back %d bytes that differ from the %d stored", len(got), len(secret))
	}
	parts := storedParts(ctx, s, key)
	if len(secret) > accounts.SecretChunk && parts < 2 {
		return 0, fmt.Errorf("stored whole in one entry, not split in parts of %d bytes", accounts.SecretChunk)
	}
	if err := accounts.DeleteLong(ctx, s, key); err != nil {
		return 0, fmt.Errorf("delete: %w", err)
	}
	if _, err := s.Get(ctx, key); !errors.Is(err, accounts.ErrNoPassword) {
		return 0, fmt.Errorf("still there after delete (%v)", err)
	}
	if n := storedParts(ctx, s, key); n != 0 {
		return 0, fmt.Errorf("%d parts still there after delete", n)
	}
	return 1 + parts, nil
}

// storedParts counts the part entries (accounts.PartKey) under key.
func storedParts(ctx context.Context, s accounts.Secrets, key string) int {
	n := 0
	for {
		if _, err := s.Get(ctx, accounts.PartKey(key, n+1)); err != nil {
			return n
		}
		n++
	}
}
