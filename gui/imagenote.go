package gui

import (
	"errors"
	"net"
	"syscall"

	"github.com/tern-mail/tern/assets/i18n"
)

// imagesNote says what Load images did: "3 pictures loaded.", "Could not
// load 2 pictures: no network." or both. loaded counts the pictures shown,
// failed those asked for and not shown; errs are the fetch errors.
func imagesNote(loaded, failed int, errs []error) string {
	if failed == 0 {
		return i18n.N("images.loaded", loaded)
	}
	why := fetchReason(errs)
	if loaded == 0 {
		return i18n.N("images.failed", failed, i18n.Args{"Reason": why})
	}
	return i18n.N("images.some_failed", loaded, i18n.Args{"Failed": i18n.Number(failed), "Reason": why})
}

// fetchReason names the likeliest reason pictures did not load.
func fetchReason(errs []error) string {
	for _, err := range errs {
		var dns *net.DNSError
		var ne net.Error
		switch {
		case errors.As(err, &dns), errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
			return i18n.T("images.reason.offline")
		case errors.As(err, &ne) && ne.Timeout():
			return i18n.T("images.reason.timeout")
		}
	}
	return i18n.T("images.reason.other")
}
