// Package netwatch tells the engine of the moments when the network may
// have come back: the system reports a connected network, the computer
// woke from sleep, or the wall clock jumped ahead of the monotonic clock
// (which stands still while a computer sleeps). At such a moment waiting
// out a reconnect backoff would only delay the mail, so the engine tries
// every account at once.
//
// On Linux it listens on the system D-Bus to NetworkManager's
// StateChanged and logind's PrepareForSleep; where there is no system bus,
// or neither service runs, it goes without them, quietly. On every
// platform it watches for a jump of the clock. Windows' and macOS' own
// notifications are not wired yet: there the clock jump stands in for a
// wake-up, and the keepalive of the connections and the reconnect backoff
// (at most five minutes) for a network that came back.
//
// The package never imports Fyne; tests inject their own Notifier.
package netwatch
