package autoconfig

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tern-mail/tern/accounts"
)

// SourceKind says which source of settings found a Config.
type SourceKind string

// The sources discovery tries.
const (
	SourceBuiltin SourceKind = "builtin" // Tern's provider list
	SourceFile    SourceKind = "file"    // the provider's autoconfig file
	SourceSRV     SourceKind = "srv"     // the domain's SRV records (RFC 6186)
	SourceMX      SourceKind = "mx"      // the provider of the domain's MX
	SourceProbe   SourceKind = "probe"   // a search for the usual server names
)

// Server is one discovered server.
type Server struct {
	Protocol string // "imap", "pop3" or "smtp"
	accounts.Server
}

// Config is what discovery found for an address.
type Config struct {
	Source string // where it came from, in the person's words
	// Kind is where it came from, for code: one of the Source* kinds.
	Kind SourceKind
	// MXDomain and MXProvider, for KindMX, are the address's domain and
	// the registrable domain of its mail exchanger.
	MXDomain, MXProvider string
	Provider             string // the provider's name, when known
	Incoming             []Server
	Outgoing             []Server
	OAuthOnly            bool   // the provider allows no password login
	Instruction          string // something the user must do first (app password, enable IMAP)
	// AppPassword is true when the provider is known to want an app
	// password instead of the account's own (Instruction says so too).
	AppPassword bool
	HelpURL     string
	// Confirm lists servers found through the MX record or a guess that
	// are outside the address's domain and not run by a known provider:
	// the user is asked before a password is sent to them.
	Confirm []string

	providerID string // the emailProvider id of the provider file
}

// Has reports whether the config offers an incoming server of protocol.
func (c *Config) Has(protocol string) bool {
	for _, s := range c.Incoming {
		if s.Protocol == protocol {
			return true
		}
	}
	return false
}

// Account turns c into an account for address using protocol ("" for the
// first offered, which is IMAP whenever it is offered).
func (c *Config) Account(name, address, protocol string) (accounts.Account, error) {
	a := accounts.Account{Name: name, Address: address}
	for _, s := range c.Incoming {
		if protocol == "" || s.Protocol == protocol {
			a.Protocol = accounts.Protocol(s.Protocol)
			a.Incoming = s.Server
			break
		}
	}
	if a.Protocol == "" {
		return a, fmt.Errorf("autoconfig: no %s server found for %s", protocol, address)
	}
	if len(c.Outgoing) > 0 {
		a.Outgoing = c.Outgoing[0].Server
	}
	return a, nil
}

// clientConfig is Thunderbird's autoconfig format, version 1.1.
type clientConfig struct {
	XMLName  xml.Name `xml:"clientConfig"`
	Provider []struct {
		ID      string `xml:"id,attr"`
		Domains []struct {
			Name    string `xml:",chardata"`
			Purpose string `xml:"purpose,attr"`
		} `xml:"domain"`
		DisplayName string      `xml:"displayName"`
		Incoming    []xmlServer `xml:"incomingServer"`
		Outgoing    []xmlServer `xml:"outgoingServer"`
		Enable      []struct {
			URL         string   `xml:"visiturl,attr"`
			Instruction []string `xml:"instruction"`
		} `xml:"enable"`
		Documentation []struct {
			URL string `xml:"url,attr"`
		} `xml:"documentation"`
	} `xml:"emailProvider"`
}

type xmlServer struct {
	Type     string   `xml:"type,attr"`
	Hostname string   `xml:"hostname"`
	Port     string   `xml:"port"`
	Socket   string   `xml:"socketType"`
	Username string   `xml:"username"`
	Auth     []string `xml:"authentication"`
}

// maxXML bounds what is read of an autoconfig file.
const maxXML = 1 << 20

