package main

import (
	"os/exec"
	"strconv"
	"strings"
	"time"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// utc rewrites the date column of list output to UTC so expectations do not
// depend on the machine's time zone.
func utc(out string) string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		cols := strings.Split(l, "\t")
		if len(cols) > 1 {
			if t, err := time.Parse(time.RFC3339, cols[1]); err == nil {
				cols[1] = t.UTC().Format(time.RFC3339)
			}
			lines[i] = strings.Join(cols, "\t")
		}
	}
	return strings.Join(lines, "\n")
}

// ternIn returns a function that runs the tern binary bin on profile dir
// with stdin as its standard input.
func ternIn(bin, dir string) func(stdin string, args ...string) *exec.Cmd {
	return func(stdin string, args ...string) *exec.Cmd {
		cmd := exec.Command(bin, append([]string{"--profile", dir}, args...)...)
		cmd.Stdin = strings.NewReader(stdin)
		return cmd
	}
}
