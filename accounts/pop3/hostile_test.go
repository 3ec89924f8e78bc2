package pop3

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/hostile"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// dovecotHolding starts Dovecot with bob's Maildir holding msgs, and a
// store for bob's account on it (keeping mail on the server).
func dovecotHolding(t *testing.T, msgs [][]byte) (*storage.Store, accounts.Account) {
	t.Helper()
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "bob", "bob-pw")
	if err := srv.DeliverMaildir("bob", "INBOX", msgs, false); err != nil {
		t.Fatal(err)
	}
	if err := srv.Chown("bob"); err != nil {
		t.Fatal(err)
	}
	return newStore(t, accounts.POP3Options{Policy: accounts.KeepOnServer},
		accounts.Server{Host: "localhost", Port: srv.POP3SPort, Security: accounts.TLS, Username: "bob"})
}

func subjects(l []storage.MessageSummary) map[string]storage.MessageSummary {
	out := map[string]storage.MessageSummary{}
	for _, m := range l {
		out[m.Subject] = m
	}
	return out
}

// Every hostile message downloads, cleaned, and none stops the others.
func TestHostileMessagesDownload(t *testing.T) {
	var msgs [][]byte
	for _, raw := range hostile.All() {
		msgs = append(msgs, raw)
	}
	msgs = append(msgs, []byte(testMsg(1)))
	st, a := dovecotHolding(t, msgs)
	res, err := Check(context.Background(), a, st, "bob-pw", Options{})
	if err != nil || res.Downloaded != len(msgs) {
		t.Fatalf("check: %+v, %v; want %d downloaded", res, err, len(msgs))
	}
	got := subjects(inbox(t, st))
	if _, ok := got["POP 1"]; !ok || len(got) != len(msgs) {
		t.Fatalf("stored %d, subjects %v", len(got), got)
	}
	for s := range got {
		if s != message.CleanHeader(s) {
			t.Errorf("subject %q stored unclean", s)
		}
	}
}

// A message over the size limit is stored as its header, marked.
func TestHugeMessageDownloadsItsHeaderOnly(t *testing.T) {
	old := maxBodyBytes
	maxBodyBytes = 4 << 10
	defer func() { maxBodyBytes = old }()
	big := []byte("From: a@example.com\r\nSubject: Big one\r\nMessage-ID: <big@example.com>\r\n\r\n" +
		strings.Repeat("the body that stays on the server\r\n", 300))
	st, a := dovecotHolding(t, [][]byte{big, []byte(testMsg(2))})
	ctx := context.Background()
	if res, err := Check(ctx, a, st, "bob-pw", Options{}); err != nil || res.Downloaded != 2 {
		t.Fatalf("check: %+v, %v", res, err)
	}
	got := subjects(inbox(t, st))
	m, err := st.Message(ctx, got["Big one"].ID)
	if err != nil {
		t.Fatal(err)
	}
	p := message.Parse(m.Raw)
	if strings.Contains(string(m.Raw), "stays on the server") || !p.HeadersOnly || p.FullSize < int64(len(big)) {
		t.Errorf("stored %d bytes, HeadersOnly=%v FullSize=%d", len(m.Raw), p.HeadersOnly, p.FullSize)
	}
	if _, ok := got["POP 2"]; !ok {
		t.Error("the small message was not downloaded")
	}
}

// A message the store refuses is skipped: the others are stored and the
// next check brings it. One whose preparation panics is kept as it arrived,
// with a warning.
func TestFailingMessageIsSkippedAndRetried(t *testing.T) {
	st, a := dovecotHolding(t, [][]byte{[]byte(testMsg(1)), []byte(testMsg(2)), []byte(testMsg(3))})
	ctx := context.Background()
	storeBatch = func(st *storage.Store, ctx context.Context, folderID int64, m []storage.POP3Download, at time.Time) error {
		for _, d := range m {
			if strings.Contains(string(d.Body.Raw()), "Subject: POP 2") {
				return errors.New("disk says no")
			}
		}
		return st.AddPOP3Messages(ctx, folderID, m, at)
	}
	prepareBody = func(raw []byte) storage.PreparedBody {
		if strings.Contains(string(raw), "Subject: POP 3") {
			panic("explosive message")
		}
		return storage.PrepareBody(raw)
	}
	res, err := Check(ctx, a, st, "bob-pw", Options{})
	storeBatch, prepareBody = (*storage.Store).AddPOP3Messages, storage.PrepareBody
	if err != nil || res.Downloaded != 2 {
		t.Fatalf("first check: %+v, %v", res, err)
	}
	got := subjects(inbox(t, st))
	if len(got) != 2 || got["POP 1"].ID == 0 || got["POP 3"].ID == 0 {
		t.Fatalf("after the first check: %v", got)
	}
	m, err := st.Message(ctx, got["POP 3"].ID)
	if err != nil || !strings.Contains(m.ParseWarning, "could not be read safely (parser failure: explosive message)") {
		t.Fatalf("POP 3 kept with warning %q (%v)", m.ParseWarning, err)
	}
	res, err = Check(ctx, a, st, "bob-pw", Options{})
	if err != nil || res.Downloaded != 1 || len(inbox(t, st)) != 3 {
		t.Fatalf("second check: %+v, %v, %d stored", res, err, len(inbox(t, st)))
	}
}