// parseXML reads a clientConfig document defensively: size-limited, no
// external entities (encoding/xml never fetches any), and servers with
// unusable values dropped rather than trusted. Only encrypted servers
// (SSL/TLS or STARTTLS) are kept.
func parseXML(r io.Reader, address string) (*Config, []string, error) {
	var doc clientConfig
	dec := xml.NewDecoder(io.LimitReader(r, maxXML))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		return nil, nil, fmt.Errorf("autoconfig: not a clientConfig document: %w", err)
	}
	if len(doc.Provider) == 0 {
		return nil, nil, fmt.Errorf("autoconfig: no emailProvider in the document")
	}
	p := doc.Provider[0]
	c := &Config{Provider: strings.TrimSpace(p.DisplayName), providerID: strings.TrimSpace(p.ID)}
	var domains []string
	for _, d := range p.Domains {
		domains = append(domains, strings.ToLower(strings.TrimSpace(d.Name)))
	}
	oauthOnly := true
	convert := func(xs []xmlServer, outgoing bool) []Server {
		var out []Server
		for _, x := range xs {
			s, ok := x.server(address, outgoing)
			if !ok {
				continue
			}
			for _, a := range x.Auth {
				if strings.TrimSpace(a) != "OAuth2" {
					oauthOnly = false
				}
			}
			if len(x.Auth) == 0 {
				oauthOnly = false
			}
			out = append(out, s)
		}
		return out
	}
	c.Incoming = convert(p.Incoming, false)
	c.Outgoing = convert(p.Outgoing, true)
	if len(c.Incoming) == 0 {
		return nil, nil, fmt.Errorf("autoconfig: no usable incoming server")
	}
	// IMAP first: it is what most people want.
	sortServers(c.Incoming)
	c.OAuthOnly = oauthOnly
	for _, e := range p.Enable {
		if len(e.Instruction) > 0 {
			c.Instruction = strings.TrimSpace(e.Instruction[0])
		}
		if e.URL != "" {
			c.HelpURL = e.URL
		}
	}
	if c.HelpURL == "" && len(p.Documentation) > 0 {
		c.HelpURL = p.Documentation[0].URL
	}
	if !strings.HasPrefix(c.HelpURL, "https://") {
		c.HelpURL = ""
	}
	return c, domains, nil
}

// server converts one XML server; ok is false when it is unusable or not
// encrypted.
func (x xmlServer) server(address string, outgoing bool) (Server, bool) {
	typ := strings.ToLower(strings.TrimSpace(x.Type))
	switch {
	case outgoing && typ == "smtp":
	case !outgoing && (typ == "imap" || typ == "pop3"):
	default:
		return Server{}, false
	}
	host := strings.TrimSpace(x.Hostname)
	port, err := strconv.Atoi(strings.TrimSpace(x.Port))
	if host == "" || strings.ContainsAny(host, " /:@%") || err != nil || port < 1 || port > 65535 {
		return Server{}, false
	}
	var sec accounts.Security
	switch strings.ToUpper(strings.TrimSpace(x.Socket)) {
	case "SSL", "TLS":
		sec = accounts.TLS
	case "STARTTLS":
		sec = accounts.STARTTLS
	default:
		return Server{}, false // plain: never
	}
	return Server{Protocol: typ, Server: accounts.Server{Host: host, Port: port, Security: sec,
		Username: expandUser(strings.TrimSpace(x.Username), address)}}, true
}

// expandUser fills in the username placeholders of the format.
func expandUser(u, address string) string {
	local, domain, _ := strings.Cut(address, "@")
	if u == "" {
		return address
	}
	r := strings.NewReplacer("%EMAILADDRESS%", address, "%EMAILLOCALPART%", local, "%EMAILDOMAIN%", domain)
	return r.Replace(u)
}

// sortServers puts IMAP before POP3 and implicit TLS before STARTTLS,
// keeping the document's order otherwise.
func sortServers(l []Server) {
	rank := func(s Server) int {
		r := 0
		if s.Protocol == "pop3" {
			r += 2
		}
		if s.Security == accounts.STARTTLS {
			r++
		}
		return r
	}
	for i := 1; i < len(l); i++ {
		for j := i; j > 0 && rank(l[j]) < rank(l[j-1]); j-- {
			l[j], l[j-1] = l[j-1], l[j]
		}
	}
}
