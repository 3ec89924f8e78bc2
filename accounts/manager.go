package accounts

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/tern-mail/tern/storage"
)

// ErrUnknownAccount is returned when no account matches an id or address.
var ErrUnknownAccount = errors.New("no such account")

// Manager owns the configured accounts: it keeps their configuration file
// in the profile directory, their passwords in Secrets and their mail in the
// store.
type Manager struct {
	path    string
	store   *storage.Store
	secrets Secrets

	// mu guards accts, busy and the configuration file. It is never held
	// across a call to Secrets (a keychain may take a minute to answer),
	// so List and Get answer while an account is being added or removed.
	mu    sync.Mutex
	accts []Account
	// busy holds the ids and lower-case addresses of the accounts being
	// added or removed, so that two calls never work on the same one.
	busy    map[string]bool
	missing func() bool
}

// NewManager loads the accounts configured in profileDir.
func NewManager(profileDir string, store *storage.Store, secrets Secrets) (*Manager, error) {
	path := filepath.Join(profileDir, ConfigFile)
	accts, err := loadConfig(path)
	if err != nil {
		return nil, err
	}
	m := &Manager{path: path, store: store, secrets: secrets, accts: accts, busy: map[string]bool{}}
	if f, ok := secrets.(*Fallback); ok {
		m.missing = f.Missing
		// A missing keychain is news of this run only: one noted by an
		// earlier run says nothing of now.
		if err := store.DismissNoticesOf(context.Background(), storage.NoticeKeychainMissing); err != nil {
			return nil, err
		}
		// The window and the command line learn of it as of any notice.
		f.OnMissing(func() {
			store.AddNotice(context.Background(), storage.Notice{Kind: storage.NoticeKeychainMissing})
		})
	}
	ctx := context.Background()
	for _, a := range accts {
		if err := store.EnsureAccount(ctx, a.ID, a.Address); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// ProfileDir returns the profile directory the accounts are kept in.
func (m *Manager) ProfileDir() string { return filepath.Dir(m.path) }

// Secrets returns where passwords and sign-ins are kept.
func (m *Manager) Secrets() Secrets { return m.secrets }

// Store returns the store the accounts' mail is kept in.
func (m *Manager) Store() *storage.Store { return m.store }

// KeychainMissing reports whether the system keychain was found missing
// this run, so passwords are kept only until Tern closes.
func (m *Manager) KeychainMissing() bool {
	return m.missing != nil && m.missing()
}

// List returns the accounts in the order they were added.
func (m *Manager) List() []Account {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Account(nil), m.accts...)
}

// Get finds an account by id or address (addresses match in any case).
func (m *Manager) Get(idOrAddress string) (Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := m.find(idOrAddress)
	if i < 0 {
		return Account{}, fmt.Errorf("accounts: %q: %w", idOrAddress, ErrUnknownAccount)
	}
	return m.accts[i], nil
}

func (m *Manager) find(idOrAddress string) int {
	for i, a := range m.accts {
		if a.ID == idOrAddress || strings.EqualFold(a.Address, idOrAddress) {
			return i
		}
	}
	return -1
}

// newID derives a readable, stable id from the address.
func (m *Manager) newID(address string) string {
	base := strings.ToLower(address)
	id := base
	for n := 2; m.find(id) >= 0 || m.busy[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id
}

// localFolders are the folders a POP3 account keeps on this computer.
var localFolders = []struct{ name, role string }{
	{"INBOX", storage.RoleInbox},
	{"Sent", storage.RoleSent},
	{"Drafts", storage.RoleDrafts},
	{"Trash", storage.RoleTrash},
}

// Add validates a, stores password in Secrets and saves the account. It
// returns the account as saved (with its ID and defaults filled in).
func (m *Manager) Add(ctx context.Context, a Account, password string) (Account, error) {
	if err := a.Validate(); err != nil {
		return Account{}, err
	}
	oauth := a.Incoming.Auth == OAuth2
	if password == "" && !a.Demo && !oauth {
		return Account{}, fmt.Errorf("%w: the password is empty", ErrInvalid)
	}
	id, err := m.reserve(a.Address)
	if err != nil {
		return Account{}, err
	}
	defer m.release(id, a.Address)
	a.ID = id
	if !a.Demo && !oauth {
		if err := m.secrets.Set(ctx, a.ID, password); err != nil {
			return Account{}, fmt.Errorf("accounts: store password for %s: %w", a.Address, err)
		}
	}
	if err := m.addToStore(ctx, a); err != nil {
		m.secrets.Delete(ctx, a.ID)
		return Account{}, err
	}
	if err := m.commit(func(accts []Account) []Account { return append(accts, a) }); err != nil {
		m.secrets.Delete(ctx, a.ID)
		m.store.DeleteAccount(ctx, a.ID)
		return Account{}, err
	}
	return a, nil
}

// reserve claims a new account's address and picks its id, so that no
// other Add takes either while this one talks to the keychain.
func (m *Manager) reserve(address string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.find(address) >= 0 || m.busy[strings.ToLower(address)] {
		return "", fmt.Errorf("accounts: %s is already set up", address)
	}
	id := m.newID(address)
	m.busy[id], m.busy[strings.ToLower(address)] = true, true
	return id, nil
}

// release gives up what reserve or claim took.
func (m *Manager) release(id, address string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.busy, id)
	delete(m.busy, strings.ToLower(address))
}

// addToStore creates a new account's place in the store, with the local
// folders of a POP3 account.
func (m *Manager) addToStore(ctx context.Context, a Account) error {
	if err := m.store.EnsureAccount(ctx, a.ID, a.Address); err != nil {
		return err
	}
	if a.Protocol != POP3 {
		return nil
	}
	for _, f := range localFolders {
		if _, err := m.store.EnsureFolder(ctx, a.ID, f.name, "/", f.role); err != nil {
			return err
		}
	}
	return nil
}

// commit saves the configuration change makes to a copy of the accounts
// and, once saved, makes it the accounts.
func (m *Manager) commit(change func([]Account) []Account) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	accts := change(append([]Account(nil), m.accts...))
	if err := saveConfig(m.path, accts); err != nil {
		return err
	}
	m.accts = accts
	return nil
}

