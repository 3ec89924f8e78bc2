package imap

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

// storeLog records, in the order they happen, the INBOX's envelope
// batches once stored and its batches of whole messages as they are
// about to be: an envelope batch recorded before a whole batch was
// stored before that one began.
type storeLog struct {
	mu     sync.Mutex
	events []storeEvent
}

// storeEvent is one batch stored in a folder.
type storeEvent struct {
	folder int64
	whole  bool
	uids   []uint32
}

func (l *storeLog) add(e storeEvent) {
	l.mu.Lock()
	l.events = append(l.events, e)
	l.mu.Unlock()
}

// hook makes the store calls of a pass go through l until the test ends.
func (l *storeLog) hook(t *testing.T) {
	oldEnv, oldWhole := storeEnvelopes, storeFetched
	t.Cleanup(func() { storeEnvelopes, storeFetched = oldEnv, oldWhole })
	storeEnvelopes = func(st *storage.Store, ctx context.Context, folderID int64, msgs []storage.NewMessage) ([]int64, error) {
		ids, err := oldEnv(st, ctx, folderID, msgs)
		if err == nil {
			e := storeEvent{folder: folderID}
			for _, m := range msgs {
				e.uids = append(e.uids, m.UID)
			}
			l.add(e)
		}
		return ids, err
	}
	storeFetched = func(st *storage.Store, ctx context.Context, folderID int64, msgs []storage.FetchedMessage) error {
		e := storeEvent{folder: folderID, whole: true}
		for _, m := range msgs {
			e.uids = append(e.uids, m.UID)
		}
		l.add(e)
		return oldWhole(st, ctx, folderID, msgs)
	}
}

// A first sync of a folder fetched whole lists its newest firstRows by
// their envelopes, in one batch, before any whole message of it is
// stored; the second connection then fetches their bodies and the other
// messages whole: at the end each message is stored once with its body,
// and no source was downloaded twice.
func TestFirstSyncListsTheNewestByEnvelopeBeforeFetchingWhole(t *testing.T) {
	fx, inbox, archive := wholeFixture(t)
	ctx := context.Background()
	var log, second testenv.SafeBuffer
	c, err := Dial(ctx, fx.acct.Incoming, fx.pw, Options{Debug: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.another = func(ctx context.Context) (*Conn, error) {
		return Dial(ctx, fx.acct.Incoming, fx.pw, Options{Debug: &second})
	}
	var events storeLog
	events.hook(t)
	if err := c.Sync(ctx, fx.st, fx.acct.ID, PolicyFor(fx.acct)); err != nil {
		t.Fatal(err)
	}

	f, err := fx.st.FolderByName(ctx, fx.acct.ID, "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	all, err := fx.st.LocalUIDs(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != inbox {
		t.Fatalf("%d messages in the INBOX, want %d", len(all), inbox)
	}
	checkFirstBatch(t, events.events, f.ID, all[len(all)-firstRows:], inbox-firstRows)

	// Each message once, with its body, its source downloaded once.
	checkEachOnceWithBody(t, fx, inbox+archive)
	if n := strings.Count(log.String()+second.String(), " BODY[] {"); n != inbox+archive {
		t.Errorf("%d message sources downloaded, want %d", n, inbox+archive)
	}
	if err := fx.st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// checkFirstBatch fails unless the first of a folder's batches in events
// stored the envelopes of newest (ascending) and all the others stored the
// other whole messages, wantWhole of them, none of newest.
func checkFirstBatch(t *testing.T, events []storeEvent, folder int64, newest []uint32, wantWhole int) {
	t.Helper()
	var batches []storeEvent // the folder's, in order
	for _, e := range events {
		if e.folder == folder {
			batches = append(batches, e)
		}
	}
	if len(batches) < 2 || batches[0].whole {
		t.Fatalf("the folder was stored in %d batches, the first whole: %v; want its envelopes first, then whole messages",
			len(batches), len(batches) > 0 && batches[0].whole)
	}
	got := slices.Sorted(slices.Values(batches[0].uids))
	if !slices.Equal(got, newest) {
		t.Fatalf("the first batch stored held %d envelopes (UIDs %d to %d), want the newest %d (%d to %d)",
			len(got), got[0], got[len(got)-1], len(newest), newest[0], newest[len(newest)-1])
	}
	n := 0
	for _, e := range batches[1:] {
		if !e.whole {
			t.Errorf("envelopes of %d more messages were stored after the first batch", len(e.uids))
			continue
		}
		for _, u := range e.uids {
			if _, listed := slices.BinarySearch(newest, u); listed {
				t.Errorf("UID %d, listed by its envelope, was fetched whole too", u)
			}
		}
		n += len(e.uids)
	}
	if n != wantWhole {
		t.Errorf("%d messages fetched whole, want the other %d", n, wantWhole)
	}
}

// checkEachOnceWithBody fails unless fx's account holds want messages,
// each once (by folder and UID), each with its body.
func checkEachOnceWithBody(t *testing.T, fx *fixture, want int) {
	t.Helper()
	list, err := fx.st.ListMessages(context.Background(), storage.ListQuery{AccountID: fx.acct.ID})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range list {
		key := m.FolderName + "/" + itoa(int(m.UID))
		if seen[key] || !m.HasBody {
			t.Fatalf("%s (%q): stored twice %v, has its body %v", key, m.Subject, seen[key], m.HasBody)
		}
		seen[key] = true
	}
	if len(list) != want {
		t.Fatalf("%d messages stored, want %d", len(list), want)
	}
}
