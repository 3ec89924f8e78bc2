package support

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// RingSize is how many events the log keeps in memory for a report.
const RingSize = 200

// Event is one thing Tern logged at Info level or above, as a report
// lists it: already scrubbed.
type Event struct {
	Time    time.Time
	Level   slog.Level
	Message string
	Details string // key=value pairs
}

// Log is what the program's one slog handler writes to: a ring of the
// last RingSize events, always, and the rotating file in the profile,
// only while keeping it is on. Debug events (the protocol conversations)
// go to the file only; while it is off they cost no formatting at all.
type Log struct {
	rot *Rotator
	on  atomic.Bool

	mu   sync.Mutex
	ring []Event // a circle; next is where the next event goes
	next int
}

// NewLog returns a log whose file, when kept, lives in dir. It starts
// with the file off.
func NewLog(dir string) *Log {
	return &Log{rot: NewRotator(dir, DefaultLogCap), ring: make([]Event, 0, RingSize)}
}

// Handler is the slog handler over l; main installs it as the default.
func (l *Log) Handler() slog.Handler { return &handler{log: l} }

// SetKeep turns the file on or off. Turning it off deletes it: nothing is
// kept on disk while the person has not asked for it.
func (l *Log) SetKeep(on bool) error {
	if l.on.Swap(on) == on {
		return nil
	}
	if on {
		return nil // opened by the first write
	}
	return l.rot.Remove()
}

// Keeping reports whether the file is on.
func (l *Log) Keeping() bool { return l.on.Load() }

// Files are the log files on disk (flushed first), newest first.
func (l *Log) Files() []string {
	l.rot.Sync()
	return l.rot.Paths()
}

// Close closes the file.
func (l *Log) Close() error { return l.rot.Close() }

// Events are the events in memory, oldest first.
func (l *Log) Events() []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.ring) < RingSize {
		return append([]Event(nil), l.ring...)
	}
	return append(append([]Event(nil), l.ring[l.next:]...), l.ring[:l.next]...)
}

// remember puts e into the ring, over the oldest when it is full.
func (l *Log) remember(e Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.ring) < RingSize {
		l.ring = append(l.ring, e)
		return
	}
	l.ring[l.next] = e
	l.next = (l.next + 1) % RingSize
}

// handler is the slog.Handler of a Log.
type handler struct {
	log    *Log
	attrs  string // from WithAttrs, formatted and scrubbed
	prefix string // from WithGroup: "group."
}

// Enabled lets Info and above through always (for the ring), Debug only
// while the file is on.
func (h *handler) Enabled(_ context.Context, level slog.Level) bool {
	return level >= slog.LevelInfo || h.log.on.Load()
}

// Handle scrubs the record and keeps it.
func (h *handler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(h.attrs)
	r.Attrs(func(a slog.Attr) bool {
		writeAttr(&b, h.prefix, a)
		return true
	})
	e := Event{Time: r.Time, Level: r.Level, Message: Scrub(r.Message), Details: strings.TrimSpace(b.String())}
	if r.Level >= slog.LevelInfo {
		h.log.remember(e)
	}
	if !h.log.on.Load() {
		return nil
	}
	_, err := h.log.rot.Write([]byte(FormatEvent(e) + "\n"))
	return err
}

// WithAttrs returns a handler that adds attrs to every record.
func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	var b strings.Builder
	b.WriteString(h.attrs)
	for _, a := range attrs {
		writeAttr(&b, h.prefix, a)
	}
	return &handler{log: h.log, attrs: b.String(), prefix: h.prefix}
}

// WithGroup returns a handler that puts later keys under name.
func (h *handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return &handler{log: h.log, attrs: h.attrs, prefix: h.prefix + name + "."}
}

// writeAttr appends " key=value", scrubbed, quoting values with spaces.
func writeAttr(b *strings.Builder, prefix string, a slog.Attr) {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		for _, g := range v.Group() {
			writeAttr(b, prefix+a.Key+".", g)
		}
		return
	}
	if a.Key == "" {
		return
	}
	s := Scrub(v.String())
	if s == "" || strings.ContainsAny(s, " \t\n\"=") {
		s = strconv.Quote(s)
	}
	b.WriteString(" " + prefix + a.Key + "=" + s)
}

// FormatEvent is an event as one line of the log file or the report.
func FormatEvent(e Event) string {
	s := e.Time.Format("2006-01-02T15:04:05.000Z07:00") + " " + e.Level.String() + " " + e.Message
	if e.Details != "" {
		s += " " + e.Details
	}
	return s
}
