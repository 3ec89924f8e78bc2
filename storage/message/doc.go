// Package message is the one home of mail formats in Tern. It turns raw
// RFC 5322 mail into what Tern stores and shows (an envelope of subject,
// addresses, date and ids; a plain text body; sanitised HTML; attachments
// with safe file names), and writes what the user sends: addresses and
// address lists, composed MIME messages, replies and forwards, subjects
// and signatures. It imports nothing of Tern's but the catalogs
// (assets/i18n), which put what a person reads into their language.
//
// Parsing is done by github.com/jhillyerd/enmime/v2, which recovers more from
// broken mail than a strict parser. Parse never fails: what cannot be read as
// MIME is returned as raw text with a warning, so a message always shows.
// Composing is done by github.com/emersion/go-message, and addresses are
// formatted and read through net/mail.
//
// Mail comes from strangers, so the package is also where Tern decides what
// is safe:
//   - Parse and Summarize never panic and cost time linear in the message's
//     size: a linear pass first cuts header blocks over MaxHeaderBytes, closes
//     unclosed multiparts, and refuses (shows raw) nesting deeper than
//     MaxDepth or boundaries that clash, before enmime sees the message.
//   - Messages over MaxMessageBytes are kept as their header only
//     (HeadersOnlySource; Parsed.HeadersOnly).
//   - Header text is cleaned of control, bidirectional and invisible
//     characters (CleanHeader); body text for a terminal goes through
//     CleanText.
//   - Attachment names are made safe (SafeFilename, SavePath) and judged by
//     their real extension, declared type and first bytes (AttachmentKind,
//     KindOf, SniffContent: the one list of dangerous types).
//   - Senders are checked in one place (CheckSender; SendersOf names every
//     author and any other Sender; RealAddress drops placeholders), links
//     in another (CheckLink); DisplayHost / DisplayAddress show
//     mixed-script host names in punycode.
//   - Replies quote at most 200 KB and keep at most 20 References
//     (Reply, TrimReferences).
package message
