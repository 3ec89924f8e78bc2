package engine

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/oauth"
	"github.com/tern-mail/tern/internal/dovecot"
)

func TestRefusedPasswordStopsRetriesUntilTypedAgain(t *testing.T) {
	dv := dovecot.Start(t, dovecot.Options{})
	dv.AddUser(t, "carol", "right-pw")
	e, m := newEngine(t)
	ctx := context.Background()
	a, err := m.Add(ctx, accounts.Account{Address: "carol@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "localhost", Port: dv.IMAPSPort, Security: accounts.TLS, Username: "carol"}}, "old-pw")
	if err != nil {
		t.Fatal(err)
	}
	// What a worker sees: the server refuses the stored password.
	pw, err := e.workerPassword(ctx, a)
	if err != nil || pw != "old-pw" {
		t.Fatalf("before: %q %v", pw, err)
	}
	refusal := e.TestLogin(ctx, a, pw)
	if !errors.Is(refusal, accounts.ErrAuthFailed) {
		t.Fatalf("login with the old password: %v", refusal)
	}
	e.loginResult(a, false, refusal)
	for range 3 {
		if _, err := e.workerPassword(ctx, a); !errors.Is(err, accounts.ErrAuthFailed) || !errors.Is(err, ErrWaitingForUser) {
			t.Fatalf("after a refusal the worker may try again: %v", err)
		}
	}
	// An offline spell does not block.
	e.loginResult(a, false, fmt.Errorf("dial: %w", accounts.ErrUnreachable))
	if e.Blocked(a.ID) == nil {
		t.Fatal("the block went away by itself")
	}
	// A wrong new password is not kept and does not unblock.
	if err := e.SetPassword(ctx, a, "still-wrong"); !errors.Is(err, accounts.ErrAuthFailed) {
		t.Fatalf("wrong new password: %v", err)
	}
	if got, _ := m.Password(ctx, a.ID); got != "old-pw" || e.Blocked(a.ID) == nil {
		t.Fatalf("after a wrong new password: stored %q, blocked %v", got, e.Blocked(a.ID))
	}
	if err := e.SetPassword(ctx, a, "right-pw"); err != nil {
		t.Fatal(err)
	}
	if pw, err := e.workerPassword(ctx, a); err != nil || pw != "right-pw" {
		t.Fatalf("after typing the password: %q %v", pw, err)
	}
}

func TestOfflineDoesNotBlock(t *testing.T) {
	e, m := newEngine(t)
	ctx := context.Background()
	a, err := m.Add(ctx, accounts.Account{Address: "dan@example.org", Protocol: accounts.POP3,
		Incoming: accounts.Server{Host: "pop.example.org", Port: 995, Security: accounts.TLS}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	e.loginResult(a, false, fmt.Errorf("dial: %w", accounts.ErrUnreachable))
	if _, err := e.workerPassword(ctx, a); err != nil {
		t.Fatalf("offline blocked the account: %v", err)
	}
}

func TestRefusedTokenIsRenewedOnceThenBlocked(t *testing.T) {
	e, m := newEngine(t)
	ctx := context.Background()
	a, err := m.Add(ctx, accounts.Account{Address: "erin@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "imap.example.org", Port: 993, Security: accounts.TLS, Auth: accounts.OAuth2}}, "")
	if err != nil {
		t.Fatal(err)
	}
	refused := fmt.Errorf("imap: %w", accounts.ErrAuthFailed)
	e.loginResult(a, false, refused)
	if e.Blocked(a.ID) != nil {
		t.Fatal("first refusal of a token blocked at once; it should be renewed and tried once more")
	}
	e.loginResult(a, false, refused)
	if e.Blocked(a.ID) == nil {
		t.Fatal("second refusal in a row did not block")
	}
	b, _ := m.Add(ctx, accounts.Account{Address: "fay@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "imap.example.org", Port: 993, Security: accounts.TLS, Auth: accounts.OAuth2}}, "")
	e.loginResult(b, false, &oauth.SignInAgainError{Address: b.Address})
	if _, err := e.workerPassword(ctx, b); !oauth.IsSignInAgain(err) || !errors.Is(err, ErrWaitingForUser) {
		t.Fatalf("revoked grant: %v", err)
	}
}

// TestMissingPasswordBlocksUntilTyped: with no password stored (no
// keychain on this computer, after a restart), the account waits for the
// person at once instead of retrying in vain, and the password typed
// lets it log in again.
func TestMissingPasswordBlocksUntilTyped(t *testing.T) {
	dv := dovecot.Start(t, dovecot.Options{})
	dv.AddUser(t, "fay", "fay-pw")
	e, m := newEngine(t)
	ctx := context.Background()
	a, err := m.Add(ctx, accounts.Account{Address: "fay@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "localhost", Port: dv.IMAPSPort, Security: accounts.TLS, Username: "fay"}}, "fay-pw")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Secrets().Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	_, missing := e.workerPassword(ctx, a)
	if !errors.Is(missing, accounts.ErrNoPassword) {
		t.Fatalf("no password stored: %v", missing)
	}
	e.loginResult(a, false, missing)
	if err := e.Blocked(a.ID); !errors.Is(err, accounts.ErrNoPassword) {
		t.Fatalf("blocked %v, want the missing password", err)
	}
	if _, err := e.workerPassword(ctx, a); !errors.Is(err, ErrWaitingForUser) {
		t.Fatalf("the worker may try again without a password: %v", err)
	}
	if err := e.SetPassword(ctx, a, "fay-pw"); err != nil {
		t.Fatal(err)
	}
	if pw, err := e.workerPassword(ctx, a); err != nil || pw != "fay-pw" || e.Blocked(a.ID) != nil {
		t.Fatalf("after typing the password: %q %v, blocked %v", pw, err, e.Blocked(a.ID))
	}
}
