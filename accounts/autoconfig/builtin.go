package autoconfig

import (
	"bytes"
	"io/fs"
	"strings"
	"sync"

	"github.com/tern-mail/tern/assets"
	"github.com/tern-mail/tern/assets/i18n"
)

var (
	builtinOnce sync.Once
	byDomain    map[string][]byte // address domain → provider file
	byMXDomain  map[string][]byte // mail server's registered domain → provider file
)

func loadBuiltin() {
	byDomain, byMXDomain = map[string][]byte{}, map[string][]byte{}
	files, _ := fs.Glob(assets.Providers, "providers/*.xml")
	for _, f := range files {
		raw, err := fs.ReadFile(assets.Providers, f)
		if err != nil {
			continue
		}
		var doc clientConfig
		if _, _, err := parseXML(bytes.NewReader(raw), "x@example.com"); err != nil {
			continue
		}
		if err := decodeLoose(raw, &doc); err != nil || len(doc.Provider) == 0 {
			continue
		}
		for _, d := range doc.Provider[0].Domains {
			name := strings.ToLower(strings.TrimSpace(d.Name))
			if d.Purpose == "mx" {
				byMXDomain[name] = raw
			} else {
				byDomain[name] = raw
			}
		}
	}
}

// Builtin looks an address's domain up in the built-in database.
func Builtin(address string) (*Config, bool) {
	_, domain, _ := strings.Cut(strings.ToLower(address), "@")
	builtinOnce.Do(loadBuiltin)
	raw, ok := byDomain[domain]
	if !ok {
		return nil, false
	}
	c, _, err := parseXML(bytes.NewReader(raw), address)
	if err != nil {
		return nil, false
	}
	c.Source, c.Kind = i18n.T("autoconfig.source.builtin"), SourceBuiltin
	wordBuiltin(c)
	return c, true
}

// builtinForMX looks up the provider that runs mail for a registered
// domain (the MX host's), by its own domains or its mail-server domains.
func builtinForMX(mxDomain, address string) (*Config, bool) {
	builtinOnce.Do(loadBuiltin)
	raw, ok := byMXDomain[mxDomain]
	if !ok {
		raw, ok = byDomain[mxDomain]
	}
	if !ok {
		return nil, false
	}
	c, _, err := parseXML(bytes.NewReader(raw), address)
	if err != nil {
		return nil, false
	}
	wordBuiltin(c)
	return c, true
}
