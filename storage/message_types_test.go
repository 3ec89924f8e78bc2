package storage

import (
	"context"
	"testing"

	"github.com/tern-mail/tern/storage/message"
)

// The store keeps message's own types: addresses as parsed, attachments
// as Summarize describes them.
func TestStoredMessageUsesMessageTypes(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	f := setupFolder(t, s)
	d := message.Draft{
		From: message.Address{Name: "Doe, John", Email: "john@example.org"},
		To:   []message.Address{{Name: "Müller, Jörg", Email: "joerg@example.org"}, {Name: `Anna "Nan"`, Email: "anna@example.org"}},
		Cc:   []message.Address{{Email: "cc@example.org"}},
		Text: "see attached",
		Attachments: []message.OutAttachment{
			{Filename: "plan.pdf", Data: []byte("%PDF-1.4 plan")},
			{Filename: "../../etc/Über uns.txt", Data: []byte("hello")},
		},
		Subject: "Plans",
	}
	raw, _, err := message.Compose(d)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.AddMessage(ctx, f.ID, NewMessage{Raw: raw})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Message(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := (message.Address{Name: m.FromName, Email: m.FromAddr}); got != d.From {
		t.Errorf("from %+v", got)
	}
	for _, c := range []struct {
		field, stored string
		want          []message.Address
	}{{"To", m.To, d.To}, {"Cc", m.Cc, d.Cc}} {
		l, err := message.ParseAddressList(c.stored)
		if err != nil || len(l) != len(c.want) {
			t.Errorf("%s %q: %+v %v", c.field, c.stored, l, err)
			continue
		}
		for i := range l {
			if l[i] != c.want[i] {
				t.Errorf("%s %d: %+v, want %+v", c.field, i, l[i], c.want[i])
			}
		}
	}
	want := message.Summarize(raw).Attachments
	if len(m.Attachments) != len(want) || len(want) != 2 {
		t.Fatalf("attachments %+v, want %+v", m.Attachments, want)
	}
	for i := range want {
		if m.Attachments[i].Data != nil || m.Attachments[i].Filename != want[i].Filename ||
			m.Attachments[i].Size != want[i].Size || m.Attachments[i].ContentType != want[i].ContentType ||
			m.Attachments[i].Index != i {
			t.Errorf("attachment %d: %+v, want %+v", i, m.Attachments[i], want[i])
		}
	}
}