// Update saves changed settings of an existing account (matched by ID).
func (m *Manager) Update(a Account) error {
	if err := a.Validate(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	i := m.find(a.ID)
	if i < 0 || m.accts[i].ID != a.ID {
		return fmt.Errorf("accounts: update %q: %w", a.ID, ErrUnknownAccount)
	}
	if j := m.find(a.Address); j >= 0 && j != i {
		return fmt.Errorf("accounts: %s is already set up", a.Address)
	}
	accts := append([]Account(nil), m.accts...)
	accts[i] = a
	if err := saveConfig(m.path, accts); err != nil {
		return err
	}
	m.accts = accts
	return nil
}

// Password returns the account's password from Secrets.
func (m *Manager) Password(ctx context.Context, id string) (string, error) {
	pw, err := m.secrets.Get(ctx, id)
	if err != nil {
		return "", fmt.Errorf("accounts: password for %s: %w", id, err)
	}
	return pw, nil
}

// SetPassword replaces the account's password in Secrets.
func (m *Manager) SetPassword(ctx context.Context, id, password string) error {
	if err := m.secrets.Set(ctx, id, password); err != nil {
		return fmt.Errorf("accounts: password for %s: %w", id, err)
	}
	return nil
}

// Remove deletes an account: its keychain entry, its stored mail and its
// configuration. The account is listed until its configuration is saved
// without it.
func (m *Manager) Remove(ctx context.Context, idOrAddress string) error {
	a, err := m.claim(idOrAddress)
	if err != nil {
		return err
	}
	defer m.release(a.ID, a.Address)
	if err := m.secrets.Delete(ctx, a.ID); err != nil {
		return fmt.Errorf("accounts: remove password of %s: %w", a.Address, err)
	}
	if err := DeleteLong(ctx, m.secrets, OAuthKey(a.ID)); err != nil {
		return fmt.Errorf("accounts: remove sign-in of %s: %w", a.Address, err)
	}
	if err := m.store.DeleteAccount(ctx, a.ID); err != nil {
		return err
	}
	return m.commit(func(accts []Account) []Account {
		return slices.DeleteFunc(accts, func(b Account) bool { return b.ID == a.ID })
	})
}

// claim finds an account to remove and marks it busy, so that a second
// Remove of it fails at once rather than working beside the first.
func (m *Manager) claim(idOrAddress string) (Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := m.find(idOrAddress)
	if i < 0 {
		return Account{}, fmt.Errorf("accounts: remove %q: %w", idOrAddress, ErrUnknownAccount)
	}
	a := m.accts[i]
	if m.busy[a.ID] {
		return Account{}, fmt.Errorf("accounts: %s is already being removed", a.Address)
	}
	m.busy[a.ID], m.busy[strings.ToLower(a.Address)] = true, true
	return a, nil
}
