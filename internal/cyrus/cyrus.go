// Package cyrus starts a real Cyrus IMAP server (IMAP and POP3) for tests,
// from Debian's packages unpacked into a cache directory — never installed:
// Debian's cyrus-imapd and cyrus-pop3d conflict with Dovecot's packages. The
// configuration lives in a temporary directory, the server listens on free
// loopback ports, and its certificate comes from the test CA.
package cyrus

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/debpkg"
	"github.com/tern-mail/tern/internal/testenv"
)

// packages are the Debian packages unpacked: the server and the libraries
// of Debian's cyrus-common that a mail-server-free system lacks.
var packages = []string{"cyrus-common", "cyrus-imapd", "cyrus-pop3d", "libical3", "libpcre3", "libxapian30"}

// Options change how the server is set up.
type Options struct {
	// AltNamespace lays folders out as upstream Cyrus does: personal
	// folders at the root with "/" between levels. Without it they are
	// under "INBOX." with "." between levels, as Debian ships Cyrus.
	AltNamespace bool
	// POPMinPoll is Cyrus's popminpoll: the minutes a POP3 user must wait
	// between logins, refused with [LOGIN-DELAY] (RFC 2449 section 8.1.2).
	// Debian ships 1; 0 (the default here) lets tests log in at will.
	POPMinPoll int
}

// Server is a running Cyrus. Any user name logs in with any password
// (sasl_pwcheck_method alwaystrue); the Inbox and the special folders are
// created at first login.
type Server struct {
	Dir string
	testenv.MailPorts

	cmd     *exec.Cmd
	mu      sync.Mutex
	stopped bool
}

// Start runs Cyrus for the duration of the test. When it cannot be had the
// test fails under TERN_STRICT=1 and skips otherwise.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	root, bin := unpack(t)
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	dir := testenv.ServerDir(t, "tern-cyrus-")
	s := &Server{Dir: dir}
	makeDirs(t, dir)
	runAs, group := serverUser()
	// The key must be readable by the server's user.
	cert, key := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	copyFile(t, ca.ServerCertFile, cert)
	copyFile(t, ca.ServerKeyFile, key)
	conf := filepath.Join(dir, "imapd.conf")
	writeFile(t, conf, imapdConf(dir, runAs, group, cert, key, opts))
	if os.Geteuid() == 0 {
		filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
			if err == nil {
				err = chownTo(p, runAs, group)
			}
			return err
		})
	}
	s.MailPorts = testenv.StartOnFreePorts(t, func(ports testenv.MailPorts) error {
		s.MailPorts = ports
		if err := os.WriteFile(filepath.Join(dir, "cyrus.conf"), []byte(cyrusConf(bin, conf, ports)), 0o644); err != nil {
			return err
		}
		return s.launch(root, bin, conf)
	})
	t.Cleanup(s.Stop)
	return s
}

// unpack returns where Cyrus's packages are unpacked, and the directory of
// its programs there.
func unpack(t testing.TB) (root, bin string) {
	t.Helper()
	root, err := debpkg.Unpack(debpkg.CacheDir("cyrus"), packages...)
	if err != nil {
		testenv.Missing(t, "Cyrus IMAP from Debian's packages: %v", err)
	}
	bin = filepath.Join(root, "usr", "lib", "cyrus", "bin")
	if _, err := os.Stat(filepath.Join(bin, "master")); err != nil {
		testenv.Missing(t, "Cyrus IMAP in %s: %v", root, err)
	}
	return root, bin
}

