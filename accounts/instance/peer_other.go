//go:build !linux && !darwin

package instance

import "net"

// checkPeer accepts every peer: on Windows (os.Getuid is -1 there, so the
// check is not even asked for) the socket file lives in the user's
// profile folder, whose access list already keeps other users out.
func checkPeer(c net.Conn, uid int) error { return nil }
