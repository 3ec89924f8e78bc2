package autoconfig

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/tern-mail/tern/internal/testenv"
)

// An HTTPS autoconfig answer that redirects to plain HTTP is not followed.
func TestAutoconfigRedirectToHTTPIsRefused(t *testing.T) {
	n := &network{}
	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainHits.Add(1)
		io.WriteString(w, exampleXML)
	}))
	t.Cleanup(plain.Close)
	n.route("evil.example.org:80", plain.Listener.Addr().String())

	ca, _ := testenv.TestCA()
	cert, err := ca.CertFor("autoconfig.example.net")
	if err != nil {
		t.Fatal(err)
	}
	redirect := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://evil.example.org/mail/config-v1.1.xml?"+r.URL.RawQuery, http.StatusFound)
	}))
	redirect.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	redirect.StartTLS()
	t.Cleanup(redirect.Close)
	n.route("autoconfig.example.net:443", redirect.Listener.Addr().String())

	c, err := httpAutoconfig(context.Background(), n.client(t), "example.net", "jo@example.net")
	if err == nil {
		t.Fatalf("followed the redirect to http: %+v", c)
	}
	if plainHits.Load() != 0 {
		t.Errorf("the plain-HTTP server was asked %d times", plainHits.Load())
	}

	// The same redirect to HTTPS is followed.
	httpsFor(t, n, exampleXML, 0, "secure.example.org")
	redirect.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://secure.example.org/mail/config-v1.1.xml?"+r.URL.RawQuery, http.StatusFound)
	})
	if c, err := httpAutoconfig(context.Background(), n.client(t), "example.net", "jo@example.net"); err != nil || len(c.Incoming) == 0 {
		t.Fatalf("redirect to https: %+v %v", c, err)
	}
}
