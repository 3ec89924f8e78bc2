package message

import (
	"bytes"
	"regexp"

	"github.com/tern-mail/tern/assets/i18n"
)

// sniffBytes is how much of a file SniffContent reads.
const sniffBytes = 64 << 10

// Sniffed is what the first bytes of a file say it is, whatever its name.
type Sniffed struct {
	// TypeName names what was found in the person's language ("Program",
	// "Script", "Launcher", "Web page", "SVG picture"); "" when nothing
	// was recognised.
	TypeName string
	// Dangerous is true for programs (Windows MZ, Linux ELF, macOS
	// Mach-O), scripts that start with a "#!" line and desktop launchers
	// ("[Desktop Entry]"): a desktop runs these whatever their name says
	// (on Linux, one that has Wine installed runs an MZ file with it).
	Dangerous bool
	// Browser is true for HTML and SVG, which a system opens in a web
	// browser.
	Browser bool
	// Script is true when the content holds script a browser would run:
	// a <script> element, a javascript: address or an event attribute.
	Script bool
}

// programMagic are the first bytes of program files: MZ (Windows and
// DOS), ELF (Linux and most Unix systems), and Mach-O (macOS) thin and
// universal binaries in both byte orders. CAFEBABE is also a Java class
// file, a program too.
var programMagic = [][]byte{
	[]byte("MZ"),
	[]byte("\x7fELF"),
	{0xFE, 0xED, 0xFA, 0xCE}, {0xCE, 0xFA, 0xED, 0xFE},
	{0xFE, 0xED, 0xFA, 0xCF}, {0xCF, 0xFA, 0xED, 0xFE},
	{0xCA, 0xFE, 0xBA, 0xBE}, {0xBE, 0xBA, 0xFE, 0xCA},
}

// markup finds the start of an HTML or SVG document.
var markup = regexp.MustCompile(`(?i)^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(!doctype\s+(html|svg)|html|head|body|svg|script|iframe)[\s>/]`)

// scripted finds what a browser runs in a page: <script>, a javascript:
// address, or an event attribute (onload=, onclick=…).
var scripted = regexp.MustCompile(`(?is)<script|javascript\s*:|<[a-z][^>]*\son[a-z]+\s*=`)

// desktopEntry finds the group a Linux desktop launcher starts with,
// after any comments or blank lines.
var desktopEntry = regexp.MustCompile(`(?m)^\s*\[Desktop Entry\]\s*$`)

// SniffContent looks at the first bytes of a file's content.
func SniffContent(data []byte) Sniffed {
	s, id := sniff(data)
	if id != "" {
		s.TypeName = i18n.T(id)
	}
	return s
}

// sniff is SniffContent with the type name left as its catalog id.
func sniff(data []byte) (Sniffed, string) {
	if len(data) > sniffBytes {
		data = data[:sniffBytes]
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for _, m := range programMagic {
		if bytes.HasPrefix(data, m) {
			return Sniffed{Dangerous: true}, tnProgram
		}
	}
	if bytes.HasPrefix(data, []byte("#!")) {
		return Sniffed{Dangerous: true}, tnScript
	}
	if desktopEntry.Match(data) {
		return Sniffed{Dangerous: true}, tnLauncher
	}
	var s Sniffed
	id := ""
	if m := markup.FindSubmatch(bytes.TrimSpace(data)); m != nil {
		s.Browser, id = true, tnWebPage
		if bytes.EqualFold(m[1], []byte("svg")) || bytes.EqualFold(m[2], []byte("svg")) {
			id = tnSVG
		}
	}
	s.Script = scripted.Match(data)
	return s, id
}
