//go:build !unix

package storage

import "time"

// processTime returns a clock reading; where the process's processor
// time is not at hand, the wall clock stands in for it.
func processTime() time.Duration { return time.Duration(time.Now().UnixNano()) }
