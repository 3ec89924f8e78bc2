// Package courier starts a real Courier-IMAP server (IMAP and POP3) for
// tests, from Debian's packages unpacked into a cache directory — never
// installed: they conflict with Dovecot's. Courier looks for its
// configuration under /etc/courier and its authentication socket under
// /run/courier, paths compiled in, so it runs in a private mount and PID
// namespace (unshare) where read-only overlays put the unpacked files over
// /usr and /etc, the test's own configuration over /etc/courier and a
// fresh tmpfs over /run. Nothing outside the namespace changes, and ending
// it ends every Courier process.
package courier

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/debpkg"
	"github.com/tern-mail/tern/internal/testenv"
)

// packages are Courier-IMAP, its POP3 server, its authentication library
// with userdb, the file monitor it watches Maildirs with (gamin) and the
// libraries they need that a system with Dovecot lacks.
var packages = []string{"courier-base", "courier-imap", "courier-pop", "courier-authlib", "courier-authdaemon",
	"courier-authlib-userdb", "libcourier-unicode4", "gamin", "libgamin0", "libidn12", "libpcre3", "libgdbm6", "libltdl7"}

// mailUID is the user the mailboxes belong to: nobody.
const mailUID = 65534

// Options change how the server is set up.
type Options struct {
	// Users maps user names to passwords.
	Users map[string]string
	// Folders are made in every user's Maildir besides the Inbox, as
	// Courier makes none of its own; nil makes Drafts, Sent, Trash, Junk
	// and Archive.
	Folders []string
}

// Server is a running Courier-IMAP. Folders live under "INBOX." with "."
// between levels; there is no SPECIAL-USE, LIST-EXTENDED, MOVE or
// CONDSTORE.
type Server struct {
	Dir string
	testenv.MailPorts

	cmd     *exec.Cmd
	mu      sync.Mutex
	stopped bool
}

// Start runs Courier for the duration of the test. When it cannot be had,
// the test fails under TERN_STRICT=1 and skips otherwise.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	root := unpack(t)
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	dir := testenv.ServerDir(t, "tern-courier-")
	s := &Server{Dir: dir}
	etc := filepath.Join(dir, "etc-courier")
	writeConfig(t, root, etc, ca)
	userdb, maildirs := users(t, dir, opts)
	writeFile(t, filepath.Join(etc, "userdb"), userdb, 0o600)
	writeEtcTop(t, filepath.Join(dir, "etc-top"))
	s.MailPorts = testenv.StartOnFreePorts(t, func(ports testenv.MailPorts) error {
		s.MailPorts = ports
		return s.launch(startScript(root, dir, maildirs, ports))
	})
	t.Cleanup(s.Stop)
	return s
}

// unpack checks that Courier can run here (as root, with unshare and
// openssl) and returns where its packages are unpacked.
func unpack(t testing.TB) string {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.Missing(t, "Courier-IMAP: its mount namespace needs root")
	}
	for _, tool := range []string{"unshare", "openssl"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "Courier-IMAP: %s", tool)
		}
	}
	root, err := debpkg.Unpack(debpkg.CacheDir("courier"), packages...)
	if err != nil {
		testenv.Missing(t, "Courier-IMAP from Debian's packages: %v", err)
	}
	return root
}

// writeFile writes text to path, failing the test if it cannot.
func writeFile(t testing.TB, path, text string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
}

