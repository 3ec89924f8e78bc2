//go:build windows

package storage

// makePrivate does nothing on Windows: the profile lives in the user's own
// %AppData%, whose access control already keeps other users out, and
// SQLite holds its files open in a way that refuses mode changes.
func makePrivate(...string) error { return nil }
