package accounts

import "time"

// Backoff is a retry policy: the wait after a failure starts at First and
// doubles with each failure in a row, up to Max. Every retry in Tern uses
// one (reconnecting, replaying a queued change, sending).
type Backoff struct {
	First, Max time.Duration
}

// Delay returns the wait after n failures in a row have been followed by
// one more (n from 0): First·2ⁿ, at most Max.
func (b Backoff) Delay(n int) time.Duration {
	d := b.First
	for i := 0; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}
