package instance

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// Version is the version of the hand-over protocol this Tern speaks. Each
// request and reply is one JSON object on one line, carrying it as "v"; a
// window refuses a request of another version.
const Version = 1

// The operations a request asks for.
const (
	// OpOpen brings the window to the front and opens Args there.
	OpOpen = "open"
	// OpPing asks only whether a window is there.
	OpPing = "ping"
	// OpSync asks the window to get mail for every account now.
	OpSync = "sync"
)

// maxLine bounds a request or reply line: arguments are a few links or
// file names, never mail.
const maxLine = 64 << 10

// Request is what a second Tern asks of the running window.
type Request struct {
	V    int      `json:"v"`
	Op   string   `json:"op"`
	Args []string `json:"args,omitempty"` // mailto: links and .eml files
	Cwd  string   `json:"cwd,omitempty"`  // where relative file names start
}

// Reply is the window's answer: OK, or why not.
type Reply struct {
	V     int    `json:"v"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// writeLine writes v as one JSON line.
func writeLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("instance: encode: %w", err)
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("instance: write: %w", err)
	}
	return nil
}

// errLineTooLong says a peer sent more than maxLine bytes without a newline.
var errLineTooLong = errors.New("instance: line too long")

// readLine reads one JSON line of at most maxLine bytes into v.
func readLine(r *bufio.Reader, v any) error {
	var line []byte
	for {
		part, more, err := r.ReadLine()
		if err != nil {
			return fmt.Errorf("instance: read: %w", err)
		}
		line = append(line, part...)
		if len(line) > maxLine {
			return errLineTooLong
		}
		if !more {
			break
		}
	}
	if err := json.Unmarshal(line, v); err != nil {
		return fmt.Errorf("instance: decode: %w", err)
	}
	return nil
}

// check says what is wrong with a request a window received, or nil.
func (r Request) check() error {
	if r.V != Version {
		return fmt.Errorf("protocol version %d, this Tern speaks %d", r.V, Version)
	}
	switch r.Op {
	case OpOpen, OpPing, OpSync:
		return nil
	}
	return fmt.Errorf("unknown operation %q", r.Op)
}

// IsOpenArg reports whether a command-line argument is something to open
// in the window (a mailto: link, a file: URL or an .eml file) rather than a
// command name.
func IsOpenArg(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "mailto:") || strings.HasPrefix(l, "file:") || strings.HasSuffix(l, ".eml")
}

// Target is one thing a request opens: a mailto: link or a message file.
type Target struct {
	Mailto *url.URL // a mailto: link; nil for a file
	File   string   // an absolute file name; "" for a link
}

// Targets reads the request's arguments: mailto: links as links, file:
// URLs and other arguments as file names, relative ones from Cwd. An
// argument that is neither is an error.
func (r Request) Targets() ([]Target, error) {
	var out []Target
	for _, a := range r.Args {
		t, err := target(a, r.Cwd)
		if err != nil {
			return out, err
		}
		out = append(out, t)
	}
	return out, nil
}

// target reads one argument of a request.
func target(arg, cwd string) (Target, error) {
	if strings.HasPrefix(strings.ToLower(arg), "mailto:") {
		u, err := url.Parse(arg)
		if err != nil {
			return Target{}, fmt.Errorf("instance: %q is not a mailto: link: %w", arg, err)
		}
		return Target{Mailto: u}, nil
	}
	name := arg
	if strings.HasPrefix(strings.ToLower(arg), "file:") {
		u, err := url.Parse(arg)
		if err != nil || u.Path == "" || (u.Host != "" && u.Host != "localhost") {
			return Target{}, fmt.Errorf("instance: %q is not a local file address", arg)
		}
		name = filepath.FromSlash(u.Path)
	}
	if !filepath.IsAbs(name) {
		if cwd == "" || !filepath.IsAbs(cwd) {
			return Target{}, fmt.Errorf("instance: %q is relative, with no folder to start from", arg)
		}
		name = filepath.Join(cwd, name)
	}
	return Target{File: filepath.Clean(name)}, nil
}
