package message

import (
	"bytes"
	"errors"

	"github.com/tern-mail/tern/assets/i18n"
)

// MaxParseBytes is the largest message Parse reads as MIME. Reading costs
// memory in proportion to the size (up to about four times it): a larger
// message, up to MaxMessageBytes (past which only its header is
// downloaded), would take Tern past 300 MB. It is shown as plain text
// instead: the beginning of its source as it arrived, with one line
// saying why. Its attachments can still be saved (EachAttachment reads
// them one at a time).
const MaxParseBytes = 64 << 20

// rawShownBytes is how much of the source of a message past
// MaxParseBytes is shown.
const rawShownBytes = 1 << 20

// errOverBudget says a message is past MaxParseBytes.
var errOverBudget = errors.New("message larger than the parse budget")

// overParseBudget is what Parse makes of raw when it is past
// MaxParseBytes: its header fields, and the beginning of its source
// (cut at a line end) as its text.
func overParseBudget(raw []byte) *Parsed {
	head := raw[:min(len(raw), rawShownBytes)]
	if i := bytes.LastIndexByte(head, '\n'); i > 0 && len(head) < len(raw) {
		head = head[:i+1]
	}
	p := rawFallback(head, head, errOverBudget)
	p.Warnings = []string{i18n.T("msgbudget.over_budget", i18n.Args{"Size": i18n.Size(int64(len(raw)))})}
	return p
}
