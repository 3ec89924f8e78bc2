package accounts

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// SecretChunk is the most one keychain entry holds of a long secret. The
// Windows Credential Manager takes at most 2,560 bytes per secret and the
// macOS Keychain about 2.9 KB; OAuth2 refresh tokens can be longer, so they
// are split across entries.
const SecretChunk = 2000

// chunkedPrefix marks an entry that only says how many parts follow.
const chunkedPrefix = "tern-chunks:"

// PartKey is the entry holding part i (from 1) of the long secret key.
func PartKey(key string, i int) string { return key + "#" + strconv.Itoa(i) }

// OAuthKey is the keychain entry of an account's OAuth2 refresh token.
func OAuthKey(accountID string) string { return "oauth2:" + accountID }

// SetLong stores value under key in s, in parts when it is longer than
// SecretChunk. The parts are written before the entry that names them, and
// parts left from a longer earlier value are removed.
func SetLong(ctx context.Context, s Secrets, key, value string) error {
	old := longParts(ctx, s, key)
	n := 0
	if len(value) > SecretChunk || strings.HasPrefix(value, chunkedPrefix) {
		for rest := value; rest != ""; n++ {
			part := rest[:min(SecretChunk, len(rest))]
			rest = rest[len(part):]
			if err := s.Set(ctx, PartKey(key, n+1), part); err != nil {
				return fmt.Errorf("secrets: part %d of %s: %w", n+1, key, err)
			}
		}
		value = chunkedPrefix + strconv.Itoa(n)
	}
	if err := s.Set(ctx, key, value); err != nil {
		return fmt.Errorf("secrets: %s: %w", key, err)
	}
	for i := n + 1; i <= old; i++ {
		s.Delete(ctx, PartKey(key, i))
	}
	return nil
}

// longParts returns how many parts the value under key has (0 when it is
// whole or missing).
func longParts(ctx context.Context, s Secrets, key string) int {
	v, err := s.Get(ctx, key)
	if err != nil || !strings.HasPrefix(v, chunkedPrefix) {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimPrefix(v, chunkedPrefix))
	return n
}

// GetLong returns the value SetLong stored under key; a missing value or
// part is an error wrapping ErrNoPassword.
func GetLong(ctx context.Context, s Secrets, key string) (string, error) {
	v, err := s.Get(ctx, key)
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(v, chunkedPrefix) {
		return v, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(v, chunkedPrefix))
	if err != nil || n < 1 {
		return "", fmt.Errorf("secrets: %s: damaged entry: %w", key, ErrNoPassword)
	}
	var b strings.Builder
	for i := 1; i <= n; i++ {
		p, err := s.Get(ctx, PartKey(key, i))
		if err != nil {
			if errors.Is(err, ErrNoPassword) {
				return "", fmt.Errorf("secrets: %s: part %d of %d missing: %w", key, i, n, err)
			}
			return "", err
		}
		b.WriteString(p)
	}
	return b.String(), nil
}

// DeleteLong removes the value under key and all its parts.
func DeleteLong(ctx context.Context, s Secrets, key string) error {
	n := longParts(ctx, s, key)
	if err := s.Delete(ctx, key); err != nil {
		return err
	}
	for i := 1; i <= n; i++ {
		s.Delete(ctx, PartKey(key, i))
	}
	return nil
}
