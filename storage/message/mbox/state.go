package mbox

import (
	"strconv"
	"strings"

	"github.com/tern-mail/tern/storage/message"
)

// Flags are what a mail program recorded of a message's state.
type Flags struct {
	Seen, Answered, Flagged, Draft, Forwarded bool
	// Deleted says the message was deleted and waits to be purged
	// (Thunderbird's expunged flag, mutt's D, maildir's T): it is not
	// part of the mail being moved.
	Deleted bool
	// Keywords are the message's other keywords or tags (Thunderbird's
	// X-Mozilla-Keys, such as "$label1").
	Keywords []string
}

// Thunderbird's message flags (nsMsgMessageFlags) in X-Mozilla-Status,
// and the upper half in X-Mozilla-Status2, both written as hexadecimal.
const (
	mozRead        = 0x0001
	mozReplied     = 0x0002
	mozMarked      = 0x0004
	mozExpunged    = 0x0008
	mozForwarded   = 0x1000
	mozIMAPDeleted = 0x00200000
)

// StateOf reads a message's state from the fields mail programs add:
// X-Mozilla-Status, X-Mozilla-Status2 and X-Mozilla-Keys (Thunderbird);
// Status ("R" read, "O" old) and X-Status ("A" answered, "F" flagged, "T"
// draft, "D" deleted) as mutt, Pine and Python write them; and the
// labels of X-Gmail-Labels ("Unread", "Opened", "Starred"). Thunderbird's
// fields win over the others when both are there; a message that has
// none is unread.
func StateOf(h Fields) Flags {
	var f Flags
	if v := h.Get("X-Mozilla-Status"); v != "" {
		bits, _ := strconv.ParseUint(strings.TrimSpace(v), 16, 32)
		f.Seen = bits&mozRead != 0
		f.Answered = bits&mozReplied != 0
		f.Flagged = bits&mozMarked != 0
		f.Deleted = bits&mozExpunged != 0
		f.Forwarded = bits&mozForwarded != 0
		bits2, _ := strconv.ParseUint(strings.TrimSpace(h.Get("X-Mozilla-Status2")), 16, 32)
		f.Deleted = f.Deleted || bits2&mozIMAPDeleted != 0
		f.Keywords = strings.Fields(h.Get("X-Mozilla-Keys"))
		return f
	}
	if h.Has("Status") || h.Has("X-Status") {
		status, xstatus := h.Get("Status"), h.Get("X-Status")
		f.Seen = strings.Contains(status, "R")
		f.Answered = strings.Contains(xstatus, "A")
		f.Flagged = strings.Contains(xstatus, "F")
		f.Draft = strings.Contains(xstatus, "T")
		f.Deleted = strings.Contains(xstatus, "D")
		return f
	}
	if labels, ok := GmailLabels(h); ok {
		f.Seen = true
		for _, l := range labels {
			switch strings.ToLower(l) {
			case "unread":
				f.Seen = false
			case "starred":
				f.Flagged = true
			case "drafts", "draft":
				f.Draft = true
			}
		}
	}
	return f
}

// GmailLabels returns the labels of a message's X-Gmail-Labels field, as
// Google Takeout writes them: separated by commas, a label with a comma
// in double quotes, non-ASCII ones as encoded words. ok is false when
// the message has no such field.
func GmailLabels(h Fields) (labels []string, ok bool) {
	if !h.Has("X-Gmail-Labels") {
		return nil, false
	}
	v := h.Get("X-Gmail-Labels")
	if d, err := message.WordDecoder().DecodeHeader(v); err == nil {
		v = d
	}
	var cur strings.Builder
	quoted := false
	flush := func() {
		if l := strings.TrimSpace(cur.String()); l != "" {
			labels = append(labels, l)
		}
		cur.Reset()
	}
	for _, r := range v {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ',' && !quoted:
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return labels, true
}

// MaildirFlags reads the flags in a maildir file's name, after ":2,"
// (or "!2," and ";2,", which programs on Windows use): D draft, F
// flagged, P passed (forwarded), R replied, S seen, T trashed (deleted).
// A name without them (a message in new/) is unread.
func MaildirFlags(name string) Flags {
	var f Flags
	i := -1
	for _, sep := range []string{":2,", "!2,", ";2,"} {
		if j := strings.LastIndex(name, sep); j > i {
			i = j
		}
	}
	if i < 0 {
		return f
	}
	for _, c := range name[i+3:] {
		switch c {
		case 'D':
			f.Draft = true
		case 'F':
			f.Flagged = true
		case 'P':
			f.Forwarded = true
		case 'R':
			f.Answered = true
		case 'S':
			f.Seen = true
		case 'T':
			f.Deleted = true
		}
	}
	return f
}
