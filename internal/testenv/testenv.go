// Package testenv tells tests whether the real components they need (mail
// servers, the keychain) must be present. Under `make test` and CI,
// TERN_STRICT=1 is set and a missing component fails the test; in a plain
// `go test` it skips it.
package testenv

import (
	"os"
	"testing"
)

// Strict reports whether missing components are failures.
func Strict() bool { return os.Getenv("TERN_STRICT") == "1" }

// Missing fails the test under TERN_STRICT=1, and skips it otherwise.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if Strict() {
		t.Fatalf("required test component missing (TERN_STRICT=1): "+format, args...)
	}
	t.Skipf("skipped, component missing (set TERN_STRICT=1 to fail instead): "+format, args...)
}
