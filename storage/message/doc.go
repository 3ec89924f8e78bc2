// Package message is the one home of mail formats in Tern. It turns raw
// RFC 5322 mail into what Tern stores and shows (an envelope of subject,
// addresses, date and ids; a plain text body; sanitised HTML; attachments
// with safe file names), and writes what the user sends: addresses and
// address lists, composed MIME messages, replies and forwards, subjects
// and signatures. It imports nothing of Tern's.
//
// Parsing is done by github.com/jhillyerd/enmime/v2, which recovers more from
// broken mail than a strict parser. Parse never fails: what cannot be read as
// MIME is returned as raw text with a warning, so a message always shows.
// Composing is done by github.com/emersion/go-message, and addresses are
// formatted and read through net/mail.
package message
