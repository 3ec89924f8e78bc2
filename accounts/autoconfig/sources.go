package autoconfig

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
)

// Resolver is the part of *net.Resolver discovery uses.
type Resolver interface {
	LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error)
	LookupMX(ctx context.Context, name string) ([]*net.MX, error)
}

// Dialer opens TCP connections for probes.
type Dialer interface {
	DialContext(ctx context.Context, network, addr string) (net.Conn, error)
}

// httpAutoconfig fetches the provider's own autoconfig file: first from
// autoconfig.<domain>, then from the domain's well-known location, over
// HTTPS only (a settings file over plain HTTP could be forged on the way).
func httpAutoconfig(ctx context.Context, client *http.Client, domain, address string) (*Config, error) {
	q := "?emailaddress=" + url.QueryEscape(address)
	urls := []string{
		"https://autoconfig." + domain + "/mail/config-v1.1.xml" + q,
		"https://" + domain + "/.well-known/autoconfig/mail/config-v1.1.xml" + q,
	}
	var errs []string
	for _, u := range urls {
		c, err := fetchXML(ctx, client, u, address)
		if err == nil {
			return c, nil
		}
		errs = append(errs, err.Error())
	}
	return nil, fmt.Errorf("autoconfig: %s", strings.Join(errs, "; "))
}

func fetchXML(ctx context.Context, client *http.Client, u, address string) (*Config, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := httpsOnly(client).Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", u, resp.Status)
	}
	c, _, err := parseXML(resp.Body, address)
	return c, err
}

// httpsOnly returns a copy of client that refuses to follow a redirect to
// anything but HTTPS: an answer that came encrypted must not send Tern to
// settings anyone on the way could have changed (and so to a server that
// collects passwords).
func httpsOnly(client *http.Client) *http.Client {
	c := *client
	next := client.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme != "https" {
			return fmt.Errorf("autoconfig: %s redirects to %s, which is not encrypted; refused", via[len(via)-1].URL.Host, req.URL.Redacted())
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return fmt.Errorf("autoconfig: stopped after %d redirects", len(via))
		}
		return nil
	}
	return &c
}

// srvServices are the RFC 6186 / RFC 8314 services, TLS first.
var srvServices = []struct {
	service, protocol string
	security          accounts.Security
	outgoing          bool
}{
	{"imaps", "imap", accounts.TLS, false},
	{"imap", "imap", accounts.STARTTLS, false},
	{"pop3s", "pop3", accounts.TLS, false},
	{"pop3", "pop3", accounts.STARTTLS, false},
	{"submissions", "smtp", accounts.TLS, true},
	{"submission", "smtp", accounts.STARTTLS, true},
}

// srvRecords builds a config from DNS SRV records. A target of "." means
// "not offered" (RFC 6186 section 3.4); targets outside the address's
// domain are not trusted, since an attacker able to spoof DNS could point
// them anywhere.
func srvRecords(ctx context.Context, r Resolver, domain, address string) (*Config, error) {
	c := &Config{Source: i18n.T("autoconfig.source.srv"), Kind: SourceSRV}
	for _, s := range srvServices {
		_, recs, err := r.LookupSRV(ctx, s.service, "tcp", domain)
		if err != nil || len(recs) == 0 {
			continue
		}
		sort.Slice(recs, func(i, j int) bool {
			if recs[i].Priority != recs[j].Priority {
				return recs[i].Priority < recs[j].Priority
			}
			return recs[i].Weight > recs[j].Weight
		})
		for _, rec := range recs {
			target := strings.TrimSuffix(strings.ToLower(rec.Target), ".")
			if target == "" || rec.Port == 0 {
				continue
			}
			if target != domain && !strings.HasSuffix(target, "."+domain) {
				continue
			}
			srv := Server{Protocol: s.protocol, Server: accounts.Server{Host: target, Port: int(rec.Port), Security: s.security, Username: address}}
			if s.outgoing {
				c.Outgoing = append(c.Outgoing, srv)
			} else {
				c.Incoming = append(c.Incoming, srv)
			}
			break
		}
	}
	if len(c.Incoming) == 0 {
		return nil, fmt.Errorf("autoconfig: no usable SRV records for %s", domain)
	}
	sortServers(c.Incoming)
	return c, nil
}

// mxProvider finds who runs the domain's mail (custom domains hosted at
// Google, Microsoft, …): the registered domain of its best MX host, looked
// up in the built-in database and then at that provider's autoconfig.
func mxProvider(ctx context.Context, r Resolver, client *http.Client, domain, address string) (*Config, error) {
	mxs, err := r.LookupMX(ctx, domain)
	if err != nil {
		return nil, fmt.Errorf("autoconfig: no MX for %s: %w", domain, err)
	}
	if len(mxs) == 0 {
		return nil, fmt.Errorf("autoconfig: no MX for %s", domain)
	}
	sort.Slice(mxs, func(i, j int) bool { return mxs[i].Pref < mxs[j].Pref })
	host := strings.TrimSuffix(strings.ToLower(mxs[0].Host), ".")
	reg, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return nil, fmt.Errorf("autoconfig: MX %s: %w", host, err)
	}
	if reg == domain {
		return nil, fmt.Errorf("autoconfig: %s runs its own mail", domain)
	}
	if c, ok := builtinForMX(reg, address); ok {
		setMXSource(c, domain, reg)
		return c, nil
	}
	c, err := httpAutoconfig(ctx, client, reg, address)
	if err != nil {
		return nil, err
	}
	setMXSource(c, domain, reg)
	return c, nil
}

// setMXSource records that c was found as the settings of provider, the
// mail exchanger of domain.
func setMXSource(c *Config, domain, provider string) {
	c.Source = i18n.T("autoconfig.source.mx", i18n.Args{"Domain": domain, "Provider": provider})
	c.Kind, c.MXDomain, c.MXProvider = SourceMX, domain, provider
}
