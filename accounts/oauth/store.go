package oauth

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tern-mail/tern/accounts"
)

// ChunkSize is the most of a token one keychain entry holds. The Windows
// Credential Manager takes at most 2,560 bytes per secret and the macOS
// Keychain about 2.9 KB, and Microsoft's refresh tokens can be longer, so a
// longer token is split across entries.
const ChunkSize = 2000

// chunkedPrefix marks an entry that only says how many parts follow.
const chunkedPrefix = "tern-chunks:"

// Store keeps refresh tokens in Secrets (the system keychain), never
// anywhere else. Each keychain call is bounded by the keychain's timeout.
type Store struct {
	Secrets accounts.Secrets
}

// key is the keychain entry of accountID's refresh token; a split token's
// parts are key#1, key#2….
func key(accountID string) string { return "oauth2:" + accountID }

func partKey(accountID string, i int) string { return key(accountID) + "#" + strconv.Itoa(i) }

// Save stores accountID's refresh token, replacing any earlier one. The
// parts are written before the entry that names them, so a reader never
// sees a count whose parts are missing.
func (s Store) Save(ctx context.Context, accountID, refresh string) error {
	old := s.parts(ctx, accountID)
	if len(refresh) <= ChunkSize && !strings.HasPrefix(refresh, chunkedPrefix) {
		if err := s.Secrets.Set(ctx, key(accountID), refresh); err != nil {
			return fmt.Errorf("oauth: save sign-in: %w", err)
		}
		s.deleteParts(ctx, accountID, 1, old)
		return nil
	}
	n := 0
	for rest := refresh; rest != ""; n++ {
		part := rest[:min(ChunkSize, len(rest))]
		rest = rest[len(part):]
		if err := s.Secrets.Set(ctx, partKey(accountID, n+1), part); err != nil {
			return fmt.Errorf("oauth: save sign-in part %d: %w", n+1, err)
		}
	}
	if err := s.Secrets.Set(ctx, key(accountID), chunkedPrefix+strconv.Itoa(n)); err != nil {
		return fmt.Errorf("oauth: save sign-in: %w", err)
	}
	s.deleteParts(ctx, accountID, n+1, old)
	return nil
}

// parts returns how many parts the stored token has (0 when it is whole or
// missing).
func (s Store) parts(ctx context.Context, accountID string) int {
	v, err := s.Secrets.Get(ctx, key(accountID))
	if err != nil || !strings.HasPrefix(v, chunkedPrefix) {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimPrefix(v, chunkedPrefix))
	return n
}

func (s Store) deleteParts(ctx context.Context, accountID string, from, to int) {
	for i := from; i <= to; i++ {
		s.Secrets.Delete(ctx, partKey(accountID, i))
	}
}

// Load returns accountID's refresh token, or an error wrapping
// ErrNotSignedIn when none is stored.
func (s Store) Load(ctx context.Context, accountID string) (string, error) {
	v, err := s.Secrets.Get(ctx, key(accountID))
	if errors.Is(err, accounts.ErrNoPassword) {
		return "", fmt.Errorf("oauth: load sign-in: %w", ErrNotSignedIn)
	}
	if err != nil {
		return "", fmt.Errorf("oauth: load sign-in: %w", err)
	}
	if !strings.HasPrefix(v, chunkedPrefix) {
		return v, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(v, chunkedPrefix))
	if err != nil || n < 1 {
		return "", fmt.Errorf("oauth: load sign-in: damaged entry: %w", ErrNotSignedIn)
	}
	var b strings.Builder
	for i := 1; i <= n; i++ {
		p, err := s.Secrets.Get(ctx, partKey(accountID, i))
		if errors.Is(err, accounts.ErrNoPassword) {
			return "", fmt.Errorf("oauth: load sign-in: part %d of %d missing: %w", i, n, ErrNotSignedIn)
		}
		if err != nil {
			return "", fmt.Errorf("oauth: load sign-in part %d: %w", i, err)
		}
		b.WriteString(p)
	}
	return b.String(), nil
}

// Delete removes accountID's refresh token and all its parts.
func (s Store) Delete(ctx context.Context, accountID string) error {
	n := s.parts(ctx, accountID)
	if err := s.Secrets.Delete(ctx, key(accountID)); err != nil {
		return fmt.Errorf("oauth: delete sign-in: %w", err)
	}
	s.deleteParts(ctx, accountID, 1, n)
	return nil
}
