package oauth

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/emersion/go-sasl"
)

// XOAuth2 is the name of Google's and Microsoft's SASL mechanism.
const XOAuth2 = "XOAUTH2"

// Mechanism picks OAUTHBEARER (RFC 7628) when offered, else XOAUTH2, else
// "". offered lists the server's mechanisms.
func Mechanism(offered func(mech string) bool) string {
	switch {
	case offered(sasl.OAuthBearer):
		return sasl.OAuthBearer
	case offered(XOAuth2):
		return XOAuth2
	}
	return ""
}

// XOAuth2Response is the XOAUTH2 initial response for user and token.
func XOAuth2Response(user, token string) []byte {
	return []byte("user=" + user + "\x01auth=Bearer " + token + "\x01\x01")
}

// SASLClient presents a token with mech (OAUTHBEARER or XOAUTH2). When the
// server answers with an error challenge, it replies with the single byte
// 0x01 that RFC 7628 section 3.2.3 asks for (an empty reply would go out
// as "=" in IMAP, which Dovecot rejects as bad base64) and remembers the
// server's reason for Failure. Next never returns (nil, nil): go-smtp takes
// that for success after a 334.
type SASLClient struct {
	mech, user, token string
	host              string
	port              int
	failure           string
}

// NewSASLClient returns a client for mech, user and token; host and port
// go into OAUTHBEARER's message.
func NewSASLClient(mech, user, token, host string, port int) *SASLClient {
	return &SASLClient{mech: mech, user: user, token: token, host: host, port: port}
}

// Start implements sasl.Client.
func (c *SASLClient) Start() (string, []byte, error) {
	if c.mech == sasl.OAuthBearer {
		_, ir, err := sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{
			Username: c.user, Token: c.token, Host: c.host, Port: c.port,
		}).Start()
		return c.mech, ir, err
	}
	return XOAuth2, XOAuth2Response(c.user, c.token), nil
}

// Next implements sasl.Client: any challenge after the initial response is
// an error report.
func (c *SASLClient) Next(challenge []byte) ([]byte, error) {
	var e struct {
		Status string `json:"status"`
		Scope  string `json:"scope"`
	}
	if json.Unmarshal(challenge, &e) == nil && e.Status != "" {
		c.failure = e.Status
	} else {
		c.failure = strings.TrimSpace(string(challenge))
	}
	if c.failure == "" {
		c.failure = "empty challenge"
	}
	return []byte{0x01}, nil
}

// Failure is the reason the server gave in an error challenge, or "".
func (c *SASLClient) Failure() string { return c.failure }

// Describe adds the server's reason, if any, to a refused login's error.
func (c *SASLClient) Describe(err error) error {
	if c.failure == "" {
		return err
	}
	return fmt.Errorf("%w (token status %s)", err, c.failure)
}
