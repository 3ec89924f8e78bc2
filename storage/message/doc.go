// Package message turns raw RFC 5322 mail into what Tern stores and shows:
// an envelope (subject, addresses, date, ids), a plain text body, sanitised
// HTML and attachments with safe file names.
//
// Parsing is done by github.com/jhillyerd/enmime/v2, which recovers more from
// broken mail than a strict parser. Parse never fails: what cannot be read as
// MIME is returned as raw text with a warning, so a message always shows.
package message
