// Package instance keeps one Tern per profile.
//
// A profile is claimed with an operating-system lock on a file in it
// (flock on Linux and macOS, LockFileEx on Windows), taken by the window
// and by every command that writes. The system drops the lock when its
// process ends, however it ends, so a crash never leaves a profile locked.
//
// The window that holds the lock also listens on a local socket in the
// profile folder. A second start hands its arguments (a mailto: link, an
// .eml file, or nothing) to it over that socket and exits; commands ask it
// whether it is there. The socket answers only its own user. The package
// never imports a GUI toolkit: the window reads requests from a channel.
package instance
