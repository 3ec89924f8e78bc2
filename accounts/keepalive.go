package accounts

import (
	"net"
	"time"
)

// TCP keepalive for every mail connection: after KeepAliveIdle without
// traffic the system probes the server every KeepAliveInterval, and gives
// the connection up after KeepAliveCount probes go unanswered. A
// connection that died without a word (a laptop that changed networks, a
// router that forgot it) is found within a minute instead of the system's
// usual quarter of an hour or Go's two and a half minutes.
const (
	KeepAliveIdle     = 20 * time.Second
	KeepAliveInterval = 10 * time.Second
	KeepAliveCount    = 3
)

// Dialer returns the dialer every IMAP, POP3 and SMTP connection uses: TCP
// with the keepalive above. Its DialContext honours the context's deadline.
func Dialer() *net.Dialer {
	return &net.Dialer{KeepAliveConfig: net.KeepAliveConfig{
		Enable:   true,
		Idle:     KeepAliveIdle,
		Interval: KeepAliveInterval,
		Count:    KeepAliveCount,
	}}
}
