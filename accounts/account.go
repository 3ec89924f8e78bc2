package accounts

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tern-mail/tern/storage/message"
)

// Protocol is how an account receives mail.
type Protocol string

// The receiving protocols Tern speaks.
const (
	// IMAP keeps mail on the server; every device sees the same folders.
	IMAP Protocol = "imap"
	// POP3 downloads mail to this computer.
	POP3 Protocol = "pop3"
)

// Security is how a connection is protected.
type Security string

// The connection security modes. There is deliberately no plain-text mode:
// Tern never sends a password unencrypted.
const (
	// TLS is implicit TLS from the first byte (ports 993, 995, 465).
	TLS Security = "tls"
	// STARTTLS upgrades a plain connection before login (143, 110, 587); Tern
	// refuses to log in when the server does not offer it.
	STARTTLS Security = "starttls"
)

// AuthMethod is how Tern proves to a server who the user is.
type AuthMethod string

// The ways of signing in.
const (
	// PasswordAuth sends the password (AUTH PLAIN, LOGIN, USER/PASS).
	PasswordAuth AuthMethod = ""
	// OAuth2 presents an access token from a browser sign-in (see
	// accounts/oauth); the "password" handed to Dial is that token.
	OAuth2 AuthMethod = "oauth2"
)

// Server is where and how to connect for one direction of mail.
type Server struct {
	Host     string     `json:"host"`
	Port     int        `json:"port"`
	Security Security   `json:"security"`
	Username string     `json:"username"` // login name; often the address
	Auth     AuthMethod `json:"auth,omitempty"`
}

// Addr returns host:port.
func (s Server) Addr() string { return fmt.Sprintf("%s:%d", s.Host, s.Port) }

// ServerPolicy is what happens to mail on a POP3 server after download.
type ServerPolicy string

// The POP3 server policies the wizard offers.
const (
	// KeepOnServer leaves downloaded mail on the server (the default).
	KeepOnServer ServerPolicy = "keep"
	// DeleteAfterDownload removes mail from the server once it is safely stored here.
	DeleteAfterDownload ServerPolicy = "delete"
	// DeleteAfterDays removes mail from the server a number of days after download.
	DeleteAfterDays ServerPolicy = "delete-after-days"
)

// POP3Options are the POP3-only settings of an account.
type POP3Options struct {
	Policy ServerPolicy `json:"policy"`
	// Days after download when Policy is DeleteAfterDays.
	Days int `json:"days,omitempty"`
	// DeleteOnServerWhenDeleted removes a message from the server when the
	// user deletes it here.
	DeleteOnServerWhenDeleted bool `json:"deleteOnServerWhenDeleted"`
}

// DefaultCheckInterval is how often new mail is looked for when the
// account does not say.
const DefaultCheckInterval = 10 * time.Minute

// Account is one mail account's configuration. It holds no password: that
// lives in the system keychain under the account's ID.
type Account struct {
	ID       string   `json:"id"`   // stable, set by the Manager
	Name     string   `json:"name"` // the user's display name, used in From
	Address  string   `json:"address"`
	Protocol Protocol `json:"protocol"`
	Incoming Server   `json:"incoming"`
	Outgoing Server   `json:"outgoing"`

	POP3 POP3Options `json:"pop3,omitempty"`
	// CheckIntervalMinutes between automatic checks; 0 means the default.
	CheckIntervalMinutes int `json:"checkIntervalMinutes,omitempty"`
	// OfflineDays limits which IMAP message bodies are kept for offline
	// reading: 0 keeps every body, N keeps those of the last N days.
	OfflineDays int `json:"offlineDays,omitempty"`
	// Signature added to new mail, replies and forwards.
	Signature string `json:"signature,omitempty"`
	// Demo marks the built-in demo mailbox: its servers run inside Tern
	// and its password is not kept in the keychain.
	Demo bool `json:"demo,omitempty"`
}

// Sender is the account's own address, as its mail is sent From.
func (a Account) Sender() message.Address { return message.Address{Name: a.Name, Email: a.Address} }

// CheckInterval returns how often to look for new mail.
func (a Account) CheckInterval() time.Duration {
	if a.CheckIntervalMinutes <= 0 {
		return DefaultCheckInterval
	}
	return time.Duration(a.CheckIntervalMinutes) * time.Minute
}

// ErrInvalid wraps every validation error.
var ErrInvalid = errors.New("invalid account settings")

// Validate checks that the account can be used, and fills in defaults
// (usernames, POP3 policy). Its errors say in plain words what to fix.
func (a *Account) Validate() error {
	a.Address = strings.TrimSpace(a.Address)
	addr, err := message.ParseAddress(a.Address)
	if err != nil || addr.Email != a.Address || !strings.Contains(a.Address, "@") {
		return fmt.Errorf("%w: %q is not an email address", ErrInvalid, a.Address)
	}
	switch a.Protocol {
	case IMAP, POP3:
	default:
		return fmt.Errorf("%w: protocol must be imap or pop3, not %q", ErrInvalid, a.Protocol)
	}
	if err := a.Incoming.validate("incoming"); err != nil {
		return err
	}
	if a.Outgoing.Host != "" {
		if err := a.Outgoing.validate("outgoing"); err != nil {
			return err
		}
	}
	if a.Incoming.Username == "" {
		a.Incoming.Username = a.Address
	}
	if a.Outgoing.Host != "" && a.Outgoing.Username == "" {
		a.Outgoing.Username = a.Incoming.Username
	}
	if a.Protocol == POP3 {
		switch a.POP3.Policy {
		case "":
			a.POP3.Policy = KeepOnServer
		case KeepOnServer, DeleteAfterDownload:
		case DeleteAfterDays:
			if a.POP3.Days < 1 {
				return fmt.Errorf("%w: the number of days to keep mail on the server must be at least 1", ErrInvalid)
			}
		default:
			return fmt.Errorf("%w: unknown POP3 server policy %q", ErrInvalid, a.POP3.Policy)
		}
	}
	if a.OfflineDays < 0 || a.CheckIntervalMinutes < 0 {
		return fmt.Errorf("%w: days and intervals cannot be negative", ErrInvalid)
	}
	return nil
}

func (s *Server) validate(which string) error {
	s.Host = strings.TrimSpace(s.Host)
	if s.Host == "" || strings.ContainsAny(s.Host, " /:@") {
		return fmt.Errorf("%w: the %s server name %q is not a host name", ErrInvalid, which, s.Host)
	}
	if s.Port < 1 || s.Port > 65535 {
		return fmt.Errorf("%w: the %s port %d is not between 1 and 65535", ErrInvalid, which, s.Port)
	}
	switch s.Security {
	case TLS, STARTTLS:
	default:
		return fmt.Errorf("%w: the %s security must be tls or starttls, not %q", ErrInvalid, which, s.Security)
	}
	switch s.Auth {
	case PasswordAuth, OAuth2:
	default:
		return fmt.Errorf("%w: the %s sign-in must be a password or oauth2, not %q", ErrInvalid, which, s.Auth)
	}
	return nil
}
