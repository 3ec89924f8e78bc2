package testenv

import (
	"errors"
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

// FreePorts returns n distinct loopback TCP ports that were free a moment
// ago. Each is held until all are chosen: asked one after the other, the
// system may hand out a port just released twice, and a server given the
// same port for two listeners refuses to start.
func FreePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// WaitListening returns once something accepts connections on every one of
// the loopback ports, or an error naming the first that did not within d.
func WaitListening(d time.Duration, ports ...int) error {
	deadline := time.Now().Add(d)
	for _, p := range ports {
		err := Poll(time.Until(deadline), func() error {
			c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", p), time.Second)
			if err != nil {
				return fmt.Errorf("port %d not listening after %v: %w", p, d, err)
			}
			return c.Close()
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ErrExited is returned by WaitServing when the server's process ended
// before it listened on every port.
var ErrExited = errors.New("the server's process exited")

// WaitServing is WaitListening for a server whose process may end first
// (its bind failed, say): it returns ErrExited as soon as exited is closed.
func WaitServing(d time.Duration, exited <-chan struct{}, ports ...int) error {
	deadline := time.Now().Add(d)
	for _, p := range ports {
		for {
			c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", p), time.Second)
			if err == nil {
				c.Close()
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("port %d not listening after %v: %w", p, d, err)
			}
			select {
			case <-exited:
				return ErrExited
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	select {
	case <-exited:
		return ErrExited
	default:
		return nil
	}
}
