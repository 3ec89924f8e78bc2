package remote

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

func TestPublic(t *testing.T) {
	refused := []string{"127.0.0.1", "127.8.9.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
		"100.64.0.1", "0.0.0.0", "224.0.0.1", "239.255.255.250", "255.255.255.255",
		"::1", "::", "fe80::1", "fc00::1", "fd12::1", "ff02::1", "ff05::2", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
		"64:ff9b::7f00:1", "2002:7f00:1::1", "::127.0.0.1"}
	for _, s := range refused {
		if Public(netip.MustParseAddr(s)) {
			t.Errorf("%s counted as public", s)
		}
	}
	for _, s := range []string{"93.184.215.14", "8.8.8.8", "2606:4700::1111", "64:ff9b::808:808"} {
		if !Public(netip.MustParseAddr(s)) {
			t.Errorf("%s refused", s)
		}
	}
}

// TestDialGuardRefusesNonPublic dials each kind of address with the
// default guard: every one is refused before a packet is sent.
func TestDialGuardRefusesNonPublic(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	f := New(Options{})
	for _, host := range []string{"127.0.0.1", "10.0.0.1", "169.254.169.254", "[::1]", "[fe80::1]", "224.0.0.1", "[ff02::1]", "localhost"} {
		u := fmt.Sprintf("http://%s:%d/p.png", host, port)
		res := f.Images(context.Background(), []string{u})
		if len(res.Images) != 0 || len(res.Errs) != 1 {
			t.Errorf("%s: fetched or no error: %+v", host, res)
			continue
		}
		if !errors.Is(res.Errs[0], ErrNotPublic) {
			t.Errorf("%s: error %v, want a refusal", host, res.Errs[0])
		}
	}
}

func png1x1() []byte {
	return []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
		"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
}

// allowOnly lets the guard reach exactly one test server.
func allowOnly(srv *httptest.Server) func(netip.AddrPort) bool {
	want := netip.MustParseAddrPort(strings.TrimPrefix(srv.URL, "http://"))
	return func(a netip.AddrPort) bool { return a == want }
}

func TestRedirectToLoopbackRefused(t *testing.T) {
	var secret atomic.Int32
	inside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secret.Add(1)
		w.Header().Set("Content-Type", "image/png")
		w.Write(png1x1())
	}))
	defer inside.Close()
	iu, _ := url.Parse(inside.URL)
	_, port, _ := net.SplitHostPort(iu.Host)
	outside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-v4":
			http.Redirect(w, r, inside.URL+"/admin.png", http.StatusFound)
		case "/to-name":
			http.Redirect(w, r, "http://localhost:"+port+"/admin.png", http.StatusFound)
		case "/to-file":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		default:
			w.Header().Set("Content-Type", "image/png")
			w.Write(png1x1())
		}
	}))
	defer outside.Close()
	f := New(Options{Allow: allowOnly(outside)})
	res := f.Images(context.Background(), []string{outside.URL + "/ok.png", outside.URL + "/to-v4", outside.URL + "/to-name", outside.URL + "/to-file"})
	if len(res.Images) != 1 || res.Images[outside.URL+"/ok.png"] == nil {
		t.Fatalf("fetched %d pictures, want only ok.png; errors %v", len(res.Images), res.Errs)
	}
	if secret.Load() != 0 {
		t.Fatalf("the loopback server was reached %d times through a redirect", secret.Load())
	}
	if len(res.Errs) != 3 || !errors.Is(res.Errs[0], ErrNotPublic) || !errors.Is(res.Errs[1], ErrNotPublic) {
		t.Fatalf("errors %v", res.Errs)
	}
}

func TestOnlyWebAddressesAndPictures(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/page":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html>"))
		case "/loop.svg":
			w.Header().Set("Content-Type", "image/svg+xml")
			w.Write([]byte(`<svg><use href="#a" id="a"/></svg>`))
		default:
			w.Header().Set("Content-Type", "image/png")
			w.Write(png1x1())
		}
	}))
	defer srv.Close()
	f := New(Options{Allow: allowOnly(srv)})
	u := strings.Replace(srv.URL, "http://", "", 1)
	res := f.Images(context.Background(), []string{"ftp://" + u + "/a.png", "file:///etc/passwd", "gopher://" + u, srv.URL + "/page", srv.URL + "/loop.svg"})
	if len(res.Images) != 0 || res.Skipped != 5 {
		t.Fatalf("got %d pictures, %d skipped: %v", len(res.Images), res.Skipped, res.Errs)
	}
}

func TestLimitsPerMessage(t *testing.T) {
	var hits atomic.Int32
	big := make([]byte, 7<<20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "image/png")
		if strings.HasPrefix(r.URL.Path, "/big") {
			w.Write(big)
			return
		}
		w.Write(png1x1())
	}))
	defer srv.Close()
	f := New(Options{Allow: allowOnly(srv)})
	var urls []string
	for i := 0; i < 80; i++ {
		urls = append(urls, fmt.Sprintf("%s/p%d.png", srv.URL, i))
	}
	res := f.Images(context.Background(), urls)
	if len(res.Images) != MaxImages || hits.Load() != MaxImages || res.Skipped != 30 {
		t.Fatalf("%d pictures, %d requests, %d skipped; want %d, %d, 30", len(res.Images), hits.Load(), res.Skipped, MaxImages, MaxImages)
	}
	// Addresses that fail count too: a message cannot make Tern dial on.
	urls = nil
	for i := 0; i < 200; i++ {
		urls = append(urls, fmt.Sprintf("http://10.0.%d.%d/p.png", i/250, i%250+1))
	}
	if res := f.Images(context.Background(), urls); len(res.Errs) != MaxImages || res.Skipped != 200 {
		t.Fatalf("%d addresses tried, %d skipped; want %d tried", len(res.Errs), res.Skipped, MaxImages)
	}

	hits.Store(0)
	urls = nil
	for i := 0; i < 5; i++ {
		urls = append(urls, fmt.Sprintf("%s/big%d", srv.URL, i))
	}
	res = f.Images(context.Background(), urls)
	total := 0
	for _, b := range res.Images {
		total += len(b)
	}
	if len(res.Images) != 2 || total > MaxTotalBytes {
		t.Fatalf("%d big pictures, %d bytes; want 2 within %d", len(res.Images), total, MaxTotalBytes)
	}
}

func TestCancelledWhenTheUserLeaves(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			cancel() // the user opens another message while the first picture loads
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write(png1x1())
	}))
	defer srv.Close()
	f := New(Options{Allow: allowOnly(srv)})
	res := f.Images(ctx, []string{srv.URL + "/a.png", srv.URL + "/b.png", srv.URL + "/c.png"})
	if len(res.Images) != 0 || hits.Load() != 1 {
		t.Fatalf("%d pictures, %d requests after cancelling", len(res.Images), hits.Load())
	}
	if len(res.Errs) != 1 || !errors.Is(res.Errs[0], context.Canceled) {
		t.Fatalf("errors %v", res.Errs)
	}
}
