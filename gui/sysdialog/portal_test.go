//go:build !windows && !darwin

package sysdialog

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"

	"github.com/tern-mail/tern/internal/testenv"
)

// privateBus starts a D-Bus daemon of the test's own, with no services
// to start (so no real portal can answer), and makes it the session bus.
func privateBus(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		testenv.Missing(t, "dbus-daemon (Debian package dbus)")
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

// fakePortal is a stand-in for xdg-desktop-portal written for the test:
// it implements the FileChooser's OpenFile and SaveFile, keeps the
// options it was given, and answers through the Request's Response
// signal with the URIs it was told to, as the real portal does once the
// person has chosen.
type fakePortal struct {
	conn    *dbus.Conn
	uris    []string
	code    uint32
	mu      sync.Mutex
	method  string
	title   string
	parent  string
	options map[string]dbus.Variant
}

func startFakePortal(t *testing.T, addr string, version uint32, uris ...string) *fakePortal {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	p := &fakePortal{conn: conn, uris: uris}
	if err := conn.Export(p, portalPath, chooserIface); err != nil {
		t.Fatal(err)
	}
	if _, err := prop.Export(conn, portalPath, prop.Map{chooserIface: {"version": {Value: version}}}); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName(portalDest, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", portalDest, reply, err)
	}
	return p
}

// OpenFile is the portal's method.
func (p *fakePortal) OpenFile(sender dbus.Sender, parent, title string, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	return p.answer("OpenFile", sender, parent, title, options)
}

// SaveFile is the portal's method.
func (p *fakePortal) SaveFile(sender dbus.Sender, parent, title string, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	return p.answer("SaveFile", sender, parent, title, options)
}

func (p *fakePortal) answer(method string, sender dbus.Sender, parent, title string, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	p.mu.Lock()
	p.method, p.title, p.parent, p.options = method, title, parent, options
	code := p.code
	p.mu.Unlock()
	token, _ := options["handle_token"].Value().(string)
	handle := dbus.ObjectPath("/org/freedesktop/portal/desktop/request/" +
		strings.ReplaceAll(strings.TrimPrefix(string(sender), ":"), ".", "_") + "/" + token)
	go p.conn.Emit(handle, requestIface+".Response", code, map[string]dbus.Variant{"uris": dbus.MakeVariant(p.uris)})
	return handle, nil
}

func (p *fakePortal) got() (string, string, string, map[string]dbus.Variant) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.method, p.title, p.parent, p.options
}

// TestAttachThreeFilesThroughPortal: choosing three files in one go
// through the (fake) portal gives their three paths, and the dialog was
// asked for several files, with the title, folder and filter given.
func TestAttachThreeFilesThroughPortal(t *testing.T) {
	addr := privateBus(t)
	p := startFakePortal(t, addr, 4, "file:///home/ann/Documents/report.pdf",
		"file:///home/ann/Documents/photo%20of%20us.jpg", "file:///home/ann/Documents/%D0%BE%D1%82%D1%87%D1%91%D1%82.txt")
	paths, err := OpenFiles(context.Background(), Options{Title: "Attach files", Folder: "/home/ann/Documents",
		Filters: []Filter{{Name: "Documents", Patterns: []string{"*.pdf", "*.txt"}}}, Parent: 0x3a00007})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/home/ann/Documents/report.pdf", "/home/ann/Documents/photo of us.jpg", "/home/ann/Documents/отчёт.txt"}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("OpenFiles = %q, want %q", paths, want)
	}
	method, title, parent, o := p.got()
	if method != "OpenFile" || title != "Attach files" || parent != "x11:3a00007" {
		t.Errorf("portal called %s(%q, %q)", method, parent, title)
	}
	if m, _ := o["multiple"].Value().(bool); !m {
		t.Errorf("multiple = %v", o["multiple"])
	}
	if f, _ := o["current_folder"].Value().([]byte); string(f) != "/home/ann/Documents\x00" {
		t.Errorf("current_folder = %q", f)
	}
	if _, ok := o["filters"]; !ok {
		t.Errorf("no filters in %v", o)
	}
}

