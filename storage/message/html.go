package message

import (
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

var (
	policyOnce sync.Once
	policy     *bluemonday.Policy
)

// htmlPolicy is the sanitising policy for received HTML: the user-generated
// content policy (no scripts, styles, forms, frames or event handlers), with
// links limited to http, https and mailto, and images allowed to point at
// cid: parts of the same message besides http(s). Remote images stay in the
// markup so the reader can offer to load them; it never fetches them itself.
func htmlPolicy() *bluemonday.Policy {
	policyOnce.Do(func() {
		p := bluemonday.UGCPolicy()
		p.AllowURLSchemes("http", "https", "mailto", "cid")
		p.RequireNoFollowOnLinks(false)
		p.AllowAttrs("width", "height", "alt").OnElements("img")
		p.AllowAttrs("align").OnElements("td", "th", "p", "div")
		policy = p
	})
	return policy
}

// SanitizeHTML returns html with everything dangerous removed: scripts,
// event handlers, styles, forms, frames and links with other schemes.
func SanitizeHTML(html string) string {
	return htmlPolicy().Sanitize(html)
}
