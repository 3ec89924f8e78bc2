// Package cups starts a private CUPS for tests: cupsd in the foreground,
// on a Unix socket in the test's own directory, with one queue that
// prints to PDF files through Debian's cups-pdf backend, into that
// directory too.
//
// cups-pdf reads its settings only from /etc/cups/cups-pdf.conf (the
// path is compiled in), and would write into root's home. The tests
// neither read nor edit the system's /etc/cups: cupsd runs in a private
// mount namespace (unshare(1)) in which the test's own directory,
// holding a cups-pdf.conf that writes into the test's directory, is
// bind-mounted over /etc/cups. cupsd's own configuration (ServerRoot,
// spool, logs) is in the test's directory and named on its command
// line. Nothing is visible outside the namespace; the mount vanishes
// with cupsd.
//
// cups-pdf takes PostScript, which CUPS makes of a PDF with a renderer
// of its choosing, and Ghostscript makes a PDF of that again. The text
// of embedded TrueType fonts does not always survive the round trip
// (Debian's default renderer, Ghostscript, leaves none of it readable;
// poppler's pdftocairo, the queue's default here, keeps most but turns
// some fonts with many letters into Type 3 glyphs without their
// characters): a known limit of cups-pdf, which never passes a PDF
// through. cupsd keeps each job's document (PreserveJobFiles), so a
// test can read the PDF the job was given, besides the one cups-pdf
// made of it.
//
// Clients (lp, lpstat) reach it through CUPS_SERVER, which Env returns.
package cups

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/testenv"
)

// Queue is the name of the PDF queue, which is also the default printer.
const Queue = "TernPDF"

// ppd is the driver description of cups-pdf's queue.
const ppd = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"

// Server is a running private cupsd.
type Server struct {
	Dir    string // the test's directory
	Socket string // where cupsd listens: CUPS_SERVER for clients
	Out    string // where cups-pdf writes the printed PDF files
	cmd    *exec.Cmd
	log    string
}

// Start runs a private cupsd with the queue Queue, stopped when the test
// ends.
func Start(t testing.TB) *Server {
	t.Helper()
	check(t)
	dir, err := os.MkdirTemp("", "tern-cups-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s := &Server{Dir: dir, Socket: filepath.Join(dir, "cups.sock"), Out: filepath.Join(dir, "out"),
		log: filepath.Join(dir, "log", "error_log")}
	s.configure(t)
	s.cmd = exec.Command("unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", dir)
	out := &testenv.SafeBuffer{}
	s.cmd.Stdout, s.cmd.Stderr = out, out
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("cupsd: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-exited
	})
	testenv.Eventually(t, 60*time.Second, func() error {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("cupsd exited: %v\n%s\n%s", err, out.String(), s.ErrorLog())
		default:
		}
		c, err := net.Dial("unix", s.Socket)
		if err != nil {
			return err
		}
		return c.Close()
	})
	return s
}

// check fails or skips the test when what it needs is missing.
func check(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"unshare", "mount", "lp", "lpstat", "pdftocairo"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s (Debian packages util-linux, mount, cups-client, poppler-utils)", tool)
		}
	}
	for _, f := range []string{"/usr/sbin/cupsd", "/usr/lib/cups/backend/cups-pdf", ppd, "/etc/cups"} {
		if _, err := os.Stat(f); err != nil {
			testenv.Missing(t, "%s (Debian packages cups, printer-driver-cups-pdf): %v", f, err)
		}
	}
	if os.Geteuid() != 0 {
		testenv.Missing(t, "root, to run cupsd in a mount namespace and the cups-pdf backend")
	}
}

// script runs in the new mount namespace: $1 is the test's directory.
const script = `set -e
d="$1"
mount --bind "$d/cupspdf" /etc/cups
exec /usr/sbin/cupsd -f -c "$d/etc/cupsd.conf" -s "$d/etc/cups-files.conf"
`

