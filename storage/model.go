package storage

import (
	"strings"
	"time"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage/message"
)

// Folder roles: what a folder is for, whatever its name.
const (
	RoleInbox   = "inbox"
	RoleSent    = "sent"
	RoleDrafts  = "drafts"
	RoleTrash   = "trash"
	RoleJunk    = "junk"
	RoleArchive = "archive"
)

// Folder is one mailbox of an account.
type Folder struct {
	ID         int64
	AccountID  string
	Name       string // full name, as the server spells it
	Prefix     string // the account's namespace prefix (RFC 2342), e.g. "INBOX."
	Delimiter  string // hierarchy delimiter ("/" or "."), "" for a flat namespace
	Role       string // one of the Role constants, or ""
	Subscribed bool
	LocalOnly  bool // kept on this computer only

	UIDValidity   uint32 // IMAP UIDVALIDITY the stored UIDs belong to
	UIDNext       uint32 // IMAP UIDNEXT seen at the last sync
	HighestModSeq uint64 // CONDSTORE HIGHESTMODSEQ seen at the last sync
	SyncedAt      time.Time

	Total  int // messages stored in the folder
	Unread int // of which not \Seen
}

// DisplayName is the folder's name as the user sees it: the full name
// without the account's namespace prefix ("Projects" for "INBOX.Projects").
func (f Folder) DisplayName() string {
	if f.Prefix == "" || strings.EqualFold(f.Name, "INBOX") {
		return f.Name
	}
	if rest, ok := strings.CutPrefix(f.Name, f.Prefix); ok && rest != "" {
		return rest
	}
	return f.Name
}

// Flags are the IMAP system flags Tern acts on, and other keywords.
type Flags struct {
	Seen     bool
	Flagged  bool
	Answered bool
	Draft    bool
	Deleted  bool
	Keywords []string // other keywords, e.g. "$Forwarded"
}

// Envelope is what is known of a message before its body is: the fields of
// an IMAP ENVELOPE, or the parsed header of a downloaded message.
type Envelope struct {
	Date       time.Time
	Subject    string
	From       []message.Address
	To         []message.Address
	Cc         []message.Address
	MessageID  string   // without angle brackets
	InReplyTo  string   // without angle brackets
	References []string // without angle brackets
}

// NewMessage is a message to add to a folder. Either Raw (the full source)
// or Envelope must be set; with Raw the message is parsed and its body kept
// for offline reading.
type NewMessage struct {
	UID      uint32 // IMAP UID, 0 when not an IMAP message
	UIDL     string // POP3 unique id, "" when not a POP3 message
	Flags    Flags
	Size     int64     // RFC822.SIZE; taken from Raw when zero
	Received time.Time // internal date; used when the message has no Date
	Raw      []byte
	Envelope *Envelope
}

// MessageSummary is one row of a message list.
type MessageSummary struct {
	ID             int64 // stable local id
	AccountID      string
	FolderID       int64
	FolderName     string
	FolderRole     string // the folder's role (RoleSent…), "" for none
	UID            uint32
	Date           time.Time
	FromName       string
	FromAddr       string
	Subject        string
	Flags          Flags
	HasAttachments bool
	HasBody        bool // the full message is stored and reads offline
	Size           int64
	Snippet        string
	ThreadKey      string
	ToAddrs        string // the To list as stored, for lists of mail sent
}

// Outgoing reports whether the message is the user's own: in Sent or
// Drafts, where a list shows the recipients rather than the sender.
func (m MessageSummary) Outgoing() bool {
	return m.FolderRole == RoleSent || m.FolderRole == RoleDrafts
}

// Recipients returns the To list as it should show in a list, in the
// person's language: names, else addresses, "To: Bob, Carol".
func (m MessageSummary) Recipients() string {
	l, err := message.ParseAddressList(m.ToAddrs)
	if err != nil || len(l) == 0 {
		if m.ToAddrs == "" {
			return i18n.T("storage.list.no_recipient")
		}
		return i18n.T("storage.list.recipients", i18n.Args{"Names": m.ToAddrs})
	}
	names := make([]string, len(l))
	for i, a := range l {
		names[i] = a.Name
		if names[i] == "" {
			names[i] = a.Email
		}
	}
	return i18n.T("storage.list.recipients", i18n.Args{"Names": strings.Join(names, ", ")})
}

// From returns the sender as it should show in a list: the name, else the
// address.
func (m MessageSummary) From() string {
	if m.FromName != "" {
		return m.FromName
	}
	return m.FromAddr
}

// FlagWords describes the flags in words for the command line:
// "read" or "unread", then "flagged", "answered", "draft", "attachment".
func (m MessageSummary) FlagWords() string {
	w := []string{"unread"}
	if m.Flags.Seen {
		w[0] = "read"
	}
	if m.Flags.Flagged {
		w = append(w, "flagged")
	}
	if m.Flags.Answered {
		w = append(w, "answered")
	}
	if m.Flags.Draft {
		w = append(w, "draft")
	}
	if m.HasAttachments {
		w = append(w, "attachment")
	}
	return strings.Join(w, ",")
}

// StoredMessage is a message with everything the store keeps of it.
type StoredMessage struct {
	MessageSummary
	To           string // formatted address lists
	Cc           string
	MessageID    string
	InReplyTo    string
	References   []string
	ParseWarning string
	Attachments  []message.Attachment // without their content (Data is nil)
	Raw          []byte               // full source, nil when the body is not stored yet
}