// TestSaveAndFolderThroughPortal: SaveFile fills in the name
// (current_name); PickFolder asks for a directory; a cancelled dialog
// is no path and no error.
func TestSaveAndFolderThroughPortal(t *testing.T) {
	addr := privateBus(t)
	p := startFakePortal(t, addr, 4, "file:///home/ann/Downloads/invoice.pdf")
	path, err := SaveFile(context.Background(), Options{Title: "Save as", Name: "invoice.pdf", Folder: "/home/ann/Downloads"})
	if err != nil || path != "/home/ann/Downloads/invoice.pdf" {
		t.Fatalf("SaveFile = %q, %v", path, err)
	}
	method, title, _, o := p.got()
	if name, _ := o["current_name"].Value().(string); method != "SaveFile" || title != "Save as" || name != "invoice.pdf" {
		t.Errorf("portal called %s(%q) with current_name %v", method, title, o["current_name"])
	}
	if _, err := PickFolder(context.Background(), Options{Title: "Save all"}); err != nil {
		t.Fatal(err)
	}
	if _, _, _, o := p.got(); o["directory"].Value() != true || o["multiple"].Value() != false {
		t.Errorf("PickFolder options %v", o)
	}
	p.mu.Lock()
	p.code = 1 // the person cancelled
	p.mu.Unlock()
	if paths, err := OpenFiles(context.Background(), Options{}); err != nil || paths != nil {
		t.Errorf("cancelled OpenFiles = %q, %v", paths, err)
	}
}

// fakeTool puts a program called name on PATH (and nothing else) that
// writes its arguments, one a line, to a file and prints out.
func fakeTool(t *testing.T, name, out string) (argsFile string) {
	t.Helper()
	dir := t.TempDir()
	argsFile = filepath.Join(dir, "args")
	script := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> " + argsFile + "; done\nprintf '" + out + "'\n"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	t.Setenv("DISPLAY", ":99")
	t.Setenv("XDG_CURRENT_DESKTOP", "GNOME")
	return argsFile
}

// TestZenityWhenNoPortal: with no portal on the bus, a (fake) zenity is
// asked, for several files and for a save with the name filled in and
// overwriting confirmed.
func TestZenityWhenNoPortal(t *testing.T) {
	privateBus(t)
	argsFile := fakeTool(t, "zenity", `/tmp/a.txt\n/tmp/b c.pdf\n/tmp/d.png\n`)
	paths, err := OpenFiles(context.Background(), Options{Title: "Attach files", Folder: "/tmp"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"/tmp/a.txt", "/tmp/b c.pdf", "/tmp/d.png"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("OpenFiles = %q, want %q", paths, want)
	}
	args, _ := os.ReadFile(argsFile)
	for _, want := range []string{"--file-selection", "--multiple", "--title=Attach files", "--filename=/tmp/"} {
		if !strings.Contains(string(args), want+"\n") {
			t.Errorf("zenity was run with\n%s\nwithout %s", args, want)
		}
	}
	os.Remove(argsFile)
	if _, err := SaveFile(context.Background(), Options{Name: "report.pdf", Folder: "/home/ann"}); err != nil {
		t.Fatal(err)
	}
	args, _ = os.ReadFile(argsFile)
	for _, want := range []string{"--save", "--confirm-overwrite", "--filename=/home/ann/report.pdf"} {
		if !strings.Contains(string(args), want+"\n") {
			t.Errorf("zenity was run with\n%s\nwithout %s", args, want)
		}
	}
}

// TestUnavailableWithoutAnyDialog: no portal, no zenity, no kdialog:
// ErrUnavailable, so the window uses its own dialog.
func TestUnavailableWithoutAnyDialog(t *testing.T) {
	privateBus(t)
	t.Setenv("PATH", t.TempDir())
	t.Setenv("DISPLAY", ":99")
	if _, err := OpenFiles(context.Background(), Options{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("OpenFiles = %v, want ErrUnavailable", err)
	}
	if _, err := PickFolder(context.Background(), Options{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("PickFolder = %v, want ErrUnavailable", err)
	}
}
