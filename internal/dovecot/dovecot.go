// Package dovecot starts a real Dovecot IMAP and POP3 server for tests: a
// configuration written into a temporary directory, passwd-file users,
// Maildir storage, a certificate from the test CA, and free loopback ports
// for IMAP (STARTTLS), IMAPS, POP3 (STLS) and POP3S.
package dovecot

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/testenv"
)

// Options change how the server is set up.
type Options struct {
	// POP3UIDLFormat is Dovecot's pop3_uidl_format; empty for "%08Xu%08Xv".
	POP3UIDLFormat string
	// Extra is appended to the configuration as it is.
	Extra string
	// OAuth2IntrospectionURL, when set, makes Dovecot also accept bearer
	// tokens (XOAUTH2 and OAUTHBEARER) that this RFC 7662 introspection
	// endpoint reports active, for the user it names.
	OAuth2IntrospectionURL string
	// OAuth2Mechanisms are the bearer-token mechanisms offered; empty for
	// "xoauth2 oauthbearer".
	OAuth2Mechanisms string
	// IMAPCapability, when set, is the whole capability list the server
	// announces (Dovecot's imap_capability), to act as a server that lacks
	// some extensions. Dovecot adds STARTTLS and AUTH= before login.
	IMAPCapability string
	// NamespacePrefix and Separator lay out the user's folders; empty for
	// folders at the root with "/" between levels. "INBOX." and "." give
	// the layout of Courier-IMAP and Debian's Cyrus.
	NamespacePrefix string
	Separator       string
	// NoSpecialUse leaves the special folders without SPECIAL-USE
	// attributes (RFC 6154), so a client must know them by name.
	NoSpecialUse bool
	// Gmail names the special folders as Gmail does ("[Gmail]/Sent Mail",
	// "[Gmail]/All Mail" with \All, "[Gmail]/Trash"...) instead of Sent,
	// Drafts, Trash, Junk and Archive.
	Gmail bool
}

// specialFolders returns the namespace's mailbox blocks.
func specialFolders(opts Options) string {
	type box struct{ name, use, auto string }
	boxes := []box{{"Drafts", `\Drafts`, "subscribe"}, {"Sent", `\Sent`, "subscribe"}, {"Trash", `\Trash`, "subscribe"},
		{"Junk", `\Junk`, "subscribe"}, {"Archive", `\Archive`, "create"}}
	if opts.Gmail {
		boxes = []box{{"[Gmail]/All Mail", `\All`, "subscribe"}, {"[Gmail]/Drafts", `\Drafts`, "subscribe"},
			{"[Gmail]/Sent Mail", `\Sent`, "subscribe"}, {"[Gmail]/Spam", `\Junk`, "subscribe"},
			{"[Gmail]/Starred", `\Flagged`, "subscribe"}, {"[Gmail]/Trash", `\Trash`, "subscribe"}}
	}
	var b strings.Builder
	for _, x := range boxes {
		fmt.Fprintf(&b, "  mailbox %q {\n", x.name)
		if !opts.NoSpecialUse {
			fmt.Fprintf(&b, "    special_use = %s\n", x.use)
		}
		fmt.Fprintf(&b, "    auto = %s\n  }\n", x.auto)
	}
	return b.String()
}

// Server is a running Dovecot.
type Server struct {
	Dir string
	testenv.MailPorts

	cmd     *exec.Cmd
	exited  chan struct{} // closed when cmd has ended
	conf    string
	uid     int
	gid     int
	mu      sync.Mutex
	stopped bool
}

