package gui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"
)

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// Load images says what happened, in words, with the likeliest reason.
func TestImagesNoteSaysWhatHappened(t *testing.T) {
	dns := fmt.Errorf("remote: get: %w", &net.DNSError{Err: "no such host", Name: "cdn.example", IsNotFound: true})
	unreach := &net.OpError{Op: "dial", Err: fmt.Errorf("connect: %w", syscall.ENETUNREACH)}
	for _, c := range []struct {
		loaded, failed int
		errs           []error
		want           string
	}{
		{3, 0, nil, "3 pictures loaded."},
		{1, 0, nil, "1 picture loaded."},
		{0, 2, []error{dns}, "Could not load 2 pictures: no network."},
		{0, 1, []error{unreach}, "Could not load 1 picture: no network."},
		{2, 1, []error{&net.OpError{Op: "read", Err: timeoutErr{}}}, "2 pictures loaded; could not load 1: the server did not answer in time."},
		{1, 1, []error{errors.New("remote: not a picture")}, "1 picture loaded; could not load 1: not on the public web, not pictures, or over Tern's limits."},
		{0, 1, []error{context.Canceled}, "Could not load 1 picture: not on the public web, not pictures, or over Tern's limits."},
	} {
		if got := imagesNote(c.loaded, c.failed, c.errs); got != c.want {
			t.Errorf("imagesNote(%d, %d, %v) = %q, want %q", c.loaded, c.failed, c.errs, got, c.want)
		}
	}
}
