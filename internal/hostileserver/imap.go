package hostileserver

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
)

// IMAP starts a hostile IMAP server (TLS from the first byte) that takes
// any LOGIN and misbehaves as mode says:
//
//   - Flood: LIST names folders without end.
//   - Trickle: LIST answers a byte every Interval.
//   - Lie: FETCH of the source of the Inbox's message announces a
//     literal of 99999999999 bytes and sends bytes without end; the
//     other folder is fair.
//   - Bye: FETCH of a message's source says BYE and hangs up.
//   - Endless: FETCH of envelopes answers for messages without end.
//   - BadNames: LIST names folders that are not modified UTF-7
//     (BadFolders) beside good ones (GoodFolders), each holding one
//     message; SELECT takes the raw names.
//
// Fair lists the good folders and answers properly.
func IMAP(t testing.TB, mode Mode) *Server {
	return start(t, mode, serveIMAP)
}

// GoodFolders are the folders of a Fair or BadNames server with valid
// names; BadFolders are the raw names of the BadNames server's others.
var (
	GoodFolders = []string{"INBOX", "Good"}
	BadFolders  = []string{"Bad&name", "Caf\xe9"}
)

// imapState is one IMAP session's state.
type imapState struct {
	*session
	selected string
}

func serveIMAP(s *Server, ss *session) {
	st := &imapState{session: ss}
	if !ss.send("* OK [CAPABILITY IMAP4rev1] hostile IMAP ready\r\n") {
		return
	}
	for {
		line, ok := st.command()
		if !ok {
			return
		}
		tag, rest, _ := strings.Cut(line, " ")
		verb, args, _ := strings.Cut(rest, " ")
		if !st.answer(tag, strings.ToUpper(verb), args) {
			return
		}
	}
}

// command reads a command line with its literals (each answered with a
// continuation request) inlined.
func (st *imapState) command() (string, bool) {
	var b strings.Builder
	for {
		l, ok := st.line()
		if !ok {
			return "", false
		}
		n, ok := literalEnd(l)
		if !ok {
			b.WriteString(l)
			return b.String(), true
		}
		b.WriteString(l[:strings.LastIndexByte(l, '{')])
		if !strings.HasSuffix(l, "+}") && !st.send("+ go on\r\n") {
			return "", false
		}
		lit := make([]byte, min(n, 1<<20))
		if _, err := io.ReadFull(st.r, lit); err != nil {
			return "", false
		}
		b.WriteString(strconv.Quote(string(lit)))
	}
}

// literalEnd reads the {n} or {n+} that ends a line.
func literalEnd(l string) (int, bool) {
	i := strings.LastIndexByte(l, '{')
	if i < 0 || !strings.HasSuffix(l, "}") {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(l[i+1:len(l)-1], "+"))
	return n, err == nil && n >= 0
}

// answer answers one command; false ends the session.
func (st *imapState) answer(tag, verb, args string) bool {
	switch verb {
	case "CAPABILITY":
		return st.send("* CAPABILITY IMAP4rev1\r\n" + tag + " OK done\r\n")
	case "LOGIN", "NOOP", "CHECK", "UNSELECT":
		return st.send(tag + " OK done\r\n")
	case "LOGOUT":
		st.send("* BYE bye\r\n" + tag + " OK done\r\n")
		return false
	case "LIST":
		return st.list(tag)
	case "SELECT", "EXAMINE":
		return st.selectFolder(tag, args)
	case "STATUS":
		name, _ := mailboxArg(args)
		return st.send(fmt.Sprintf("* STATUS %s (MESSAGES %d)\r\n%s OK done\r\n", quoted(name), st.count(name), tag))
	case "UID":
		sub, rest, _ := strings.Cut(args, " ")
		switch strings.ToUpper(sub) {
		case "SEARCH":
			return st.send(st.search() + tag + " OK done\r\n")
		case "FETCH":
			return st.fetch(tag, rest)
		}
	}
	return st.send(tag + " BAD not here\r\n")
}

// folders are what LIST names, by mode.
func (st *imapState) folders() []string {
	if st.s.Mode == BadNames {
		return append(append([]string(nil), GoodFolders...), BadFolders...)
	}
	return GoodFolders
}

// count is how many messages folder holds: one in each folder listed.
func (st *imapState) count(folder string) int {
	for _, f := range st.folders() {
		if f == folder {
			return 1
		}
	}
	return 0
}

