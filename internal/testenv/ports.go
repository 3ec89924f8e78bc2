package testenv

import (
	"fmt"
	"net"
	"time"
)

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// WaitListening returns once something accepts connections on every one of
// the loopback ports, or an error naming the first that did not within d.
func WaitListening(d time.Duration, ports ...int) error {
	deadline := time.Now().Add(d)
	for _, p := range ports {
		for {
			c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", p), time.Second)
			if err == nil {
				c.Close()
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("port %d not listening after %v", p, d)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return nil
}
