package instance

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"testing"
)

// The test binary doubles as the other process of the tests:
// TERN_INSTANCE_HOLD=DIR takes DIR's lock, says "locked" and waits for
// standard input to close; TERN_INSTANCE_PING=DIR pings DIR's window and
// prints "ok" or the error.
func TestMain(m *testing.M) {
	if dir := os.Getenv("TERN_INSTANCE_HOLD"); dir != "" {
		os.Exit(hold(dir))
	}
	if dir := os.Getenv("TERN_INSTANCE_PING"); dir != "" {
		if err := Send(context.Background(), dir, Request{Op: OpPing}); err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Println("ok")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func hold(dir string) int {
	l, err := TryLock(dir)
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer l.Release()
	fmt.Println("locked")
	bufio.NewReader(os.Stdin).ReadString('\n')
	return 0
}
