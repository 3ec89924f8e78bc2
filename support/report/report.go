package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/support"
)

// App is what the program says of itself.
type App struct {
	Name    string
	Version string
	Build   int
}

// Input is what a report is made of.
type Input struct {
	App      App
	Accounts []accounts.Account
	Notices  []storage.Notice // the last ones, oldest first
	Log      *support.Log     // events, and the files when kept
	// Secrets are the passwords and tokens Tern holds: the zip is checked
	// for each before it is written.
	Secrets []string
	Now     time.Time
}

// MaxNotices is how many notices a report lists.
const MaxNotices = 200

// FileName is the report's usual name for a day.
func FileName(now time.Time) string { return "tern-report-" + now.Format("2006-01-02") + ".zip" }

// Write writes the zip to w.
func Write(w io.Writer, in Input) error {
	files, err := contents(in)
	if err != nil {
		return err
	}
	c := newChecker(in.Secrets, in.Accounts)
	z := zip.NewWriter(w)
	for _, f := range files {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: in.Now})
		if err != nil {
			return fmt.Errorf("report: %s: %w", f.name, err)
		}
		if _, err := fw.Write(c.clean(f.data)); err != nil {
			return fmt.Errorf("report: %s: %w", f.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// file is one file of the zip.
type file struct {
	name string
	data []byte
}

// contents are the zip's files, before the last check.
func contents(in Input) ([]file, error) {
	acc, err := accountsJSON(in.Accounts)
	if err != nil {
		return nil, err
	}
	files := []file{
		{"about.txt", about(in)},
		{"accounts.json", acc},
		{"notices.txt", notices(in.Notices)},
	}
	if in.Log == nil {
		return files, nil
	}
	files = append(files, file{"events.txt", events(in.Log.Events())})
	for _, p := range in.Log.Files() {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("report: read the log: %w", err)
		}
		files = append(files, file{filepath.Base(p), data})
	}
	return files, nil
}

// about is the version and the system.
func about(in Input) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s (build %d)\n", in.App.Name, in.App.Version, in.App.Build)
	fmt.Fprintf(&b, "Report made: %s\n", in.Now.Format(time.RFC3339))
	fmt.Fprintf(&b, "System: %s/%s\n", runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(&b, "Go: %s\n", runtime.Version())
	if v := moduleVersion("fyne.io/fyne/v2"); v != "" {
		fmt.Fprintf(&b, "Fyne: %s\n", v)
	}
	fmt.Fprintf(&b, "Locale: %s\n", locale())
	kept := "no"
	if in.Log != nil && in.Log.Keeping() {
		kept = "yes"
	}
	fmt.Fprintf(&b, "Protocol log kept: %s\n", kept)
	fmt.Fprintf(&b, "Accounts: %d\n", len(in.Accounts))
	return b.Bytes()
}

// moduleVersion is the version of a module built into the program.
func moduleVersion(path string) string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, d := range bi.Deps {
		if d.Path == path {
			return d.Version
		}
	}
	return ""
}

// locale is the locale the environment names (POSIX order of precedence).
func locale() string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			return k + "=" + v
		}
	}
	return "not set"
}

// notices lists the notices, technical facts only: no subjects.
func notices(ns []storage.Notice) []byte {
	var b bytes.Buffer
	if len(ns) == 0 {
		b.WriteString("No notices.\n")
	}
	for _, n := range ns {
		fields := []string{n.Created.Format(time.RFC3339), "kind=" + orNone(string(n.Kind))}
		fields = appendField(fields, "account", n.AccountID)
		fields = appendField(fields, "action", string(n.Action))
		fields = appendField(fields, "folder", n.Folder)
		fields = appendField(fields, "dest", n.Dest)
		fields = appendField(fields, "server-said", n.ServerText)
		fields = appendField(fields, "text", n.Text)
		b.WriteString(support.Scrub(strings.Join(fields, " ")) + "\n")
	}
	return b.Bytes()
}

// appendField adds key="value" unless value is empty.
func appendField(fields []string, key, value string) []string {
	if value == "" {
		return fields
	}
	return append(fields, fmt.Sprintf("%s=%q", key, value))
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// events lists the events in memory.
func events(evs []support.Event) []byte {
	var b bytes.Buffer
	if len(evs) == 0 {
		b.WriteString("No events.\n")
	}
	for _, e := range evs {
		b.WriteString(support.FormatEvent(e) + "\n")
	}
	return b.Bytes()
}
