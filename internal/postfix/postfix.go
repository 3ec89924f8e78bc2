// Package postfix starts a real Postfix for tests: submission on loopback
// ports (STARTTLS on one, implicit TLS on the other) with SASL through a
// test Dovecot, delivering a test domain into that Dovecot's Maildirs.
//
// Postfix only runs from a configuration directory that the system's
// /etc/postfix/main.cf lists in alternate_config_directories; Start adds
// its fixed directory there once, and test processes take turns with it.
package postfix

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
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

// configDir is the one alternate configuration directory the tests use.
var configDir = filepath.Join(os.TempDir(), "tern-postfix-test")

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
	if os.Geteuid() != 0 {
		testenv.Missing(t, "root, to run Postfix")
	}
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	// Test processes run in parallel; Postfix's directory is one.
	lock, err := os.OpenFile(configDir+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Flock(int(lock.Fd()), syscall.LOCK_UN); lock.Close() })
	if err := allowConfigDir(configDir); err != nil {
		t.Fatal(err)
	}
	postfixCmd(configDir, "stop").Run() // a leftover from an earlier run
	os.RemoveAll(configDir)
	s := &Server{Dir: configDir}
	ports, err := testenv.FreePorts(2)
	if err != nil {
		t.Fatal(err)
	}
	s.SubmitPort, s.SMTPSPort = ports[0], ports[1]
	for _, d := range []string{"queue", "data"} {
		if err := os.MkdirAll(filepath.Join(configDir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	pu, err := user.Lookup("postfix")
	if err != nil {
		t.Fatal(err)
	}
	puid, _ := strconv.Atoi(pu.Uid)
	pgid, _ := strconv.Atoi(pu.Gid)
	os.Chown(filepath.Join(configDir, "data"), puid, pgid)
	nobody, _ := user.Lookup("nobody")

	var vmail strings.Builder
	for _, u := range users {
		fmt.Fprintf(&vmail, "%s@%s %s/Maildir/\n", u, domain, u)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(configDir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("vmailbox", vmail.String())
	write("main.cf", fmt.Sprintf(`# Written by Tern's tests.
compatibility_level = 3.6
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
virtual_mailbox_maps = texthash:%[1]s/vmailbox
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
`, configDir, domain, filepath.Join(dv.Dir, "mail"), nobody.Uid, nobody.Gid, ca.ServerCertFile, ca.ServerKeyFile,
		filepath.Join(dv.Dir, "run", "auth-postfix")))
	write("master.cf", fmt.Sprintf(`# Written by Tern's tests.
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
`, s.SubmitPort, s.SMTPSPort))
	if out, err := postfixCmd(configDir, "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(configDir, "maillog"))
		t.Fatalf("postfix start: %v\n%s\n%s", err, out, log)
	}
	t.Cleanup(func() { postfixCmd(configDir, "stop").Run() })
	if err := testenv.WaitListening(15*time.Second, s.SubmitPort, s.SMTPSPort); err != nil {
		t.Fatalf("postfix: %v:\n%s", err, s.Log())
	}
	return s
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

func postfixCmd(dir string, args ...string) *exec.Cmd {
	return exec.Command("postfix", append([]string{"-c", dir}, args...)...)
}

// allowConfigDir lists dir in /etc/postfix/main.cf's
// alternate_config_directories, once.
func allowConfigDir(dir string) error {
	const main = "/etc/postfix/main.cf"
	f, err := os.Open(main)
	if err != nil {
		return fmt.Errorf("postfix: %w", err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(l), "alternate_config_directories") && strings.Contains(l, dir) {
			f.Close()
			return nil
		}
	}
	f.Close()
	out, err := exec.Command("postconf", "-h", "alternate_config_directories").Output()
	if err != nil {
		return fmt.Errorf("postfix: postconf: %w", err)
	}
	v := strings.TrimSpace(string(out))
	if v != "" {
		v += ", "
	}
	if out, err := exec.Command("postconf", "-e", "alternate_config_directories = "+v+dir).CombinedOutput(); err != nil {
		return fmt.Errorf("postfix: postconf -e: %v: %s", err, out)
	}
	return nil
}

// Stop stops Postfix (to test sending while the server is away).
func (s *Server) Stop() error { return postfixCmd(s.Dir, "stop").Run() }

// Restart starts a stopped Postfix again and waits for it to listen.
func (s *Server) Restart() error {
	if out, err := postfixCmd(s.Dir, "start").CombinedOutput(); err != nil {
		return fmt.Errorf("postfix start: %v: %s", err, out)
	}
	if err := testenv.WaitListening(15*time.Second, s.SubmitPort); err != nil {
		return fmt.Errorf("postfix did not come back: %w", err)
	}
	return nil
}
