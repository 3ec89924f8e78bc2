// Package autoconfig finds an email address's server settings, the way a
// user expects: from the address alone.
//
// Discover asks several sources at once and takes the best that answers:
// Tern's built-in provider database (Thunderbird's clientConfig v1.1
// format, in assets/providers), the provider's own autoconfig file over
// HTTPS, DNS SRV records (RFC 6186, RFC 8314), the provider behind the
// domain's MX host, and finally guessing host names and probing them
// (greeting and capabilities only, never a login). Network access goes
// through an injectable resolver, HTTP client and dialer.
package autoconfig
