package netwatch

import (
	"context"
	"sync"
)

// Event says why the network may have changed.
type Event int

// The events.
const (
	// NetworkUp: the system reports a connected network.
	NetworkUp Event = iota + 1
	// Woke: the system reports that the computer woke from sleep.
	Woke
	// ClockJumped: the wall clock moved ahead of the monotonic clock, as
	// after a computer slept.
	ClockJumped
)

func (e Event) String() string {
	switch e {
	case NetworkUp:
		return "network up"
	case Woke:
		return "woke up"
	case ClockJumped:
		return "clock jumped"
	}
	return "unknown event"
}

// Notifier tells of moments when the network may have come back.
type Notifier interface {
	// Watch sends events until ctx ends, then closes the channel. It
	// never fails: a source it cannot use sends nothing.
	Watch(ctx context.Context) <-chan Event
}

// Func makes a function a Notifier.
type Func func(ctx context.Context) <-chan Event

// Watch calls f.
func (f Func) Watch(ctx context.Context) <-chan Event { return f(ctx) }

// None is a Notifier that never sends.
var None Notifier = Func(func(ctx context.Context) <-chan Event {
	ch := make(chan Event)
	context.AfterFunc(ctx, func() { close(ch) })
	return ch
})

// Merge watches every notifier at once; the channel closes when ctx has
// ended and all of theirs have closed.
func Merge(ns ...Notifier) Notifier {
	return Func(func(ctx context.Context) <-chan Event {
		out := make(chan Event)
		var wg sync.WaitGroup
		for _, n := range ns {
			in := n.Watch(ctx)
			wg.Add(1)
			go func() {
				defer wg.Done()
				forward(ctx, in, out)
			}()
		}
		go func() { wg.Wait(); close(out) }()
		return out
	})
}

// forward copies in to out until in closes; once ctx ends it drops what
// is left instead of blocking.
func forward(ctx context.Context, in <-chan Event, out chan<- Event) {
	for ev := range in {
		select {
		case out <- ev:
		case <-ctx.Done():
		}
	}
}
