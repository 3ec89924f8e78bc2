package transfer

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"path/filepath"
	"time"

	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
	"github.com/tern-mail/tern/storage/message/mbox"
)

// item is one message read from a mailbox, with what the import needs
// to know of it.
type item struct {
	raw       []byte
	flags     mbox.Flags
	date      time.Time // when it was received: the internal date to keep
	labels    []string  // Google Takeout's labels
	hasLabels bool
	tooLarge  bool  // over message.MaxMessageBytes: raw is its header only
	size      int64 // its size in the source
	msgID     string
	dateField string // its Date field as written, to look for it on a server
	keptRaw   bool   // it cannot be read as mail: kept as it is
	fp        string // mbox.Fingerprint of raw, once asked for
	// prep is the message parsed as the store keeps it, made ahead by a
	// target that stores here (see preparer).
	prep *storage.PreparedBody
}

// newItem reads what the import needs from a message's source.
func newItem(raw []byte, size int64) *item {
	h := mbox.HeaderOf(raw)
	it := &item{raw: raw, size: size, flags: mbox.StateOf(h), msgID: h.MessageID(), dateField: h.Get("Date")}
	it.labels, it.hasLabels = mbox.GmailLabels(h)
	it.keptRaw = !mbox.LooksLikeMessage(raw)
	if d, err := mail.ParseDate(it.dateField); err == nil {
		it.date = d
	}
	return it
}

// fingerprint is mbox.Fingerprint of the message, worked out once.
func (it *item) fingerprint() string {
	if it.fp == "" {
		it.fp = mbox.Fingerprint(it.raw)
	}
	return it.fp
}

// mark is where reading a source stopped, to go on from there.
type mark struct {
	Head   string `json:"head"`             // hash of the source's first bytes: another file, another start
	Offset int64  `json:"offset,omitempty"` // mbox: where the next message begins
	Last   string `json:"last,omitempty"`   // maildir: the unique name of the last message done
	Done   int64  `json:"done"`             // bytes read, for progress
}

// source reads the messages of one mailbox.
type source interface {
	next() (*item, error) // io.EOF after the last
	mark() mark           // after the messages returned so far
	Close() error
}

// openSource opens mb, going on from m when it still applies.
func openSource(mb Mailbox, m mark) (source, error) {
	switch mb.Kind {
	case Mbox:
		return openMbox(mb.Where, m)
	case Maildir:
		return openMaildir(mb.Where, m)
	}
	return &emlSource{files: mb.Files}, nil
}

// mboxSource reads an mbox file.
type mboxSource struct {
	f    *os.File
	r    *mbox.Reader
	head string
	end  int64
}

func openMbox(name string, m mark) (*mboxSource, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("transfer: %w", err)
	}
	s := &mboxSource{f: f}
	if s.head, err = headHash(f); err != nil {
		f.Close()
		return nil, err
	}
	if m.Head == s.head && m.Offset > 0 && startsFromLine(f, m.Offset) {
		s.end = m.Offset
	}
	if _, err := f.Seek(s.end, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("transfer: %s: %w", name, err)
	}
	s.r = mbox.NewReaderAt(f, s.end)
	s.r.MaxBytes = message.MaxMessageBytes
	return s, nil
}

func (s *mboxSource) next() (*item, error) {
	m, err := s.r.Next()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			err = fmt.Errorf("transfer: read %s: %w", s.f.Name(), err)
		}
		return nil, err
	}
	s.end = m.End
	it := newItem(m.Raw, m.Size)
	it.tooLarge = m.Truncated
	if d, ok := mbox.FromLineDate(m.From); ok && d.Year() > 1970 {
		it.date = d
	}
	return it, nil
}

func (s *mboxSource) mark() mark   { return mark{Head: s.head, Offset: s.end, Done: s.end} }
func (s *mboxSource) Close() error { return s.f.Close() }

