package gui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts/pop3"
)

// A POP3 server's response code decides what the wizard says: only a
// wrong password is called one.
func TestExplainPOP3LoginRefusals(t *testing.T) {
	for _, tc := range []struct {
		err       error
		want, not string
	}{
		{&pop3.LoginError{Code: pop3.CodeLoginDelay, Text: "Logins must be at least 15 minutes apart", Delay: 15 * time.Minute},
			"wait before logging in again (about 15 minutes)", "password was not accepted"},
		{fmt.Errorf("check: %w", &pop3.LoginError{Code: pop3.CodeInUse}), "wait before logging in again.", "password was not accepted"},
		{&pop3.LoginError{Code: pop3.CodeSysTemp}, "temporary problem", "password was not accepted"},
		{&pop3.LoginError{Code: pop3.CodeAuth}, "password was not accepted", "wait"},
		{&pop3.LoginError{Text: "unknown error"}, "password was not accepted", "wait"},
	} {
		got := explain(tc.err, nil).Sentence
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
			t.Errorf("%v: %q, want %q and not %q", tc.err, got, tc.want, tc.not)
		}
	}
}
