package imap

import "github.com/emersion/go-imap/v2"

// What Tern asks of a server depends on what its CAPABILITY response
// (RFC 9051 section 6.1.1) offers; nothing is assumed. Each method below is
// one decision, and IMAP4rev2 (RFC 9051) implies the extensions it took in.
//
// Some absences need nothing from Tern because go-imap already adapts:
//   - ESEARCH (RFC 4731): Tern never asks SEARCH for RETURN options, so the
//     plain SEARCH response is what comes back.
//   - LITERAL+ and LITERAL- (RFC 7888): without them go-imap waits for the
//     server's continuation before sending a literal.
//   - UTF8=ACCEPT (RFC 6855): Tern does not ENABLE it, so go-imap sends and
//     reads folder names in modified UTF-7 (RFC 3501 section 5.1.3) and
//     searches with CHARSET UTF-8 when the text is not ASCII.
//   - STATUS=SIZE (RFC 8438): Tern takes sizes from RFC822.SIZE in FETCH and
//     never asks STATUS for SIZE.

// capGmail is Gmail's extension (X-GM-EXT-1): there a message shows in
// one folder per label, so copies across folders are the rule.
const capGmail imap.Cap = "X-GM-EXT-1"

// hasCap reports whether the server offers cap, counting IMAP4rev2 as
// offering the extensions it includes.
func (c *Conn) hasCap(cap imap.Cap) bool {
	if c.caps.Has(cap) {
		return true
	}
	if !c.caps.Has(imap.CapIMAP4rev2) {
		return false
	}
	switch cap {
	case imap.CapNamespace, imap.CapUIDPlus, imap.CapESearch, imap.CapListExtended,
		imap.CapListStatus, imap.CapMove, imap.CapIdle, imap.CapLiteralMinus,
		imap.CapSpecialUse, imap.CapUnselect, imap.CapEnable, imap.CapSASLIR,
		imap.CapStatusSize, imap.CapChildren:
		return true // RFC 9051 appendix E
	}
	return false
}

// listExtended: one LIST with RETURN options (RFC 5258) instead of LIST
// plus LSUB.
func (c *Conn) listExtended() bool { return c.hasCap(imap.CapListExtended) }

// listStatus: LIST returns each folder's STATUS too (RFC 5819).
func (c *Conn) listStatus() bool { return c.listExtended() && c.hasCap(imap.CapListStatus) }

// canMove: MOVE (RFC 6851) rather than COPY, \Deleted and EXPUNGE.
func (c *Conn) canMove() bool { return c.hasCap(imap.CapMove) }

// uidExpunge: UID EXPUNGE (RFC 4315 section 2.1) removes exactly the
// messages named.
func (c *Conn) uidExpunge() bool { return c.hasCap(imap.CapUIDPlus) }

// condStore: CONDSTORE (RFC 7162) lets a resync fetch only changed flags;
// without it every flag is fetched again.
func (c *Conn) condStore() bool { return c.hasCap(imap.CapCondStore) }

// canIdle: IDLE (RFC 2177) rather than polling with NOOP.
func (c *Conn) canIdle() bool { return c.hasCap(imap.CapIdle) }

// hasNamespace: NAMESPACE (RFC 2342) tells where personal folders live.
func (c *Conn) hasNamespace() bool { return c.hasCap(imap.CapNamespace) }
