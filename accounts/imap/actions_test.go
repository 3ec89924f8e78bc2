package imap

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

func idOf(t *testing.T, l []storage.MessageSummary, subject string) int64 {
	t.Helper()
	for _, m := range l {
		if m.Subject == subject {
			return m.ID
		}
	}
	t.Fatalf("no %q in %d messages", subject, len(l))
	return 0
}

func TestOfflineActionsReplayedExactlyOnce(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	for i := 1; i <= 6; i++ {
		fx.appendMsg(t, "INBOX", msg(i, "Msg "+itoa(i), "x"))
	}
	fx.sync(t)
	inbox := fx.local(t, "INBOX")
	archive, _ := fx.st.FolderByName(ctx, fx.acct.ID, "Archive")
	trash, _ := fx.st.FolderByName(ctx, fx.acct.ID, "Trash")
	yes, no := true, false

	// Offline: every action applies locally at once and is queued.
	must(t, fx.st.ChangeFlags(ctx, []int64{idOf(t, inbox, "Msg 1")}, storage.FlagChange{Seen: &yes, Flagged: &yes}, true))
	must(t, fx.st.MoveMessages(ctx, []int64{idOf(t, inbox, "Msg 2")}, archive.ID, true))
	must(t, fx.st.DeleteMessages(ctx, []int64{idOf(t, inbox, "Msg 3")}, true)) // to Trash
	_, err := fx.st.CreateFolder(ctx, fx.acct.ID, "Receipts", "/", true)
	must(t, err)
	receipts, _ := fx.st.FolderByName(ctx, fx.acct.ID, "Receipts")
	must(t, fx.st.MoveMessages(ctx, []int64{idOf(t, inbox, "Msg 4")}, receipts.ID, true))
	// Moved twice while offline, then its flag changed.
	must(t, fx.st.MoveMessages(ctx, []int64{idOf(t, inbox, "Msg 5")}, archive.ID, true))
	must(t, fx.st.MoveMessages(ctx, []int64{idOf(t, inbox, "Msg 5")}, trash.ID, true))
	must(t, fx.st.ChangeFlags(ctx, []int64{idOf(t, inbox, "Msg 5")}, storage.FlagChange{Flagged: &yes}, true))
	must(t, fx.st.ChangeFlags(ctx, []int64{idOf(t, inbox, "Msg 6")}, storage.FlagChange{Seen: &no}, true)) // no-op: not queued

	if got := len(fx.local(t, "INBOX")); got != 2 {
		t.Fatalf("local inbox has %d after offline actions, want 2", got)
	}
	pending, _ := fx.st.PendingActions(ctx, fx.acct.ID)
	if len(pending) != 8 {
		t.Fatalf("%d pending actions, want 8: %+v", len(pending), pending)
	}

	fx.sync(t)
	if pending, _ := fx.st.PendingActions(ctx, fx.acct.ID); len(pending) != 0 {
		t.Fatalf("actions left after replay: %+v", pending)
	}
	check := func() {
		t.Helper()
		in := fx.server(t, "INBOX")
		if len(in) != 2 || !hasFlag(in["Msg 1"], imap.FlagSeen) || !hasFlag(in["Msg 1"], imap.FlagFlagged) {
			t.Fatalf("server INBOX: %v", in)
		}
		if a := fx.server(t, "Archive"); len(a) != 1 || !has(a, "Msg 2") {
			t.Fatalf("server Archive: %v", a)
		}
		tr := fx.server(t, "Trash")
		if len(tr) != 2 || !hasFlag(tr["Msg 5"], imap.FlagFlagged) {
			t.Fatalf("server Trash: %v", tr)
		}
		if r := fx.server(t, "Receipts"); len(r) != 1 {
			t.Fatalf("server Receipts: %v", r)
		}
	}
	check()
	// Local rows took the UIDs the server gave them: nothing doubled.
	fx.sync(t)
	for folder, n := range map[string]int{"INBOX": 2, "Archive": 1, "Trash": 2, "Receipts": 1} {
		if got := len(fx.local(t, folder)); got != n {
			t.Errorf("local %s has %d after resync, want %d", folder, got, n)
		}
	}
	check()
}

