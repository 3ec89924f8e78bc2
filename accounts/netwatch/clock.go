package netwatch

import (
	"context"
	"time"
)

// Clock-jump defaults: a check every ClockEvery; a wall clock ahead of
// the monotonic clock by more than ClockTolerance since the last check
// means the computer slept (or the clock was set forward, which costs one
// needless check of the connections).
const (
	ClockEvery     = 10 * time.Second
	ClockTolerance = 5 * time.Second
)

// Reading is one look at the clocks: the wall time without its monotonic
// reading, and the monotonic time elapsed since some fixed moment.
type Reading struct {
	Wall time.Time
	Mono time.Duration
}

// processStart anchors the monotonic readings.
var processStart = time.Now()

// ReadClock reads the system's clocks: time.Now().Round(0) for the wall,
// and the monotonic time since the process started. The monotonic clock
// stops while the computer sleeps, on Linux, macOS and Windows alike.
func ReadClock() Reading {
	now := time.Now()
	return Reading{Wall: now.Round(0), Mono: now.Sub(processStart)}
}

// ClockJump notices the computer waking up on any platform: every tick it
// compares how far the wall clock moved with how far the monotonic clock
// did. The zero value uses the system's clocks and a ticker of ClockEvery.
type ClockJump struct {
	// Read reads the clocks; nil is ReadClock.
	Read func() Reading
	// Ticks returns the channel of checks and a function that stops it;
	// nil is a time.Ticker of ClockEvery.
	Ticks func() (<-chan time.Time, func())
	// Tolerance is how far ahead the wall clock may get between two
	// checks without counting as a jump; zero is ClockTolerance.
	Tolerance time.Duration
}

// Watch implements Notifier: it sends ClockJumped after each tick that
// finds a jump.
func (j ClockJump) Watch(ctx context.Context) <-chan Event {
	read, tol := j.Read, j.Tolerance
	if read == nil {
		read = ReadClock
	}
	if tol <= 0 {
		tol = ClockTolerance
	}
	ticks, stop := j.ticks()
	out := make(chan Event)
	go func() {
		defer close(out)
		defer stop()
		last := read()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticks:
			}
			now := read()
			jumped := Jumped(last, now, tol)
			last = now
			if !jumped {
				continue
			}
			select {
			case out <- ClockJumped:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// ticks returns the checks' channel.
func (j ClockJump) ticks() (<-chan time.Time, func()) {
	if j.Ticks != nil {
		return j.Ticks()
	}
	t := time.NewTicker(ClockEvery)
	return t.C, t.Stop
}

// Jumped reports whether the wall clock moved more than tol further than
// the monotonic clock from before to now.
func Jumped(before, now Reading, tol time.Duration) bool {
	wall := now.Wall.Sub(before.Wall)
	mono := now.Mono - before.Mono
	return wall-mono > tol
}
