package accounts

import "errors"

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
)
