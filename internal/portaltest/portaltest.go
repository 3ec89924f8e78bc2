// Package portaltest is a stand-in for xdg-desktop-portal's Print, for
// tests: a D-Bus daemon of the test's own (with no services to start, so
// no real portal can answer) made the session bus, and a fake portal on
// it that answers PreparePrint as if the person chose a printer and
// pressed Print (or Cancel), and takes the file Print hands it, as the
// desktop's portal does before it gives the file to CUPS.
package portaltest

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"

	"github.com/tern-mail/tern/internal/testenv"
)

// The portal's names on the bus.
const (
	dest         = "org.freedesktop.portal.Desktop"
	path         = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	printIface   = "org.freedesktop.portal.Print"
	requestIface = "org.freedesktop.portal.Request"
)

// Bus starts a private D-Bus daemon, makes it the session bus of the
// test (DBUS_SESSION_BUS_ADDRESS) and returns its address.
func Bus(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		testenv.Missing(t, "dbus-daemon (Debian package dbus-daemon)")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=`+filepath.Join(dir, "bus")+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	addr, err := bufio.NewReader(out).ReadString('\n') // printed once it listens
	if err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	addr = strings.TrimSpace(addr)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}

// Token is the token the fake's PreparePrint answers with.
const Token uint32 = 4242

// Call is one call the fake portal took.
type Call struct {
	Method  string // PreparePrint or Print
	Parent  string
	Title   string
	Options map[string]dbus.Variant
	File    []byte // what Print was handed
}

// Print is the fake portal's Print interface.
type Print struct {
	conn *dbus.Conn
	mu   sync.Mutex
	// Cancel makes PreparePrint answer as if the person cancelled.
	cancel bool
	calls  []Call
	// printed is run with each file Print is handed; its error makes the
	// Response say the job ended without printing.
	printed func(file []byte) error
}

// StartPrint exports a fake Print portal on the bus at addr. printed
// (may be nil) gets each file Print is handed.
func StartPrint(t testing.TB, addr string, printed func(file []byte) error) *Print {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	p := &Print{conn: conn, printed: printed}
	if err := conn.Export(p, path, printIface); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName(dest, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", dest, reply, err)
	}
	return p
}

// SetCancel makes the next PreparePrint calls answer Cancel (true) or
// Print (false).
func (p *Print) SetCancel(c bool) {
	p.mu.Lock()
	p.cancel = c
	p.mu.Unlock()
}

// Calls are the calls the fake took, in order.
func (p *Print) Calls() []Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Call(nil), p.calls...)
}

// PreparePrint is the portal's method: the person chose and pressed
// Print, or Cancel.
func (p *Print) PreparePrint(sender dbus.Sender, parent, title string, settings, pageSetup, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	p.mu.Lock()
	p.calls = append(p.calls, Call{Method: "PreparePrint", Parent: parent, Title: title, Options: options})
	code := uint32(0)
	if p.cancel {
		code = 1
	}
	p.mu.Unlock()
	results := map[string]dbus.Variant{
		"settings":   dbus.MakeVariant(map[string]dbus.Variant{"printer": dbus.MakeVariant("TernPDF")}),
		"page-setup": dbus.MakeVariant(map[string]dbus.Variant{"PPDName": dbus.MakeVariant("A4")}),
		"token":      dbus.MakeVariant(Token),
	}
	return p.respond(sender, options, code, results), nil
}

// Print is the portal's method: it reads the file it is handed.
func (p *Print) Print(sender dbus.Sender, parent, title string, fd dbus.UnixFD, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	f := os.NewFile(uintptr(fd), "printed")
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return "", dbus.MakeFailedError(err)
	}
	p.mu.Lock()
	p.calls = append(p.calls, Call{Method: "Print", Parent: parent, Title: title, Options: options, File: data})
	p.mu.Unlock()
	code := uint32(0)
	if p.printed != nil {
		if err := p.printed(data); err != nil {
			code = 2
		}
	}
	return p.respond(sender, options, code, map[string]dbus.Variant{}), nil
}

// respond emits the Response of the request the options' handle_token
// names, after the method has returned its path, as the portal does.
func (p *Print) respond(sender dbus.Sender, options map[string]dbus.Variant, code uint32, results map[string]dbus.Variant) dbus.ObjectPath {
	token, _ := options["handle_token"].Value().(string)
	handle := dbus.ObjectPath("/org/freedesktop/portal/desktop/request/" +
		strings.ReplaceAll(strings.TrimPrefix(string(sender), ":"), ".", "_") + "/" + token)
	go p.conn.Emit(handle, requestIface+".Response", code, results)
	return handle
}
