package imap

import (
	"bufio"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2/imapclient"
)

// goimapTakes reports whether go-imap reads a LIST response naming the
// folder name (its raw bytes, quoted), by serving it one over a pipe.
func goimapTakes(t *testing.T, name string) bool {
	t.Helper()
	client, server := net.Pipe()
	defer server.Close()
	c := imapclient.New(client, nil)
	defer c.Close()
	go func() {
		r := bufio.NewReader(server)
		server.Write([]byte("* OK ready\r\n"))
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			tag, cmd, _ := strings.Cut(line, " ")
			if strings.HasPrefix(cmd, "CAPABILITY") { // asked before some names
				server.Write([]byte("* CAPABILITY IMAP4rev1\r\n" + tag + " OK done\r\n"))
				continue
			}
			server.Write([]byte("* LIST () \"/\" " + quote(name) + "\r\n" + tag + " OK done\r\n"))
			io.Copy(io.Discard, r)
			return
		}
	}()
	list, err := c.List("", "*", nil).Collect()
	return err == nil && len(list) == 1
}

// The names go-imap takes and those it gives up on are told apart as
// go-imap tells them: a name it takes keeps the name it always had.
func TestValidMUTF7AgreesWithGoIMAP(t *testing.T) {
	for _, name := range []string{
		"INBOX", "Sent", "Entw&APw-rfe", "R&AOk-sum&AOk- &- more", "&-", "a&-b", "Caf\u00e9", "日本",
		"&ZeVnLIqe-", "&2D3eAA-", // a surrogate pair
		"Bad&name", "bad&AB", "&AGE-", "&AOk-&AOk-", "&AOk", "&", "x&Jjo!", "Caf\xe9", "\x01x", "a\x7fb",
		"&AOk=-", "&A-", "&AAA-", "&2D0-", "&3gA-", "&AOkA6Q-", "&AOkA-", "&AOk,-", "&,,,,-", "&++++-",
	} {
		got, want := validMUTF7(name), goimapTakes(t, name)
		if got != want {
			t.Errorf("validMUTF7(%q) = %v, go-imap takes it: %v", name, got, want)
		}
	}
}

// nameConnOver returns a nameConn reading what a server sends and the
// server's end.
func nameConnOver(t *testing.T) (*nameConn, net.Conn) {
	t.Helper()
	client, server := net.Pipe()
	t.Cleanup(func() { client.Close(); server.Close() })
	return newNameConn(client), server
}

// nameConn gives go-imap a stand-in for a name that is not modified
// UTF-7, in LIST, LSUB and STATUS responses, and leaves everything else —
// a literal that happens to hold such a line above all — as it came.
func TestNameConnRewritesOnlyNames(t *testing.T) {
	n, server := nameConnOver(t)
	lit := "* LIST () \"/\" \"Bad&name\"\r\nabcdefg"
	fetch := "* 1 FETCH (BODY[] {" + strconv.Itoa(len(lit)) + "}\r\n" + lit + ")\r\n"
	in := "* LIST (\\HasNoChildren) \"/\" \"Bad&name\"\r\n" +
		"* LIST () NIL {4}\r\nR&D.\r\n" +
		"* STATUS Bad&x (MESSAGES 1)\r\n" +
		fetch +
		"* LIST () \"/\" \"Entw&APw-rfe\"\r\n" +
		"* list () \".\" \"Caf\xe9\"\r\n" +
		"T1 OK done\r\n"
	go server.Write([]byte(in))
	want := "* LIST (\\HasNoChildren) \"/\" \"\\\"Bad&-name\\\"\"\r\n" +
		"* LIST () NIL \"\\\"R&-D.\\\"\"\r\n" +
		"* STATUS \"\\\"Bad&-x\\\"\" (MESSAGES 1)\r\n" +
		fetch +
		"* LIST () \"/\" \"Entw&APw-rfe\"\r\n" +
		"* list () \".\" \"\\\"Caf\\\\xe9\\\"\"\r\n" +
		"T1 OK done\r\n"
	got := make([]byte, len(want))
	if _, err := io.ReadFull(n, got); err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("read\n%q\nwant\n%q", got, want)
	}
	// A command that names a stand-in, once armed, names the raw
	// folder on the wire.
	n.mailbox(`"Caf\xe9"`)
	n.mailbox("Entw\u00fcrfe") // a good name: nothing to arm
	read := make(chan string)
	go func() {
		l, _ := bufio.NewReader(server).ReadString('\n')
		read <- l
	}()
	if _, err := n.Write([]byte("T2 SELECT \"\\\"Caf\\\\xe9\\\"\"\r\n")); err != nil {
		t.Fatal(err)
	}
	if l := <-read; l != "T2 SELECT \"Caf\xe9\"\r\n" {
		t.Errorf("wrote %q", l)
	}
}

// Only what standIn makes of a name that is not modified UTF-7 is taken
// for a stand-in.
func TestRawNameOfAStandIn(t *testing.T) {
	for folder, want := range map[string]string{`"Bad&name"`: "Bad&name", `"Caf\xe9"`: "Caf\xe9"} {
		if raw, ok := rawName(folder); !ok || raw != want {
			t.Errorf("rawName(%q) = %q, %v; want %q", folder, raw, ok, want)
		}
	}
	for _, folder := range []string{"Bad&name", `"Good"`, `"INBOX"`, `"a\u00e9"`, `"unclosed`, "Entw\u00fcrfe"} {
		if raw, ok := rawName(folder); ok {
			t.Errorf("rawName(%q) = %q, want none", folder, raw)
		}
	}
}
