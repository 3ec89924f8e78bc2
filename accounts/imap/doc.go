// Package imap keeps an IMAP account's folders and messages in the local
// store, and mirrors on the server what the user did locally.
//
// It speaks IMAP4rev1 (RFC 3501) and IMAP4rev2 (RFC 9051) through
// github.com/emersion/go-imap/v2 and asks CAPABILITY before using any
// extension (see caps.go): CONDSTORE (RFC 7162) for cheap flag resyncs,
// else every flag is fetched again; UIDPLUS (RFC 4315) to learn where moved
// messages went and to expunge exactly them; MOVE (RFC 6851), else COPY and
// EXPUNGE; LIST-EXTENDED (RFC 5258) and LIST-STATUS (RFC 5819), else LIST
// and LSUB; SPECIAL-USE (RFC 6154), else folder roles by well-known names;
// NAMESPACE (RFC 2342) for where the user's folders live; IDLE (RFC 2177),
// else polling. QRESYNC is not used: go-imap v2 cannot read VANISHED, so
// expunges are found by comparing UIDs. Everything it learns is converted
// into the storage package's models here.
package imap
