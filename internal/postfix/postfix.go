// Package postfix starts a real Postfix for tests: submission on loopback
// ports (STARTTLS on one, implicit TLS on the other) with SASL through a
// test Dovecot, delivering a test domain into that Dovecot's Maildirs.
//
// Postfix run as root reads its configuration from /etc/postfix, and
// accepts another directory only when /etc/postfix/main.cf lists it. The
// tests neither read nor edit the system's configuration: every postfix
// command runs in a private mount namespace (unshare(1)) in which the
// test's own directory is bind-mounted over /etc/postfix. The system's
// /etc/postfix, which holds Postfix's installed meta files (postfix-files,
// postfix-script, dynamicmaps.cf) whether or not a main.cf was ever
// written, is mounted read-only beside it as meta_directory. Nothing is
// visible outside the namespace, and each test has a Postfix of its own.
package postfix

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
)

// Server is a running Postfix.
type Server struct {
	Dir        string
	SubmitPort int // STARTTLS + AUTH
	SMTPSPort  int // implicit TLS + AUTH
}

// systemDir is where Postfix looks for its configuration, and where the
// package installs its meta files.
const systemDir = "/etc/postfix"

// Start runs Postfix delivering mail for domain to the Dovecot users of
// dv (user@domain goes to user's Maildir). dv must have been started with
// DovecotExtra in its options.
func Start(t testing.TB, dv *dovecot.Server, domain string, users []string) *Server {
	t.Helper()
	if _, err := exec.LookPath("postfix"); err != nil {
		if _, err := os.Stat("/usr/sbin/postfix"); err != nil {
			testenv.Missing(t, "postfix (Debian package postfix)")
		}
	}
	if _, err := os.Stat(filepath.Join(systemDir, "postfix-files")); err != nil {
		testenv.Missing(t, "postfix's meta files in %s (reinstall the Debian package postfix): %v", systemDir, err)
	}
	for _, tool := range []string{"unshare", "mount"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s (Debian packages util-linux, mount)", tool)
		}
	}
	if os.Geteuid() != 0 {
		testenv.Missing(t, "root, to run Postfix")
	}
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "tern-postfix-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// Postfix wants its queue and configuration owned by root and not
	// writable by others, all the way up.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := &Server{Dir: dir}
	for _, d := range []string{"etc", "meta", "queue", "data"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	pu, err := user.Lookup("postfix")
	if err != nil {
		t.Fatal(err)
	}
	puid, _ := strconv.Atoi(pu.Uid)
	pgid, _ := strconv.Atoi(pu.Gid)
	if err := os.Chown(filepath.Join(dir, "data"), puid, pgid); err != nil {
		t.Fatal(err)
	}
	nobody, err := user.Lookup("nobody")
	if err != nil {
		t.Fatal(err)
	}

	var vmail strings.Builder
	for _, u := range users {
		fmt.Fprintf(&vmail, "%s@%s %s/Maildir/\n", u, domain, u)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, "etc", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("vmailbox", vmail.String())
	write("main.cf", fmt.Sprintf(`# Written by Tern's tests.
compatibility_level = 3.6
meta_directory = %[1]s/meta
queue_directory = %[1]s/queue
data_directory = %[1]s/data
mail_owner = postfix
setgid_group = postdrop
myhostname = localhost
mydomain = localdomain
myorigin = localhost
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
virtual_mailbox_domains = %[2]s
virtual_mailbox_base = %[3]s
virtual_mailbox_maps = texthash:%[1]s/etc/vmailbox
virtual_uid_maps = static:%[4]s
virtual_gid_maps = static:%[5]s
virtual_minimum_uid = 1
smtpd_tls_cert_file = %[6]s
smtpd_tls_key_file = %[7]s
smtpd_tls_security_level = may
smtpd_sasl_type = dovecot
smtpd_sasl_path = %[8]s
smtpd_sasl_auth_enable = yes
smtpd_tls_auth_only = yes
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
maillog_file = %[1]s/maillog
maillog_file_prefixes = %[1]s
biff = no
`, dir, domain, filepath.Join(dv.Dir, "mail"), nobody.Uid, nobody.Gid, ca.ServerCertFile, ca.ServerKeyFile,
		filepath.Join(dv.Dir, "run", "auth-postfix")))
	if err := s.startOnFreePorts(write); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.postfix("stop").Run() })
	if err := testenv.WaitListening(15*time.Second, s.SubmitPort, s.SMTPSPort); err != nil {
		t.Fatalf("postfix: %v:\n%s", err, s.Log())
	}
	return s
}

