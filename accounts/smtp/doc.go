// Package smtp sends mail: message submission (RFC 6409) over implicit TLS
// (RFC 8314) or STARTTLS (RFC 3207), with AUTH PLAIN or LOGIN, through
// github.com/emersion/go-smtp; and the outbox drain that sends queued
// messages exactly once and files their copies in Sent.
package smtp
