package pop3

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
)

func TestLoginResponseCodes(t *testing.T) {
	for _, tc := range []struct {
		passErr string
		capa    []string
		kind    error
		code    string
		delay   time.Duration
	}{
		{"-ERR [LOGIN-DELAY] Logins must be at least 1 minute apart", []string{"LOGIN-DELAY 60"}, accounts.ErrTryLater, CodeLoginDelay, time.Minute},
		{"-ERR [LOGIN-DELAY] wait", nil, accounts.ErrTryLater, CodeLoginDelay, 0},
		{"-ERR [IN-USE] Mailbox locked by another session", nil, accounts.ErrTryLater, CodeInUse, 0},
		{"-ERR [SYS/TEMP] Try again later", nil, accounts.ErrTemporary, CodeSysTemp, 0},
		{"-ERR [AUTH] Authentication failed", nil, accounts.ErrAuthFailed, CodeAuth, 0},
		{"-ERR Authentication failed", nil, accounts.ErrAuthFailed, "", 0},
		{"-ERR", nil, accounts.ErrAuthFailed, "", 0},
	} {
		f := &fakeServer{passErr: tc.passErr, capa: tc.capa}
		port := startFake(t, f)
		st, a := newStore(t, accounts.POP3Options{}, accounts.Server{Host: "localhost", Port: port, Security: accounts.TLS, Username: "bob"})
		_, err := Check(context.Background(), a, st, "pw", Options{})
		var le *LoginError
		if !errors.As(err, &le) || !errors.Is(err, tc.kind) || le.Code != tc.code || le.Delay != tc.delay {
			t.Errorf("%q: %v (%+v), want %v with code %q and delay %v", tc.passErr, err, le, tc.kind, tc.code, tc.delay)
			continue
		}
		for _, other := range []error{accounts.ErrTryLater, accounts.ErrTemporary, accounts.ErrAuthFailed} {
			if other != tc.kind && errors.Is(err, other) {
				t.Errorf("%q is also %v", tc.passErr, other)
			}
		}
		// What the command line prints names the kind.
		if !strings.Contains(err.Error(), tc.kind.Error()) {
			t.Errorf("%q says %q", tc.passErr, err)
		}
	}
	// [SYS/PERM] is the server's fault, not the password's.
	f := &fakeServer{passErr: "-ERR [SYS/PERM] Mail store unavailable"}
	port := startFake(t, f)
	st, a := newStore(t, accounts.POP3Options{}, accounts.Server{Host: "localhost", Port: port, Security: accounts.TLS, Username: "bob"})
	_, err := Check(context.Background(), a, st, "pw", Options{})
	if errors.Is(err, accounts.ErrAuthFailed) || errors.Is(err, accounts.ErrTryLater) || !strings.Contains(err.Error(), "Mail store unavailable") {
		t.Errorf("SYS/PERM: %v", err)
	}
}

// After LOGIN-DELAY the worker waits as long as the server said, even past
// its check interval; other failures are retried sooner.
func TestRetryAfterLoginDelay(t *testing.T) {
	delay := &LoginError{Code: CodeLoginDelay, Delay: 15 * time.Minute}
	for _, tc := range []struct {
		err  error
		want time.Duration
	}{
		{nil, 10 * time.Minute},
		{fmt.Errorf("check: %w", delay), 15 * time.Minute},
		{&LoginError{Code: CodeLoginDelay}, 5 * time.Second},
		{&LoginError{Code: CodeSysTemp}, 5 * time.Second},
		{accounts.ErrUnreachable, 5 * time.Second},
	} {
		if got := retryAfter(tc.err, 5*time.Second, 10*time.Minute); got != tc.want {
			t.Errorf("retryAfter(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
