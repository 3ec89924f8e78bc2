package mbox

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// MaildirEntry is one message file of a maildir.
type MaildirEntry struct {
	Name    string // path below the maildir: "cur/…" or "new/…"
	Key     string // the unique part of the name, without flags: the same for the message in new/ and cur/
	Size    int64
	ModTime time.Time // when it was delivered, as far as the file tells
	Flags   Flags
	Info    bool // the name carries flags (":2,…"); without, they may be in the message (Thunderbird)
}

// IsMaildir reports whether dir is a maildir: it has a cur or a new
// directory (Thunderbird's maildir folders have no new).
func IsMaildir(dir string) bool {
	for _, sub := range []string{"cur", "new"} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err == nil && fi.IsDir() {
			return true
		}
	}
	return false
}

// ListMaildir lists the messages of the maildir dir, in new/ and cur/
// (tmp/ holds deliveries not finished), in the order of their unique
// names, which begin with the time of delivery. Hidden files are passed
// over.
func ListMaildir(dir string) ([]MaildirEntry, error) {
	var out []MaildirEntry
	for _, sub := range []string{"new", "cur"} {
		ents, err := os.ReadDir(filepath.Join(dir, sub))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("maildir %s: %w", dir, err)
		}
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), ".") || !e.Type().IsRegular() {
				continue
			}
			info, err := e.Info()
			if err != nil {
				continue // gone meanwhile
			}
			name := sub + "/" + e.Name()
			out = append(out, MaildirEntry{Name: name, Key: uniquePart(name), Size: info.Size(), ModTime: info.ModTime(),
				Flags: MaildirFlags(e.Name()), Info: hasInfo(e.Name())})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// uniquePart is a maildir file's name without its directory and flags.
func uniquePart(name string) string {
	name = name[strings.IndexByte(name, '/')+1:]
	if i := strings.IndexAny(name, ":!;"); i >= 0 {
		return name[:i]
	}
	return name
}

// hasInfo reports whether a maildir file's name carries flags.
func hasInfo(name string) bool {
	return strings.Contains(name, ":2,") || strings.Contains(name, "!2,") || strings.Contains(name, ";2,")
}
