package gui

import (
	"errors"
	"fmt"
	"net"
	"syscall"
)

// imagesNote says what Load images did: "3 pictures loaded.", "Could not
// load 2 pictures: no network." or both. loaded counts the pictures shown,
// failed those asked for and not shown; errs are the fetch errors.
func imagesNote(loaded, failed int, errs []error) string {
	if failed == 0 {
		return pictures(loaded) + " loaded."
	}
	why := fetchReason(errs)
	if loaded == 0 {
		return fmt.Sprintf("Could not load %s: %s.", pictures(failed), why)
	}
	return fmt.Sprintf("%s loaded; could not load %d: %s.", pictures(loaded), failed, why)
}

// pictures counts in words: "1 picture", "3 pictures".
func pictures(n int) string {
	if n == 1 {
		return "1 picture"
	}
	return fmt.Sprintf("%d pictures", n)
}

// fetchReason names the likeliest reason pictures did not load.
func fetchReason(errs []error) string {
	for _, err := range errs {
		var dns *net.DNSError
		var ne net.Error
		switch {
		case errors.As(err, &dns), errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
			return "no network"
		case errors.As(err, &ne) && ne.Timeout():
			return "the server did not answer in time"
		}
	}
	return "not on the public web, not pictures, or over Tern's limits"
}
