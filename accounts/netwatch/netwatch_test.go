package netwatch

import (
	"bufio"
	"context"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/tern-mail/tern/internal/testenv"
)

// fakeClock is a pair of clocks the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	r  Reading
}

func (c *fakeClock) read() Reading { c.mu.Lock(); defer c.mu.Unlock(); return c.r }
func (c *fakeClock) pass(wall, mono time.Duration) {
	c.mu.Lock()
	c.r.Wall, c.r.Mono = c.r.Wall.Add(wall), c.r.Mono+mono
	c.mu.Unlock()
}

// TestClockJumpIsHeardAfterSleepOnly ticks by hand: ticks where both
// clocks moved alike send nothing; a tick after the wall clock moved 20
// minutes while the monotonic one moved 10 seconds (a sleeping laptop)
// sends ClockJumped, once.
func TestClockJumpIsHeardAfterSleepOnly(t *testing.T) {
	clk := &fakeClock{r: Reading{Wall: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}}
	ticks := make(chan time.Time)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := ClockJump{Read: clk.read, Ticks: func() (<-chan time.Time, func()) { return ticks, func() {} }}.Watch(ctx)

	// A tick is taken only once the watcher has read the clock after the
	// previous one, so each send below waits for the watcher.
	tick := func() { ticks <- time.Time{} }
	tick() // the watcher is reading now
	for range 3 {
		clk.pass(10*time.Second, 10*time.Second)
		tick()
	}
	clk.pass(10*time.Second+3*time.Second, 10*time.Second) // NTP's small step
	tick()
	select {
	case ev := <-events:
		t.Fatalf("event %v without a jump", ev)
	default:
	}
	clk.pass(20*time.Minute, 10*time.Second)
	go tick()
	if ev := <-events; ev != ClockJumped {
		t.Fatalf("after sleep: %v", ev)
	}
	clk.pass(10*time.Second, 10*time.Second)
	tick()
	tick()
	select {
	case ev := <-events:
		t.Fatalf("a second event %v for one jump", ev)
	default:
	}
	cancel()
	for range events {
	}
}

func TestJumpedComparesWallWithMonotonic(t *testing.T) {
	t0 := Reading{Wall: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), Mono: time.Hour}
	at := func(wall, mono time.Duration) Reading { return Reading{Wall: t0.Wall.Add(wall), Mono: t0.Mono + mono} }
	for _, c := range []struct {
		now  Reading
		want bool
	}{
		{at(10*time.Second, 10*time.Second), false},
		{at(14*time.Second, 10*time.Second), false},
		{at(16*time.Second, 10*time.Second), true},
		{at(-time.Hour, 10*time.Second), false}, // set back: no sleep
		{at(8*time.Hour, 10*time.Second), true},
	} {
		if got := Jumped(t0, c.now, 5*time.Second); got != c.want {
			t.Errorf("wall %v mono %v: %v, want %v", c.now.Wall.Sub(t0.Wall), c.now.Mono-t0.Mono, got, c.want)
		}
	}
	// The system's clocks agree with each other while the test runs.
	if a, b := ReadClock(), ReadClock(); Jumped(a, b, time.Second) {
		t.Fatalf("the system clocks jumped between two reads: %+v %+v", a, b)
	}
}

// privateBus starts a D-Bus daemon of the test's own and returns its
// address.
func privateBus(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		testenv.Missing(t, "dbus-daemon (Debian package dbus-daemon)")
	}
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon gave no address: %v", err)
	}
	return strings.TrimSpace(line)
}

// TestDBusSignalsBecomeEvents emits NetworkManager's and logind's signals
// on a bus of the test's own: connected states and the end of sleep are
// heard, other states and the start of sleep are not.
func TestDBusSignalsBecomeEvents(t *testing.T) {
	addr := privateBus(t)
	ready := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := DBus{Address: addr, ready: func() { close(ready) }}.Watch(ctx)
	<-ready
	emit, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer emit.Close()
	send := func(path, name string, v any) {
		t.Helper()
		if err := emit.Emit(dbus.ObjectPath(path), name, v); err != nil {
			t.Fatal(err)
		}
	}
	// Signals arrive in order, so each expected event also shows that
	// the ignored ones before it sent nothing.
	send(nmPath, nmInterface+".StateChanged", uint32(20)) // disconnected
	send(loginPath, loginInterface+".PrepareForSleep", true)
	send(nmPath, nmInterface+".StateChanged", uint32(70)) // connected, global
	if ev := <-events; ev != NetworkUp {
		t.Fatalf("got %v, want network up", ev)
	}
	send(nmPath, nmInterface+".PropertiesChanged", uint32(70))
	send(loginPath, loginInterface+".PrepareForSleep", false)
	if ev := <-events; ev != Woke {
		t.Fatalf("got %v, want woke", ev)
	}
	cancel()
	for range events {
	}
}

// TestDBusWithoutBusSendsNothing: no bus at the address, no event and no
// error; the channel closes with the context.
func TestDBusWithoutBusSendsNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	events := DBus{Address: "unix:path=" + t.TempDir() + "/none"}.Watch(ctx)
	cancel()
	for ev := range events {
		t.Fatalf("event %v without a bus", ev)
	}
}

// TestMergeForwardsEveryone merges two sources and hears both.
func TestMergeForwardsEveryone(t *testing.T) {
	a, b := make(chan Event), make(chan Event)
	src := func(ch chan Event) Notifier {
		return Func(func(ctx context.Context) <-chan Event {
			out := make(chan Event)
			go func() {
				defer close(out)
				for {
					select {
					case ev := <-ch:
						out <- ev
					case <-ctx.Done():
						return
					}
				}
			}()
			return out
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	events := Merge(src(a), src(b), None).Watch(ctx)
	a <- NetworkUp
	if ev := <-events; ev != NetworkUp {
		t.Fatalf("got %v", ev)
	}
	b <- Woke
	if ev := <-events; ev != Woke {
		t.Fatalf("got %v", ev)
	}
	cancel()
	for range events {
	}
}
