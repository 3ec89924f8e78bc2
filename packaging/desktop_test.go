package packaging

import (
	"bufio"
	"encoding/xml"
	"os"
	"slices"
	"strings"
	"testing"
)

// readDesktopEntry returns the keys of the [Desktop Entry] group of a
// desktop file (localised keys such as Name[de] under their full name).
func readDesktopEntry(t *testing.T, name string) map[string]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := map[string]string{}
	group := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			group = strings.Trim(line, "[]")
		case group == "Desktop Entry":
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				t.Fatalf("%s: %q is not key=value", name, line)
			}
			keys[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestDesktopEntryHandlesMail checks what makes Tern the desktop's handler
// for mail links and message files: Exec passes the link or file (%u,
// which Tern's command line takes as mailto:… or FILE.eml) and MimeType
// lists both types. desktop-file-validate checks the syntax when the
// packages are built (make package-linux, make package-deb).
func TestDesktopEntryHandlesMail(t *testing.T) {
	info := loadAppInfo(t)
	d := readDesktopEntry(t, "linux/"+info.Details.ID+".desktop")
	if got := d["Exec"]; got != "tern %u" {
		t.Errorf("Exec=%s, want Exec=tern %%u", got)
	}
	mimes := strings.Split(strings.TrimSuffix(d["MimeType"], ";"), ";")
	for _, m := range []string{"x-scheme-handler/mailto", "message/rfc822"} {
		if !slices.Contains(mimes, m) {
			t.Errorf("MimeType=%s lacks %s", d["MimeType"], m)
		}
	}
	if d["Name"] != info.Details.Name {
		t.Errorf("Name=%s, want %s as in FyneApp.toml", d["Name"], info.Details.Name)
	}
	if d["Icon"] != info.Details.ID {
		t.Errorf("Icon=%s, want the app id %s (the icons are installed under that name)", d["Icon"], info.Details.ID)
	}
	if !slices.Contains(strings.Split(d["Categories"], ";"), "Email") {
		t.Errorf("Categories=%s lacks Email", d["Categories"])
	}
}

// TestMetainfoMatchesApp checks that the AppStream metainfo launches the
// desktop file by its id and that its newest release is FyneApp.toml's
// version.
func TestMetainfoMatchesApp(t *testing.T) {
	info := loadAppInfo(t)
	raw, err := os.ReadFile("linux/" + info.Details.ID + ".metainfo.xml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		ID         string `xml:"id"`
		Launchable string `xml:"launchable"`
		Releases   []struct {
			Version string `xml:"version,attr"`
		} `xml:"releases>release"`
	}
	if err := xml.Unmarshal(raw, &m); err != nil {
		t.Fatalf("metainfo: %v", err)
	}
	if m.ID != info.Details.ID || m.Launchable != info.Details.ID+".desktop" {
		t.Errorf("metainfo id %q launchable %q, want %s and %s.desktop", m.ID, m.Launchable, info.Details.ID, info.Details.ID)
	}
	if len(m.Releases) == 0 || m.Releases[0].Version != info.Details.Version {
		t.Errorf("metainfo's newest release is %+v, want version %s first", m.Releases, info.Details.Version)
	}
}
