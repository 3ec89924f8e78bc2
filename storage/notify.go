package storage

import "sync"

// Change says what kind of data changed. Values are bits and combine: a
// subscriber woken once may be told of several kinds at a time.
type Change uint32

// The kinds of change a Subscription reports.
const (
	ChangeAccounts Change = 1 << iota // accounts added or removed
	ChangeFolders                     // folders created, renamed, deleted or their counts changed
	ChangeMessages                    // messages added, removed, moved or their flags changed
	ChangeOutbox                      // outbox rows added, sent or failed
	ChangeActions                     // pending actions queued or done
	ChangeProgress                    // sync progress changed
	ChangeNotices                     // notices added or dismissed
	ChangeStatus                      // an account's connection status changed
)

// Subscription is one listener's view of store changes. Its channel holds at
// most one value: changes that happen while the listener is busy are merged
// into that value, so a burst of writes becomes a single wake-up.
type Subscription struct {
	c  chan Change
	mu sync.Mutex // serialises senders so merging never loses a bit
	s  *Store
}

// C returns the channel that receives the merged changes.
func (sub *Subscription) C() <-chan Change { return sub.c }

// Close stops delivery to this subscription.
func (sub *Subscription) Close() {
	sub.s.mu.Lock()
	delete(sub.s.subs, sub)
	sub.s.mu.Unlock()
}

// Subscribe returns a new subscription to the store's changes.
func (s *Store) Subscribe() *Subscription {
	sub := &Subscription{c: make(chan Change, 1), s: s}
	s.mu.Lock()
	s.subs[sub] = struct{}{}
	s.mu.Unlock()
	return sub
}

// notify tells every subscriber about c without ever blocking.
func (s *Store) notify(c Change) {
	if c == 0 {
		return
	}
	s.mu.Lock()
	subs := make([]*Subscription, 0, len(s.subs))
	for sub := range s.subs {
		subs = append(subs, sub)
	}
	s.mu.Unlock()
	for _, sub := range subs {
		sub.send(c)
	}
}

// send merges c into the pending value, if any, and leaves it in the channel.
func (sub *Subscription) send(c Change) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	for {
		select {
		case sub.c <- c:
			return
		default:
		}
		select {
		case old := <-sub.c:
			c |= old
		default:
		}
	}
}
