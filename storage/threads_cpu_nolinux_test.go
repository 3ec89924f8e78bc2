//go:build !linux

package storage

import "time"

// threadTime returns a clock reading; where the thread's processor time
// is not at hand, the wall clock stands in for it.
func threadTime() time.Duration { return time.Duration(time.Now().UnixNano()) }
