// Package mbox reads and writes the files other mail programs keep mail
// in, so that mail can be moved into Tern and out of it:
//
//   - mbox, as RFC 4155 describes it, in each of its variants: mboxo
//     (a body's "From " lines quoted as ">From "), mboxrd (every
//     ">…>From " line quoted once more, so that quoting can be undone
//     exactly), and mboxcl2 (a Content-Length field gives the body's
//     size and nothing is quoted, as mutt writes it). Thunderbird's
//     folders, Apple Mail's exported .mbox packages, Google Takeout and
//     Python's mailbox module all write one of these.
//   - maildir: one file per message in cur/ and new/, its flags in its
//     name after ":2," (D draft, F flagged, P passed, R replied, S seen,
//     T trashed).
//
// Reader reads mbox as a stream, one message at a time, in memory that
// follows the largest message and not the file; Writer writes mboxrd.
// What each program records of a message's state — X-Mozilla-Status and
// X-Mozilla-Status2 (Thunderbird), Status and X-Status (mutt, Pine,
// Python), X-Gmail-Labels (Google Takeout), a maildir file's name — is
// read into Flags by StateOf. Fingerprint names a message by its content
// whichever of these programs stored it, so that the same message met
// twice can be recognised.
//
// The package reads bytes and returns bytes: it parses no MIME and
// imports nothing of Tern's but the message package's word decoder.
package mbox
