package engine

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxRemoteImage bounds a remote picture loaded for the reader.
const maxRemoteImage = 10 << 20

// FetchImage downloads a remote picture of a message — only when the user
// asked for it ("Load images from this message"). Only http(s), only
// images, at most 10 MB.
func (e *Engine) FetchImage(ctx context.Context, rawURL string) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("image: %q is not a web address", rawURL)
	}
	client := e.opts.HTTP
	if client == nil {
		client = &http.Client{Timeout: 20 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "image/*")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("image: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("image: %s", resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "image/") {
		return nil, fmt.Errorf("image: %s is %s, not a picture", u.Host, ct)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxRemoteImage+1))
	if err != nil {
		return nil, fmt.Errorf("image: %w", err)
	}
	if len(b) > maxRemoteImage {
		return nil, fmt.Errorf("image: larger than 10 MB")
	}
	return b, nil
}
