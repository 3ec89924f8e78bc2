package oauth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/tern-mail/tern/assets/i18n"
)

// SignInTimeout is how long Tern waits for the browser to come back.
const SignInTimeout = 5 * time.Minute

// SignIn describes one browser sign-in.
type SignIn struct {
	Issuer Issuer
	// LoginHint pre-fills the address on the provider's page.
	LoginHint string
	// Open shows the sign-in address to the user: the window opens it in
	// the system browser (Fyne's OpenURL), the command line prints it.
	Open func(url string) error
	// Timeout is SignInTimeout when zero.
	Timeout time.Duration
	// HTTPClient talks to the token endpoint; nil is http.DefaultClient.
	HTTPClient *http.Client
}

// config is the oauth2 configuration for an issuer and a redirect address.
func config(is Issuer, redirect string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     is.ClientID,
		ClientSecret: is.ClientSecret,
		Scopes:       is.Scopes,
		RedirectURL:  redirect,
		Endpoint: oauth2.Endpoint{
			AuthURL:  is.AuthURL,
			TokenURL: is.TokenURL,
			// A desktop app is a public client: its ID (and Google's
			// non-secret secret) go in the form body.
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

func withClient(ctx context.Context, c *http.Client) context.Context {
	if c == nil {
		return ctx
	}
	return context.WithValue(ctx, oauth2.HTTPClient, c)
}

type redirectResult struct {
	code string
	err  error
}

// Run opens the sign-in page and waits, until the timeout or until ctx is
// cancelled (the window's Cancel), for the browser to come back to a
// loopback listener on a random port (RFC 8252 section 7.3). It returns the
// token, whose RefreshToken the caller stores.
func (s SignIn) Run(ctx context.Context) (*oauth2.Token, error) {
	if !s.Issuer.Usable() {
		return nil, fmt.Errorf("oauth: %s: %w", s.Issuer.Name, ErrNotConfigured)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = SignInTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// RFC 8252 section 8.3: the IP literal, not "localhost".
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("oauth: listen for the browser: %w", err)
	}
	redirect := fmt.Sprintf("http://127.0.0.1:%d/", ln.Addr().(*net.TCPAddr).Port)
	conf := config(s.Issuer, redirect)
	state := randomString()
	verifier := oauth2.GenerateVerifier()
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}
	if s.LoginHint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", s.LoginHint))
	}
	for k, v := range s.Issuer.AuthParams {
		opts = append(opts, oauth2.SetAuthURLParam(k, v))
	}
	authURL := conf.AuthCodeURL(state, opts...)

	results := make(chan redirectResult, 1)
	srv := &http.Server{
		Handler:           redirectHandler(state, results),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go srv.Serve(ln)
	defer func() {
		// Let the browser get the last page before the listener goes.
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		srv.Shutdown(sctx)
	}()

	if err := s.Open(authURL); err != nil {
		return nil, fmt.Errorf("oauth: open the sign-in page: %w", err)
	}
	var code string
	select {
	case r := <-results:
		if r.err != nil {
			return nil, r.err
		}
		code = r.code
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("oauth: no answer from the browser in %v: %w", timeout, ErrTimeout)
		}
		return nil, fmt.Errorf("oauth: sign-in: %w", ctx.Err())
	}
	tok, err := conf.Exchange(withClient(ctx, s.HTTPClient), code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, tokenError("exchange the code", err)
	}
	if tok.RefreshToken == "" {
		return nil, fmt.Errorf("oauth: %s gave no refresh token, so Tern could not stay signed in", s.Issuer.Name)
	}
	return tok, nil
}

// redirectHandler answers the browser's return to the loopback address. A
// request without the right state is not ours (another page on this
// computer guessing the port) and is turned away without ending the wait.
func redirectHandler(state string, results chan<- redirectResult) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		if q.Get("state") != state {
			http.Error(w, i18n.T("oauth.page.not_ours"), http.StatusBadRequest)
			return
		}
		var res redirectResult
		if e := q.Get("error"); e != "" {
			res.err = authorizeError(e, q.Get("error_description"))
		} else if c := q.Get("code"); c != "" {
			res.code = c
		} else {
			http.Error(w, i18n.T("oauth.page.no_code"), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// What the browser tab shows once Tern has the answer.
		msg := i18n.T("oauth.page.done")
		if res.err != nil {
			msg = i18n.T("oauth.page.failed")
		}
		w.Header().Set("Connection", "close")
		fmt.Fprintf(w, "<!doctype html><html lang=\"%s\"><title>Tern</title><p style=\"font: 1.2em sans-serif\">%s</p>",
			html.EscapeString(i18n.Current().String()), html.EscapeString(msg))
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		select {
		case results <- res:
		default: // already answered
		}
	})
}

// randomString returns 32 random bytes, base64url-encoded.
func randomString() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenError maps an error from the token endpoint: invalid_grant means the
// grant is gone, invalid_client that the provider does not accept this
// build, and anything that is not an answer from the provider means it
// could not be reached.
func tokenError(what string, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		switch re.ErrorCode {
		case "invalid_grant":
			return &SignInAgainError{Reason: re.ErrorDescription}
		case "invalid_client", "unauthorized_client":
			return fmt.Errorf("oauth: %s: %s: %w", what, re.ErrorCode, ErrAppRejected)
		}
		if re.Response != nil && re.Response.StatusCode >= 500 {
			return fmt.Errorf("oauth: %s: %v: %w", what, re.Response.Status, ErrOffline)
		}
		return fmt.Errorf("oauth: %s: %s %s", what, re.ErrorCode, re.ErrorDescription)
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("oauth: %s: %w", what, err)
	}
	return fmt.Errorf("oauth: %s: %v: %w", what, err, ErrOffline)
}
