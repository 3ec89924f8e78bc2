//go:build linux

package instance

import (
	"fmt"
	"net"

	"golang.org/x/sys/unix"
)

// checkPeer refuses a connection from a process of a user other than uid,
// as the kernel reports it (SO_PEERCRED).
func checkPeer(c net.Conn, uid int) error {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return fmt.Errorf("instance: peer check: not a unix socket")
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return fmt.Errorf("instance: peer check: %w", err)
	}
	var cred *unix.Ucred
	var serr error
	if err := raw.Control(func(fd uintptr) {
		cred, serr = unix.GetsockoptUcred(int(fd), unix.SOL_SOCKET, unix.SO_PEERCRED)
	}); err != nil {
		return fmt.Errorf("instance: peer check: %w", err)
	}
	if serr != nil {
		return fmt.Errorf("instance: peer check: %w", serr)
	}
	if int(cred.Uid) != uid {
		return fmt.Errorf("instance: peer of user %d refused", cred.Uid)
	}
	return nil
}
