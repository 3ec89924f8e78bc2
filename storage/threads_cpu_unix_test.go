//go:build unix

package storage

import (
	"syscall"
	"time"
)

// processTime returns the processor time (user and system) this process
// has used so far.
func processTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
