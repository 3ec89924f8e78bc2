//go:build darwin

package gui

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// markFromInternet sets the com.apple.quarantine attribute, so that
// Gatekeeper checks the file and asks before it first opens. The value is
// flags;time;agent;id, flag 0081 meaning "downloaded, not yet approved".
func markFromInternet(path string) error {
	v := fmt.Sprintf("0081;%08x;Tern;", time.Now().Unix())
	return unix.Setxattr(path, "com.apple.quarantine", []byte(v), 0)
}
