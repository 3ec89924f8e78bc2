package instance

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// SocketName is the name of the window's socket inside a profile folder.
const SocketName = "tern.sock"

// maxSocketPath is the longest socket path every supported system takes
// (sun_path holds 104 bytes on macOS, 108 on Linux, both with the NUL).
const maxSocketPath = 103

// ErrPathTooLong says the profile folder's path is too long for a socket
// in it: the window then runs without hand-over.
var ErrPathTooLong = errors.New("the profile folder's path is too long for a local socket")

// ioTimeout bounds one exchange on the socket: a request is one short
// line each way.
const ioTimeout = 5 * time.Second

// queueLen is how many requests wait for the window before more are
// refused.
const queueLen = 16

// socketMode is the socket file's permission: its user only. Tests widen
// it to reach the peer check from another user.
var socketMode fs.FileMode = 0o600

// Server is the window's end of the socket. Requests arrive on Requests.
type Server struct {
	ln   net.Listener
	path string
	reqs chan Request
	uid  int // the only user answered (-1: not checked)
	wg   sync.WaitGroup
	once sync.Once
}

// socketPath returns the socket's path for profile dir.
func socketPath(dir string) (string, error) {
	p := filepath.Join(dir, SocketName)
	if len(p) > maxSocketPath {
		return "", fmt.Errorf("instance: %s: %w", p, ErrPathTooLong)
	}
	return p, nil
}

// Listen opens the window's socket in profile dir. Only the holder of the
// profile's lock listens, so a socket file already there is stale (left
// by a crash) and is replaced.
func Listen(l *Lock, dir string) (*Server, error) { return listen(l, dir, os.Getuid()) }

// listen is Listen answering user uid only (-1: anyone).
func listen(l *Lock, dir string, uid int) (*Server, error) {
	if l == nil || l.f == nil {
		return nil, errors.New("instance: listen without the profile's lock")
	}
	path, err := socketPath(dir)
	if err != nil {
		return nil, err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("instance: remove stale socket: %w", err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("instance: listen on %s: %w", path, err)
	}
	if runtime.GOOS != "windows" { // there the folder's access list decides
		if err := os.Chmod(path, socketMode); err != nil {
			ln.Close()
			return nil, fmt.Errorf("instance: chmod %s: %w", path, err)
		}
	}
	s := &Server{ln: ln, path: path, reqs: make(chan Request, queueLen), uid: uid}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// Requests delivers what second starts and commands asked for, in order.
func (s *Server) Requests() <-chan Request { return s.reqs }

// Deliver queues r as if it had come over the socket: the first start's
// own arguments take the same way as a second start's. It reports false
// when the queue is full.
func (s *Server) Deliver(r Request) bool {
	select {
	case s.reqs <- r:
		return true
	default:
		return false
	}
}

// Close stops listening and removes the socket file. Call it before the
// lock is released, so the file removed is this window's.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		err = s.ln.Close()
		s.wg.Wait()
		if rerr := os.Remove(s.path); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) && err == nil {
			err = rerr
		}
	})
	if err != nil {
		return fmt.Errorf("instance: close: %w", err)
	}
	return nil
}

// accept answers connections until the listener closes.
func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			s.serve(c)
		}()
	}
}

// serve answers one connection: one request, one reply. A peer of another
// user gets no answer at all.
func (s *Server) serve(c net.Conn) {
	c.SetDeadline(time.Now().Add(ioTimeout))
	if s.uid >= 0 {
		if err := checkPeer(c, s.uid); err != nil {
			return
		}
	}
	var r Request
	if err := readLine(bufio.NewReaderSize(c, 4096), &r); err != nil {
		writeLine(c, Reply{V: Version, Error: err.Error()})
		return
	}
	writeLine(c, s.answer(r))
}

// answer decides the reply to r, queueing it for the window when it asks
// for something.
func (s *Server) answer(r Request) Reply {
	if err := r.check(); err != nil {
		return Reply{V: Version, Error: err.Error()}
	}
	if r.Op != OpPing && !s.Deliver(r) {
		return Reply{V: Version, Error: "the window is busy; try again"}
	}
	return Reply{V: Version, OK: true}
}
