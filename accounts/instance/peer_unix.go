//go:build linux || darwin

package instance

import (
	"fmt"
	"net"
)

// checkPeer refuses a connection from a process of a user other than uid,
// as the kernel reports it (see peerUID).
func checkPeer(c net.Conn, uid int) error {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return fmt.Errorf("instance: peer check: not a unix socket")
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return fmt.Errorf("instance: peer check: %w", err)
	}
	var peer uint32
	var serr error
	if err := raw.Control(func(fd uintptr) { peer, serr = peerUID(int(fd)) }); err != nil {
		return fmt.Errorf("instance: peer check: %w", err)
	}
	if serr != nil {
		return fmt.Errorf("instance: peer check: %w", serr)
	}
	if int(peer) != uid {
		return fmt.Errorf("instance: peer of user %d refused", peer)
	}
	return nil
}
