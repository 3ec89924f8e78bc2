//go:build !linux

package netwatch

// System watches what this platform can tell. Windows' and macOS' own
// notifications (network change, resume from sleep) are not wired yet:
// the clock's jump stands in for a wake-up.
func System() Notifier { return ClockJump{} }
