package autoconfig

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/tern-mail/tern/assets/i18n"
)

// Options make discovery testable; zero values use the network.
type Options struct {
	Resolver  Resolver     // nil: net.DefaultResolver
	HTTP      *http.Client // nil: a client with a short timeout
	Dialer    Dialer       // nil: a net.Dialer
	TLSConfig *tls.Config  // nil: system roots
	// Timeout bounds the whole discovery; 0 means 9 seconds.
	Timeout time.Duration
	// ProbeTimeout bounds each probe; 0 means 3 seconds.
	ProbeTimeout time.Duration
}

// ErrNotFound is returned when no source found settings.
var ErrNotFound = errors.New("no settings found for this address")

// ErrOffline comes with ErrNotFound when the domain's name server could
// not be asked at all: the computer has no network, and the address may
// well be right.
var ErrOffline = errors.New("no network to look the settings up")

// offline tells, from the sources' errors, whether DNS could not be
// reached: some lookup failed for want of a network and none was answered
// "no such domain".
func offline(errs []error) bool {
	unreachable := false
	for _, err := range errs {
		var dns *net.DNSError
		if !errors.As(err, &dns) {
			continue
		}
		if dns.IsNotFound {
			return false
		}
		unreachable = true
	}
	return unreachable
}

// source ranks, best first.
const (
	rankBuiltin = iota
	rankAutoconfig
	rankSRV
	rankMX
	rankGuess
	nRanks
)

// Discover finds settings for address. Every source runs at once; the
// best-ranked source that answers wins and the others are cancelled. It
// returns within Options.Timeout even when every lookup hangs.
func Discover(ctx context.Context, address string, o Options) (*Config, error) {
	domain, err := domainOf(address)
	if err != nil {
		return nil, err
	}
	if c, ok := Builtin(address); ok {
		return c, nil // instant, and the most reliable
	}
	o = o.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	ch := startSources(ctx, o, domain, address)
	var r race
	r.done[rankBuiltin] = true
	for pending := nRanks - 1; pending > 0; pending-- {
		select {
		case res := <-ch:
			r.add(res)
			if c := r.best(); c != nil {
				return c, nil
			}
		case <-ctx.Done():
			// Out of time: the best of what answered.
			if c := r.any(); c != nil {
				return c, nil
			}
			return nil, r.notFound(domain, fmt.Sprintf(" (no source answered in %v)", o.Timeout))
		}
	}
	return nil, r.notFound(domain, "")
}

// domainOf returns the domain of address, in lower case, or an error if
// address is not an email address.
func domainOf(address string) (string, error) {
	local, domain, ok := strings.Cut(strings.TrimSpace(strings.ToLower(address)), "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(domain, " /@") {
		return "", fmt.Errorf("autoconfig: %q is not an email address", address)
	}
	return domain, nil
}

// withDefaults returns o with its zero fields set to their defaults.
func (o Options) withDefaults() Options {
	if o.Resolver == nil {
		o.Resolver = net.DefaultResolver
	}
	if o.HTTP == nil {
		o.HTTP = &http.Client{Timeout: 5 * time.Second}
	}
	if o.Dialer == nil {
		o.Dialer = &net.Dialer{}
	}
	if o.Timeout <= 0 {
		o.Timeout = 9 * time.Second
	}
	if o.ProbeTimeout <= 0 {
		o.ProbeTimeout = 3 * time.Second
	}
	return o
}

// sourceResult is what one source answered.
type sourceResult struct {
	rank int
	c    *Config
	err  error
}

// startSources starts every source but the built-in list, each in a
// goroutine of its own, and returns the channel their nRanks-1 answers
// come on.
func startSources(ctx context.Context, o Options, domain, address string) <-chan sourceResult {
	ch := make(chan sourceResult, nRanks)
	run := func(rank int, f func() (*Config, error)) {
		go func() {
			c, err := f()
			ch <- sourceResult{rank, c, err}
		}()
	}
	run(rankAutoconfig, func() (*Config, error) {
		c, err := httpAutoconfig(ctx, o.HTTP, domain, address)
		if c != nil {
			c.Source, c.Kind = i18n.T("autoconfig.source.file"), SourceFile
		}
		return c, err
	})
	run(rankSRV, func() (*Config, error) { return srvRecords(ctx, o.Resolver, domain, address) })
	run(rankMX, func() (*Config, error) {
		c, err := mxProvider(ctx, o.Resolver, o.HTTP, domain, address)
		markForeign(c, domain)
		return c, err
	})
	run(rankGuess, func() (*Config, error) {
		c, err := guess(ctx, o.Dialer, o.TLSConfig, domain, address, o.ProbeTimeout)
		markForeign(c, domain)
		return c, err
	})
	return ch
}

// race gathers the sources' answers as they come.
type race struct {
	results [nRanks]*Config
	done    [nRanks]bool
	errs    []error
}

// add records one source's answer.
func (r *race) add(res sourceResult) {
	r.done[res.rank] = true
	if res.err == nil && res.c != nil {
		r.results[res.rank] = res.c
	}
	if res.err != nil {
		r.errs = append(r.errs, res.err)
	}
}

// best returns the settings of the best-ranked source that answered, once
// every better source has answered nothing; nil while a better source may
// still answer.
func (r *race) best() *Config {
	for rank := 0; rank < nRanks; rank++ {
		if r.results[rank] != nil {
			return r.results[rank]
		}
		if !r.done[rank] {
			return nil // a better source may still answer
		}
	}
	return nil
}

// any returns the settings of the best-ranked source that answered so
// far, or nil.
func (r *race) any() *Config {
	for rank := 0; rank < nRanks; rank++ {
		if r.results[rank] != nil {
			return r.results[rank]
		}
	}
	return nil
}

// notFound is the error when no source found settings for domain: with
// ErrOffline when DNS could not be reached, else with why appended.
func (r *race) notFound(domain, why string) error {
	if offline(r.errs) {
		return fmt.Errorf("autoconfig: %s: %w: %w", domain, ErrNotFound, ErrOffline)
	}
	return fmt.Errorf("autoconfig: %s: %w%s", domain, ErrNotFound, why)
}