// makeDirs makes the configuration directory and the spool under dir.
func makeDirs(t testing.TB, dir string) {
	t.Helper()
	for _, d := range []string{"proc", "socket", "db", "log", "msg", "user", "quota", "sieve", "lock"} {
		if err := os.MkdirAll(filepath.Join(dir, "config", d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "spool"), 0o755); err != nil {
		t.Fatal(err)
	}
}

// serverUser returns the user and group Cyrus is to run as: the current
// ones, except as root, which Cyrus refuses to run as: nobody then.
func serverUser() (runAs, group string) {
	if os.Geteuid() == 0 {
		runAs, group = "nobody", "nogroup"
		if _, err := user.LookupGroup(group); err != nil {
			group = "nobody"
		}
		return runAs, group
	}
	u, _ := user.Current()
	runAs = u.Username
	if g, err := user.LookupGroupId(u.Gid); err == nil {
		group = g.Name
	}
	return runAs, group
}

// copyFile copies src to dst, readable by its owner only.
func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// writeFile writes text to path, failing the test if it cannot.
func writeFile(t testing.TB, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// imapdConf is Cyrus's imapd.conf: its directories under dir, the user
// and group it runs as, its key and certificate, the namespace and POP3
// settings opts asks for, and the special folders made at first login.
func imapdConf(dir, runAs, group, cert, key string, opts Options) string {
	ns := "altnamespace: no\nunixhierarchysep: no\n"
	if opts.AltNamespace {
		ns = "altnamespace: yes\nunixhierarchysep: yes\n"
	}
	return fmt.Sprintf(`# Written by Tern's tests.
configdirectory: %[1]s/config
defaultpartition: default
partition-default: %[1]s/spool
cyrus_user: %[2]s
cyrus_group: %[3]s
admins: cyrus
allowplaintext: yes
sasl_pwcheck_method: alwaystrue
sasl_mech_list: PLAIN
%[4]sautocreate_quota: 0
autocreate_inbox_folders: Sent | Drafts | Trash | Junk | Archive
autocreate_subscribe_folder: Sent | Drafts | Trash | Junk
autocreate_post: 1
specialusealways: 1
xlist-sent: Sent
xlist-drafts: Drafts
xlist-trash: Trash
xlist-junk: Junk
xlist-archive: Archive
tls_server_cert: %[5]s
tls_server_key: %[6]s
idlesocket: %[1]s/config/socket/idle
notifysocket: %[1]s/config/socket/notify
lmtpsocket: %[1]s/config/socket/lmtp
syslog_prefix: tern-cyrus
popminpoll: %[7]d
`, dir, runAs, group, ns, cert, key, opts.POPMinPoll)
}

// cyrusConf is Cyrus's cyrus.conf: the services of bin, configured by
// conf, on the ports.
func cyrusConf(bin, conf string, ports testenv.MailPorts) string {
	return fmt.Sprintf(`# Written by Tern's tests.
START {
  recover cmd="%[1]s/ctl_cyrusdb -C %[2]s -r"
}
SERVICES {
  imap  cmd="%[1]s/imapd -C %[2]s" listen="127.0.0.1:%[3]d" prefork=0
  imaps cmd="%[1]s/imapd -s -C %[2]s" listen="127.0.0.1:%[4]d" prefork=0
  pop3  cmd="%[1]s/pop3d -C %[2]s" listen="127.0.0.1:%[5]d" prefork=0
  pop3s cmd="%[1]s/pop3d -s -C %[2]s" listen="127.0.0.1:%[6]d" prefork=0
}
EVENTS {
}
DAEMON {
}
`, bin, conf, ports.IMAPPort, ports.IMAPSPort, ports.POP3Port, ports.POP3SPort)
}

// launch starts Cyrus's master process from bin with conf, its libraries
// from root, and returns once every port listens. Stop is registered with
// t.Cleanup.
func (s *Server) launch(root, bin, conf string) error {
	libs := []string{filepath.Join(root, "usr", "lib", "x86_64-linux-gnu"), filepath.Join(root, "lib", "x86_64-linux-gnu")}
	if p := os.Getenv("LD_LIBRARY_PATH"); p != "" {
		libs = append(libs, p)
	}
	s.cmd = exec.Command(filepath.Join(bin, "master"), "-C", conf, "-M", filepath.Join(s.Dir, "cyrus.conf"),
		"-p", filepath.Join(s.Dir, "master.pid"))
	s.cmd.Env = append(os.Environ(), "LD_LIBRARY_PATH="+strings.Join(libs, ":"))
	s.cmd.Stdout, s.cmd.Stderr = os.Stderr, os.Stderr
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start cyrus: %w", err)
	}
	if err := testenv.WaitListening(10*time.Second, s.All()...); err != nil {
		s.Stop()
		s.stopped = false
		return fmt.Errorf("cyrus: %w", err)
	}
	return nil
}

// chownTo gives p to the named user and group.
func chownTo(p, name, group string) error {
	u, err := user.Lookup(name)
	if err != nil {
		return err
	}
	g, err := user.LookupGroup(group)
	if err != nil {
		return err
	}
	var uid, gid int
	fmt.Sscan(u.Uid, &uid)
	fmt.Sscan(g.Gid, &gid)
	return os.Lchown(p, uid, gid)
}

// Stop stops the server and the processes it started; it is registered
// with t.Cleanup by Start.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	s.stopped = true
	// The master and its services share a process group of their own.
	syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}