// headHash hashes the first 64 KB of a file: a file rewritten (say,
// compacted) since its progress was recorded has another.
func headHash(f *os.File) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, 64<<10)); err != nil {
		return "", fmt.Errorf("transfer: read %s: %w", f.Name(), err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// startsFromLine reports whether a From_ line begins at offset.
func startsFromLine(f *os.File, offset int64) bool {
	buf := make([]byte, 5)
	n, _ := f.ReadAt(buf, offset)
	return n == 5 && string(buf) == "From "
}

// maildirSource reads a maildir, in the order of its file names.
type maildirSource struct {
	dir  string
	ents []mbox.MaildirEntry
	i    int
	last string
	done int64
}

func openMaildir(dir string, m mark) (*maildirSource, error) {
	ents, err := mbox.ListMaildir(dir)
	if err != nil {
		return nil, err
	}
	s := &maildirSource{dir: dir, ents: ents}
	if m.Last != "" {
		for s.i < len(ents) && ents[s.i].Key <= m.Last {
			s.done += ents[s.i].Size
			s.i++
		}
		s.last = m.Last
	}
	return s, nil
}

func (s *maildirSource) next() (*item, error) {
	for s.i < len(s.ents) {
		e := s.ents[s.i]
		s.i++
		raw, tooLarge, err := readMessageFile(filepath.Join(s.dir, filepath.FromSlash(e.Name)), e.Size)
		if errors.Is(err, os.ErrNotExist) {
			continue // moved or deleted since it was listed
		}
		if err != nil {
			return nil, err
		}
		s.last, s.done = e.Key, s.done+e.Size
		it := newItem(raw, e.Size)
		it.tooLarge = tooLarge
		if e.Info {
			it.flags = e.Flags // else what the message says (Thunderbird's maildir)
		}
		it.date = e.ModTime // maildirs keep the time received as the file's
		return it, nil
	}
	return nil, io.EOF
}

func (s *maildirSource) mark() mark   { return mark{Head: s.dir, Last: s.last, Done: s.done} }
func (s *maildirSource) Close() error { return nil }

// emlSource reads single-message files.
type emlSource struct {
	files []string
	i     int
	done  int64
}

func (s *emlSource) next() (*item, error) {
	if s.i >= len(s.files) {
		return nil, io.EOF
	}
	name := s.files[s.i]
	s.i++
	fi, err := os.Stat(name)
	if err != nil {
		return nil, fmt.Errorf("transfer: %w", err)
	}
	raw, tooLarge, err := readMessageFile(name, fi.Size())
	if err != nil {
		return nil, err
	}
	s.done += fi.Size()
	it := newItem(raw, fi.Size())
	it.tooLarge = tooLarge
	if it.date.IsZero() {
		it.date = fi.ModTime()
	}
	return it, nil
}

func (s *emlSource) mark() mark   { return mark{Done: s.done} }
func (s *emlSource) Close() error { return nil }

// readMessageFile reads a file holding one message of size bytes. Of a
// file larger than message.MaxMessageBytes only the header is read.
func readMessageFile(name string, size int64) (raw []byte, tooLarge bool, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, false, fmt.Errorf("transfer: %w", err)
	}
	defer f.Close()
	if size <= message.MaxMessageBytes {
		// A buffer of the file's size: growing one as it fills would
		// hold twice the message at once.
		var b bytes.Buffer
		b.Grow(int(size) + bytes.MinRead)
		if _, err := b.ReadFrom(f); err != nil {
			return nil, false, fmt.Errorf("transfer: read %s: %w", name, err)
		}
		return b.Bytes(), false, nil
	}
	var header bytes.Buffer
	r := bufio.NewReader(io.LimitReader(f, message.MaxHeaderBytes+64<<10))
	for {
		line, err := r.ReadBytes('\n')
		header.Write(line)
		if err != nil || len(bytes.TrimRight(line, "\r\n")) == 0 {
			break
		}
	}
	return header.Bytes(), true, nil
}

// Count returns how many messages mailbox mb holds, the deleted ones
// included, reading an mbox file through (headers only are kept in
// memory).
func Count(mb Mailbox) (int, error) {
	switch mb.Kind {
	case EML:
		return len(mb.Files), nil
	case Maildir:
		ents, err := mbox.ListMaildir(mb.Where)
		return len(ents), err
	}
	f, err := os.Open(mb.Where)
	if err != nil {
		return 0, fmt.Errorf("transfer: %w", err)
	}
	defer f.Close()
	r := mbox.NewReader(f)
	r.MaxBytes = 64 << 10
	n := 0
	for {
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("transfer: read %s: %w", mb.Where, err)
		}
		n++
	}
}
