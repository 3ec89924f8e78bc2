package message

import "fmt"

// SizeText formats a byte count the way a person reads it: "512 bytes",
// "14 KB", "2.3 MB". The window and the command line show attachment and
// download sizes with it.
func SizeText(n int) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d bytes", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.0f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}
