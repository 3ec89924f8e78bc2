package imap

import (
	"strings"

	"github.com/emersion/go-imap/v2"
)

// namespace is where a server keeps the user's own folders (RFC 2342
// section 5): Courier and Debian's Cyrus put them under "INBOX." with "."
// between levels, Dovecot and most others at the root.
type namespace struct {
	prefix string // e.g. "INBOX.", or ""
	delim  string // e.g. ".", or "" for a flat namespace
}

// personalNamespace picks the first personal namespace, the one new
// folders go into (RFC 2342 section 4).
func personalNamespace(data *imap.NamespaceData) namespace {
	if data == nil || len(data.Personal) == 0 {
		return namespace{}
	}
	p := data.Personal[0]
	ns := namespace{prefix: p.Prefix}
	if p.Delim != 0 {
		ns.delim = string(p.Delim)
	}
	return ns
}

// relative returns name without the namespace prefix, as the user sees it.
// The Inbox and names outside the namespace stay as they are.
func (ns namespace) relative(name string) string {
	if ns.prefix == "" || strings.EqualFold(name, "INBOX") {
		return name
	}
	if rest, ok := strings.CutPrefix(name, ns.prefix); ok && rest != "" {
		return rest
	}
	return name
}

// guessNamespace is the personal namespace of a server that does not say
// (no NAMESPACE): "INBOX" and its delimiter when every other folder is
// below the Inbox, as Courier and Cyrus lay them out, else the root.
func guessNamespace(folders []remoteFolder) namespace {
	var ns namespace
	below := 0
	for _, f := range folders {
		if strings.EqualFold(f.name, "INBOX") {
			if f.delim != "" {
				ns = namespace{prefix: f.name + f.delim, delim: f.delim}
			}
			continue
		}
		if ns.prefix == "" && f.delim != "" {
			ns = namespace{prefix: "INBOX" + f.delim, delim: f.delim}
		}
		if ns.prefix == "" || !strings.HasPrefix(f.name, ns.prefix) {
			return namespace{}
		}
		below++
	}
	if below == 0 {
		return namespace{}
	}
	return ns
}
