package message

import "testing"

func TestSizeText(t *testing.T) {
	for n, want := range map[int]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1 KB", 150_000: "146 KB",
		1024 * 1024: "1.0 MB", 2_400_000: "2.3 MB"} {
		if got := SizeText(n); got != want {
			t.Errorf("SizeText(%d) = %q, want %q", n, got, want)
		}
	}
}