func (st *imapState) list(tag string) bool {
	switch st.s.Mode {
	case Flood:
		st.forever(func(i int) string { return fmt.Sprintf("* LIST () \"/\" \"Folder %d\"\r\n", i) })
		return false
	case Trickle:
		var b strings.Builder
		for i := range 200 {
			fmt.Fprintf(&b, "* LIST () \"/\" \"Folder %d\"\r\n", i)
		}
		st.trickle(b.String() + tag + " OK done\r\n")
		return false
	}
	var b strings.Builder
	for _, f := range st.folders() {
		fmt.Fprintf(&b, "* LIST () \"/\" %s\r\n", quoted(f))
	}
	return st.send(b.String() + tag + " OK done\r\n")
}

func (st *imapState) selectFolder(tag, args string) bool {
	name, _ := mailboxArg(args)
	n := st.count(name)
	if n == 0 && !strings.EqualFold(name, "INBOX") {
		st.selected = ""
		return st.send(tag + " NO [NONEXISTENT] no such folder\r\n")
	}
	st.selected = name
	return st.send(fmt.Sprintf("* %d EXISTS\r\n* FLAGS (\\Seen)\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT %d] ok\r\n%s OK [READ-WRITE] done\r\n",
		n, n+1, tag))
}

func (st *imapState) search() string {
	if st.count(st.selected) == 0 {
		return "* SEARCH\r\n"
	}
	return "* SEARCH 1\r\n"
}

// fetch answers UID FETCH of the selected folder's one message, as the
// mode says.
func (st *imapState) fetch(tag, args string) bool {
	items := strings.ToUpper(args)
	source := strings.Contains(items, "BODY.PEEK[]") || strings.Contains(items, "BODY[]")
	switch {
	case st.s.Mode == Lie && source && st.selected == "INBOX":
		st.send("* 1 FETCH (UID 1 BODY[] {99999999999}\r\n")
		st.forever(func(int) string { return strings.Repeat("x", 4096) })
		return false
	case st.s.Mode == Bye && source:
		st.send("* 1 FETCH (UID 1 FLAGS (\\Seen))\r\n* BYE going away in the middle\r\n")
		return false
	case st.s.Mode == Endless && strings.Contains(items, "ENVELOPE"):
		st.forever(func(i int) string { return fmt.Sprintf("* %d FETCH (UID %d FLAGS ())\r\n", i+1, i+1) })
		return false
	}
	if st.count(st.selected) == 0 {
		return st.send(tag + " OK done\r\n")
	}
	raw := "From: Stranger <stranger@example.com>\r\nSubject: A message\r\nMessage-ID: <1." + strconv.Quote(st.selected) +
		"@example.com>\r\n\r\nHello.\r\n"
	var b strings.Builder
	b.WriteString("* 1 FETCH (UID 1 FLAGS ()")
	if strings.Contains(items, "RFC822.SIZE") {
		fmt.Fprintf(&b, " RFC822.SIZE %d", len(raw))
	}
	if strings.Contains(items, "INTERNALDATE") {
		b.WriteString(` INTERNALDATE "02-Mar-2026 10:00:00 +0000"`)
	}
	if strings.Contains(items, "ENVELOPE") {
		b.WriteString(` ENVELOPE ("Mon, 2 Mar 2026 10:00:00 +0000" "A message" (("Stranger" NIL "stranger" "example.com"))` +
			` (("Stranger" NIL "stranger" "example.com")) (("Stranger" NIL "stranger" "example.com")) NIL NIL NIL NIL NIL)`)
	}
	if strings.Contains(items, "HEADER.FIELDS") {
		b.WriteString(" BODY[HEADER.FIELDS (References)] {2}\r\n\r\n")
	}
	if source {
		fmt.Fprintf(&b, " BODY[] {%d}\r\n%s", len(raw), raw)
	}
	b.WriteString(")\r\n" + tag + " OK done\r\n")
	return st.send(b.String())
}

// mailboxArg reads the folder name at the start of args: an atom or a
// quoted string, its bytes as they came.
func mailboxArg(args string) (string, string) {
	if !strings.HasPrefix(args, `"`) {
		name, rest, _ := strings.Cut(args, " ")
		return name, rest
	}
	var b strings.Builder
	for i := 1; i < len(args); i++ {
		switch args[i] {
		case '\\':
			if i+1 < len(args) {
				i++
				b.WriteByte(args[i])
			}
		case '"':
			return b.String(), strings.TrimPrefix(args[i+1:], " ")
		default:
			b.WriteByte(args[i])
		}
	}
	return b.String(), ""
}

// quoted is s as an IMAP quoted string, its bytes as they are.
func quoted(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
