package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Limits for the pictures of one message.
const (
	MaxImages     = 50       // pictures fetched per message
	MaxTotalBytes = 20 << 20 // bytes fetched per message, all pictures together
	maxRedirects  = 5
)

// Options tune a Fetcher. The zero value is what Tern uses.
type Options struct {
	// Allow lets a test reach its own server on a non-public address
	// (httptest listens on loopback). Nil allows only public addresses.
	Allow func(netip.AddrPort) bool
	// Timeout bounds one picture, connection included; 0 means 20 s.
	Timeout time.Duration
}

// Fetcher downloads remote pictures under the rules of this package.
type Fetcher struct {
	client *http.Client
}

// New returns a Fetcher. Its connections go straight to the picture's
// host (never through a proxy, which would dial on our behalf out of the
// guard's sight), over http or https only.
func New(o Options) *Fetcher {
	timeout := o.Timeout
	if timeout == 0 {
		timeout = 20 * time.Second
	}
	d := &net.Dialer{Timeout: 10 * time.Second, Control: control(o.Allow)}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          10,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 15 * time.Second,
	}
	return &Fetcher{client: &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("remote: more than %d redirects", maxRedirects)
			}
			if !webURL(req.URL) {
				return fmt.Errorf("remote: redirect to %q refused: only http and https", req.URL.Scheme)
			}
			return nil
		},
	}}
}

func webURL(u *url.URL) bool {
	s := strings.ToLower(u.Scheme)
	return (s == "http" || s == "https") && u.Host != ""
}

// Result is what Images brought back.
type Result struct {
	Images  map[string][]byte // by the address asked for
	Skipped int               // addresses not fetched: over the limits, refused or failed
	Errs    []error           // why, one per failure (limits are not errors)
}

// Images fetches the pictures at urls, in order, each address once: at
// most MaxImages addresses are tried (a failure counts too, so a message
// cannot keep Tern dialling), and reading stops at MaxTotalBytes. It stops as
// soon as ctx is cancelled (the user left the message). Addresses that
// are not http or https are skipped, as are answers that are not pictures
// or that are SVG, which Tern never draws.
func (f *Fetcher) Images(ctx context.Context, urls []string) Result {
	res := Result{Images: map[string][]byte{}}
	budget := int64(MaxTotalBytes)
	seen := map[string]bool{}
	tried := 0
	for _, raw := range urls {
		if seen[raw] {
			continue
		}
		seen[raw] = true
		if ctx.Err() != nil || tried >= MaxImages || budget <= 0 {
			res.Skipped++
			continue
		}
		tried++
		b, err := f.image(ctx, raw, budget)
		if err != nil {
			res.Skipped++
			res.Errs = append(res.Errs, err)
			continue
		}
		budget -= int64(len(b))
		res.Images[raw] = b
	}
	return res
}

// errTooLarge marks a picture over what is left of the budget.
var errTooLarge = errors.New("remote: picture over the size limit")

// image fetches one picture of at most limit bytes.
func (f *Fetcher) image(ctx context.Context, raw string, limit int64) ([]byte, error) {
	u, err := url.Parse(raw)
	if err != nil || !webURL(u) {
		return nil, fmt.Errorf("remote: %q is not a web address", raw)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("remote: %s: %w", u.Host, err)
	}
	req.Header.Set("Accept", "image/png, image/jpeg, image/gif, image/webp;q=0.8")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("remote: %s: %w", u.Host, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("remote: %s: %s", u.Host, resp.Status)
	}
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if ct != "" && !strings.HasPrefix(ct, "image/") {
		return nil, fmt.Errorf("remote: %s sent %s, not a picture", u.Host, ct)
	}
	if strings.Contains(ct, "svg") {
		return nil, fmt.Errorf("remote: %s sent an SVG picture, which is not shown", u.Host)
	}
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: %s (%d bytes)", errTooLarge, u.Host, resp.ContentLength)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("remote: %s: %w", u.Host, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: %s", errTooLarge, u.Host)
	}
	return b, nil
}
