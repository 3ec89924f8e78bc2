package transfer

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tern-mail/tern/storage/message/mbox"
)

// Kind is the format of a mailbox to import.
type Kind string

// The formats Import reads.
const (
	Mbox    Kind = "mbox"    // one file of messages, in any mbox variant
	Maildir Kind = "maildir" // a directory with cur/ and new/
	EML     Kind = "eml"     // single-message files
)

// Mailbox is one folder found in what is imported.
type Mailbox struct {
	// Path is the folder's name below what was given, one element per
	// level ("Work", "Projects"). A file or folder given alone has its
	// own name; .eml files given alone, and a maildir given as the root
	// of others, have none: their mail goes to the Inbox (or the folder
	// asked for).
	Path  []string
	Kind  Kind
	Where string   // the mbox file, the maildir, or the directory of the .eml files
	Files []string // EML: the files
	Size  int64    // bytes to read, for progress
	// Alone says the mailbox was given by itself (a file, a maildir, an
	// Apple Mail package), not found in a tree: asked to import into a
	// folder, its mail goes into that folder, where a tree's goes below.
	Alone bool
}

// Name is the folder's path with "/" between its levels.
func (m Mailbox) Name() string { return strings.Join(m.Path, "/") }

// Scan finds the mailboxes in the files and folders paths: mbox files
// (by their content, whatever their name), Apple Mail's .mbox packages,
// maildirs (and Maildir++ subfolders), Thunderbird's profiles and account
// folders (Mail/…, ImapMail/…, with subfolders in .sbd directories), any
// tree of these, and .eml files. Files it cannot read as mail (Thunderbird's
// .msf indexes and such) are passed over and listed in skipped.
func Scan(paths []string) (boxes []Mailbox, skipped []string, err error) {
	s := &scanner{}
	loose := Mailbox{Kind: EML, Alone: true}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, nil, fmt.Errorf("transfer: %w", err)
		}
		n := len(s.boxes)
		if !fi.IsDir() {
			if err := s.file(p, fi, nil, &loose, true); err != nil {
				return nil, nil, err
			}
		} else if err := s.top(p); err != nil {
			return nil, nil, err
		}
		if len(s.boxes) == n+1 && len(s.boxes[n].Path) <= 1 {
			s.boxes[n].Alone = true
		}
	}
	if len(loose.Files) > 0 {
		s.boxes = append([]Mailbox{loose}, s.boxes...)
	}
	return s.boxes, s.skipped, nil
}

type scanner struct {
	boxes   []Mailbox
	skipped []string
}

// top scans a directory given by the user.
func (s *scanner) top(dir string) error {
	switch {
	case isThunderbirdProfile(dir):
		// Every account's folders, merged: Inbox with Inbox.
		for _, a := range ProfileAccounts(dir) {
			if fi, err := os.Stat(a.Dir); err == nil && fi.IsDir() && a.HasMail() {
				if err := s.tree(a.Dir, nil); err != nil {
					return err
				}
			}
		}
		return nil
	case mbox.IsMaildir(dir):
		var path []string
		if !maildirRoot(dir) {
			path = []string{filepath.Base(dir)}
		}
		return s.maildir(dir, path)
	case isApplePackage(dir):
		return s.apple(dir, nil)
	}
	return s.tree(dir, nil)
}

// maildirRoot reports whether a maildir given alone is the root of
// others (Maildir++: its folders are ".Name" directories beside cur/) or
// called Maildir: its own messages are the Inbox's.
func maildirRoot(dir string) bool {
	if strings.EqualFold(filepath.Base(dir), "Maildir") {
		return true
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), ".") && mbox.IsMaildir(filepath.Join(dir, e.Name())) {
			return true
		}
	}
	return false
}

// tree scans a directory of mailboxes, whose path is prefix.
func (s *scanner) tree(dir string, prefix []string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("transfer: %w", err)
	}
	sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
	emls := Mailbox{Kind: EML, Path: prefix, Where: dir}
	for _, e := range ents {
		name, full := e.Name(), filepath.Join(dir, e.Name())
		if passOver(name) {
			continue
		}
		if !e.IsDir() {
			fi, err := os.Stat(full)
			if err != nil || !fi.Mode().IsRegular() {
				continue
			}
			if err := s.file(full, fi, prefix, &emls, false); err != nil {
				return err
			}
			continue
		}
		if err := s.dir(full, name, prefix); err != nil {
			return err
		}
	}
	if len(emls.Files) > 0 {
		s.boxes = append(s.boxes, emls)
	}
	return nil
}

// dir scans a directory met in a tree.
func (s *scanner) dir(full, name string, prefix []string) error {
	switch {
	case strings.HasSuffix(name, ".sbd"):
		// Thunderbird: the subfolders of the folder named without .sbd.
		return s.tree(full, with(prefix, strings.TrimSuffix(name, ".sbd")))
	case mbox.IsMaildir(full):
		return s.maildir(full, with(prefix, name))
	case isApplePackage(full):
		return s.apple(full, prefix)
	}
	return s.tree(full, with(prefix, name))
}

