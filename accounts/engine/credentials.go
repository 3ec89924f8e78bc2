package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"syscall"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/oauth"
)

// credentials is the engine's sign-in state, in memory only: the access
// tokens of browser-signed-in accounts, and the accounts whose password or
// sign-in the server refused. The zero value is ready.
type credentials struct {
	mu sync.Mutex
	m  map[string]*oauth.Session
	// http talks to token endpoints; nil is http.DefaultClient.
	http *http.Client
	// blocked holds, per account ID, why background logins stopped: a
	// refused password is not tried again and again (which can get the
	// account locked by its provider) until the user acts.
	blocked map[string]error
	// retried marks accounts granted one more try after a refusal: an
	// OAuth2 account whose refused token was just renewed, or an account
	// whose password was refused right after a network error (a
	// connection that broke may have garbled the login). A second refusal
	// blocks them too.
	retried map[string]bool
	// offline marks accounts whose last attempt ended in a network error.
	offline map[string]bool
}

// ErrWaitingForUser wraps the reason background logins of an account
// stopped after the server refused its password or sign-in.
var ErrWaitingForUser = errors.New("no more tries until the password is typed again or you sign in again")

// workerPassword is the background workers' way to a password or token:
// refused once, an account is not tried again until the user acts.
func (e *Engine) workerPassword(ctx context.Context, a accounts.Account) (string, error) {
	e.creds.mu.Lock()
	err := e.creds.blocked[a.ID]
	e.creds.mu.Unlock()
	if err != nil {
		return "", fmt.Errorf("%w; %w", err, ErrWaitingForUser)
	}
	return e.password(ctx, a)
}

// loginResult hears each worker status. A refused password blocks the
// account, unless it came right after a network error: then it is tried
// once more. A password that is not stored at all blocks it at once. A refused token is renewed and tried once more before
// blocking; a grant that is gone blocks at once. So a refusal is retried
// at most once, never in a loop.
func (e *Engine) loginResult(a accounts.Account, online bool, err error) {
	e.creds.mu.Lock()
	defer e.creds.mu.Unlock()
	if online && err == nil {
		delete(e.creds.retried, a.ID)
		delete(e.creds.offline, a.ID)
		return
	}
	if errors.Is(err, ErrWaitingForUser) {
		return
	}
	afterOffline := e.creds.offline[a.ID]
	delete(e.creds.offline, a.ID)
	refused := errors.Is(err, accounts.ErrAuthFailed)
	// No password stored (a keychain that lost it, or none on this
	// computer after a restart): trying again cannot help either.
	missing := errors.Is(err, accounts.ErrNoPassword)
	if !refused && !missing && !oauth.IsSignInAgain(err) {
		if !online && networkError(err) {
			if e.creds.offline == nil {
				e.creds.offline = map[string]bool{}
			}
			e.creds.offline[a.ID] = true
		}
		return // offline and other troubles are retried as before
	}
	if refused && !e.creds.retried[a.ID] && (a.Incoming.Auth == accounts.OAuth2 || afterOffline) {
		if s := e.creds.m[a.ID]; s != nil && a.Incoming.Auth == accounts.OAuth2 {
			s.Invalidate()
		}
		if e.creds.retried == nil {
			e.creds.retried = map[string]bool{}
		}
		e.creds.retried[a.ID] = true
		return
	}
	if e.creds.blocked == nil {
		e.creds.blocked = map[string]error{}
	}
	e.creds.blocked[a.ID] = err
}

// networkError tells a connection that could not be made or broke from a
// server's answer.
func networkError(err error) bool {
	var ne net.Error
	return errors.Is(err, accounts.ErrUnreachable) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) || errors.As(err, &ne)
}

// Blocked returns why background logins of an account stopped, or nil.
func (e *Engine) Blocked(accountID string) error {
	e.creds.mu.Lock()
	defer e.creds.mu.Unlock()
	return e.creds.blocked[accountID]
}

// unblock lets the account's worker log in again and asks it to now.
func (e *Engine) unblock(a accounts.Account) {
	e.creds.mu.Lock()
	delete(e.creds.blocked, a.ID)
	delete(e.creds.retried, a.ID)
	delete(e.creds.offline, a.ID)
	e.creds.mu.Unlock()
	e.st.SetBlocked(a.ID, nil)
	e.Kick(a.ID)
}

// SetPassword checks a new password with a's servers, keeps it in the
// keychain and lets the account's worker log in again. A password the
// servers refuse is not kept.
func (e *Engine) SetPassword(ctx context.Context, a accounts.Account, password string) error {
	if err := e.TestLogin(ctx, a, password); err != nil {
		return fmt.Errorf("the new password was not saved: %w", err)
	}
	if err := e.m.SetPassword(ctx, a.ID, password); err != nil {
		return err
	}
	e.unblock(a)
	return nil
}