// Start runs Dovecot for the duration of the test. A missing Dovecot fails
// the test under TERN_STRICT=1 and skips it otherwise.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	bin, err := exec.LookPath("dovecot")
	if err != nil {
		if _, err2 := os.Stat("/usr/sbin/dovecot"); err2 == nil {
			bin = "/usr/sbin/dovecot"
		} else {
			testenv.Missing(t, "dovecot (Debian packages dovecot-imapd, dovecot-pop3d)")
		}
	}
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	dir := testenv.ServerDir(t, "tern-dovecot-")
	s := &Server{Dir: dir, conf: filepath.Join(dir, "dovecot.conf"), uid: os.Getuid(), gid: os.Getgid()}
	internalUser, loginUser := "", ""
	if os.Geteuid() == 0 {
		// Dovecot will not run mail processes as root: use nobody.
		u, err := user.Lookup("nobody")
		if err != nil {
			t.Fatal(err)
		}
		s.uid, _ = strconv.Atoi(u.Uid)
		s.gid, _ = strconv.Atoi(u.Gid)
		internalUser, loginUser = "dovecot", "dovenull"
	} else {
		u, _ := user.Current()
		internalUser, loginUser = u.Username, u.Username
	}
	for _, d := range []string{"run", "state", "mail"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.Chown(filepath.Join(dir, "mail"), s.uid, s.gid)
	if err := os.WriteFile(filepath.Join(dir, "passwd"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	users := [2]string{internalUser, loginUser}
	s.MailPorts = testenv.StartOnFreePorts(t, func(ports testenv.MailPorts) error {
		s.MailPorts = ports
		if err := os.WriteFile(s.conf, []byte(s.config(opts, ca, users)), 0o644); err != nil {
			return err
		}
		return s.launch(bin)
	})
	t.Cleanup(s.Stop)
	return s
}

// config is Dovecot's configuration for opts, on s's directory and ports;
// users are its internal and login users.
func (s *Server) config(opts Options, ca *testenv.CA, users [2]string) string {
	dir, internalUser, loginUser := s.Dir, users[0], users[1]
	mechs, oauthPassdb := "plain login", ""
	if opts.OAuth2IntrospectionURL != "" {
		om := opts.OAuth2Mechanisms
		if om == "" {
			om = "xoauth2 oauthbearer"
		}
		mechs += " " + om
		ext := filepath.Join(dir, "dovecot-oauth2.conf.ext")
		if err := os.WriteFile(ext, []byte(fmt.Sprintf(`introspection_mode = post
introspection_url = %s
username_attribute = username
active_attribute = active
active_value = true
`, opts.OAuth2IntrospectionURL)), 0o644); err != nil {
			panic(err) // a temporary directory of the test's own
		}
		oauthPassdb = fmt.Sprintf("passdb {\n  driver = oauth2\n  mechanisms = %s\n  args = %s\n}\n", om, ext)
	}
	uidl := opts.POP3UIDLFormat
	if uidl == "" {
		uidl = "%08Xu%08Xv"
	}
	sep := opts.Separator
	if sep == "" {
		sep = "/"
	}
	ns := "  separator = " + sep
	if opts.NamespacePrefix != "" {
		ns += "\n  prefix = " + opts.NamespacePrefix
	}
	caps := ""
	if opts.IMAPCapability != "" {
		caps = "imap_capability = " + opts.IMAPCapability
	}
	return fmt.Sprintf(`# Written by Tern's tests.
instance_name = tern-%[1]s
base_dir = %[1]s/run
state_dir = %[1]s/state
listen = 127.0.0.1
protocols = imap pop3
log_path = %[1]s/dovecot.log
ssl = yes
ssl_cert = <%[2]s
ssl_key = <%[3]s
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = %[14]s
auth_failure_delay = 0
default_internal_user = %[4]s
default_login_user = %[5]s
first_valid_uid = 1
mail_uid = %[6]d
mail_gid = %[7]d
mail_location = maildir:%[1]s/mail/%%u/Maildir
mail_max_userip_connections = 200
pop3_uidl_format = %[8]s
%[15]spassdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%%u %[1]s/passwd
}
userdb {
  driver = static
  args = uid=%[6]d gid=%[7]d home=%[1]s/mail/%%u
}
namespace inbox {
  inbox = yes
%[16]s
%[17]s}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = %[9]d
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = %[10]d
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = %[11]d
  }
  inet_listener pop3s {
    address = 127.0.0.1
    port = %[12]d
    ssl = yes
  }
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
%[18]s
%[13]s
`, dir, ca.ServerCertFile, ca.ServerKeyFile, internalUser, loginUser, s.uid, s.gid, uidl,
		s.IMAPPort, s.IMAPSPort, s.POP3Port, s.POP3SPort, opts.Extra, mechs, oauthPassdb, ns, specialFolders(opts), caps)
}

// launch starts Dovecot on the configuration written and waits until it
// listens on all its ports; it stops it again when it does not.
func (s *Server) launch(bin string) error {
	s.cmd = exec.Command(bin, "-F", "-c", s.conf)
	s.cmd.Stdout, s.cmd.Stderr = os.Stderr, os.Stderr
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start dovecot: %w", err)
	}
	s.exited = make(chan struct{})
	go func(cmd *exec.Cmd, exited chan struct{}) { cmd.Wait(); close(exited) }(s.cmd, s.exited)
	if err := testenv.WaitServing(10*time.Second, s.exited, s.All()...); err != nil {
		s.Stop()
		s.stopped = false
		return fmt.Errorf("dovecot: %v\n%s", err, s.Log())
	}
	return nil
}

// AddUser creates a mail user with a password.
func (s *Server) AddUser(t testing.TB, name, password string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(s.Dir, "passwd"), os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := fmt.Fprintf(f, "%s:{PLAIN}%s::::::\n", name, password); err != nil {
		t.Fatal(err)
	}
}

// Maildir returns the user's Maildir path (it may not exist before the user
// first logs in; DeliverFile creates it).
func (s *Server) Maildir(name string) string {
	return filepath.Join(s.Dir, "mail", name, "Maildir")
}

// Chown gives the files under the user's mail directory to the mail user,
// after a test wrote into it directly.
func (s *Server) Chown(name string) error {
	return filepath.Walk(filepath.Join(s.Dir, "mail", name), func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, s.uid, s.gid)
	})
}

// Addr returns host:port of a listener.
func Addr(port int) string { return "127.0.0.1:" + strconv.Itoa(port) }

// Stop stops the server; it is registered with t.Cleanup by Start.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	s.stopped = true
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
}

// Log returns Dovecot's log so far, for failure messages.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "dovecot.log"))
	return strings.TrimSpace(string(b))
}
