package accounts

import (
	"errors"
	"fmt"
	"net"
)

// Errors every protocol engine wraps, so the window and the wizard can say
// in one plain sentence what went wrong and what to do.
var (
	// ErrAuthFailed: the server refused the user name or password.
	ErrAuthFailed = errors.New("the server did not accept the user name or password")
	// ErrNoEncryption: a STARTTLS server did not offer encryption; Tern
	// refuses to send a password in clear.
	ErrNoEncryption = errors.New("the server does not offer an encrypted connection, so Tern will not send your password to it")
	// ErrUntrusted: the server's certificate could not be verified.
	ErrUntrusted = errors.New("the server's security certificate is not trusted")
	// ErrUnreachable: the server could not be reached (DNS, refused, timeout).
	ErrUnreachable = errors.New("the server could not be reached")
	// ErrTryLater: the server turned the login away for now, not for a
	// wrong password: logins too close together, or the mailbox in use by
	// another program.
	ErrTryLater = errors.New("the server asks to wait before logging in again")
	// ErrTemporary: the server has a passing problem of its own; trying
	// again should work.
	ErrTemporary = errors.New("the server has a temporary problem")
)

// ErrServerNotFound: the server's name does not exist in DNS.
var ErrServerNotFound = errors.New("the server name was not found")

// DialError wraps a failure to connect to addr as ErrServerNotFound (the
// name does not resolve) or ErrUnreachable (anything else).
func DialError(protocol, addr string, err error) error {
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return fmt.Errorf("%s: connect to %s: %v: %w", protocol, addr, err, ErrServerNotFound)
	}
	return fmt.Errorf("%s: connect to %s: %v: %w", protocol, addr, err, ErrUnreachable)
}
