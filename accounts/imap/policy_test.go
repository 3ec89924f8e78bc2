package imap

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tern-mail/tern/storage"
)

func TestOfflinePolicyKeepsRecentBodiesAndFetchesOldOnOpen(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	dated := func(subject string, d time.Time) []byte {
		return []byte(fmt.Sprintf("From: a@example.com\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@x>\r\n\r\nbody of %s\r\n",
			subject, d.Format(time.RFC1123Z), subject, subject))
	}
	fx.appendMsg(t, "INBOX", dated("recent", time.Now().AddDate(0, 0, -3)))
	fx.appendMsg(t, "INBOX", dated("ancient", time.Now().AddDate(-2, 0, 0)))
	fx.acct.OfflineDays = 30
	fx.sync(t)
	l := fx.local(t, "INBOX")
	bodies := map[string]bool{}
	for _, m := range l {
		bodies[m.Subject] = m.HasBody
	}
	if len(l) != 2 || !bodies["recent"] || bodies["ancient"] {
		t.Fatalf("bodies kept: %v", bodies)
	}
	// Opening the old one fetches it.
	c := fx.dial(t)
	id := idOf(t, l, "ancient")
	m, _ := fx.st.Message(ctx, id)
	must(t, c.FetchBody(ctx, fx.st, "INBOX", m.UID, id))
	if m, _ := fx.st.Message(ctx, id); m.Raw == nil {
		t.Fatal("body not stored after fetch on open")
	}
}

func TestServerSearchFindsBodiesNotHere(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	old := []byte("From: a@example.com\r\nSubject: Old letter\r\nDate: Mon, 02 Nov 2020 10:00:00 +0000\r\nMessage-ID: <old@x>\r\n\r\nThe zeppelin arrives at noon.\r\n")
	fx.appendMsg(t, "INBOX", old)
	fx.acct.OfflineDays = 30
	fx.sync(t)
	if res, _ := fx.st.Search(ctx, storage.SearchQuery{Text: "zeppelin"}); len(res) != 0 {
		t.Fatal("the body should not be here")
	}
	c := fx.dial(t)
	uids, err := c.SearchText("INBOX", "zeppelin")
	must(t, err)
	inbox, _ := fx.st.FolderByName(ctx, fx.acct.ID, "INBOX")
	found, err := fx.st.MessagesByUID(ctx, inbox.ID, uids)
	must(t, err)
	if len(found) != 1 || found[0].Subject != "Old letter" {
		t.Fatalf("server search found %+v", found)
	}
}
