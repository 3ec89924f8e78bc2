package storage

import (
	"context"
	"errors"
	"testing"
)

// pending returns the change waiting on sub, or 0 when there is none.
func pending(sub *Subscription) Change {
	select {
	case c := <-sub.C():
		return c
	default:
		return 0
	}
}

func TestNoticesAreFactsThatSubscribersHearOf(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	sub := s.Subscribe()
	defer sub.Close()
	n := Notice{Kind: NoticeRefused, Action: ActionMove, Subject: "Invoice", Folder: "INBOX", Dest: "Archive", ServerText: "no such mailbox"}
	if err := s.AddNotice(ctx, n); err != nil {
		t.Fatal(err)
	}
	if c := pending(sub); c&ChangeNotices == 0 {
		t.Fatalf("AddNotice woke subscribers with %b", c)
	}
	if err := s.AddNotice(ctx, Notice{Kind: NoticeKeychainMissing}); err != nil {
		t.Fatal(err)
	}
	ns, err := s.Notices(ctx)
	if err != nil || len(ns) != 2 {
		t.Fatalf("Notices = %+v, %v", ns, err)
	}
	got := ns[0]
	if got.Kind != n.Kind || got.Action != n.Action || got.Subject != n.Subject || got.Folder != n.Folder ||
		got.Dest != n.Dest || got.ServerText != n.ServerText || got.Created.IsZero() || got.ID == 0 {
		t.Fatalf("stored %+v, want %+v", got, n)
	}
	pending(sub)
	if err := s.DismissNotice(ctx, got.ID); err != nil {
		t.Fatal(err)
	}
	if c := pending(sub); c&ChangeNotices == 0 {
		t.Fatalf("DismissNotice woke subscribers with %b", c)
	}
	taken, err := s.TakeNotices(ctx)
	if err != nil || len(taken) != 1 || taken[0].Kind != NoticeKeychainMissing {
		t.Fatalf("TakeNotices = %+v, %v", taken, err)
	}
	if ns, _ := s.Notices(ctx); len(ns) != 0 {
		t.Fatalf("notices left after TakeNotices: %+v", ns)
	}
}

func TestConnectionStatusIsObservable(t *testing.T) {
	s := openTemp(t)
	sub := s.Subscribe()
	defer sub.Close()
	if c := s.ConnectionOf("a"); c.Known {
		t.Fatalf("known before any attempt: %+v", c)
	}
	refused := errors.New("connection refused")
	s.SetOnline("a", false, refused)
	if c := pending(sub); c&ChangeStatus == 0 {
		t.Fatalf("going offline woke subscribers with %b", c)
	}
	if c := s.ConnectionOf("a"); !c.Known || c.Online || c.Err != refused {
		t.Fatalf("after failure: %+v", c)
	}
	// The same news again wakes no one: workers retry often.
	s.SetOnline("a", false, errors.New("connection refused"))
	if c := pending(sub); c != 0 {
		t.Fatalf("unchanged status woke subscribers with %b", c)
	}
	s.SetSendError("a", errors.New("535 bad credentials"))
	if c := pending(sub); c&ChangeStatus == 0 {
		t.Fatalf("a send error woke subscribers with %b", c)
	}
	s.SetOnline("a", true, nil)
	if c := s.ConnectionOf("a"); !c.Online || c.Err != nil || c.SendErr == nil {
		t.Fatalf("back online: %+v", c)
	}
}