// configure writes cupsd's and cups-pdf's configuration and the queue.
func (s *Server) configure(t testing.TB) {
	t.Helper()
	d := s.Dir
	for _, sub := range []string{"etc/ppd", "spool", "cache", "state", "log", "out", "cupspdf", "cupspdf-spool"} {
		if err := os.MkdirAll(filepath.Join(d, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The filters run as lp: the way to the queue's driver must be open.
	if err := os.Chmod(d, 0o755); err != nil {
		t.Fatal(err)
	}
	driver, err := os.ReadFile(ppd)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"etc/cups-files.conf": fmt.Sprintf(`ServerRoot %[1]s/etc
RequestRoot %[1]s/spool
CacheDir %[1]s/cache
StateDir %[1]s/state
AccessLog %[1]s/log/access_log
ErrorLog %[1]s/log/error_log
PageLog %[1]s/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
SystemGroup root
Sandboxing relaxed
`, d),
		"etc/cupsd.conf": fmt.Sprintf(`LogLevel info
PreserveJobFiles Yes
Listen %s
Browsing Off
BrowseLocalProtocols none
DefaultAuthType None
WebInterface No
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
`, s.Socket),
		"etc/printers.conf": `<DefaultPrinter ` + Queue + `>
Info Tern's test printer
DeviceURI cups-pdf:/
Option pdftops-renderer pdftocairo
State Idle
Accepting Yes
Shared No
</DefaultPrinter>
`,
		"etc/ppd/" + Queue + ".ppd": string(driver),
		"cupspdf/cups-pdf.conf": fmt.Sprintf(`Out %[1]s/out
AnonDirName %[1]s/out
Spool %[1]s/cupspdf-spool
Log %[1]s/log
LogType 3
Grp root
AnonUMask 0022
UserUMask 0022
`, d),
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(d, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Documents are the files of the jobs cupsd took, as they were given.
func (s *Server) Documents() []string {
	files, _ := filepath.Glob(filepath.Join(s.Dir, "spool", "d*-001"))
	return files
}

// Env is what a client of this cupsd needs in its environment.
func (s *Server) Env() []string { return []string{"CUPS_SERVER=" + s.Socket} }

// ErrorLog is cupsd's log, for failure messages.
func (s *Server) ErrorLog() string {
	b, _ := os.ReadFile(s.log)
	return string(b)
}

// lpstat runs lpstat against this cupsd.
func (s *Server) lpstat(args ...string) (string, error) {
	cmd := exec.Command("lpstat", args...)
	cmd.Env = append(os.Environ(), s.Env()...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// WaitPrinted waits until n jobs have completed, none is pending, and
// cups-pdf has written n PDF files, and returns their paths. A job that
// stopped or was aborted fails the test with cupsd's log.
func (s *Server) WaitPrinted(t testing.TB, n int) []string {
	t.Helper()
	var files []string
	testenv.Eventually(t, 3*time.Minute, func() error {
		pending, _ := s.lpstat("-W", "not-completed", "-o")
		if strings.TrimSpace(pending) != "" {
			return fmt.Errorf("jobs pending: %s", pending)
		}
		done, err := s.lpstat("-W", "completed", "-o")
		if err != nil {
			return fmt.Errorf("lpstat: %v: %s", err, done)
		}
		if strings.TrimSpace(done) == "" || strings.Count(strings.TrimSpace(done), "\n")+1 < n {
			return fmt.Errorf("completed jobs: %q", done)
		}
		if strings.Contains(s.ErrorLog(), "Job stopped") || strings.Contains(s.ErrorLog(), "aborted") {
			t.Fatalf("a print job failed:\n%s", s.ErrorLog())
		}
		files, _ = filepath.Glob(filepath.Join(s.Out, "*.pdf"))
		if len(files) < n {
			return fmt.Errorf("%d of %d PDF files in %s", len(files), n, s.Out)
		}
		return nil
	})
	return files
}