// file looks at a file: an .eml file (put in emls), an mbox (by its
// first bytes), a message by its content, or something else, passed
// over unless given by name (then it is kept as a message, raw).
func (s *scanner) file(full string, fi os.FileInfo, prefix []string, emls *Mailbox, given bool) error {
	name := fi.Name()
	if fi.Size() == 0 && !given {
		return nil // an empty folder (Thunderbird keeps a file for each)
	}
	head, err := readHead(full)
	if err != nil {
		return err
	}
	isEML := strings.EqualFold(filepath.Ext(name), ".eml")
	switch {
	case !isEML && bytes.HasPrefix(head, []byte("From ")):
		s.boxes = append(s.boxes, Mailbox{Kind: Mbox, Path: with(prefix, mailboxName(name)), Where: full, Size: fi.Size()})
	case isEML || given || mbox.LooksLikeMessage(head):
		emls.Files = append(emls.Files, full)
		emls.Size += fi.Size()
		if emls.Where == "" {
			emls.Where = filepath.Dir(full)
		}
	default:
		s.skipped = append(s.skipped, full)
	}
	return nil
}

// maildir adds the maildir dir, and its Maildir++ subfolders (".A.B"
// directories beside cur/).
func (s *scanner) maildir(dir string, path []string) error {
	if err := s.maildirOnly(dir, path); err != nil {
		return err
	}
	subs, _ := os.ReadDir(dir)
	for _, sub := range subs {
		n := sub.Name()
		if !sub.IsDir() || !strings.HasPrefix(n, ".") || len(n) < 2 || !mbox.IsMaildir(filepath.Join(dir, n)) {
			continue
		}
		sp := append(append([]string{}, path...), strings.Split(n[1:], ".")...)
		if err := s.maildirOnly(filepath.Join(dir, n), sp); err != nil {
			return err
		}
	}
	return nil
}

// maildirOnly adds one maildir.
func (s *scanner) maildirOnly(dir string, path []string) error {
	ents, err := mbox.ListMaildir(dir)
	if err != nil {
		return err
	}
	var size int64
	for _, e := range ents {
		size += e.Size
	}
	s.boxes = append(s.boxes, Mailbox{Kind: Maildir, Path: path, Where: dir, Size: size})
	return nil
}

// apple adds an Apple Mail .mbox package (a directory holding a file
// called mbox) and the packages inside it, its subfolders.
func (s *scanner) apple(dir string, prefix []string) error {
	path := with(prefix, mailboxName(filepath.Base(dir)))
	file := filepath.Join(dir, "mbox")
	if fi, err := os.Stat(file); err == nil && fi.Size() > 0 {
		s.boxes = append(s.boxes, Mailbox{Kind: Mbox, Path: path, Where: file, Size: fi.Size()})
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if e.IsDir() && isApplePackage(filepath.Join(dir, e.Name())) {
			if err := s.apple(filepath.Join(dir, e.Name()), path); err != nil {
				return err
			}
		}
	}
	return nil
}

// isApplePackage reports whether dir is an Apple Mail export: a
// directory called NAME.mbox holding a file called mbox.
func isApplePackage(dir string) bool {
	if !strings.EqualFold(filepath.Ext(dir), ".mbox") {
		return false
	}
	fi, err := os.Stat(filepath.Join(dir, "mbox"))
	return err == nil && fi.Mode().IsRegular()
}

// isThunderbirdProfile reports whether dir is a Thunderbird profile: it
// has prefs.js and Mail/ or ImapMail/.
func isThunderbirdProfile(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, "prefs.js")); err != nil {
		return false
	}
	for _, sub := range []string{"Mail", "ImapMail"} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err == nil && fi.IsDir() {
			return true
		}
	}
	return false
}

// passOver are the files and folders of mail programs that hold no mail:
// Thunderbird's indexes (.msf), filters and state (.dat, .json, .html),
// its search index (.mozmsgs), Apple Mail's table of contents and
// property lists, and hidden files.
func passOver(name string) bool {
	if strings.HasPrefix(name, ".") {
		return true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".msf", ".dat", ".json", ".html", ".sqlite", ".mozmsgs", ".plist", ".js", ".txt", ".log":
		return true
	}
	return name == "table_of_contents"
}

// mailboxName is a mailbox file's folder name: without .mbox or .mbx.
func mailboxName(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".mbox", ".mbx":
		return strings.TrimSuffix(name, filepath.Ext(name))
	}
	return name
}

// readHead reads the first bytes of a file.
func readHead(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("transfer: %w", err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, fmt.Errorf("transfer: read %s: %w", name, err)
	}
	return buf[:n], nil
}

// with is path with one more level.
func with(path []string, name string) []string {
	return append(append(make([]string, 0, len(path)+1), path...), name)
}
