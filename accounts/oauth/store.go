package oauth

import (
	"context"
	"errors"
	"fmt"

	"github.com/tern-mail/tern/accounts"
)

// Store keeps refresh tokens in Secrets (the system keychain), never
// anywhere else, split across entries when long (see accounts.SetLong).
// Each keychain call is bounded by the keychain's timeout.
type Store struct {
	Secrets accounts.Secrets
}

func key(accountID string) string { return accounts.OAuthKey(accountID) }

func partKey(accountID string, i int) string { return accounts.PartKey(key(accountID), i) }

// Save stores accountID's refresh token, replacing any earlier one.
func (s Store) Save(ctx context.Context, accountID, refresh string) error {
	if err := accounts.SetLong(ctx, s.Secrets, key(accountID), refresh); err != nil {
		return fmt.Errorf("oauth: save sign-in: %w", err)
	}
	return nil
}

// Load returns accountID's refresh token, or an error wrapping
// ErrNotSignedIn when none is stored.
func (s Store) Load(ctx context.Context, accountID string) (string, error) {
	v, err := accounts.GetLong(ctx, s.Secrets, key(accountID))
	if errors.Is(err, accounts.ErrNoPassword) {
		return "", fmt.Errorf("oauth: load sign-in: %v: %w", err, ErrNotSignedIn)
	}
	if err != nil {
		return "", fmt.Errorf("oauth: load sign-in: %w", err)
	}
	return v, nil
}

// Delete removes accountID's refresh token and all its parts.
func (s Store) Delete(ctx context.Context, accountID string) error {
	if err := accounts.DeleteLong(ctx, s.Secrets, key(accountID)); err != nil {
		return fmt.Errorf("oauth: delete sign-in: %w", err)
	}
	return nil
}