// writeConfig makes etc, what the namespace's /etc/courier will be:
// Debian's files from root, then the test's authdaemon settings and the
// server's key and certificate from ca.
func writeConfig(t testing.TB, root, etc string, ca *testenv.CA) {
	t.Helper()
	if out, err := exec.Command("cp", "-a", filepath.Join(root, "etc", "courier"), etc).CombinedOutput(); err != nil {
		t.Fatalf("courier: copy configuration: %v\n%s", err, out)
	}
	writeFile(t, filepath.Join(etc, "authdaemonrc"), "authmodulelist=\"authuserdb\"\ndaemons=1\nauthdaemonvar=/run/courier/authdaemon\nDEBUG_LOGIN=0\nDEFAULTOPTIONS=\"\"\nLOGGEROPTS=\"\"\n", 0o644)
	cert, err := os.ReadFile(ca.ServerCertFile)
	if err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile(ca.ServerKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	pem := filepath.Join(etc, "server.pem")
	writeFile(t, pem, string(key)+string(cert), 0o600)
	// STARTTLS runs couriertls as the "courier" user (below).
	if err := os.Chown(pem, mailUID, mailUID); err != nil {
		t.Fatal(err)
	}
}

// users returns the userdb of opts.Users, their homes under dir, and the
// shell commands that make each one's Maildir with opts.Folders.
func users(t testing.TB, dir string, opts Options) (userdb, maildirs string) {
	t.Helper()
	folders := opts.Folders
	if folders == nil {
		folders = []string{"Drafts", "Sent", "Trash", "Junk", "Archive"}
	}
	var db, mk strings.Builder
	names := make([]string, 0, len(opts.Users))
	for name := range opts.Users {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		cmd := exec.Command("openssl", "passwd", "-6", "-stdin")
		cmd.Stdin = strings.NewReader(opts.Users[name] + "\n")
		hash, err := cmd.Output()
		if err != nil {
			t.Fatalf("courier: hash password: %v", err)
		}
		home := filepath.Join(dir, "home", name)
		fmt.Fprintf(&db, "%s\tuid=%d|gid=%d|home=%s|mail=%s/Maildir|systempw=%s\n", name, mailUID, mailUID, home, home,
			strings.TrimSpace(string(hash)))
		fmt.Fprintf(&mk, "mkdir -p %[1]s && /usr/bin/maildirmake.courier %[1]s/Maildir\n", home)
		for _, f := range folders {
			fmt.Fprintf(&mk, "/usr/bin/maildirmake.courier -f %q %s/Maildir\n", f, home)
		}
	}
	return db.String(), mk.String()
}

// writeEtcTop makes top, laid over the namespace's /etc: the system's
// passwd and group with a "courier" user, which Courier's login processes
// look up and Debian's packages would have added.
func writeEtcTop(t testing.TB, top string) {
	t.Helper()
	if err := os.MkdirAll(top, 0o755); err != nil {
		t.Fatal(err)
	}
	for file, line := range map[string]string{"passwd": "courier:x:65534:65534:Courier:/nonexistent:/usr/sbin/nologin\n",
		"group": "courier:x:65534:\n"} {
		b, err := os.ReadFile(filepath.Join("/etc", file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains("\n"+string(b), "\ncourier:") {
			b = append(b, line...)
		}
		if err := os.WriteFile(filepath.Join(top, file), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// startScript is the namespace's first process: mounts, users (maildirs
// makes their Maildirs), then the servers on ports.
func startScript(root, dir, maildirs string, ports testenv.MailPorts) string {
	tls := "TLS_CERTFILE=/etc/courier/server.pem TLS_DHPARAMS= TLS_CACHEFILE= TLS_VERIFYPEER=NONE"
	tcpd := "/usr/sbin/couriertcpd -address=127.0.0.1 -nodnslookup -noidentlookup -maxprocs=100 -maxperip=100"
	return fmt.Sprintf(`set -e
mount -t overlay overlay -o lowerdir=%[2]s/etc-top:%[1]s/etc:/etc /etc
mount --bind %[2]s/etc-courier /etc/courier
mount -t overlay overlay -o lowerdir=%[1]s/usr:/usr /usr
mount -t tmpfs tmpfs /run
mkdir -p /run/courier/authdaemon
/usr/sbin/makeuserdb
%[3]s
chown -R %[4]d:%[4]d %[2]s/home
/usr/lib/courier/courier-authlib/authdaemond &
# Logins go through authdaemond's socket: the servers start once it is there.
while [ ! -S /run/courier/authdaemon/socket ]; do sleep 0.05; done
set -a
. /etc/courier/imapd
. /etc/courier/imapd-ssl
. /etc/courier/pop3d
. /etc/courier/pop3d-ssl
set +a
export %[5]s
IMAP_STARTTLS=YES POP3_STARTTLS=YES %[6]s %[7]d /usr/lib/courier/courier/imaplogin /usr/bin/imapd Maildir &
%[6]s %[8]d /usr/bin/couriertls -server -tcpd /usr/lib/courier/courier/imaplogin /usr/bin/imapd Maildir &
POP3_STARTTLS=YES %[6]s %[9]d /usr/lib/courier/courier/courierpop3login /usr/lib/courier/courier/courierpop3d Maildir &
%[6]s %[10]d /usr/bin/couriertls -server -tcpd /usr/lib/courier/courier/courierpop3login /usr/lib/courier/courier/courierpop3d Maildir &
wait
`, root, dir, maildirs, mailUID, tls, tcpd, ports.IMAPPort, ports.IMAPSPort, ports.POP3Port, ports.POP3SPort)
}

// launch runs script in a mount and PID namespace of its own, logging to
// courier.log, and returns once every port listens. Stop is registered
// with t.Cleanup.
func (s *Server) launch(script string) error {
	scriptFile := filepath.Join(s.Dir, "start.sh")
	if err := os.WriteFile(scriptFile, []byte(script), 0o755); err != nil {
		return err
	}
	s.cmd = exec.Command("unshare", "--mount", "--pid", "--fork", "--kill-child", "--propagation", "private", "sh", scriptFile)
	logFile, err := os.Create(filepath.Join(s.Dir, "courier.log"))
	if err != nil {
		return err
	}
	defer logFile.Close() // the processes keep their own descriptor
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start courier: %w", err)
	}
	err = testenv.WaitListening(15*time.Second, s.All()...)
	if err == nil && strings.Contains(s.Log(), "in use") {
		err = errors.New("a port was taken by another process")
	}
	if err != nil {
		log := s.Log()
		s.Stop()
		s.stopped = false
		return fmt.Errorf("courier: %v\n%s", err, log)
	}
	return nil
}

// Stop ends the namespace, and with it every Courier process; it is
// registered with t.Cleanup by Start.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	s.stopped = true
	// SIGKILL to unshare: --kill-child passes it to the namespace's first
	// process, and the kernel ends the rest of the namespace with it.
	s.cmd.Process.Kill()
	s.cmd.Wait()
}

// Log returns what Courier's processes wrote so far, for failure messages.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "courier.log"))
	return strings.TrimSpace(string(b))
}
