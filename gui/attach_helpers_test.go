package gui

import (
	"testing"

	"github.com/tern-mail/tern/storage/message"
)

func attachmentNamed(name string) message.Attachment {
	return message.Attachment{Filename: name, ContentType: "text/plain", Data: []byte("x")}
}

type draftT = message.Draft

func replyOf(p *message.Parsed, me message.Address) message.Draft {
	return message.Reply(p, me, nil, false)
}

// writtenAttachment writes a small text attachment called name into dir
// as the reader does for Save and Open, and returns its path.
func writtenAttachment(t *testing.T, dir, name string) string {
	t.Helper()
	r := &reader{bg: func(f func()) { f() }}
	var got string
	r.writeAttachment(dir, attachmentNamed(name), func(p string, err error) {
		if err != nil {
			t.Fatal(err)
		}
		got = p
	})
	return got
}
