package gui

import (
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage/message"
)

// maxShownStem is how much of a name shows before its real extension.
const maxShownStem = 48

// attachmentLabel splits an attachment's name for display, as the file
// will be saved (message.SafeFilename: no control, bidirectional or
// invisible characters, white space collapsed): the name without its real
// extension (shortened, and marked with … where it was cut or where white
// space hid the extension), and the real extension with the type's
// friendly name from message.AttachmentKind, which is always shown in
// full: "Invoice-2026.pdf …" and ".exe — Program".
func attachmentLabel(a message.Attachment) (stem, kind string) {
	k := message.KindOf(a)
	stem = message.SafeFilename(a.Filename, a.ContentType, a.Index)
	if k.Ext != "" && strings.HasSuffix(strings.ToLower(stem), k.Ext) {
		stem = stem[:len(stem)-len(k.Ext)]
	}
	hidden := strings.HasSuffix(stem, " ") || strings.HasSuffix(stem, ".")
	stem = strings.TrimRight(stem, " .")
	if r := []rune(stem); len(r) > maxShownStem {
		stem, hidden = string(r[:maxShownStem]), true
	}
	if hidden {
		stem += " …"
	}
	if k.Ext == "" {
		return stem, k.TypeName
	}
	return stem, i18n.T("attach.kind", i18n.Args{"Ext": k.Ext, "Type": k.TypeName})
}

// kindName names a kind with its extension: "Program (.exe)".
func kindName(k message.Kind) string {
	if k.Ext != "" {
		return i18n.T("attach.kind_name", i18n.Args{"Type": k.TypeName, "Ext": k.Ext})
	}
	return k.TypeName
}
