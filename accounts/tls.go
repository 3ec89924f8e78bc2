package accounts

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
)

// TLSConfig returns the TLS settings every connection to host uses:
// certificates verified against base's roots (the system's when base is
// nil, which honour SSL_CERT_FILE), TLS 1.2 at least.
func TLSConfig(base *tls.Config, host string) *tls.Config {
	cfg := &tls.Config{}
	if base != nil {
		cfg = base.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	if cfg.MinVersion == 0 {
		cfg.MinVersion = tls.VersionTLS12
	}
	return cfg
}

// TLSError wraps a failed TLS handshake with addr as ErrUntrusted (the
// certificate did not verify) or ErrUnreachable (anything else).
func TLSError(protocol, addr string, err error) error {
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	if errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) || errors.As(err, &verify) {
		return fmt.Errorf("%s: %s: %v: %w", protocol, addr, err, ErrUntrusted)
	}
	return fmt.Errorf("%s: %s: TLS: %v: %w", protocol, addr, err, ErrUnreachable)
}
