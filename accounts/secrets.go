package accounts

import (
	"context"
	"errors"
	"sync"
)

// Secrets keeps account passwords. Keys are account IDs.
type Secrets interface {
	// Get returns the password stored for id, or an error wrapping
	// ErrNoPassword when there is none.
	Get(ctx context.Context, id string) (string, error)
	// Set stores password for id, replacing any earlier one.
	Set(ctx context.Context, id, password string) error
	// Delete removes id's password; deleting a missing one is not an error.
	Delete(ctx context.Context, id string) error
}

// ErrNoPassword is returned when no password is stored for an account.
var ErrNoPassword = errors.New("no password stored for this account")

// ErrKeychainUnavailable is returned when the system keychain cannot be
// reached or does not answer in time.
var ErrKeychainUnavailable = errors.New("the system keychain is not available")

// Memory keeps passwords in this process only. It is what Tern falls back to
// when there is no keychain; nothing in it is ever written anywhere.
type Memory struct {
	mu sync.Mutex
	m  map[string]string
}

// NewMemory returns an empty in-memory secret store.
func NewMemory() *Memory { return &Memory{m: map[string]string{}} }

// Get implements Secrets.
func (s *Memory) Get(_ context.Context, id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pw, ok := s.m[id]
	if !ok {
		return "", ErrNoPassword
	}
	return pw, nil
}

// Set implements Secrets.
func (s *Memory) Set(_ context.Context, id, password string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[id] = password
	return nil
}

// Delete implements Secrets.
func (s *Memory) Delete(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
	return nil
}

// Fallback uses a primary store (the keychain) and, when that is
// unavailable, keeps passwords in memory for this run only, remembering that
// it had to so the user can be told (see Missing and OnMissing).
type Fallback struct {
	primary Secrets
	memory  *Memory

	mu        sync.Mutex
	missing   bool
	onMissing func()
}

// NewFallback wraps primary with an in-memory fallback.
func NewFallback(primary Secrets) *Fallback {
	return &Fallback{primary: primary, memory: NewMemory()}
}

// Missing reports whether the keychain has been found missing this run,
// so passwords are kept only until Tern closes.
func (f *Fallback) Missing() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.missing
}

// OnMissing sets fn to be called once, the first time the keychain is
// found missing.
func (f *Fallback) OnMissing(fn func()) {
	f.mu.Lock()
	f.onMissing = fn
	already := f.missing
	f.mu.Unlock()
	if already && fn != nil {
		fn()
	}
}

func (f *Fallback) unavailable() {
	f.mu.Lock()
	first := !f.missing
	f.missing = true
	fn := f.onMissing
	f.mu.Unlock()
	if first && fn != nil {
		fn()
	}
}

// Get implements Secrets: a password kept in memory this run wins, then the
// keychain is asked.
func (f *Fallback) Get(ctx context.Context, id string) (string, error) {
	if pw, err := f.memory.Get(ctx, id); err == nil {
		return pw, nil
	}
	pw, err := f.primary.Get(ctx, id)
	if errors.Is(err, ErrKeychainUnavailable) {
		f.unavailable()
		return "", ErrNoPassword
	}
	return pw, err
}

// Set implements Secrets: into the keychain, or into memory when the
// keychain is unavailable.
func (f *Fallback) Set(ctx context.Context, id, password string) error {
	err := f.primary.Set(ctx, id, password)
	if errors.Is(err, ErrKeychainUnavailable) {
		f.unavailable()
		return f.memory.Set(ctx, id, password)
	}
	if err != nil {
		return err
	}
	f.memory.Delete(ctx, id)
	return nil
}

// Delete implements Secrets, removing the password from both places.
func (f *Fallback) Delete(ctx context.Context, id string) error {
	f.memory.Delete(ctx, id)
	err := f.primary.Delete(ctx, id)
	if errors.Is(err, ErrKeychainUnavailable) {
		f.unavailable()
		return nil
	}
	return err
}
