package imap

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tern-mail/tern/storage"
)

// bulkFixture is a fixture whose INBOX and Archive hold more messages
// than bulkThreshold, delivered straight into Dovecot's Maildir.
func bulkFixture(t *testing.T) (*fixture, int) {
	fx := newFixture(t)
	var inbox, archive [][]byte
	for i := 1; i <= bulkThreshold+200; i++ {
		inbox = append(inbox, msg(i, "Bulk "+itoa(i), "walrus "+itoa(i)))
	}
	for i := 0; i < 150; i++ {
		archive = append(archive, msg(10000+i, "Old "+itoa(i), "narwhal"))
	}
	if err := fx.srv.DeliverMaildir("alice", "INBOX", inbox, false); err != nil {
		t.Fatal(err)
	}
	if err := fx.srv.DeliverMaildir("alice", "Archive", archive, true); err != nil {
		t.Fatal(err)
	}
	if err := fx.srv.Chown("alice"); err != nil {
		t.Fatal(err)
	}
	return fx, len(inbox) + len(archive)
}

// checkAllBodies fails unless every message of the account is stored
// once, with its body, and searchable by its body.
func checkAllBodies(t *testing.T, fx *fixture, want int) {
	t.Helper()
	ctx := context.Background()
	all, err := fx.st.ListMessages(ctx, storage.ListQuery{AccountID: fx.acct.ID})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range all {
		key := m.FolderName + "/" + itoa(int(m.UID))
		if seen[key] {
			t.Fatalf("%s stored twice", key)
		}
		seen[key] = true
		if !m.HasBody {
			t.Fatalf("%s (%q) has no body", key, m.Subject)
		}
	}
	if len(all) != want {
		t.Fatalf("%d messages stored, want %d", len(all), want)
	}
	for q, n := range map[string]int{"walrus": bulkThreshold + 200, "narwhal": 150, "bulk": bulkThreshold + 200} {
		res, err := fx.st.Search(ctx, storage.SearchQuery{Text: q})
		if err != nil || len(res) != n {
			t.Fatalf("search %q: %d results, %v; want %d", q, len(res), err, n)
		}
	}
	if err := fx.st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// countLogins makes c count the connections it opens besides itself
// (each logs in once), through the dialer a pass uses for its second
// connection.
func countLogins(c *Conn) *atomic.Int32 {
	var n atomic.Int32
	dial := c.another
	c.another = func(ctx context.Context) (*Conn, error) {
		n.Add(1)
		return dial(ctx)
	}
	return &n
}

// A first sync of many messages opens one more connection, whether it
// fetches the large INBOX whole or, with hand-overs out of reach, lets the
// second connection follow the envelopes the first one lists.
func TestFirstSyncFetchesBodiesOnASecondConnection(t *testing.T) {
	t.Run("whole", testFirstSyncOnTwoConnections)
	t.Run("envelopes first", func(t *testing.T) {
		old := wholeMin
		wholeMin = 1 << 30
		defer func() { wholeMin = old }()
		testFirstSyncOnTwoConnections(t)
	})
}

func testFirstSyncOnTwoConnections(t *testing.T) {
	fx, n := bulkFixture(t)
	ctx := context.Background()
	c := fx.dial(t)
	more := countLogins(c)
	if err := c.Sync(ctx, fx.st, fx.acct.ID, PolicyFor(fx.acct)); err != nil {
		t.Fatal(err)
	}
	if got := more.Load(); got != 1 {
		t.Errorf("first sync of %d messages opened %d more connections, want 1 (for bodies)", n, got)
	}
	checkAllBodies(t, fx, n)

	// A pass with little to do uses one connection.
	fx.appendMsg(t, "INBOX", msg(99999, "One more", "walrus 0"))
	c = fx.dial(t)
	more = countLogins(c)
	if err := c.Sync(ctx, fx.st, fx.acct.ID, PolicyFor(fx.acct)); err != nil {
		t.Fatal(err)
	}
	if got := more.Load(); got != 0 {
		t.Errorf("a pass with one new message opened %d more connections, want none", got)
	}
}

func TestBodiesArriveWhenTheSecondConnectionFails(t *testing.T) {
	for name, another := range map[string]func(ctx context.Context, fx *fixture) (*Conn, error){
		"cannot connect": func(context.Context, *fixture) (*Conn, error) {
			return nil, context.DeadlineExceeded
		},
		"dropped mid-way": func(ctx context.Context, fx *fixture) (*Conn, error) {
			h, err := Dial(ctx, fx.acct.Incoming, fx.pw, Options{})
			if err == nil {
				time.AfterFunc(150*time.Millisecond, func() { h.c.Close() })
			}
			return h, err
		},
	} {
		t.Run(name, func(t *testing.T) {
			fx, n := bulkFixture(t)
			ctx := context.Background()
			c := fx.dial(t)
			c.another = func(ctx context.Context) (*Conn, error) { return another(ctx, fx) }
			if err := c.Sync(ctx, fx.st, fx.acct.ID, PolicyFor(fx.acct)); err != nil {
				t.Fatal(err)
			}
			checkAllBodies(t, fx, n)
		})
	}
}

// TestFollowerEndsWhenABodyIsGone stores every envelope without a body,
// expunges one message on the server, and runs a follower: it must fetch
// the rest and end, not ask again and again for the one that is gone.
func TestFollowerEndsWhenABodyIsGone(t *testing.T) {
	fx, n := bulkFixture(t)
	ctx := context.Background()
	c := fx.dial(t)
	// Envelopes only: the policy wants no body older than 2100.
	if err := c.Sync(ctx, fx.st, fx.acct.ID, Policy{BodiesSince: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.other.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	if err := fx.other.Store(imap.SeqSetNum(7), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
		t.Fatal(err)
	}
	if err := fx.other.Expunge().Close(); err != nil {
		t.Fatal(err)
	}

	inbox, err := fx.st.FolderByName(ctx, fx.acct.ID, "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	b := c.follow(ctx, fx.st, []storage.Folder{inbox}, Policy{})
	if b == nil {
		t.Fatal("no follower")
	}
	b.folderDone(1)
	ended := make(chan error, 1)
	go func() { ended <- b.wait(false) }()
	select {
	case err := <-ended:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		b.cancel()
		t.Fatal("the follower did not end")
	}
	missing, err := fx.st.MissingBodies(ctx, inbox.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) != 1 {
		t.Fatalf("%d bodies missing, want only the expunged one's (of %d)", len(missing), n)
	}
}
