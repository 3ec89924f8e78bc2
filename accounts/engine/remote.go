package engine

import (
	"context"

	"github.com/tern-mail/tern/accounts/remote"
)

// FetchImages downloads the remote pictures of a message — only when the
// user asked for it ("Load images from this message"). The rules are
// remote's: http and https only, public addresses only (checked at every
// dial, redirects included), at most remote.MaxImages pictures and
// remote.MaxTotalBytes bytes, and cancelled with ctx.
func (e *Engine) FetchImages(ctx context.Context, urls []string) remote.Result {
	return e.fetcher().Images(ctx, urls)
}

// fetcher builds the engine's Fetcher from e.Remote on first use.
func (e *Engine) fetcher() *remote.Fetcher {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.images == nil {
		e.images = remote.New(e.opts.Remote)
	}
	return e.images
}
