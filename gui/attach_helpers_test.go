package gui

import "github.com/tern-mail/tern/storage/message"

func attachmentNamed(name string) message.Attachment {
	return message.Attachment{Filename: name, ContentType: "text/plain", Data: []byte("x")}
}

type draftT = message.Draft

func replyOf(p *message.Parsed, me message.Address) message.Draft {
	return message.Reply(p, me, nil, false)
}
