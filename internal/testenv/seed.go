package testenv

import (
	"os"
	"strconv"
	"testing"
	"time"
)

// SeedEnv names the environment variable that fixes the seed of random
// tests, to repeat a run that failed.
const SeedEnv = "TERN_SEED"

// Seed returns the seed for a test's random choices: TERN_SEED when it is
// set, the clock otherwise. It logs the seed, so that every failure says
// how to repeat it.
func Seed(t testing.TB) int64 {
	t.Helper()
	seed := time.Now().UnixNano()
	if v := os.Getenv(SeedEnv); v != "" {
		s, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: %v", SeedEnv, v, err)
		}
		seed = s
	}
	t.Logf("random seed %d (repeat with %s=%d)", seed, SeedEnv, seed)
	return seed
}
