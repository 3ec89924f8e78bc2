package imap

import (
	"bufio"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"

	"github.com/tern-mail/tern/storage"
)

func TestRolesByWellKnownNames(t *testing.T) {
	for name, want := range map[string]string{
		"Sent": storage.RoleSent, "Gesendet": storage.RoleSent, "Éléments envoyés": storage.RoleSent,
		"[Gmail]/Sent Mail": storage.RoleSent, "Papierkorb": storage.RoleTrash, "Deleted Items": storage.RoleTrash,
		"Trash": storage.RoleTrash, "Junk": storage.RoleJunk, "Spam": storage.RoleJunk, "Drafts": storage.RoleDrafts,
		"Entwürfe": storage.RoleDrafts, "Archive": storage.RoleArchive, "Projects/Sent": storage.RoleSent,
		"Projects": "", "Sent stuff": "",
	} {
		if got := roleByName(name, "/"); got != want {
			t.Errorf("roleByName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestNamespaceRelative(t *testing.T) {
	ns := personalNamespace(&imap.NamespaceData{Personal: []imap.NamespaceDescriptor{{Prefix: "INBOX.", Delim: '.'}}})
	for in, want := range map[string]string{"INBOX": "INBOX", "INBOX.Sent": "Sent", "INBOX.": "INBOX.", "Other": "Other"} {
		if got := ns.relative(in); got != want {
			t.Errorf("relative(%q) = %q, want %q", in, got, want)
		}
	}
	if ns.delim != "." || personalNamespace(nil) != (namespace{}) {
		t.Errorf("namespace %+v", ns)
	}
}

func TestParseLsub(t *testing.T) {
	for line, want := range map[string]string{
		`* LSUB () "." INBOX.Projects`:               "INBOX.Projects",
		`* LSUB (\HasNoChildren) "/" "Entw&APw-rfe"`: "Entwürfe",
		`* lsub () NIL "a \"b\""`:                    `a "b"`,
		`* LSUB () "/" "R&AOk-sum&AOk- &- more"`:     "Résumé & more",
		// Not modified UTF-7: named as nameConn names it in LIST.
		`* LSUB () "/" "bad&AB"`: `"bad&AB"`,
	} {
		if got, ok := parseLsub(line); !ok || got != want {
			t.Errorf("parseLsub(%q) = %q, %v; want %q", line, got, ok, want)
		}
	}
	for _, line := range []string{`* LSUB (\Noselect) "/" Parent`, `* LIST () "/" x`} {
		if got, ok := parseLsub(line); ok {
			t.Errorf("parseLsub(%q) = %q, want nothing", line, got)
		}
	}
}

func TestLsubLineInlinesLiterals(t *testing.T) {
	s := &lsubConn{r: bufio.NewReader(strings.NewReader("* LSUB () \".\" {13}\r\nINBOX.a \"b\" c\r\nu OK done\r\n"))}
	l, err := s.line()
	if err != nil {
		t.Fatal(err)
	}
	if name, ok := parseLsub(l); !ok || name != `INBOX.a "b" c` {
		t.Errorf("line %q read as %q, %v", l, name, ok)
	}
	if l, err := s.line(); err != nil || l != "u OK done" {
		t.Errorf("next line %q, %v", l, err)
	}
}

func TestGuessNamespace(t *testing.T) {
	f := func(names ...string) []remoteFolder {
		var out []remoteFolder
		for _, n := range names {
			out = append(out, remoteFolder{name: n, delim: "."})
		}
		return out
	}
	for _, tc := range []struct {
		folders []remoteFolder
		want    namespace
	}{
		{f("INBOX", "INBOX.Sent", "INBOX.Trash"), namespace{prefix: "INBOX.", delim: "."}},
		{f("INBOX.Sent", "INBOX"), namespace{prefix: "INBOX.", delim: "."}},
		{f("INBOX", "Sent", "INBOX.Sub"), namespace{}},
		{f("INBOX"), namespace{}},
		{[]remoteFolder{{name: "INBOX"}, {name: "Sent"}}, namespace{}},
	} {
		if got := guessNamespace(tc.folders); got != tc.want {
			t.Errorf("guessNamespace(%v) = %+v, want %+v", tc.folders, got, tc.want)
		}
	}
}
