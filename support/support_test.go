package support

import (
	"bytes"
	"encoding/base64"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"testing"
)

// keepLog installs a Log that keeps its file in a temporary folder as
// slog's default, and returns it with a function that reads the file.
func keepLog(t *testing.T) (*Log, func() string) {
	t.Helper()
	l := NewLog(t.TempDir())
	if err := l.SetKeep(true); err != nil {
		t.Fatal(err)
	}
	old := slog.Default()
	slog.SetDefault(slog.New(l.Handler()))
	t.Cleanup(func() {
		slog.SetDefault(old)
		l.Close()
	})
	return l, func() string {
		var b strings.Builder
		for _, p := range l.Files() {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(data)
		}
		return b.String()
	}
}

// feed writes s to w in pieces of n bytes, so that every secret is split
// across Write calls.
func feed(w func([]byte), s string, n int) {
	for len(s) > 0 {
		k := min(n, len(s))
		w([]byte(s[:k]))
		s = s[k:]
	}
}

// mustNot fails when the log holds any of the secrets.
func mustNot(t *testing.T, log string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(log, s) {
			t.Errorf("the log holds %q:\n%s", s, log)
		}
	}
}

// must fails unless the log holds every piece.
func must(t *testing.T, log string, pieces ...string) {
	t.Helper()
	for _, s := range pieces {
		if !strings.Contains(log, s) {
			t.Errorf("the log lacks %q:\n%s", s, log)
		}
	}
}

