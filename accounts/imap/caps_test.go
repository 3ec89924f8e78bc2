package imap

import (
	"context"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/storage"
)

// strippedCaps is what a plain IMAP4rev1 server offers: no MOVE, UIDPLUS,
// CONDSTORE, QRESYNC, IDLE, LIST-EXTENDED, LIST-STATUS, SPECIAL-USE,
// NAMESPACE, ESEARCH, LITERAL+, UTF8=ACCEPT or STATUS=SIZE.
const strippedCaps = "IMAP4rev1 ID ENABLE CHILDREN UNSELECT"

// scenario is what a user does with an account, checked on both sides. p
// is the server's personal namespace prefix: the user never types it.
func scenario(t *testing.T, fx *fixture, p, sep string, log *commandLog) {
	ctx := context.Background()
	sync := func() {
		t.Helper()
		if err := SyncOnce(ctx, fx.acct, fx.st, fx.pw, Options{Debug: log}); err != nil {
			t.Fatalf("sync: %v", err)
		}
	}
	for i := 1; i <= 4; i++ {
		fx.appendMsg(t, "INBOX", msg(i, "Msg "+itoa(i), "x"))
	}
	must(t, fx.other.Create(p+"Projects", nil).Wait())
	must(t, fx.other.Subscribe(p+"Projects").Wait())
	must(t, fx.other.Create(p+"Entwürfe", nil).Wait()) // unsubscribed, and in modified UTF-7 on the wire
	fx.appendMsg(t, p+"Projects", msg(10, "Plan", "x"))

	// First sync: folders by the names the user knows, with their roles.
	sync()
	folders, err := fx.st.Folders(ctx, fx.acct.ID)
	must(t, err)
	roles := map[string]string{}
	var shown []string
	for _, f := range folders {
		shown = append(shown, f.DisplayName())
		if f.Role != "" {
			roles[f.Role] = f.DisplayName()
		}
	}
	sort.Strings(shown)
	if got, want := strings.Join(shown, ","), "Archive,Drafts,Entwürfe,INBOX,Junk,Projects,Sent,Trash"; got != want {
		t.Fatalf("folders shown: %s, want %s", got, want)
	}
	for role, name := range map[string]string{storage.RoleInbox: "INBOX", storage.RoleSent: "Sent",
		storage.RoleTrash: "Trash", storage.RoleDrafts: "Drafts", storage.RoleJunk: "Junk", storage.RoleArchive: "Archive"} {
		if roles[role] != name {
			t.Errorf("role %s is %q, want %q (roles %v)", role, roles[role], name, roles)
		}
	}
	projects, err := fx.st.FolderByName(ctx, fx.acct.ID, "Projects")
	must(t, err)
	if projects.Name != p+"Projects" || !projects.Subscribed {
		t.Errorf("Projects stored as %q, subscribed %v", projects.Name, projects.Subscribed)
	}
	if f, err := fx.st.FolderByName(ctx, fx.acct.ID, p+"Entwürfe"); err != nil || f.Subscribed || f.DisplayName() != "Entwürfe" {
		t.Errorf("Entwürfe: %+v %v", f, err)
	}
	if len(fx.local(t, "INBOX")) != 4 || len(fx.local(t, "Projects")) != 1 {
		t.Fatalf("first sync: INBOX %d, Projects %d", len(fx.local(t, "INBOX")), len(fx.local(t, "Projects")))
	}

	// Read, flag, move, delete.
	inbox := fx.local(t, "INBOX")
	yes := true
	must(t, fx.st.ChangeFlags(ctx, []int64{idOf(t, inbox, "Msg 1")}, storage.FlagChange{Seen: &yes}, true))
	must(t, fx.st.ChangeFlags(ctx, []int64{idOf(t, inbox, "Msg 2")}, storage.FlagChange{Flagged: &yes}, true))
	must(t, fx.st.MoveMessages(ctx, []int64{idOf(t, inbox, "Msg 3")}, projects.ID, true))
	must(t, fx.st.DeleteMessages(ctx, []int64{idOf(t, inbox, "Msg 4")}, true))
	sync()
	in := fx.server(t, "INBOX")
	if len(in) != 2 || !hasFlag(in["Msg 1"], imap.FlagSeen) || !hasFlag(in["Msg 2"], imap.FlagFlagged) {
		t.Errorf("server INBOX: %v", in)
	}
	if pr := fx.server(t, p+"Projects"); len(pr) != 2 || !has(pr, "Msg 3") {
		t.Errorf("server Projects: %v", pr)
	}
	if tr := fx.server(t, p+"Trash"); len(tr) != 1 || !has(tr, "Msg 4") {
		t.Errorf("server Trash: %v", tr)
	}
	if pending, _ := fx.st.PendingActions(ctx, fx.acct.ID); len(pending) != 0 {
		t.Errorf("actions left: %+v", pending)
	}

	// Folders: create, rename, delete, by the names the user sees.
	_, err = fx.st.CreateFolder(ctx, fx.acct.ID, "Büro", sep, true)
	must(t, err)
	sync()
	serverFolders := func() map[string]bool {
		l, err := fx.other.List("", "*", nil).Collect()
		must(t, err)
		out := map[string]bool{}
		for _, m := range l {
			out[m.Mailbox] = true
		}
		return out
	}
	if sf := serverFolders(); !sf[p+"Büro"] {
		t.Fatalf("created folder not on the server as %q: %v", p+"Büro", sf)
	}
	buero, err := fx.st.FolderByName(ctx, fx.acct.ID, "Büro")
	must(t, err)
	must(t, fx.st.RenameFolderQueued(ctx, buero.ID, "Büro 2026", true))
	sync()
	if sf := serverFolders(); !sf[p+"Büro 2026"] || sf[p+"Büro"] {
		t.Fatalf("renamed folder on the server: %v", sf)
	}
	renamed, err := fx.st.FolderByName(ctx, fx.acct.ID, "Büro 2026")
	must(t, err)
	if renamed.Name != p+"Büro 2026" {
		t.Errorf("renamed folder stored as %q", renamed.Name)
	}
	must(t, fx.st.DeleteFolderQueued(ctx, renamed.ID, true))
	sync()
	if sf := serverFolders(); sf[p+"Büro 2026"] {
		t.Fatalf("deleted folder still on the server: %v", sf)
	}

	// Another device: flags a message, expunges one, adds one, and marks
	// one \Deleted without expunging it.
	fx.appendMsg(t, "INBOX", msg(20, "From elsewhere", "x"))
	fx.appendMsg(t, "INBOX", msg(21, "Deleted elsewhere", "x"))
	fx.appendMsg(t, "INBOX", msg(22, "Kept elsewhere", "x"))
	_, err = fx.other.Select("INBOX", nil).Wait()
	must(t, err)
	find := func(subject string) imap.UIDSet {
		t.Helper()
		res, err := fx.other.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Subject", Value: subject}}}, nil).Wait()
		must(t, err)
		uids := res.AllUIDs()
		if len(uids) != 1 {
			t.Fatalf("%q on the server: %v", subject, uids)
		}
		return imap.UIDSetNum(uids[0])
	}
	must(t, fx.other.Store(find("Msg 2"), &imap.StoreFlags{Op: imap.StoreFlagsDel, Silent: true, Flags: []imap.Flag{imap.FlagFlagged}}, nil).Close())
	must(t, fx.other.Store(find("Deleted elsewhere"), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close())
	must(t, fx.other.Expunge().Close())
	must(t, fx.other.Store(find("Kept elsewhere"), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close())
	sync()
	local := map[string]storage.MessageSummary{}
	for _, m := range fx.local(t, "INBOX") {
		local[m.Subject] = m
	}
	if _, ok := local["Deleted elsewhere"]; ok || len(local) != 4 {
		t.Errorf("local INBOX after the other device: %v", local)
	}
	if local["Msg 2"].Flags.Flagged {
		t.Error("flag removed elsewhere still set here")
	}
	if _, ok := local["From elsewhere"]; !ok {
		t.Error("message added elsewhere missing")
	}

	// A move from a folder where another device left a message \Deleted:
	// that message stays, still \Deleted, whatever the server offers.
	must(t, fx.st.MoveMessages(ctx, []int64{local["From elsewhere"].ID}, projects.ID, true))
	sync()
	in = fx.server(t, "INBOX")
	if _, ok := in["From elsewhere"]; ok {
		t.Errorf("moved message still in INBOX: %v", in)
	}
	if fl, ok := in["Kept elsewhere"]; !ok || !hasFlag(fl, imap.FlagDeleted) {
		t.Errorf("the other device's \\Deleted message: %v (present %v)", fl, ok)
	}
	if pr := fx.server(t, p+"Projects"); !has(pr, "From elsewhere") {
		t.Errorf("server Projects after move: %v", pr)
	}
}

func TestScenarioOnServerWithoutExtensions(t *testing.T) {
	fx := newFixtureWith(t, dovecot.Options{IMAPCapability: strippedCaps, NoSpecialUse: true})
	var log commandLog
	scenario(t, fx, "", "/", &log)
	// Nothing the server did not offer was asked of it.
	for _, line := range strings.Split(log.String(), "\r\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[0] == "*" || f[0] == "+" {
			continue
		}
		cmd := strings.ToUpper(strings.Join(f[1:], " "))
		for _, bad := range []string{"MOVE", "UID EXPUNGE", "NAMESPACE", "IDLE", "CONDSTORE", "CHANGEDSINCE",
			"QRESYNC", "RETURN", "SPECIAL-USE", "UTF8"} {
			if strings.HasPrefix(cmd, bad) || strings.HasPrefix(cmd, "UID "+bad) || strings.Contains(cmd, "("+bad) {
				t.Errorf("sent %q to a server without it", line)
			}
		}
		// STATUS itself is IMAP4rev1 (RFC 3501 section 6.3.10); what it
		// may ask for without extensions is not SIZE (RFC 8438),
		// HIGHESTMODSEQ (RFC 7162) or DELETED (RFC 9051).
		if items := cmd[strings.LastIndex(cmd, "(")+1:]; strings.HasPrefix(cmd, "STATUS") && (strings.Contains(items, "SIZE") ||
			strings.Contains(items, "HIGHESTMODSEQ") || strings.Contains(items, "DELETED")) {
			t.Errorf("sent %q to a server without STATUS extensions", line)
		}
		if strings.HasPrefix(cmd, "LIST") && strings.Contains(cmd, "RETURN") {
			t.Errorf("sent %q to a server without LIST-EXTENDED", line)
		}
	}
	if !strings.Contains(log.String(), "CAPABILITY "+strippedCaps) {
		t.Fatalf("the server offered more than %q", strippedCaps)
	}
	if !strings.Contains(log.String(), "SEARCH DELETED") {
		t.Error("EXPUNGE without UIDPLUS did not look for others' \\Deleted messages first")
	}
	cmds := strings.Join(log.commands(), " ")
	for _, want := range []string{"COPY", "EXPUNGE", "LIST"} {
		if !strings.Contains(cmds, want) {
			t.Errorf("no %s in %s", want, cmds)
		}
	}
}

func TestScenarioWithInboxPrefixNamespace(t *testing.T) {
	fx := newFixtureWith(t, dovecot.Options{NamespacePrefix: "INBOX.", Separator: "."})
	var log commandLog
	scenario(t, fx, "INBOX.", ".", &log)
	if !strings.Contains(log.String(), "Entw&APw-rfe") {
		t.Error("no modified UTF-7 folder name on the wire")
	}
}

// lockedLog is a commandLog that a worker may write while the test reads.
type lockedLog struct {
	mu  sync.Mutex
	log commandLog
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.log.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.log.String()
}

// Without IDLE the worker does not send it; a kick still brings new mail.
func TestWorkerWithoutIdlePolls(t *testing.T) {
	fx := newFixtureWith(t, dovecot.Options{IMAPCapability: strippedCaps, NoSpecialUse: true})
	sub := fx.st.Subscribe()
	defer sub.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	online := make(chan bool, 10)
	log := &lockedLog{}
	w := &Worker{Account: fx.acct, Store: fx.st, Password: func(context.Context) (string, error) { return fx.pw, nil },
		Options: Options{Debug: log}, OnStatus: func(on bool, err error) { online <- on && err == nil }}
	wg.Add(1)
	go func() { defer wg.Done(); w.Run(ctx) }()
	defer func() { cancel(); wg.Wait() }()
	if !<-online {
		t.Fatal("worker did not come online")
	}
	fx.appendMsg(t, "INBOX", msg(1, "Polled", "x"))
	w.Kick()
	deadline := time.After(30 * time.Second)
	inboxCount := func() int { // 0 until the first pass has stored the folder
		f, err := fx.st.FolderByName(ctx, fx.acct.ID, "INBOX")
		if err != nil {
			return 0
		}
		l, err := fx.st.ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{f.ID}})
		must(t, err)
		return len(l)
	}
	for inboxCount() != 1 {
		select {
		case <-sub.C():
		case <-deadline:
			t.Fatalf("no new mail after a kick:\n%s", log.String())
		}
	}
	if strings.Contains(log.String(), " IDLE\r\n") {
		t.Error("IDLE sent to a server without it")
	}
}

// A server with folders under "INBOX." that has no NAMESPACE: the layout
// is read from the folder list.
func TestScenarioWithInboxPrefixWithoutNamespace(t *testing.T) {
	fx := newFixtureWith(t, dovecot.Options{IMAPCapability: strippedCaps, NoSpecialUse: true, NamespacePrefix: "INBOX.", Separator: "."})
	var log commandLog
	scenario(t, fx, "INBOX.", ".", &log)
	if strings.Contains(log.String(), " NAMESPACE\r\n") {
		t.Error("NAMESPACE sent to a server without it")
	}
}
