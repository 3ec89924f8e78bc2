package message

import "github.com/tern-mail/tern/assets/i18n"

// SizeText formats a byte count the way a person reads it, in their
// language (i18n.Size): "14 KB", "2.3 MB". The window and the command
// line show attachment and download sizes with it.
func SizeText(n int) string { return i18n.Size(int64(n)) }
