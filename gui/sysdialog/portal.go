//go:build !windows && !darwin

package sysdialog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/godbus/dbus/v5"
)

// The xdg-desktop-portal FileChooser: a method call returns a Request
// object, whose Response signal brings the answer once the person has
// chosen.
const (
	portalDest   = "org.freedesktop.portal.Desktop"
	portalPath   = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	chooserIface = "org.freedesktop.portal.FileChooser"
	requestIface = "org.freedesktop.portal.Request"
)

// errNoPortal says no portal answered: the caller tries zenity and
// kdialog.
var errNoPortal = errors.New("sysdialog: no portal")

// portalFilter is a filter as the portal takes it: a name and rules of
// kind 0 (a glob pattern) or 1 (a media type).
type portalFilter struct {
	Name  string
	Rules []portalRule
}

type portalRule struct {
	Kind    uint32
	Pattern string
}

// portalOpen asks the portal's OpenFile for several files, or for one
// folder (portals of version 3 on).
func portalOpen(ctx context.Context, opt Options, folder bool) ([]string, error) {
	o := common(opt)
	o["multiple"] = dbus.MakeVariant(!folder)
	if folder {
		o["directory"] = dbus.MakeVariant(true)
	}
	return portalCall(ctx, "OpenFile", opt, o, folder)
}

// portalSave asks the portal's SaveFile, the name filled in.
func portalSave(ctx context.Context, opt Options) ([]string, error) {
	o := common(opt)
	if opt.Name != "" {
		o["current_name"] = dbus.MakeVariant(opt.Name)
	}
	return portalCall(ctx, "SaveFile", opt, o, false)
}

// common are the options every call takes.
func common(opt Options) map[string]dbus.Variant {
	o := map[string]dbus.Variant{"modal": dbus.MakeVariant(true)}
	if opt.Folder != "" {
		// A byte string ending in NUL, as file names are on Unix.
		o["current_folder"] = dbus.MakeVariant(append([]byte(opt.Folder), 0))
	}
	if len(opt.Filters) > 0 {
		var fs []portalFilter
		for _, f := range opt.Filters {
			pf := portalFilter{Name: f.Name}
			for _, p := range f.Patterns {
				pf.Rules = append(pf.Rules, portalRule{Kind: 0, Pattern: p})
			}
			fs = append(fs, pf)
		}
		o["filters"] = dbus.MakeVariant(fs)
		o["current_filter"] = dbus.MakeVariant(fs[0])
	}
	return o
}

// portalCall calls method with options o and waits for the answer.
// needDirs asks for a portal that can choose folders.
func portalCall(ctx context.Context, method string, opt Options, o map[string]dbus.Variant, needDirs bool) ([]string, error) {
	conn, err := dbus.ConnectSessionBus(dbus.WithContext(ctx))
	if err != nil {
		return nil, errNoPortal
	}
	defer conn.Close()
	if needDirs {
		v, err := conn.Object(portalDest, portalPath).GetProperty(chooserIface + ".version")
		if err != nil || asUint(v.Value()) < 3 {
			return nil, errNoPortal
		}
	}
	body, err := portalRequest(ctx, conn, chooserIface+"."+method, o, parentID(opt.Parent), opt.Title)
	if err != nil {
		return nil, err
	}
	return responsePaths(body)
}

// portalRequest calls the portal's method with args and then the
// options o (given a handle_token), and waits for the Response of the
// Request it returns: the body of that signal.
func portalRequest(ctx context.Context, conn *dbus.Conn, method string, o map[string]dbus.Variant, args ...any) ([]any, error) {
	token := newToken()
	o["handle_token"] = dbus.MakeVariant(token)
	want := requestPath(conn, token)
	signals := make(chan *dbus.Signal, 8)
	conn.Signal(signals)
	if err := conn.AddMatchSignal(dbus.WithMatchInterface(requestIface), dbus.WithMatchMember("Response")); err != nil {
		return nil, fmt.Errorf("sysdialog: portal: %w", err)
	}
	var handle dbus.ObjectPath
	call := conn.Object(portalDest, portalPath).CallWithContext(ctx, method, 0, append(args, o)...)
	if err := call.Store(&handle); err != nil {
		return nil, portalError(ctx, err)
	}
	return waitResponse(ctx, conn, signals, want, handle)
}