// masterCF is Postfix's master.cf: submission with STARTTLS on the first
// port, submissions (implicit TLS) on the second.
const masterCF = `# Written by Tern's tests.
127.0.0.1:%d inet n - n - - smtpd
  -o smtpd_tls_security_level=encrypt
127.0.0.1:%d inet n - n - - smtpd
  -o smtpd_tls_wrappermode=yes
pickup    unix n - n 60 1 pickup
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
tlsmgr    unix - - n 1000? 1 tlsmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
proxywrite unix - - n - 1 proxymap
smtp      unix - - n - - smtp
relay     unix - - n - - smtp
showq     unix n - n - - showq
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
local     unix - n n - - local
virtual   unix - n n - - virtual
lmtp      unix - - n - - lmtp
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
`

// startOnFreePorts starts Postfix on two ports that were free a moment
// ago. Another process may take one of them before Postfix binds it (on
// a machine running other tests); Postfix then fails with "Address
// already in use" in its log, and two other ports are tried, five times
// at most.
func (s *Server) startOnFreePorts(write func(name, body string)) error {
	var err error
	for range 5 {
		ports, perr := testenv.FreePorts(2)
		if perr != nil {
			return fmt.Errorf("postfix: ports: %w", perr)
		}
		s.SubmitPort, s.SMTPSPort = ports[0], ports[1]
		write("master.cf", fmt.Sprintf(masterCF, s.SubmitPort, s.SMTPSPort))
		out, serr := s.postfix("start").CombinedOutput()
		if serr == nil {
			return nil
		}
		err = fmt.Errorf("postfix start: %v\n%s\n%s", serr, out, s.Log())
		if !strings.Contains(s.Log(), "Address already in use") {
			return err
		}
		s.postfix("stop").Run() // whatever part of it did start
	}
	return err
}

// DovecotExtra is the Dovecot configuration Postfix's SASL needs.
const DovecotExtra = `
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}
`

// Log returns Postfix's log.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "maillog"))
	return string(b)
}

// namespaced is the script that runs one postfix command in a private
// mount namespace: $1 is the test's directory, the rest are postfix's
// arguments. The system's /etc/postfix is mounted read-only at $1/meta
// (remounting a bind mount is what makes it read-only), then $1/etc over
// /etc/postfix. The mounts vanish with the namespace's last process.
const namespaced = `set -e
d=$1; shift
mount --bind ` + systemDir + ` "$d/meta"
mount -o remount,bind,ro "$d/meta"
mount --bind "$d/etc" ` + systemDir + `
exec postfix "$@"`

// postfix returns the command that runs postfix with args on s's
// configuration. Started by "start", the master process stays in the
// command's namespace; "stop" finds it through its pid file in s's queue.
func (s *Server) postfix(args ...string) *exec.Cmd {
	return exec.Command("unshare", append([]string{"--mount", "--propagation", "private",
		"sh", "-c", namespaced, "sh", s.Dir}, args...)...)
}

// Stop stops Postfix (to test sending while the server is away).
func (s *Server) Stop() error {
	if out, err := s.postfix("stop").CombinedOutput(); err != nil {
		return fmt.Errorf("postfix stop: %v: %s", err, out)
	}
	return nil
}

// Restart starts a stopped Postfix again and waits for it to listen.
func (s *Server) Restart() error {
	if out, err := s.postfix("start").CombinedOutput(); err != nil {
		return fmt.Errorf("postfix start: %v: %s", err, out)
	}
	if err := testenv.WaitListening(15*time.Second, s.SubmitPort); err != nil {
		return fmt.Errorf("postfix did not come back: %w", err)
	}
	return nil
}

// Queued returns how many messages Postfix holds in its queue: accepted,
// and neither delivered nor bounced yet. A message is in the queue before
// Postfix confirms it to the client (the incoming directory).
func (s *Server) Queued() (int, error) {
	n := 0
	for _, q := range []string{"maildrop", "incoming", "active", "deferred", "hold"} {
		err := filepath.WalkDir(filepath.Join(s.Dir, "queue", q), func(_ string, d os.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) {
					return nil
				}
				return err
			}
			if d.Type().IsRegular() {
				n++
			}
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("postfix: queue: %w", err)
		}
	}
	return n, nil
}

// WaitQueueEmpty returns once Postfix has delivered (or bounced) every
// message it accepted, and fails the test if that takes over a minute.
// After it, a mailbox holds all it is going to get.
func (s *Server) WaitQueueEmpty(t testing.TB) {
	t.Helper()
	testenv.Eventually(t, time.Minute, func() error {
		n, err := s.Queued()
		if err == nil && n > 0 {
			err = fmt.Errorf("postfix still holds %d messages:\n%s", n, s.Log())
		}
		return err
	})
}
