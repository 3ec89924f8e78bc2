//go:build !unix

package storage

// FreeSpace returns how many bytes may still be written on the disk
// holding dir; ok is false when the system does not say, as here: the
// worker then retries on its timer alone.
func FreeSpace(dir string) (free uint64, ok bool) { return 0, false }
