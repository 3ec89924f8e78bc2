//go:build unix

package storage

import sysunix "golang.org/x/sys/unix"

// FreeSpace returns how many bytes an unprivileged writer may still put
// on the disk holding dir; ok is false when the system does not say.
func FreeSpace(dir string) (free uint64, ok bool) {
	var st sysunix.Statfs_t
	if err := sysunix.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return uint64(st.Bavail) * uint64(st.Bsize), true
}
