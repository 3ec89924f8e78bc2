package demo

import (
	"bytes"
	"encoding/base64"
	"mime"
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
)

// ownMessages are the demo mailbox's messages from Tern itself, by file
// name: they greet the person in their language. The .eml files are
// their English originals, which give the header (sender, date, id); the
// subject and text come from the catalogs.
var ownMessages = map[string]func() (subject, text string){
	"inbox-01-flagged.eml": welcome,
	"inbox-26-seen.eml":    tipOffline,
}

// welcome is the welcome message: what to try in the demo.
func welcome() (subject, text string) {
	tips := []string{
		i18n.T("demo.welcome.tip.read"),
		i18n.T("demo.welcome.tip.delete"),
		i18n.T("demo.welcome.tip.archive"),
		i18n.T("demo.welcome.tip.select"),
		i18n.T("demo.welcome.tip.search"),
		i18n.T("demo.welcome.tip.write", i18n.Args{"Address": Address}),
	}
	paragraphs := []string{
		i18n.T("demo.welcome.hello"),
		i18n.T("demo.welcome.intro"),
		i18n.T("demo.welcome.try") + "\n" + bullets(tips),
		i18n.T("demo.welcome.stays"),
		i18n.T("demo.welcome.signoff"),
	}
	return i18n.T("demo.welcome.subject"), strings.Join(paragraphs, "\n\n") + "\n"
}

// tipOffline is the tip about working offline.
func tipOffline() (subject, text string) {
	return i18n.T("demo.tip_offline.subject"), i18n.T("demo.tip_offline.copy") + "\n" + i18n.T("demo.tip_offline.sync") + "\n"
}

// bullets lists items one under the other, each after "- ", the lines
// of an item that runs over several indented under its first.
func bullets(items []string) string {
	for i, it := range items {
		items[i] = "- " + strings.ReplaceAll(it, "\n", "\n  ")
	}
	return strings.Join(items, "\n")
}

// rewrite returns the message raw with its subject and text replaced:
// its other header fields are kept, the text is UTF-8 in base64, and
// lines end in CRLF.
func rewrite(raw []byte, subject, text string) []byte {
	head, _, _ := bytes.Cut(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")), []byte("\n\n"))
	var b bytes.Buffer
	skip := false
	for _, line := range strings.Split(string(head), "\n") {
		if line == "" {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			name, _, _ := strings.Cut(line, ":")
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "subject", "content-type", "content-transfer-encoding":
				skip = true
			default:
				skip = false
			}
		}
		if !skip {
			b.WriteString(line + "\r\n")
		}
	}
	b.WriteString("Subject: " + mime.QEncoding.Encode("utf-8", subject) + "\r\n")
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(text, "\n", "\r\n")))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}
