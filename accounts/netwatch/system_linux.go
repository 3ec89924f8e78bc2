package netwatch

// System watches what this platform can tell: on Linux, NetworkManager
// and logind on the system D-Bus, and the clock.
func System() Notifier { return Merge(DBus{}, ClockJump{}) }
