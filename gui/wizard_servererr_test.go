package gui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tern-mail/tern/accounts"
)

// TestExplainServerError: a server cut off for misbehaving is told in
// its error's own sentence, without the layers' "imap:" prefixes, in the
// window and in the wizard.
func TestExplainServerError(t *testing.T) {
	se := &accounts.ServerError{Kind: accounts.Stalled, What: "FETCH"}
	err := fmt.Errorf("imap: fetch INBOX: %w", fmt.Errorf("imap: read: %w", se))
	for name, p := range map[string]problem{"explain": explain(err, nil), "explainSetup": explainSetup(err, nil)} {
		if p.Sentence != se.Error() {
			t.Errorf("%s: sentence %q, want the server error's %q", name, p.Sentence, se.Error())
		}
		if strings.Contains(p.Sentence, "imap:") || p.Details != "" {
			t.Errorf("%s: technical words shown: %+v", name, p)
		}
	}
}