func TestReplayAfterCrashDoesNotRepeat(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	fx.appendMsg(t, "INBOX", msg(1, "Once", "x"))
	fx.sync(t)
	archive, _ := fx.st.FolderByName(ctx, fx.acct.ID, "Archive")
	must(t, fx.st.MoveMessages(ctx, []int64{idOf(t, fx.local(t, "INBOX"), "Once")}, archive.ID, true))

	// The server carries out the move, then Tern dies before noting it.
	c, err := Dial(ctx, fx.acct.Incoming, fx.pw, Options{})
	must(t, err)
	pending, _ := fx.st.PendingActions(ctx, fx.acct.ID)
	if _, _, err := c.apply(ctx, fx.st, pending[0]); err != nil {
		t.Fatal(err)
	}
	c.Close()

	fx.sync(t) // replays the same action: the message is gone from INBOX
	if a := fx.server(t, "Archive"); len(a) != 1 {
		t.Fatalf("Archive on the server after replay: %v", a)
	}
	if p, _ := fx.st.PendingActions(ctx, fx.acct.ID); len(p) != 0 {
		t.Fatalf("action not dropped: %+v", p)
	}
	if l := fx.local(t, "Archive"); len(l) != 1 {
		t.Fatalf("local Archive: %d", len(l))
	}
}

func TestRefusedActionIsRolledBackAndTold(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	fx.appendMsg(t, "INBOX", msg(1, "Keep me", "x"))
	fx.sync(t)
	// A folder that exists only here: the server will refuse the move.
	ghost, err := fx.st.CreateFolder(ctx, fx.acct.ID, "Ghost", "/", false)
	must(t, err)
	id := idOf(t, fx.local(t, "INBOX"), "Keep me")
	must(t, fx.st.MoveMessages(ctx, []int64{id}, ghost.ID, true))
	fx.sync(t)
	if l := fx.local(t, "INBOX"); len(l) != 1 || l[0].ID != id || l[0].UID == 0 {
		t.Fatalf("move not rolled back: %+v", l)
	}
	notices, _ := fx.st.TakeNotices(ctx)
	if len(notices) != 1 || notices[0].Kind != storage.NoticeRefused || notices[0].Action != storage.ActionMove ||
		notices[0].Subject != "Keep me" || notices[0].Folder != "INBOX" || notices[0].Dest != "Ghost" || notices[0].ServerText == "" {
		t.Fatalf("notices: %+v", notices)
	}
}

func TestIdleBringsNewMailWithoutAsking(t *testing.T) {
	fx := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	idle := newIdleWatch()
	w := &Worker{Account: fx.acct, Store: fx.st, Password: func(context.Context) (string, error) { return fx.pw, nil },
		idling: idle.hook}
	wg.Add(1)
	go func() { defer wg.Done(); w.Run(ctx) }()
	defer func() { cancel(); wg.Wait() }()
	idle.wait(t) // the first pass is over, and the server has accepted IDLE
	fx.appendMsg(t, "INBOX", msg(1, "Pushed", "arrives by IDLE"))
	waitFor(t, 30*time.Second, "pushed message in the store", func() bool {
		l := fx.local(t, "INBOX")
		return len(l) == 1 && l[0].HasBody
	})
}

// proxy forwards TCP to a server and can cut every connection.
type proxy struct {
	l     net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	p := &proxy{l: l}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
	t.Cleanup(func() { l.Close(); p.cut() })
	return p
}

func (p *proxy) port() int { return p.l.Addr().(*net.TCPAddr).Port }

func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func TestWorkerReconnectsAfterTheConnectionDrops(t *testing.T) {
	fx := newFixture(t)
	px := newProxy(t, dovecot.Addr(fx.srv.IMAPSPort))
	acct := fx.acct
	acct.Incoming = accounts.Server{Host: "localhost", Port: px.port(), Security: accounts.TLS, Username: "alice"}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var mu sync.Mutex
	var onlines, offlines int
	idle := newIdleWatch()
	w := &Worker{Account: acct, Store: fx.st, Password: func(context.Context) (string, error) { return fx.pw, nil },
		idling: idle.hook,
		OnStatus: func(on bool, err error) {
			mu.Lock()
			defer mu.Unlock()
			if on && err == nil {
				onlines++
			} else if !on {
				offlines++
			}
		}}
	wg.Add(1)
	go func() { defer wg.Done(); w.Run(ctx) }()
	defer func() { cancel(); wg.Wait() }()
	count := func() (int, int) { mu.Lock(); defer mu.Unlock(); return onlines, offlines }
	waitFor(t, 30*time.Second, "online", func() bool { on, _ := count(); return on == 1 })
	idle.wait(t) // the drop comes while idle, not in the middle of the first pass

	px.cut()
	waitFor(t, 30*time.Second, "offline after the drop", func() bool { _, off := count(); return off >= 1 })
	fx.appendMsg(t, "INBOX", msg(1, "While away", "x"))
	waitFor(t, 45*time.Second, "back online with the new mail", func() bool {
		on, _ := count()
		return on >= 2 && len(fx.local(t, "INBOX")) == 1
	})
}

