package storage

import (
	"time"

	sys "golang.org/x/sys/unix"
)

// threadTime returns the processor time the calling thread has used, to
// the nanosecond (getrusage counts in clock ticks).
func threadTime() time.Duration {
	var ts sys.Timespec
	if err := sys.ClockGettime(sys.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}
