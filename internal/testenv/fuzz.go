package testenv

import (
	"flag"
	"fmt"
	"testing"
	"time"
)

// FuzzInputBudget is the most processor time one fuzz input may take.
// It is processor time, not time on the clock, so that a machine busy
// with other work does not fail a target that is fast.
const FuzzInputBudget = 100 * time.Millisecond

// fuzzHang is how long on the clock one input may run before the fuzzing
// process is stopped: such an input may never end, and a deferred check
// would never run.
const fuzzHang = 10 * time.Second

// FuzzBudget times one fuzz input. Call it first in the function given to
// f.Fuzz:
//
//	defer testenv.FuzzBudget(t)()
//
// While fuzzing (go test -fuzz), an input that takes longer than
// FuzzInputBudget of processor time (the process's, which while fuzzing is
// the input's) fails the target, and the fuzzer keeps it in
// testdata/fuzz; one that runs for fuzzHang stops the fuzzing process,
// which the fuzzer reports and records as a crash. In ordinary test runs,
// which replay the seed corpus perhaps under -race, it checks nothing:
// speed is asserted only while fuzzing.
func FuzzBudget(t *testing.T) (done func()) {
	t.Helper()
	if !Fuzzing() {
		return func() {}
	}
	start := cpuTime()
	hang := time.AfterFunc(fuzzHang, func() {
		panic(fmt.Sprintf("%s: one input has run for %v (budget %v)", t.Name(), fuzzHang, FuzzInputBudget))
	})
	return func() {
		t.Helper()
		hang.Stop()
		if d := cpuTime() - start; d > FuzzInputBudget {
			t.Fatalf("one input took %v of processor time, over the budget of %v", d.Round(time.Millisecond), FuzzInputBudget)
		}
	}
}

// Fuzzing reports whether the test binary runs with -test.fuzz, that is
// whether it is fuzzing rather than replaying a seed corpus.
func Fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}
