package imap

import (
	"context"
	"fmt"
	"testing"
	"time"
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
	c, err := Dial(ctx, fx.acct.Incoming, fx.pw, Options{})
	must(t, err)
	defer c.Close()
	id := idOf(t, l, "ancient")
	m, _ := fx.st.Message(ctx, id)
	must(t, c.FetchBody(ctx, fx.st, "INBOX", m.UID, id))
	if m, _ := fx.st.Message(ctx, id); m.Raw == nil {
		t.Fatal("body not stored after fetch on open")
	}
}
