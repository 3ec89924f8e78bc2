package mbox

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tern-mail/tern/internal/testenv"
)

// samples are messages with the quirks other programs' files hold:
// "From " lines in the body, a missing final newline, 8-bit headers.
var samples = []string{
	"From: Ana <ana@example.org>\nSubject: plain\nMessage-ID: <1@example.org>\n\nHello\n",
	"From: Bo <bo@example.org>\nSubject: from lines\nMessage-ID: <2@example.org>\n\nFrom the start\nmiddle\n\nFrom here on\nend\n",
	"From: Caf\xe9 <c@example.org>\nSubject: 8-bit \xfcber\nMessage-ID: <3@example.org>\n\nK\xe4se\n",
	"From: Dee <d@example.org>\nSubject: no final newline\nMessage-ID: <4@example.org>\n\nno newline",
}

// python runs a Python 3 program with args.
func python(t *testing.T, program string, args ...string) []byte {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		testenv.Missing(t, "python3 (Debian package python3)")
	}
	out, err := exec.Command(py, append([]string{"-c", program}, args...)...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("python3: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	return out
}

// writeSamples writes the samples for a Python program to read, each as
// Latin-1 text (bytes 0-255 kept as they are).
func writeSamples(t *testing.T) string {
	t.Helper()
	var s []string
	for _, m := range samples {
		s = append(s, latin1(m))
	}
	f := filepath.Join(t.TempDir(), "samples.json")
	data, _ := json.Marshal(s)
	if err := os.WriteFile(f, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

func latin1(b string) string {
	r := make([]rune, len(b))
	for i := 0; i < len(b); i++ {
		r[i] = rune(b[i])
	}
	return string(r)
}

const pythonMbox = `
import json, mailbox, sys
samples = [s.encode("latin-1") for s in json.load(open(sys.argv[1]))]
box = mailbox.mbox(sys.argv[2])
for raw in samples:
    box.add(raw)
flags = ["RO", "O", "ROFA", "ROD"]
for i, f in enumerate(flags):
    m = mailbox.mboxMessage(b"From: x@example.org\nSubject: flags %d\n\nbody\n" % i)
    m.set_flags(f)
    box.add(m)
box.flush()
box.close()
`

// TestReadsMboxWrittenByPython: Python's mailbox module writes mboxo
// (a body's "From " lines quoted, a blank line between messages, a
// final newline added) and Status/X-Status for flags.
func TestReadsMboxWrittenByPython(t *testing.T) {
	file := filepath.Join(t.TempDir(), "py.mbox")
	python(t, pythonMbox, writeSamples(t), file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\n>From here on\n") {
		t.Fatalf("Python did not quote as expected:\n%s", data)
	}
	ms := readAll(t, string(data))
	want := append([]string{}, samples...)
	want[3] += "\n" // Python adds the final newline
	if len(ms) != len(samples)+4 {
		t.Fatalf("%d messages, want %d", len(ms), len(samples)+4)
	}
	wantRaws(t, ms[:len(samples)], want...)
	for i, m := range ms {
		if !strings.HasPrefix(m.From, "MAILER-DAEMON ") {
			t.Errorf("message %d From_ line %q", i, m.From)
		}
		if _, ok := FromLineDate(m.From); !ok {
			t.Errorf("message %d: no date in %q", i, m.From)
		}
	}
	wantFlags := []Flags{{Seen: true}, {}, {Seen: true, Flagged: true, Answered: true}, {Seen: true, Deleted: true}}
	for i, w := range wantFlags {
		if got := StateOf(HeaderOf(ms[len(samples)+i].Raw)); !equalFlags(got, w) {
			t.Errorf("flags %d: %+v, want %+v", i, got, w)
		}
	}
}

const pythonMaildir = `
import json, mailbox, sys
samples = [s.encode("latin-1") for s in json.load(open(sys.argv[1]))]
box = mailbox.Maildir(sys.argv[2], create=True)
flags = ["S", "", "FRS", "DT"]
names = {}
for raw, f in zip(samples, flags):
    m = mailbox.MaildirMessage(raw)
    m.set_subdir("cur" if f else "new")
    m.set_flags(f)
    key = box.add(m)
    names[key] = f
box.flush()
print(json.dumps(names))
`

// TestReadsMaildirWrittenByPython: Python's mailbox module files
// messages in new/ and cur/ with their flags after ":2,".
func TestReadsMaildirWrittenByPython(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Maildir")
	out := python(t, pythonMaildir, writeSamples(t), dir)
	var names map[string]string
	if err := json.Unmarshal(out, &names); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !IsMaildir(dir) || IsMaildir(t.TempDir()) {
		t.Fatal("IsMaildir")
	}
	ents, err := ListMaildir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != len(samples) {
		t.Fatalf("%d entries, want %d", len(ents), len(samples))
	}
	byFlags := map[string]Flags{"S": {Seen: true}, "": {}, "FRS": {Flagged: true, Answered: true, Seen: true},
		"DT": {Draft: true, Deleted: true}}
	var subjects []string
	for _, e := range ents {
		key := uniquePart(e.Name)
		f, ok := names[key]
		if !ok {
			t.Fatalf("entry %s is not one Python wrote (%v)", e.Name, names)
		}
		if !equalFlags(e.Flags, byFlags[f]) {
			t.Errorf("%s: flags %+v, want %+v", e.Name, e.Flags, byFlags[f])
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name))
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(raw)) != e.Size {
			t.Errorf("%s: size %d, file %d", e.Name, e.Size, len(raw))
		}
		subjects = append(subjects, HeaderOf(raw).Get("Subject"))
	}
	sort.Strings(subjects)
	if strings.Join(subjects, "|") != "8-bit \xfcber|from lines|no final newline|plain" {
		t.Errorf("subjects: %q", subjects)
	}
}

// TestReadsMboxAndMaildirWrittenByMutt: mutt writes mbox without
// quoting, relying on Content-Length (mboxcl2), and Status: RO.
func TestReadsMboxAndMaildirWrittenByMutt(t *testing.T) {
	mutt, err := exec.LookPath("mutt")
	if err != nil {
		testenv.Missing(t, "mutt (Debian package mutt)")
	}
	dir := t.TempDir()
	body := "Hello\nFrom the start of a line\n>From quoted\n\nFrom someone@example.org Mon Jan  2 15:04:05 2006\nSubject: not a message\n\nbye"
	send := func(record, boxType, subject string) {
		t.Helper()
		rc := filepath.Join(dir, "muttrc-"+boxType)
		conf := "set sendmail=\"/bin/true\"\nset record=\"" + record + "\"\nset mbox_type=" + boxType +
			"\nset from=\"Ana <ana@example.org>\"\nset use_from=yes\nset charset=\"utf-8\"\nset send_charset=\"utf-8\"\n"
		if err := os.WriteFile(rc, []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(mutt, "-n", "-F", rc, "-s", subject, "bob@example.org")
		cmd.Stdin = strings.NewReader(body)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("mutt: %v\n%s", err, out)
		}
	}
	box := filepath.Join(dir, "sent.mbox")
	send(box, "mbox", "first")
	send(box, "mbox", "second")
	data, err := os.ReadFile(box)
	if err != nil {
		t.Fatal(err)
	}
	ms := readAll(t, string(data))
	if len(ms) != 2 {
		t.Fatalf("%d messages in mutt's mbox, want 2:\n%s", len(ms), data)
	}
	for i, m := range ms {
		h := HeaderOf(m.Raw)
		if h.Get("Subject") != []string{"first", "second"}[i] || !h.Has("Content-Length") {
			t.Errorf("message %d: %q", i, m.Raw)
		}
		if _, b, _ := strings.Cut(string(m.Raw), "\n\n"); b != body+"\n" {
			t.Errorf("message %d body:\n%q\nwant\n%q", i, b, body+"\n")
		}
		if f := StateOf(h); !f.Seen {
			t.Errorf("message %d flags %+v", i, f)
		}
	}

	md := filepath.Join(dir, "Maildir")
	send(md, "Maildir", "third")
	ents, err := ListMaildir(md)
	if err != nil || len(ents) != 1 || !ents[0].Flags.Seen {
		t.Fatalf("mutt's maildir: %+v %v", ents, err)
	}
}

func equalFlags(a, b Flags) bool {
	return a.Seen == b.Seen && a.Answered == b.Answered && a.Flagged == b.Flagged && a.Draft == b.Draft &&
		a.Deleted == b.Deleted && a.Forwarded == b.Forwarded && strings.Join(a.Keywords, " ") == strings.Join(b.Keywords, " ")
}
