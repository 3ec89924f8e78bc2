package accounts

import "sync"

// Kicker is a wake-up signal: Kick never blocks, and kicks that arrive
// while one is pending merge into it. Every non-blocking wake-up in Tern
// is one (a worker's "sync now", a sender's "send now", a connection's
// "the server has news"). The zero value is ready; a nil *Kicker ignores
// kicks.
type Kicker struct {
	once sync.Once
	c    chan struct{}
}

func (k *Kicker) init() { k.once.Do(func() { k.c = make(chan struct{}, 1) }) }

// Kick asks the waiting side to act soon.
func (k *Kicker) Kick() {
	if k == nil {
		return
	}
	k.init()
	select {
	case k.c <- struct{}{}:
	default:
	}
}

// Kicked returns the channel the waiting side receives kicks on.
func (k *Kicker) Kicked() <-chan struct{} {
	k.init()
	return k.c
}

// Clear drops a pending kick, if any, and reports whether there was one.
func (k *Kicker) Clear() bool {
	k.init()
	select {
	case <-k.c:
		return true
	default:
		return false
	}
}
