package accounts

import "sync"

// Kicker is a wake-up signal for a worker. Kick never blocks, and kicks
// that arrive while one is pending merge into it. The zero value is ready.
type Kicker struct {
	once sync.Once
	c    chan struct{}
}

func (k *Kicker) init() { k.once.Do(func() { k.c = make(chan struct{}, 1) }) }

// Kick asks the worker to act soon.
func (k *Kicker) Kick() {
	k.init()
	select {
	case k.c <- struct{}{}:
	default:
	}
}

// Kicked returns the channel a worker waits on.
func (k *Kicker) Kicked() <-chan struct{} {
	k.init()
	return k.c
}
