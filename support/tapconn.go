package support

import "net"

// tapConn hands what is read and written through a connection to two
// functions.
type tapConn struct {
	net.Conn
	read, write func([]byte)
}

func (c *tapConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.read(p[:n])
	}
	return n, err
}

func (c *tapConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if n > 0 {
		c.write(p[:n])
	}
	return n, err
}
