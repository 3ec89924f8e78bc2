package accounts

import (
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// pipe returns a DeadlineConn over one end of a pipe, with limits l and a
// generous timeout for each read, and the other end, closed with the test.
func pipe(t *testing.T, l Limits) (*DeadlineConn, net.Conn) {
	t.Helper()
	a, b := net.Pipe()
	t.Cleanup(func() { a.Close(); b.Close() })
	return NewDeadlineConn(a, time.Hour, l), b
}

// readAll reads c until it fails and returns the error.
func readAll(c io.Reader) error {
	buf := make([]byte, 512)
	for {
		if _, err := c.Read(buf); err != nil {
			return err
		}
	}
}

// kind returns the Misbehaviour of err, or 0.
func kind(err error) Misbehaviour {
	var se *ServerError
	if errors.As(err, &se) {
		return se.Kind
	}
	return 0
}

// flood writes p to c until writing fails.
func flood(c net.Conn, p []byte) {
	for {
		if _, err := c.Write(p); err != nil {
			return
		}
	}
}

// An answer larger than its command's budget is cut off: the read fails
// with the kind the budget names, and so does every read after it.
func TestDeadlineConnCapsAnAnswer(t *testing.T) {
	c, server := pipe(t, Limits{})
	go flood(server, []byte("* LIST () \"/\" Folder\r\n"))
	end := c.Begin(Budget{What: "LIST", Bytes: 100 << 10, Over: FolderFlood})
	err := readAll(c)
	end()
	if kind(err) != FolderFlood || c.Tripped() == nil || c.Tripped().What != "LIST" {
		t.Fatalf("read ended with %v (tripped %v), want a folder flood", err, c.Tripped())
	}
	if _, err := c.Write([]byte("a NOOP\r\n")); kind(err) != FolderFlood {
		t.Errorf("a write after the cut: %v", err)
	}
	if err.Error() != "The server kept sending folder names without end, so Tern stopped this sync." {
		t.Errorf("sentence %q", err.Error())
	}
}

// What the server sends while no command is open has a cap of its own.
func TestDeadlineConnCapsUnsolicitedData(t *testing.T) {
	c, server := pipe(t, Limits{Unsolicited: 64 << 10})
	go flood(server, []byte("* 1 EXISTS\r\n"))
	if err := readAll(c); kind(err) != Flood {
		t.Fatalf("read ended with %v, want a flood", err)
	}
}

// A server that sends a byte at a time, slower than the minimum rate,
// stalls: however long each byte takes, fewer than MinBytes in a window
// of waiting is too few.
func TestDeadlineConnCutsATrickle(t *testing.T) {
	c, server := pipe(t, Limits{MinBytes: 1 << 10, RateWindow: 200 * time.Millisecond})
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for range tick.C {
			if _, err := server.Write([]byte("x")); err != nil {
				return
			}
		}
	}()
	defer c.Begin(Budget{What: "FETCH"})()
	if err := readAll(c); kind(err) != Stalled {
		t.Fatalf("read ended with %v, want a stall", err)
	}
}

// A sparse answer has no minimum rate: a trickle goes on until the
// command's total time is used up.
func TestDeadlineConnSparseAnswerEndsOutOfTime(t *testing.T) {
	c, server := pipe(t, Limits{MinBytes: 1 << 10, RateWindow: 10 * time.Millisecond})
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for range tick.C {
			if _, err := server.Write([]byte("x")); err != nil {
				return
			}
		}
	}()
	defer c.Begin(Budget{What: "SELECT", Time: 300 * time.Millisecond, Sparse: true})()
	if err := readAll(c); kind(err) != TooLong {
		t.Fatalf("read ended with %v, want too long", err)
	}
}

// A command that keeps receiving fast enough still ends when its total
// time is used up.
func TestDeadlineConnEndsACommandOutOfTime(t *testing.T) {
	c, server := pipe(t, Limits{MinBytes: 1, RateWindow: time.Hour})
	go flood(server, make([]byte, 1024))
	defer c.Begin(Budget{What: "FETCH", Time: 100 * time.Millisecond})()
	if err := readAll(c); kind(err) != TooLong {
		t.Fatalf("read ended with %v, want too long", err)
	}
}

// Time the client spends on its own, with no read under way, is not the
// server's: a command whose answer sits unread for longer than its whole
// budget still reads it.
func TestDeadlineConnCountsOnlyWaiting(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	answer := "* 1 EXISTS\r\na OK done\r\n"
	written := make(chan struct{})
	go func() {
		s, err := l.Accept()
		if err != nil {
			return
		}
		defer s.Close()
		s.Write([]byte(answer))
		close(written)
		io.Copy(io.Discard, s)
	}()
	raw, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c := NewDeadlineConn(raw, time.Hour, Limits{MinBytes: 1, RateWindow: time.Hour})
	defer c.Close()
	<-written // on loopback, in this end's buffer once written
	end := c.Begin(Budget{What: "NOOP", Time: 500 * time.Millisecond})
	buf := make([]byte, len(answer))
	if _, err := io.ReadFull(c, buf[:4]); err != nil {
		t.Fatal(err)
	}
	// The client is busy (a slow disk, say) for three times as long as
	// the command may wait: not a wait for an event, the time passing
	// is the point.
	time.Sleep(1500 * time.Millisecond)
	if _, err := io.ReadFull(c, buf[4:]); err != nil {
		t.Fatalf("the rest of the answer: %v", err)
	}
	end()
	if c.Tripped() != nil || string(buf) != answer {
		t.Errorf("tripped %v, read %q", c.Tripped(), buf)
	}
}

// While quiet (waiting in IDLE) and between commands no budget of time
// applies: a read waits for the server.
func TestDeadlineConnQuietWaits(t *testing.T) {
	c, server := pipe(t, Limits{MinBytes: 1 << 10, RateWindow: 10 * time.Millisecond})
	c.SetQuiet(true)
	read := make(chan error, 1)
	go func() {
		_, err := c.Read(make([]byte, 8))
		read <- err
	}()
	// The read waits well past the rate window before the server
	// speaks; it is woken by the server, not by a deadline.
	time.AfterFunc(50*time.Millisecond, func() { server.Write([]byte("+ idling\r\n")) })
	if err := <-read; err != nil {
		t.Fatalf("quiet read: %v", err)
	}
}

// The production limits are the defaults, and they are generous.
func TestDefaultLimits(t *testing.T) {
	l := Limits{}.resolved()
	if l.MinBytes != 1<<10 || l.RateWindow != time.Minute || l.CommandTime < time.Minute {
		t.Errorf("defaults %+v", l)
	}
	if got := (Limits{}).Transfer(100 << 20); got < time.Hour {
		t.Errorf("100 MB get %v", got)
	}
}
