package dovecot

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// DeliverMaildir writes messages straight into a user's Maildir folder
// ("INBOX" or a folder name), the fast way to give a test thousands of
// messages. seen marks them read. Dovecot picks them up at its next look.
func (s *Server) DeliverMaildir(user, folder string, msgs [][]byte, seen bool) error {
	dir := s.Maildir(user)
	if folder != "INBOX" {
		dir = filepath.Join(dir, "."+folder)
	}
	for _, sub := range []string{"cur", "new", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return fmt.Errorf("maildir: %w", err)
		}
	}
	flags := ""
	if seen {
		flags = "S"
	}
	base := time.Now().UnixNano()
	for i, m := range msgs {
		name := fmt.Sprintf("%d.M%dP%d.tern,S=%d:2,%s", base/1e9, base%1e9+int64(i), os.Getpid(), len(m), flags)
		if err := os.WriteFile(filepath.Join(dir, "cur", name), m, 0o600); err != nil {
			return fmt.Errorf("maildir: %w", err)
		}
	}
	return s.Chown(user)
}
