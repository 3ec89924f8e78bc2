package accounts

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tern-mail/tern/storage"
)

// noKeychain is a keychain that is never there.
type noKeychain struct{}

func (noKeychain) Get(context.Context, string) (string, error) { return "", ErrKeychainUnavailable }
func (noKeychain) Set(context.Context, string, string) error   { return ErrKeychainUnavailable }
func (noKeychain) Delete(context.Context, string) error        { return ErrKeychainUnavailable }

func TestMissingKeychainBecomesOneNotice(t *testing.T) {
	m, st, _ := newTestManager(t, NewFallback(noKeychain{}))
	ctx := context.Background()
	if m.KeychainMissing() {
		t.Fatal("missing before the keychain was asked")
	}
	sub := st.Subscribe()
	defer sub.Close()
	a, err := m.Add(ctx, imapAccount("alice@example.org"), "pw")
	if err != nil {
		t.Fatal(err)
	}
	if pw, err := m.Password(ctx, a.ID); err != nil || pw != "pw" {
		t.Fatalf("password kept in memory: %q, %v", pw, err)
	}
	if !m.KeychainMissing() {
		t.Fatal("the manager does not know the keychain is missing")
	}
	select {
	case c := <-sub.C():
		if c&storage.ChangeNotices == 0 {
			t.Fatalf("subscribers heard %b, not of a notice", c)
		}
	default:
		t.Fatal("subscribers were not told")
	}
	ns, err := st.Notices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 1 || ns[0].Kind != storage.NoticeKeychainMissing {
		t.Fatalf("notices %+v, want one about the keychain", ns)
	}
}

func TestKeychainNoticeOfAnEarlierRunIsDismissed(t *testing.T) {
	dir := t.TempDir()
	st, err := storage.Open(filepath.Join(dir, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	if err := st.AddNotice(ctx, storage.Notice{Kind: storage.NoticeKeychainMissing}); err != nil {
		t.Fatal(err)
	}
	if err := st.AddNotice(ctx, storage.Notice{Kind: storage.NoticeDeleteRefused}); err != nil {
		t.Fatal(err)
	}
	if _, err := NewManager(dir, st, NewFallback(noKeychain{})); err != nil {
		t.Fatal(err)
	}
	ns, err := st.Notices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 1 || ns[0].Kind != storage.NoticeDeleteRefused {
		t.Fatalf("notices after a new start: %+v, want only the refused deletion", ns)
	}
}
