// Package imap keeps an IMAP account's folders and messages in the local
// store, and mirrors on the server what the user did locally.
//
// It speaks IMAP4rev1 (RFC 3501) and IMAP4rev2 (RFC 9051) through
// github.com/emersion/go-imap/v2, with CONDSTORE (RFC 7162) for cheap
// flag resyncs, UIDPLUS (RFC 4315) to learn where moved messages went, MOVE
// (RFC 6851), SPECIAL-USE (RFC 6154), LIST-STATUS (RFC 5819) and IDLE
// (RFC 2177) when the server offers them, and falls back when it does not.
// Everything it learns is converted into the storage package's models here.
package imap
