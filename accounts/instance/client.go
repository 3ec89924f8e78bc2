package instance

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"time"
)

// ErrNoWindow says no window answers on the profile's socket.
var ErrNoWindow = errors.New("no Tern window answers on this profile")

// Send hands r to the window running on profile dir and returns once the
// window has answered. It fills in the version. It returns ErrNoWindow
// (wrapped) when nobody listens.
func Send(ctx context.Context, dir string, r Request) error {
	path, err := socketPath(dir)
	if err != nil {
		return err
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return fmt.Errorf("instance: %w: %v", ErrNoWindow, err)
	}
	defer c.Close()
	deadline := time.Now().Add(ioTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	c.SetDeadline(deadline)
	r.V = Version
	if err := writeLine(c, r); err != nil {
		return err
	}
	var reply Reply
	if err := readLine(bufio.NewReader(c), &reply); err != nil {
		return err
	}
	if !reply.OK {
		return fmt.Errorf("instance: the window says: %s", reply.Error)
	}
	return nil
}

// Open returns a request to open args in the window, relative file names
// from the current folder.
func Open(args []string) Request {
	cwd, _ := os.Getwd()
	return Request{V: Version, Op: OpOpen, Args: args, Cwd: cwd}
}
