package autoconfig

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/testenv"
)

// fakeDNS answers SRV and MX lookups from maps; hang makes every lookup
// wait for the context.
type fakeDNS struct {
	srv  map[string][]*net.SRV // "_imaps._tcp.example.org" → records
	mx   map[string][]*net.MX
	hang bool
}

func (f *fakeDNS) LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error) {
	if f.hang {
		<-ctx.Done()
		return "", nil, ctx.Err()
	}
	if r, ok := f.srv["_"+service+"._"+proto+"."+name]; ok {
		return "", r, nil
	}
	return "", nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

func (f *fakeDNS) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	if f.hang {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if r, ok := f.mx[name]; ok {
		return r, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

// network maps host:port to local listeners, so HTTPS and probes reach
// loopback servers whatever name they ask for. Unknown names are refused
// (or hang, with hang set).
type network struct {
	mu    sync.Mutex
	addrs map[string]string
	hang  bool
}

func (n *network) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	n.mu.Lock()
	target, ok := n.addrs[addr]
	hang := n.hang
	n.mu.Unlock()
	if hang {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if !ok {
		return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused")}
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", target)
}

func (n *network) route(addr, target string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.addrs == nil {
		n.addrs = map[string]string{}
	}
	n.addrs[addr] = target
}

func (n *network) client(t *testing.T) *http.Client {
	ca, _ := testenv.TestCA()
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		DialContext:     n.DialContext,
		TLSClientConfig: &tls.Config{RootCAs: ca.Pool},
	}}
}

func opts(t *testing.T, dns *fakeDNS, n *network) Options {
	ca, _ := testenv.TestCA()
	return Options{Resolver: dns, HTTP: n.client(t), Dialer: n, TLSConfig: &tls.Config{RootCAs: ca.Pool},
		Timeout: 4 * time.Second, ProbeTimeout: time.Second}
}

// httpsFor serves an autoconfig document for the given host names.
func httpsFor(t *testing.T, n *network, xml string, delay time.Duration, hosts ...string) {
	ca, _ := testenv.TestCA()
	cert, err := ca.CertFor(hosts...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.URL.Path, "config-v1.1.xml") || r.URL.Query().Get("emailaddress") == "" {
			http.NotFound(w, r)
			return
		}
		time.Sleep(delay)
		fmt.Fprint(w, xml)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	for _, h := range hosts {
		n.route(h+":443", srv.Listener.Addr().String())
	}
}

const exampleXML = `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="example.net"><domain>example.net</domain>
<displayName>Example Net</displayName>
<incomingServer type="pop3"><hostname>pop.example.net</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></incomingServer>
<incomingServer type="imap"><hostname>imap.example.net</hostname><port>143</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username></incomingServer>
<incomingServer type="imap"><hostname>plain.example.net</hostname><port>143</port><socketType>plain</socketType></incomingServer>
<outgoingServer type="smtp"><hostname>smtp.example.net</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>`

func TestBuiltinDatabase(t *testing.T) {
	c, err := Discover(context.Background(), "someone@gmail.com", Options{Resolver: &fakeDNS{hang: true}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Source != "Tern's provider list" || c.Incoming[0].Host != "imap.gmail.com" || c.Incoming[0].Port != 993 ||
		c.Incoming[0].Security != accounts.TLS || !c.Has("pop3") || c.Outgoing[0].Host != "smtp.gmail.com" {
		t.Fatalf("gmail: %+v", c)
	}
	if !strings.Contains(c.Instruction, "app password") || !strings.HasPrefix(c.HelpURL, "https://support.google.com") {
		t.Errorf("gmail needs an app password: %q %q", c.Instruction, c.HelpURL)
	}
	if o, ok := Builtin("x@outlook.com"); !ok || !o.OAuthOnly {
		t.Errorf("outlook.com is OAuth2 only: %+v", o)
	}
	if n := len(byDomain); n < 20 {
		t.Errorf("only %d provider domains built in", n)
	}
}

func TestProvidersOwnAutoconfig(t *testing.T) {
	n := &network{}
	httpsFor(t, n, exampleXML, 0, "autoconfig.example.net")
	c, err := Discover(context.Background(), "jo@example.net", opts(t, &fakeDNS{}, n))
	if err != nil {
		t.Fatal(err)
	}
	if c.Source != "the provider's settings file" || len(c.Incoming) != 2 || c.Incoming[0].Protocol != "imap" ||
		c.Incoming[0].Security != accounts.STARTTLS || c.Incoming[1].Username != "jo" {
		t.Fatalf("%+v", c)
	}
	for _, s := range c.Incoming {
		if s.Host == "plain.example.net" {
			t.Fatal("a server without encryption was offered")
		}
	}
	// The well-known location on the bare domain works too.
	n2 := &network{}
	httpsFor(t, n2, exampleXML, 0, "example.net")
	if c, err := Discover(context.Background(), "jo@example.net", opts(t, &fakeDNS{}, n2)); err != nil || c.Incoming[0].Host != "imap.example.net" {
		t.Fatalf("well-known: %+v %v", c, err)
	}
}

func TestSRVRecords(t *testing.T) {
	dns := &fakeDNS{srv: map[string][]*net.SRV{
		"_imaps._tcp.example.org":       {{Target: "evil.example.com.", Port: 993, Priority: 0}, {Target: "mail.example.org.", Port: 993, Priority: 5}},
		"_imap._tcp.example.org":        {{Target: ".", Port: 0}},
		"_pop3s._tcp.example.org":       {{Target: "mail.example.org.", Port: 995}},
		"_submissions._tcp.example.org": {{Target: "mail.example.org.", Port: 465}},
	}}
	c, err := Discover(context.Background(), "ann@example.org", opts(t, dns, &network{}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Source != "the domain's DNS records (SRV)" || c.Incoming[0].Host != "mail.example.org" ||
		c.Incoming[0].Security != accounts.TLS || !c.Has("pop3") || c.Outgoing[0].Port != 465 {
		t.Fatalf("%+v", c)
	}
}

func TestMXProviderFindsHostedDomains(t *testing.T) {
	dns := &fakeDNS{mx: map[string][]*net.MX{"bakery.example": {{Host: "alt1.aspmx.l.google.com.", Pref: 5}, {Host: "aspmx.l.google.com.", Pref: 1}}}}
	c, err := Discover(context.Background(), "baker@bakery.example", opts(t, dns, &network{}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Source, "google.com") || c.Incoming[0].Host != "imap.gmail.com" || c.Incoming[0].Username != "baker@bakery.example" {
		t.Fatalf("%+v", c)
	}
	// An MX provider that is not built in is asked for its autoconfig.
	n := &network{}
	httpsFor(t, n, exampleXML, 0, "autoconfig.example.net")
	dns2 := &fakeDNS{mx: map[string][]*net.MX{"shop.example": {{Host: "mx1.example.net.", Pref: 1}}}}
	if c, err := Discover(context.Background(), "s@shop.example", opts(t, dns2, n)); err != nil || c.Incoming[0].Host != "imap.example.net" {
		t.Fatalf("MX autoconfig: %+v %v", c, err)
	}
}

// fakeMailServer answers probes: implicit TLS with a greeting, or a plain
// greeting with STARTTLS in the capabilities.
func fakeMailServer(t *testing.T, host, proto string, implicit bool) string {
	ca, _ := testenv.TestCA()
	cert, _ := ca.CertFor(host)
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	greet := map[string]string{"imap": "* OK ready\r\n", "pop3": "+OK ready\r\n", "smtp": "220 ready\r\n"}[proto]
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				if implicit {
					tc := tls.Server(c, cfg)
					tc.Write([]byte(greet))
					bufio.NewReader(tc).ReadString('\n')
					return
				}
				c.Write([]byte(greet))
				r := bufio.NewReader(c)
				r.ReadString('\n')
				switch proto {
				case "smtp":
					c.Write([]byte("250-hello\r\n250 STARTTLS\r\n"))
					r.ReadString('\n')
					c.Write([]byte("220 go ahead\r\n"))
				case "imap":
					c.Write([]byte("* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK done\r\n"))
					r.ReadString('\n')
					c.Write([]byte("a2 OK begin TLS\r\n"))
				}
				tls.Server(c, cfg).Handshake()
			}(c)
		}
	}()
	return l.Addr().String()
}

func TestGuessAndProbe(t *testing.T) {
	n := &network{}
	n.route("mail.example.com:993", fakeMailServer(t, "mail.example.com", "imap", true))
	n.route("smtp.example.com:587", fakeMailServer(t, "smtp.example.com", "smtp", false))
	// A server with a certificate for another name is not taken.
	n.route("imap.example.com:993", fakeMailServer(t, "other.example.net", "imap", true))
	c, err := Discover(context.Background(), "x@example.com", opts(t, &fakeDNS{}, n))
	if err != nil {
		t.Fatal(err)
	}
	if c.Source != "a search for the usual server names" || c.Incoming[0].Host != "mail.example.com" ||
		c.Outgoing[0].Host != "smtp.example.com" || c.Outgoing[0].Security != accounts.STARTTLS {
		t.Fatalf("%+v", c)
	}
}

func TestPrecedenceWhenSeveralAnswer(t *testing.T) {
	n := &network{}
	// The provider's file answers slowly; SRV at once: the file still wins.
	httpsFor(t, n, exampleXML, 700*time.Millisecond, "autoconfig.example.net")
	n.route("imap.example.net:993", fakeMailServer(t, "imap.example.net", "imap", true))
	dns := &fakeDNS{srv: map[string][]*net.SRV{"_imaps._tcp.example.net": {{Target: "srv.example.net.", Port: 993}}}}
	c, err := Discover(context.Background(), "p@example.net", opts(t, dns, n))
	if err != nil || c.Source != "the provider's settings file" {
		t.Fatalf("%+v %v", c, err)
	}
	// Without the file, SRV beats guessing.
	n2 := &network{}
	n2.route("imap.example.net:993", fakeMailServer(t, "imap.example.net", "imap", true))
	c, err = Discover(context.Background(), "p@example.net", opts(t, dns, n2))
	if err != nil || c.Source != "the domain's DNS records (SRV)" {
		t.Fatalf("%+v %v", c, err)
	}
}

func TestEverythingHangingStillEndsInTime(t *testing.T) {
	n := &network{hang: true}
	o := opts(t, &fakeDNS{hang: true}, n)
	o.Timeout = 0 // the default bound
	o.ProbeTimeout = 0
	start := time.Now()
	_, err := Discover(context.Background(), "who@nowhere.example", o)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("discovery took %v with every lookup hanging", d)
	}
}

func FuzzParseXML(f *testing.F) {
	f.Add([]byte(exampleXML))
	f.Add([]byte(`<clientConfig><emailProvider><incomingServer type="imap"><hostname>h</hostname><port>99999</port></incomingServer></emailProvider></clientConfig>`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><clientConfig>&e;</clientConfig>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		defer testenv.FuzzBudget(t)()
		c, _, err := parseXML(strings.NewReader(string(b)), "a@b.example")
		if err != nil {
			return
		}
		for _, s := range append(c.Incoming, c.Outgoing...) {
			if s.Security != accounts.TLS && s.Security != accounts.STARTTLS {
				t.Fatalf("unencrypted server accepted: %+v", s)
			}
			if s.Port < 1 || s.Port > 65535 || s.Host == "" {
				t.Fatalf("bad server: %+v", s)
			}
		}
	})
}

// offlineDNS fails every lookup as a resolver with no network does.
type offlineDNS struct{}

func (offlineDNS) lookupErr(name string) error {
	return &net.DNSError{Err: "dial udp 127.0.0.53:53: connect: network is unreachable", Name: name, IsTemporary: true}
}

func (d offlineDNS) LookupSRV(_ context.Context, _, _, name string) (string, []*net.SRV, error) {
	return "", nil, d.lookupErr(name)
}

func (d offlineDNS) LookupMX(_ context.Context, name string) ([]*net.MX, error) {
	return nil, d.lookupErr(name)
}

// Without a network, discovery says so rather than that nothing exists;
// a domain that really does not exist is still "not found".
func TestOfflineIsNotNotFound(t *testing.T) {
	n := &network{}
	o := opts(t, nil, n)
	o.Resolver = offlineDNS{}
	_, err := Discover(context.Background(), "who@small-firm.example", o)
	if !errors.Is(err, ErrNotFound) || !errors.Is(err, ErrOffline) {
		t.Fatalf("offline: err = %v", err)
	}
	_, err = Discover(context.Background(), "who@no-such-domain.example", opts(t, &fakeDNS{}, n))
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrOffline) {
		t.Fatalf("unknown domain: err = %v", err)
	}
}