func TestIMAPTapAcrossChunks(t *testing.T) {
	_, read := keepLog(t)
	body := "From: ana@example.org\r\n\r\nBODY-MARKER-1 text\r\n"
	for _, n := range []int{1, 3, 7, 4096} {
		tap := IMAP("imap.example.org:993")
		client := func(p []byte) { tap.client.write(p) }
		server := func(p []byte) { tap.server.write(p) }
		feed(server, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n", n)
		feed(client, "T1 LOGIN ana@example.org hunter2-pass\r\n", n)
		feed(server, "T1 OK logged in\r\n", n)
		feed(client, "T2 LOGIN {15}\r\nana@example.org {12}\r\nhunter3-pass\r\n", n)
		feed(server, "T2 OK logged in\r\n", n)
		feed(client, "T3 AUTHENTICATE PLAIN\r\n", n)
		feed(server, "+ \r\n", n)
		feed(client, base64.StdEncoding.EncodeToString([]byte("\x00ana\x00hunter4-pass"))+"\r\n", n)
		feed(server, "T3 OK done\r\n", n)
		feed(server, "* 1 FETCH (UID 7 ENVELOPE (NIL \"Secret-Subject-1\" ((\"Ana Lima\" NIL \"ana\" \"example.org\")) NIL NIL NIL NIL NIL NIL NIL) BODY[] {"+itoa(len(body))+"}\r\n", n)
		feed(server, body, n)
		feed(server, " BODY[TEXT] \"BODY-MARKER-2\")\r\nT4 OK fetched\r\n", n)
		feed(client, "T5 APPEND Sent {18}\r\nBODY-MARKER-3 here\r\n", n)
		feed(client, "T6 SELECT INBOX\r\n", n)
	}
	log := read()
	mustNot(t, log, "hunter2", "hunter3", "aHVudGVy", "AGFuYQBodW50ZXI0", "BODY-MARKER", "ana@", "\"ana\"", "Ana Lima", "Secret-Subject")
	must(t, log, "imap.example.org:993", "T1 LOGIN "+Marker, "T3 AUTHENTICATE PLAIN", "T6 SELECT INBOX",
		"["+itoa(len(body))+" bytes left out]", "\"example.org\"", "T4 OK fetched", "[18 bytes left out]")
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// TestIMAPTapDirections checks that the tap tells the server's bytes
// from the client's by the side of the connection they pass, even when
// Tern writes while a literal is coming in and reads and writes happen on
// one goroutine (as Tern's own STARTTLS does before go-imap starts).
func TestIMAPTapDirections(t *testing.T) {
	_, read := keepLog(t)
	tap := IMAP("imap.example.org:143")
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	conn := tap.Conn(a)
	go func() { // the server
		buf := make([]byte, 64)
		b.Read(buf) // T8 STARTTLS
		b.Write([]byte("T8 OK begin\r\n"))
		b.Write([]byte("* 1 FETCH (BODY[] {13}\r\n"))
		b.Read(buf) // T9 NOOP
		b.Write([]byte("BODY-MARKER-9"))
		b.Write([]byte(")\r\n"))
		b.Close()
	}()
	buf := make([]byte, 64)
	conn.Write([]byte("T8 STARTTLS\r\n"))
	for range 2 { // the tagged reply, then the FETCH up to its literal
		if _, err := conn.Read(buf); err != nil {
			t.Fatal(err)
		}
	}
	conn.Write([]byte("T9 NOOP\r\n")) // the client, while the literal comes
	for {
		if _, err := conn.Read(buf); err != nil {
			break
		}
	}
	log := read()
	mustNot(t, log, "BODY-MARKER-9", "C: T8 OK", "S: T9")
	must(t, log, "C: T8 STARTTLS", "S: T8 OK begin", "C: T9 NOOP", "[13 bytes left out]")
}

func TestPOP3Tap(t *testing.T) {
	_, read := keepLog(t)
	for _, n := range []int{1, 5, 4096} {
		tap := POP3("pop.example.org:995")
		client := func(p []byte) { tap.fromClient(p) }
		server := func(p []byte) { tap.fromServer(p) }
		feed(server, "+OK ready\r\n", n)
		feed(client, "USER ana@example.org\r\n", n)
		feed(server, "+OK\r\n", n)
		feed(client, "PASS hunter5-pass\r\n", n)
		feed(server, "+OK\r\n", n)
		feed(client, "AUTH PLAIN\r\n", n)
		feed(server, "+ \r\n", n)
		feed(client, "AGFuYQBodW50ZXI2LXBhc3M=\r\n", n)
		feed(server, "+OK\r\n", n)
		feed(client, "UIDL\r\n", n)
		feed(server, "+OK\r\n1 uid-one\r\n.\r\n", n)
		feed(client, "RETR 1\r\n", n)
		feed(server, "+OK 40 octets\r\nFrom: ana@example.org\r\n\r\nBODY-MARKER-5\r\n..dot\r\n.\r\n", n)
		feed(client, "TOP 1 0\r\n", n)
		feed(server, "-ERR no\r\n", n)
		feed(client, "QUIT\r\n", n)
	}
	log := read()
	mustNot(t, log, "hunter5", "AGFuYQBodW50ZXI2", "BODY-MARKER", "ana@", "..dot")
	must(t, log, "pop.example.org:995", "USER "+Marker, "PASS "+Marker, "AUTH PLAIN "+Marker, "1 uid-one",
		"bytes left out] of a message", "-ERR no", "C: QUIT")
}

func TestSMTPTap(t *testing.T) {
	_, read := keepLog(t)
	for _, n := range []int{1, 6, 4096} {
		tap := SMTP("smtp.example.org:587")
		w := func(p []byte) { tap.Write(p) }
		feed(w, "220 smtp.example.org ESMTP\r\nEHLO localhost\r\n250-smtp.example.org\r\n250 AUTH PLAIN LOGIN\r\n", n)
		feed(w, "AUTH PLAIN AGFuYQBodW50ZXI3LXBhc3M=\r\n235 ok\r\n", n)
		feed(w, "AUTH LOGIN\r\n334 VXNlcm5hbWU6\r\nYW5hQGV4YW1wbGUub3Jn\r\n334 UGFzc3dvcmQ6\r\naHVudGVyOC1wYXNz\r\n235 ok\r\n", n)
		feed(w, "MAIL FROM:<ana@example.org>\r\n250 ok\r\nRCPT TO:<bo@example.net>\r\n250 ok\r\nDATA\r\n354 go\r\n", n)
		feed(w, "From: ana@example.org\r\n\r\nBODY-MARKER-7\r\n250 not a reply\r\n.\r\n250 queued\r\nQUIT\r\n", n)
	}
	log := read()
	mustNot(t, log, "AGFuYQBodW50ZXI3", "YW5hQGV4YW1wbGUub3Jn", "aHVudGVyOC1wYXNz", "BODY-MARKER", "ana@", "bo@", "not a reply")
	must(t, log, "smtp.example.org:587", "AUTH PLAIN "+Marker, "AUTH LOGIN", "334 "+Marker,
		"MAIL FROM:<***@example.org>", "RCPT TO:<***@example.net>", "bytes left out] of a message", "250 queued", "C: QUIT")
}

func TestLongLineKeepsLiteral(t *testing.T) {
	_, read := keepLog(t)
	tap := IMAP("imap.example.org:993")
	long := "* 1 FETCH (X \"" + strings.Repeat("x", 3*maxLine) + "\" BODY[] {13}\r\nBODY-MARKER-8)\r\n"
	feed(func(p []byte) { tap.server.write(p) }, long, 1000)
	log := read()
	mustNot(t, log, "BODY-MARKER-8", "xxxxxxxxxx")
	must(t, log, "[13 bytes left out]", "bytes left out]")
}

func TestOffWritesNothing(t *testing.T) {
	dir := t.TempDir()
	l := NewLog(dir)
	old := slog.Default()
	slog.SetDefault(slog.New(l.Handler()))
	defer slog.SetDefault(old)
	if IMAP("x:1") != nil || POP3("x:1") != nil || SMTP("x:1") != nil {
		t.Fatal("a tap exists while the log is off")
	}
	slog.Info("sync pass", "account", "ana@example.org")
	slog.Debug("detail")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Fatalf("the log is off, yet the folder holds %v", entries)
	}
	ev := l.Events()
	if len(ev) != 1 || ev[0].Details != "account=***@example.org" {
		t.Fatalf("events = %+v", ev)
	}
}

func TestRingKeepsTheLast(t *testing.T) {
	l := NewLog(t.TempDir())
	lg := slog.New(l.Handler())
	for i := range RingSize + 50 {
		lg.Warn("event", "n", i)
	}
	ev := l.Events()
	if len(ev) != RingSize || ev[0].Details != "n=50" || ev[RingSize-1].Details != "n="+itoa(RingSize+49) {
		t.Fatalf("ring holds %d events, first %q, last %q", len(ev), ev[0].Details, ev[len(ev)-1].Details)
	}
}

func TestRotationAtCap(t *testing.T) {
	dir := t.TempDir()
	r := NewRotator(dir, 1000) // two files of at most 500 bytes
	line := bytes.Repeat([]byte("x"), 99)
	line = append(line, '\n')
	for i := range 50 {
		line[0] = byte('a' + i%26)
		if _, err := r.Write(line); err != nil {
			t.Fatal(err)
		}
	}
	r.Close()
	paths := r.Paths()
	if len(paths) != 2 {
		t.Fatalf("files %v, want tern.log and tern.log.1", paths)
	}
	var total int64
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > 500 {
			t.Errorf("%s holds %d bytes, more than half the cap", p, st.Size())
		}
		total += st.Size()
	}
	if total != 1000 {
		t.Errorf("the files hold %d bytes together, want the last 1000", total)
	}
	f, _ := os.Open(paths[0])
	newest, _ := io.ReadAll(f)
	f.Close()
	if newest[len(newest)-100] != byte('a'+49%26) {
		t.Errorf("the newest file does not end with the last line")
	}
	if err := (&Log{rot: r}).rot.Remove(); err != nil || len(r.Paths()) != 0 {
		t.Fatalf("remove: %v, left %v", err, r.Paths())
	}
}

func TestScrub(t *testing.T) {
	for in, want := range map[string]string{
		"login as ana.lima@example.org failed":        "login as ***@example.org failed",
		`{"access_token":"ya29.secret","x":1}`:        `{"access_token":"` + Marker + `","x":1}`,
		"Authorization: Bearer ya29.secret-token":     "Authorization: Bearer " + Marker,
		"refresh_token=1//0refresh&client_id=tern":    "refresh_token=" + Marker + "&client_id=tern",
		"user=ana@example.org\x01auth=Bearer tok\x01": "user=***@example.org\x01auth=Bearer " + Marker + "\x01",
	} {
		if got := Scrub(in); got != want {
			t.Errorf("Scrub(%q) = %q, want %q", in, got, want)
		}
	}
}
