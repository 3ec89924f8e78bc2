//go:build !unix

package testenv

import "time"

var processStart = time.Now()

// cpuTime returns the time since the process started, where processor
// time is not at hand.
func cpuTime() time.Duration { return time.Since(processStart) }
