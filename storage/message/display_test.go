package message

import (
	"strings"
	"testing"
)

func TestDisplayTextCutsLongLines(t *testing.T) {
	long := strings.Repeat("é", MaxDisplayLine) // twice the limit in bytes
	got := DisplayText("short\r\n" + long + "\nafter")
	lines := strings.Split(got, "\n")
	if len(lines) != 3 || lines[0] != "short" || lines[2] != "after" {
		t.Fatalf("lines = %.100q", lines)
	}
	if !strings.HasPrefix(lines[1], strings.Repeat("é", MaxDisplayLine/2)+" … [line cut: ") || len(lines[1]) > MaxDisplayLine+100 {
		t.Errorf("cut line = %.40q…%q (%d bytes)", lines[1], lines[1][len(lines[1])-40:], len(lines[1]))
	}
	if s := "a\nb\n" + strings.Repeat("x", MaxDisplayLine) + "\n"; DisplayText(s) != s {
		t.Error("a text without long lines was changed")
	}
}
