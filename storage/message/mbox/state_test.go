package mbox

import (
	"strings"
	"testing"
)

func TestStateOfThunderbird(t *testing.T) {
	cases := []struct {
		status, status2, keys string
		want                  Flags
	}{
		{"0000", "00000000", "", Flags{}},
		{"0001", "00000000", "", Flags{Seen: true}},
		{"0003", "00000000", "", Flags{Seen: true, Answered: true}},
		{"0005", "00000000", "$label1 work", Flags{Seen: true, Flagged: true, Keywords: []string{"$label1", "work"}}},
		{"0009", "00000000", "", Flags{Seen: true, Deleted: true}},
		{"1001", "00000000", "", Flags{Seen: true, Forwarded: true}},
		{"0001", "00200000", "", Flags{Seen: true, Deleted: true}}, // deleted on the IMAP server
		{"8001", "10010000", "", Flags{Seen: true}},                // priority and attachment bits
	}
	for _, c := range cases {
		raw := "X-Mozilla-Status: " + c.status + "\nX-Mozilla-Status2: " + c.status2 + "\nX-Mozilla-Keys: " + c.keys +
			"\nStatus: RO\nX-Status: D\nSubject: x\n\nbody\n"
		if got := StateOf(HeaderOf([]byte(raw))); !equalFlags(got, c.want) {
			t.Errorf("%s/%s: %+v, want %+v", c.status, c.status2, got, c.want)
		}
	}
}

func TestStateOfStatusFields(t *testing.T) {
	cases := map[string]Flags{
		"Status: RO\n":               {Seen: true},
		"Status: O\n":                {},
		"Status: RO\nX-Status: AF\n": {Seen: true, Answered: true, Flagged: true},
		"X-Status: T\n":              {Draft: true},
		"Status: R\nX-Status: D\n":   {Seen: true, Deleted: true},
		"Subject: nothing\n":         {},
	}
	for h, want := range cases {
		if got := StateOf(HeaderOf([]byte(h + "\nbody\n"))); !equalFlags(got, want) {
			t.Errorf("%q: %+v, want %+v", h, got, want)
		}
	}
}

func TestGmailLabels(t *testing.T) {
	h := HeaderOf([]byte("X-GM-THRID: 1\nX-Gmail-Labels: Inbox,Opened,\"Work, old\",Category Updates,\n =?UTF-8?Q?Reisen/M=C3=BCnchen?=,Starred\n\nbody\n"))
	labels, ok := GmailLabels(h)
	if !ok || strings.Join(labels, "|") != "Inbox|Opened|Work, old|Category Updates|Reisen/München|Starred" {
		t.Errorf("labels: %q %v", labels, ok)
	}
	if f := StateOf(h); !equalFlags(f, Flags{Seen: true, Flagged: true}) {
		t.Errorf("state: %+v", f)
	}
	if f := StateOf(HeaderOf([]byte("X-Gmail-Labels: Unread,Inbox\n\nx"))); f.Seen {
		t.Errorf("unread: %+v", f)
	}
	if _, ok := GmailLabels(HeaderOf([]byte("Subject: x\n\nx"))); ok {
		t.Error("labels without the field")
	}
}

func TestMaildirFlags(t *testing.T) {
	cases := map[string]Flags{
		"1700000000.M1P2.host":          {},
		"1700000000.M1P2.host:2,":       {},
		"1700000000.M1P2.host:2,S":      {Seen: true},
		"1700000000.M1P2.host:2,DFPRST": {Draft: true, Flagged: true, Forwarded: true, Answered: true, Seen: true, Deleted: true},
		"1700000000.M1P2.host!2,RS":     {Answered: true, Seen: true},
	}
	for name, want := range cases {
		if got := MaildirFlags(name); !equalFlags(got, want) {
			t.Errorf("%s: %+v, want %+v", name, got, want)
		}
	}
}

func TestFingerprintIgnoresWhatMailboxesAdd(t *testing.T) {
	sent := "From: a@example.org\r\nSubject: hi\r\nMessage-ID: <x@example.org>\r\n\r\nFrom me\r\nbye\r\n"
	stored := []string{
		sent,
		strings.ReplaceAll(sent, "\r\n", "\n"),
		"X-Mozilla-Status: 0001\nX-Mozilla-Status2: 00000000\nX-Mozilla-Keys:                \n" +
			"From: a@example.org\nSubject: hi\nMessage-ID: <x@example.org>\nStatus: RO\nContent-Length: 15\n\n>From me\nbye\n\n",
		"X-GM-THRID: 123\nX-Gmail-Labels: Inbox,\n Opened\n" + strings.ReplaceAll(sent, "\r\n", "\n") + "\n",
	}
	want := Fingerprint([]byte(sent))
	for i, s := range stored {
		if got := Fingerprint([]byte(s)); got != want {
			t.Errorf("copy %d has another fingerprint", i)
		}
	}
	for _, other := range []string{
		strings.Replace(sent, "bye", "bye!", 1),
		strings.Replace(sent, "Subject: hi", "Subject: hi there", 1),
		strings.Replace(sent, "<x@", "<y@", 1),
	} {
		if Fingerprint([]byte(other)) == want {
			t.Errorf("a different message has the same fingerprint: %q", other)
		}
	}
}

func TestHeaderOfAndMessageID(t *testing.T) {
	h := HeaderOf([]byte("Subject: one\r\n two\r\nMessage-ID:\r\n <id@example.org> (comment)\r\nnot a field\r\n\r\nX-Body: no\r\n"))
	if h.Get("subject") != "one two" || h.MessageID() != "id@example.org" || h.Has("X-Body") {
		t.Errorf("%+v %q", h, h.MessageID())
	}
}
