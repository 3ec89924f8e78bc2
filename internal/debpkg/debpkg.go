// Package debpkg unpacks Debian packages for tests without installing
// them: apt-get download fetches the .deb files and dpkg-deb -x unpacks
// them into a directory of the test's own. It is how the test servers whose
// packages conflict with Dovecot's (Courier-IMAP, Cyrus) are had.
package debpkg

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// CacheDir is where packages for name are unpacked: $TERN_DEBS_DIR/name,
// else tern-cache/name in the system's temporary directory — a place the
// servers' unprivileged users can read, unlike root's home.
func CacheDir(name string) string {
	base := os.Getenv("TERN_DEBS_DIR")
	if base == "" {
		base = filepath.Join(os.TempDir(), "tern-cache")
	}
	return filepath.Join(base, name)
}

var mu sync.Mutex

// Unpack downloads packages and unpacks them into dir/root, unless that
// was done before, and returns dir/root. Files under /lib are also put
// under /usr/lib, where a merged-/usr system looks for them.
func Unpack(dir string, packages ...string) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// Test binaries of several packages run at once: one unpacks, the
	// others wait for it.
	lock, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", fmt.Errorf("lock %s: %w", dir, err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	root := filepath.Join(dir, "root")
	stamp := filepath.Join(dir, ".unpacked")
	if b, err := os.ReadFile(stamp); err == nil && string(b) == strings.Join(packages, " ") {
		return root, nil
	}
	debs := filepath.Join(dir, "debs")
	if err := os.MkdirAll(debs, 0o755); err != nil {
		return "", err
	}
	// The servers' unprivileged users must reach the files.
	os.Chmod(filepath.Dir(dir), 0o755)
	os.Chmod(dir, 0o755)
	// apt's sandbox user must be able to write where it downloads.
	os.Chmod(debs, 0o777)
	get := exec.Command("apt-get", append([]string{"download"}, packages...)...)
	get.Dir = debs
	if out, err := get.CombinedOutput(); err != nil {
		return "", fmt.Errorf("apt-get download %s: %v\n%s", strings.Join(packages, " "), err, out)
	}
	for _, p := range packages {
		files, _ := filepath.Glob(filepath.Join(debs, p+"_*.deb"))
		if len(files) == 0 {
			return "", fmt.Errorf("apt-get download gave no %s", p)
		}
		for _, f := range files {
			if out, err := exec.Command("dpkg-deb", "-x", f, root).CombinedOutput(); err != nil {
				return "", fmt.Errorf("dpkg-deb -x %s: %v\n%s", f, err, out)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(root, "lib")); err == nil {
		if out, err := exec.Command("cp", "-a", filepath.Join(root, "lib")+"/.", filepath.Join(root, "usr", "lib")).CombinedOutput(); err != nil {
			return "", fmt.Errorf("merge /lib into /usr/lib: %v\n%s", err, out)
		}
	}
	return root, os.WriteFile(stamp, []byte(strings.Join(packages, " ")), 0o644)
}
