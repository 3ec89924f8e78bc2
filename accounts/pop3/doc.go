// Package pop3 downloads a POP3 account's mail (RFC 1939) into the local
// store and applies the account's server policy: keep mail on the server,
// delete it after download, or N days after download, and delete there what
// the user deleted here.
//
// It uses github.com/knadh/go-pop3 for the protocol and adds what that
// library lacks: STLS (RFC 2595 section 4) through a dialer that upgrades
// the connection before handing it over, certificate checks, timeouts, and
// undoing the dot-stuffing of retrieved messages.
package pop3
