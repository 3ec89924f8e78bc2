package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zalando/go-keyring"
)

// KeychainService is the service name Tern's passwords are filed under.
const KeychainService = "Tern"

// DefaultKeychainTimeout bounds every keychain call. A locked keyring
// shows an unlock prompt, and people need time to find and answer it; but
// with nobody there it can wait forever, so there is a limit.
const DefaultKeychainTimeout = 60 * time.Second

// keyringBackend is the part of go-keyring the Keychain uses; tests swap it
// for one that blocks.
type keyringBackend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

type goKeyring struct{}

func (goKeyring) Get(s, u string) (string, error) { return keyring.Get(s, u) }
func (goKeyring) Set(s, u, p string) error        { return keyring.Set(s, u, p) }
func (goKeyring) Delete(s, u string) error        { return keyring.Delete(s, u) }

// Keychain stores passwords in the operating system's keychain through
// go-keyring: the Secret Service (GNOME Keyring, KWallet) on Linux, the
// Keychain on macOS, the Credential Manager on Windows.
type Keychain struct {
	backend keyringBackend
	timeout time.Duration
}

// NewKeychain returns the system keychain with every call bounded by
// timeout (DefaultKeychainTimeout when zero).
func NewKeychain(timeout time.Duration) *Keychain {
	if timeout <= 0 {
		timeout = DefaultKeychainTimeout
	}
	return &Keychain{backend: goKeyring{}, timeout: timeout}
}

// call runs fn with the timeout. A call that does not return in time is
// abandoned (go-keyring has no way to cancel it) and reported unavailable.
func (k *Keychain) call(ctx context.Context, op string, fn func() (string, error)) (string, error) {
	type result struct {
		s   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		s, err := fn()
		ch <- result{s, err}
	}()
	t := time.NewTimer(k.timeout)
	defer t.Stop()
	select {
	case r := <-ch:
		switch {
		case r.err == nil:
			return r.s, nil
		case errors.Is(r.err, keyring.ErrNotFound):
			return "", fmt.Errorf("keychain: %s: %w", op, ErrNoPassword)
		default:
			// No Secret Service on the bus, no D-Bus session, an
			// unsupported platform…: all mean there is no keychain to use.
			return "", fmt.Errorf("keychain: %s: %v: %w", op, r.err, ErrKeychainUnavailable)
		}
	case <-t.C:
		return "", fmt.Errorf("keychain: %s: no answer in %v: %w", op, k.timeout, ErrKeychainUnavailable)
	case <-ctx.Done():
		return "", fmt.Errorf("keychain: %s: %w", op, ctx.Err())
	}
}

// Get implements Secrets.
func (k *Keychain) Get(ctx context.Context, id string) (string, error) {
	return k.call(ctx, "get", func() (string, error) { return k.backend.Get(KeychainService, id) })
}

// Set implements Secrets.
func (k *Keychain) Set(ctx context.Context, id, password string) error {
	_, err := k.call(ctx, "set", func() (string, error) { return "", k.backend.Set(KeychainService, id, password) })
	return err
}

// Delete implements Secrets; a missing entry is not an error.
func (k *Keychain) Delete(ctx context.Context, id string) error {
	_, err := k.call(ctx, "delete", func() (string, error) { return "", k.backend.Delete(KeychainService, id) })
	if errors.Is(err, ErrNoPassword) {
		return nil
	}
	return err
}