// waitResponse waits for the Response of the request at want (or at
// handle, where an older portal put it), closing the dialog when ctx
// ends first.
func waitResponse(ctx context.Context, conn *dbus.Conn, signals chan *dbus.Signal, want, handle dbus.ObjectPath) ([]any, error) {
	for {
		select {
		case <-ctx.Done():
			conn.Object(portalDest, handle).Call(requestIface+".Close", 0)
			return nil, ctx.Err()
		case sig, ok := <-signals:
			if !ok {
				return nil, fmt.Errorf("sysdialog: portal: the session bus closed")
			}
			if sig.Name != requestIface+".Response" || (sig.Path != want && sig.Path != handle) {
				continue
			}
			return sig.Body, nil
		}
	}
}

// responseResults reads a Response: its code (0 answered, 1 cancelled,
// 2 ended otherwise) and results.
func responseResults(body []any) (uint32, map[string]dbus.Variant, error) {
	if len(body) < 2 {
		return 0, nil, fmt.Errorf("sysdialog: portal: a response of %d values", len(body))
	}
	code, _ := body[0].(uint32)
	results, _ := body[1].(map[string]dbus.Variant)
	return code, results, nil
}

// responsePaths reads a Response: 0 with the chosen URIs, 1 cancelled,
// 2 ended otherwise.
func responsePaths(body []any) ([]string, error) {
	code, results, err := responseResults(body)
	if err != nil {
		return nil, err
	}
	switch code {
	case 0:
	case 1:
		return nil, nil
	default:
		return nil, fmt.Errorf("sysdialog: portal: the dialog ended without an answer (%d)", code)
	}
	var uris []string
	if v, ok := results["uris"]; ok {
		uris, _ = v.Value().([]string)
	}
	var paths []string
	for _, u := range uris {
		p, err := filePath(u)
		if err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// filePath is the local path of a file:// URI.
func filePath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return "", fmt.Errorf("sysdialog: portal: %q is not a local file", uri)
	}
	return u.Path, nil
}

// portalError tells a portal that is not there (no such name, object or
// method on the bus) from one that failed.
func portalError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var de dbus.Error
	if errors.As(err, &de) {
		switch de.Name {
		case "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.UnknownMethod",
			"org.freedesktop.DBus.Error.UnknownObject", "org.freedesktop.DBus.Error.UnknownInterface",
			"org.freedesktop.DBus.Error.NameHasNoOwner", "org.freedesktop.DBus.Error.NoReply",
			"org.freedesktop.DBus.Error.Spawn.ChildExited", "org.freedesktop.DBus.Error.TimedOut":
			return errNoPortal
		}
	}
	return fmt.Errorf("sysdialog: portal: %w", err)
}

// requestPath is where the portal puts the Request of token:
// /org/freedesktop/portal/desktop/request/SENDER/TOKEN, SENDER being the
// caller's unique name without its ':' and with '_' for each '.'.
func requestPath(conn *dbus.Conn, token string) dbus.ObjectPath {
	names := conn.Names()
	sender := ""
	if len(names) > 0 {
		sender = strings.ReplaceAll(strings.TrimPrefix(names[0], ":"), ".", "_")
	}
	return dbus.ObjectPath("/org/freedesktop/portal/desktop/request/" + sender + "/" + token)
}

// parentID names the parent window as the portal wants it.
func parentID(parent uintptr) string {
	if parent == 0 {
		return ""
	}
	return fmt.Sprintf("x11:%x", parent)
}

func newToken() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "tern_" + hex.EncodeToString(b)
}

func asUint(v any) uint32 {
	u, _ := v.(uint32)
	return u
}
