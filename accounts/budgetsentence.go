package accounts

import "github.com/tern-mail/tern/assets/i18n"

// sentence says in one sentence what the server did and what Tern did
// about it: stopped the sync, or (sending) stopped sending the message,
// which waits in the Outbox.
func sentence(k Misbehaviour, sending bool) string {
	if sending {
		switch k {
		case Flood, FolderFlood, LineFlood, Oversized:
			return i18n.T("server.send.flood")
		case Stalled:
			return i18n.T("server.send.stall")
		case TooLong:
			return i18n.T("server.send.toolong")
		}
		return i18n.T("server.send.hungup")
	}
	switch k {
	case FolderFlood:
		return i18n.T("server.flood.folders")
	case LineFlood:
		return i18n.T("server.flood.lines")
	case Stalled:
		return i18n.T("server.stall")
	case TooLong:
		return i18n.T("server.toolong")
	case Oversized:
		return i18n.T("server.oversize")
	case HungUp:
		return i18n.T("server.hungup")
	}
	return i18n.T("server.flood")
}
