package gui

import "github.com/tern-mail/tern/storage/message"

func attachmentNamed(name string) message.Attachment {
	return message.Attachment{Filename: name, ContentType: "text/plain", Data: []byte("x")}
}
