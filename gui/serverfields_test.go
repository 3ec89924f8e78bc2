package gui

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/internal/dovecot"
)

// closedPort is a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return p
}

func dialogText(o fyne.CanvasObject) string {
	var texts []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			texts = append(texts, v.Text)
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return strings.Join(texts, "\n")
}

// Account settings show the servers; a change is tried on the server
// before it is saved, and kept out when it does not work.
func TestSettingsServerChangeIsCheckedFirst(t *testing.T) {
	w, m, _ := windowWithMail(t)
	w.showSettings()
	test.Tap(findButton(t, overlay(t, w), "Server settings…"))
	es := entries(overlay(t, w))
	var inHost, inPort *widget.Entry
	for i, e := range es {
		if e.Text == "pop.example.org" {
			inHost, inPort = e, es[i+1]
		}
	}
	if inHost == nil || inPort.Text != "995" {
		t.Fatal("no incoming server fields")
	}
	inHost.SetText("127.0.0.1")
	inPort.SetText("99999")
	test.Tap(findButton(t, overlay(t, w), "Check and save"))
	if got := dialogText(overlay(t, w)); !strings.Contains(got, "port must be a number from 1 to 65535") {
		t.Fatalf("bad port said %q", got)
	}
	w.showServerSettings("alice@example.org")
	es = entries(overlay(t, w))
	for i, e := range es {
		if e.Text == "pop.example.org" {
			e.SetText("127.0.0.1")
			es[i+1].SetText(strconv.Itoa(closedPort(t)))
		}
	}
	test.Tap(findButton(t, overlay(t, w), "Check and save"))
	if got := dialogText(overlay(t, w)); !strings.Contains(got, "The old settings are kept") || !strings.Contains(got, "could not reach") {
		t.Fatalf("refused said %q", got)
	}
	if a, _ := m.Get("alice@example.org"); a.Incoming.Host != "pop.example.org" || a.Incoming.Port != 995 {
		t.Fatalf("saved anyway: %+v", a.Incoming)
	}
}

// Settings that work on the server are saved.
func TestSettingsServerChangeSavedWhenItWorks(t *testing.T) {
	dv := dovecot.Start(t, dovecot.Options{})
	dv.AddUser(t, "alice@localhost", "right-pw")
	m := newManager(t)
	e := engine.New(m, engine.Options{})
	a, err := m.Add(context.Background(), accounts.Account{Name: "Alice", Address: "alice@localhost", Protocol: accounts.POP3,
		Incoming: accounts.Server{Host: "pop.old.example", Port: 995, Security: accounts.TLS, Username: "alice@localhost"}}, "right-pw")
	if err != nil {
		t.Fatal(err)
	}
	w := NewMainWindow(test.NewTempApp(t), m, e, Info{Name: "Tern"})
	f := newServerFields(a)
	f.inHost.SetText("localhost")
	f.inPort.SetText(strconv.Itoa(dv.POP3SPort))
	w.saveSettings(a, f)
	got, _ := m.Get(a.ID)
	if got.Incoming.Host != "localhost" || got.Incoming.Port != dv.POP3SPort {
		t.Fatalf("not saved: %+v (status %q)", got.Incoming, w.status.Text)
	}
	if w.status.Text != "The new server settings work and are saved." {
		t.Fatalf("status %q", w.status.Text)
	}
}
