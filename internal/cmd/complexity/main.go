// Command complexity fails when a function of the module is too complex.
//
// It computes each function's cyclomatic complexity the way gocyclo does:
// 1, plus one for every if, for, range, case clause other than default,
// select clause other than default, && and ||. Function literals count
// towards the function that holds them. It reads every .go file under the
// given directories except test files, skipping what the go tool skips
// (testdata, and directories whose names start with "." or "_"), and lists
// every function whose complexity is over the threshold, most complex
// first:
//
//	go run ./internal/cmd/complexity -over 20 .
//
// The exit status is 0 when none is over, 1 when some are, 2 on an error
// (a file that does not parse, a directory that cannot be read).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses the command line args, checks the directories they name and
// writes the functions over the threshold to stdout. It returns the exit
// status.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("complexity", flag.ContinueOnError)
	flags.SetOutput(stderr)
	over := flags.Int("over", 20, "list the functions whose complexity is over `N`")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	dirs := flags.Args()
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	var found []Func
	for _, dir := range dirs {
		funcs, err := Dir(dir)
		if err != nil {
			fmt.Fprintf(stderr, "complexity: %v\n", err)
			return 2
		}
		found = append(found, funcs...)
	}
	offenders := Over(found, *over)
	for _, f := range offenders {
		fmt.Fprintln(stdout, f)
	}
	if len(offenders) > 0 {
		fmt.Fprintf(stderr, "complexity: %d functions over %d\n", len(offenders), *over)
		return 1
	}
	return 0
}
