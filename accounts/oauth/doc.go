// Package oauth signs mail accounts in through the provider's web page
// (OAuth2, RFC 6749) instead of a password: the authorization code flow
// with PKCE (RFC 7636) and a loopback redirect (RFC 8252), the table of
// issuers, refresh tokens kept only in the system keychain, access tokens
// kept only in memory, and the SASL clients (OAUTHBEARER, RFC 7628, and
// XOAUTH2) that present a token to IMAP, POP3 and SMTP servers.
package oauth
