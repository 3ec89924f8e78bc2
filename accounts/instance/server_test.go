package instance

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// listening claims dir and listens on it, until the test ends.
func listening(t *testing.T, dir string) *Server {
	t.Helper()
	return listeningFor(t, dir, os.Getuid())
}

// listeningFor is listening, answering user uid only.
func listeningFor(t *testing.T, dir string, uid int) *Server {
	t.Helper()
	l, err := TryLock(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := listen(l, dir, uid)
	if err != nil {
		l.Release()
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); l.Release() })
	return s
}

func TestHandOver(t *testing.T) {
	dir := t.TempDir()
	s := listening(t, dir)
	fi, err := os.Stat(filepath.Join(dir, SocketName))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && (fi.Mode().Perm() != 0o600 || fi.Mode().Type() != os.ModeSocket) {
		t.Errorf("socket mode %v, want a socket of mode 0600", fi.Mode())
	}
	if err := Send(context.Background(), dir, Request{Op: OpPing}); err != nil {
		t.Fatalf("ping: %v", err)
	}
	want := Request{V: Version, Op: OpOpen, Args: []string{"mailto:ana@example.org?subject=Hi", "saved.eml"}, Cwd: "/home/ana"}
	if err := Send(context.Background(), dir, Request{Op: OpOpen, Args: want.Args, Cwd: want.Cwd}); err != nil {
		t.Fatalf("open: %v", err)
	}
	// The ping asked for nothing: the open is the first request queued.
	if got := <-s.Requests(); !reflect.DeepEqual(got, want) {
		t.Errorf("window got %+v, want %+v", got, want)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, SocketName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket file after close: %v", err)
	}
	if err := Send(context.Background(), dir, Request{Op: OpPing}); !errors.Is(err, ErrNoWindow) {
		t.Errorf("ping after close: %v, want ErrNoWindow", err)
	}
}

// TestStaleSocket: a socket file left by a crashed window neither answers
// nor keeps the next window from listening.
func TestStaleSocket(t *testing.T) {
	dir := t.TempDir()
	ln, err := net.Listen("unix", filepath.Join(dir, SocketName))
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close() // the file stays, as after SIGKILL
	if _, err := os.Stat(filepath.Join(dir, SocketName)); err != nil {
		t.Fatal(err)
	}
	if err := Send(context.Background(), dir, Request{Op: OpPing}); !errors.Is(err, ErrNoWindow) {
		t.Fatalf("ping on a stale socket: %v, want ErrNoWindow", err)
	}
	listening(t, dir)
	if err := Send(context.Background(), dir, Request{Op: OpPing}); err != nil {
		t.Fatalf("ping after a new window listens: %v", err)
	}
}

func TestListenNeedsTheLock(t *testing.T) {
	if _, err := Listen(nil, t.TempDir()); err == nil {
		t.Fatal("listened without the lock")
	}
}

// exchange writes line on dir's socket and returns the reply line.
func exchange(t *testing.T, dir, line string) string {
	t.Helper()
	c, err := net.Dial("unix", filepath.Join(dir, SocketName))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, line); err != nil {
		t.Fatal(err)
	}
	reply, _ := bufio.NewReader(c).ReadString('\n')
	return reply
}

func TestBadRequestsRefused(t *testing.T) {
	dir := t.TempDir()
	s := listening(t, dir)
	for _, tc := range []struct{ line, want string }{
		{`{"v":2,"op":"open","args":["x.eml"]}` + "\n", `"error":"protocol version 2, this Tern speaks 1"`},
		{`{"v":1,"op":"delete"}` + "\n", `"error":"unknown operation \"delete\""`},
		{"not json\n", `"ok":false`},
		{strings.Repeat("x", maxLine+10) + "\n", `line too long`},
	} {
		if got := exchange(t, dir, tc.line); !strings.Contains(got, tc.want) {
			t.Errorf("%.40q: reply %q, want %s", tc.line, got, tc.want)
		}
	}
	select {
	case r := <-s.Requests():
		t.Errorf("a bad request reached the window: %+v", r)
	default:
	}
}

func TestFullQueueRefused(t *testing.T) {
	dir := t.TempDir()
	s := listening(t, dir)
	for range queueLen {
		if !s.Deliver(Request{Op: OpOpen}) {
			t.Fatal("queue full too early")
		}
	}
	if err := Send(context.Background(), dir, Request{Op: OpSync}); err == nil || !strings.Contains(err.Error(), "busy") {
		t.Fatalf("open on a full queue: %v", err)
	}
}

// TestPeerOfAnotherUserRefused: the window answers its own user only. The
// kernel's word on the peer (SO_PEERCRED) is checked against a uid that is
// not ours.
func TestPeerOfAnotherUserRefused(t *testing.T) {
	dir := t.TempDir()
	listeningFor(t, dir, os.Getuid()+1)
	err := Send(context.Background(), dir, Request{Op: OpPing})
	if err == nil || errors.Is(err, ErrNoWindow) {
		t.Fatalf("ping from a peer of another user: %v, want no answer", err)
	}
}