func has(m map[string][]imap.Flag, subject string) bool { _, ok := m[subject]; return ok }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	testenv.Eventually(t, d, func() error {
		if !cond() {
			return errors.New(what)
		}
		return nil
	})
}

func TestFolderChangesOfflineReachTheServer(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	fx.appendMsg(t, "INBOX", msg(1, "Paper", "x"))
	fx.sync(t)
	f, err := fx.st.CreateFolder(ctx, fx.acct.ID, "Receipts", "/", true)
	must(t, err)
	must(t, fx.st.MoveMessages(ctx, []int64{idOf(t, fx.local(t, "INBOX"), "Paper")}, f.ID, true))
	must(t, fx.st.RenameFolderQueued(ctx, f.ID, "Bills", true))
	old, err := fx.st.CreateFolder(ctx, fx.acct.ID, "Old stuff", "/", true)
	must(t, err)
	fx.sync(t)
	must(t, fx.st.DeleteFolderQueued(ctx, old.ID, true))
	fx.sync(t)
	if b := fx.server(t, "Bills"); len(b) != 1 || !has(b, "Paper") {
		t.Fatalf("server Bills: %v", b)
	}
	list, err := fx.other.List("", "*", nil).Collect()
	must(t, err)
	for _, l := range list {
		if l.Mailbox == "Receipts" || l.Mailbox == "Old stuff" {
			t.Fatalf("%q still on the server", l.Mailbox)
		}
	}
	fx.sync(t)
	if l := fx.local(t, "Bills"); len(l) != 1 || l[0].UID == 0 {
		t.Fatalf("local Bills after resync: %+v", l)
	}
	if _, err := fx.st.FolderByName(ctx, fx.acct.ID, "Receipts"); err == nil {
		t.Fatal("the old name came back")
	}
}

// The server refuses a copy of three messages as one command (over quota),
// though two of them fit: Tern then copies one at a time, and only the one
// the server refuses on its own is rolled back and told.
func TestRefusedBatchIsTriedOneAtATime(t *testing.T) {
	body := strings.Repeat("x", 2000)
	size := len(msg(1, "Copy 1", body)) // each message is this size, give or take a digit
	const limitK = 12
	// Three in the Inbox and two copies fit; three copies do not.
	if 5*(size+2) > limitK*1024 || 6*(size-2) <= limitK*1024 {
		t.Fatalf("messages of %d bytes do not suit a quota of %d KiB", size, limitK)
	}
	fx := newFixtureWith(t, dovecot.Options{Extra: fmt.Sprintf(`
mail_plugins = $mail_plugins quota
plugin {
  quota = count:User quota
  quota_vsizes = yes
  quota_rule = *:storage=%dK
}
`, limitK)})
	ctx := context.Background()
	for i := 1; i <= 3; i++ {
		fx.appendMsg(t, "INBOX", msg(i, "Copy "+itoa(i), body))
	}
	fx.sync(t)
	var ids []int64
	for i := 1; i <= 3; i++ {
		ids = append(ids, idOf(t, fx.local(t, "INBOX"), "Copy "+itoa(i)))
	}
	archive, err := fx.st.FolderByName(ctx, fx.acct.ID, "Archive")
	must(t, err)
	_, err = fx.st.CopyMessages(ctx, ids, archive.ID, true)
	must(t, err)
	fx.sync(t)

	sel, err := fx.other.Select("Archive", nil).Wait()
	must(t, err)
	if sel.NumMessages != 2 {
		t.Fatalf("the server's Archive holds %d copies, want the 2 that fit", sel.NumMessages)
	}
	if l := fx.local(t, "Archive"); len(l) != 2 {
		t.Fatalf("local Archive: %d copies", len(l))
	}
	notices, _ := fx.st.TakeNotices(ctx)
	if len(notices) != 1 || notices[0].Kind != storage.NoticeRefused || notices[0].Action != storage.ActionCopy ||
		!strings.Contains(strings.ToLower(notices[0].ServerText), "quota") {
		t.Fatalf("notices: %+v", notices)
	}
}
