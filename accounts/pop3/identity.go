package pop3

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/textproto"
	"sort"
	"strings"

	"github.com/tern-mail/tern/storage"
)

// identities says which message on the server is which, for one check.
//
// With UIDL (RFC 1939 section 7) the server names every message. Without
// it the name is made here from the message itself:
//
//	hash:<header key>.<content hash>#<occurrence>
//
// The header key hashes the whole header block (TOP n 0) and the size
// LIST gives; the content hash covers every byte RETR returns; the
// occurrence counts, in server order, the messages with the same key and
// content, so two identical copies are two messages and two messages that
// differ anywhere never share a name.
//
// Reading every message at every check to hash it would download the
// mailbox again each time, so a group of messages with the same header
// key is read only when it must be: when nothing with that key is stored
// yet (it is new, and read to be stored anyway), when the server holds more
// or fewer of them than are stored, or when one stored under that key is
// due for deletion. Otherwise the group is taken for what is stored, and
// nothing in it is deleted. A message is therefore deleted on the server
// only after it was read in this same session and its name, made from its
// own bytes, was found stored.
type identities struct {
	ids      map[int]string  // message number → identity, known for sure
	present  map[string]bool // identities on the server, read or taken as stored
	fetch    []int           // messages to read, in server order
	identify func(n int, raw []byte) (id string, fresh bool)
}

// byUIDL names the messages by the server's UIDLs; what is not stored is
// fetched.
func byUIDL(uidls map[int]string, known map[string]storage.POP3Record) *identities {
	idn := &identities{ids: uidls, present: map[string]bool{}}
	for n, u := range uidls {
		idn.present[u] = true
		if _, ok := known[u]; !ok {
			idn.fetch = append(idn.fetch, n)
		}
	}
	sort.Ints(idn.fetch)
	idn.identify = func(n int, _ []byte) (string, bool) { return uidls[n], true }
	return idn
}

// byContent names the messages of a server without UIDL (see identities).
// headers holds each message's header block (TOP n 0), sizes its LIST
// size; due reports whether a stored message is due for deletion.
func byContent(headers map[int][]byte, sizes map[int]int, known map[string]storage.POP3Record,
	due func(storage.POP3Record) bool) *identities {
	keys := map[int]string{}
	groups := map[string][]int{}
	for n, h := range headers {
		k := headerKey(h, sizes[n])
		keys[n] = k
		groups[k] = append(groups[k], n)
	}
	stored := map[string][]storage.POP3Record{}
	for u, r := range known {
		if k, ok := keyOf(u); ok {
			stored[k] = append(stored[k], r)
		}
	}
	idn := &identities{ids: map[int]string{}, present: map[string]bool{}}
	legacy := legacyKnown(headers, sizes, known)
	for k, g := range groups {
		switch {
		case settled(g, stored[k], due):
			for _, r := range stored[k] {
				idn.present[r.UIDL] = true
			}
		case len(stored[k]) == 0 && len(g) == 1 && legacy[g[0]] != "":
			// Downloaded under the former, weaker name: kept, never
			// deleted on the server by a policy.
			idn.present[legacy[g[0]]] = true
		default:
			idn.fetch = append(idn.fetch, g...)
		}
	}
	sort.Ints(idn.fetch)
	counts := map[string]int{}
	idn.identify = func(n int, raw []byte) (string, bool) {
		sum := sha256.Sum256(raw)
		base := keys[n] + "." + hex.EncodeToString(sum[:16])
		counts[base]++ // identify is called in server order
		id := fmt.Sprintf("hash:%s#%d", base, counts[base])
		idn.ids[n] = id
		idn.present[id] = true
		_, seen := known[id]
		return id, !seen
	}
	return idn
}

// settled reports whether a group of messages sharing a header key can be
// taken for the ones stored under it without reading them.
func settled(group []int, stored []storage.POP3Record, due func(storage.POP3Record) bool) bool {
	if len(stored) == 0 || len(stored) != len(group) {
		return false
	}
	for _, r := range stored {
		if due(r) {
			return false
		}
	}
	return true
}

// headerKey hashes a message's whole header block and its size.
func headerKey(header []byte, size int) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00", size)
	h.Write(header)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// keyOf returns the header key of an identity made by byContent.
func keyOf(id string) (string, bool) {
	rest, ok := strings.CutPrefix(id, "hash:")
	if !ok {
		return "", false
	}
	k, _, ok := strings.Cut(rest, ".")
	return k, ok
}

// legacyKnown returns message number → the name an earlier Tern gave it
// (a hash of Message-ID, Date, From and size), for the messages stored
// under such a name that no other message on the server shares.
func legacyKnown(headers map[int][]byte, sizes map[int]int, known map[string]storage.POP3Record) map[int]string {
	byName := map[string][]int{}
	for n, h := range headers {
		name := legacyHash(h, sizes[n])
		if _, ok := known[name]; ok {
			byName[name] = append(byName[name], n)
		}
	}
	out := map[int]string{}
	for name, ns := range byName {
		if len(ns) == 1 {
			out[ns[0]] = name
		}
	}
	return out
}

// legacyHash is the name earlier versions gave a message on a server
// without UIDL. Different messages could share it, so it only keeps
// messages stored under it from being downloaded again.
func legacyHash(header []byte, size int) string {
	h, err := textproto.NewReader(bufio.NewReader(bytes.NewReader(append(header, '\r', '\n')))).ReadMIMEHeader()
	if err != nil && len(h) == 0 {
		h = textproto.MIMEHeader{}
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%d",
		strings.TrimSpace(h.Get("Message-Id")), strings.TrimSpace(h.Get("Date")), strings.TrimSpace(h.Get("From")), size)))
	return "hash:" + hex.EncodeToString(sum[:16])
}
