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
	local, domain, ok := strings.Cut(strings.TrimSpace(strings.ToLower(address)), "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(domain, " /@") {
		return nil, fmt.Errorf("autoconfig: %q is not an email address", address)
	}
	if c, ok := Builtin(address); ok {
		return c, nil // instant, and the most reliable
	}
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
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()

	type result struct {
		rank int
		c    *Config
		err  error
	}
	ch := make(chan result, nRanks)
	run := func(rank int, f func() (*Config, error)) {
		go func() {
			c, err := f()
			ch <- result{rank, c, err}
		}()
	}
	run(rankAutoconfig, func() (*Config, error) {
		c, err := httpAutoconfig(ctx, o.HTTP, domain, address)
		if c != nil {
			c.Source = "the provider's settings file"
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

	var results [nRanks]*Config
	var done [nRanks]bool
	done[rankBuiltin] = true
	pending := nRanks - 1
	var errs []error
	best := func() *Config {
		for r := 0; r < nRanks; r++ {
			if results[r] != nil {
				return results[r]
			}
			if !done[r] {
				return nil // a better source may still answer
			}
		}
		return nil
	}
	for pending > 0 {
		select {
		case res := <-ch:
			pending--
			done[res.rank] = true
			if res.err == nil && res.c != nil {
				results[res.rank] = res.c
			}
			if res.err != nil {
				errs = append(errs, res.err)
			}
			if c := best(); c != nil {
				return c, nil
			}
		case <-ctx.Done():
			// Out of time: the best of what answered.
			for r := 0; r < nRanks; r++ {
				if results[r] != nil {
					return results[r], nil
				}
			}
			if offline(errs) {
				return nil, fmt.Errorf("autoconfig: %s: %w: %w", domain, ErrNotFound, ErrOffline)
			}
			return nil, fmt.Errorf("autoconfig: %s: %w (no source answered in %v)", domain, ErrNotFound, o.Timeout)
		}
	}
	if offline(errs) {
		return nil, fmt.Errorf("autoconfig: %s: %w: %w", domain, ErrNotFound, ErrOffline)
	}
	return nil, fmt.Errorf("autoconfig: %s: %w", domain, ErrNotFound)
}
