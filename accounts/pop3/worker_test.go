package pop3

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
)

func TestWorkerChecksAtStartAndWhenKicked(t *testing.T) {
	f := &fakeServer{msgs: []string{testMsg(1)}}
	st, a := fakeAccount(t, f, accounts.POP3Options{Policy: accounts.KeepOnServer})
	a.CheckIntervalMinutes = 60 // only a kick can bring the second message
	checks := make(chan error, 10)
	w := &Worker{Account: a, Store: st, Password: func(context.Context) (string, error) { return "pw", nil },
		OnStatus: func(_ bool, err error) { checks <- err }}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); w.Run(ctx) }()
	defer func() { cancel(); wg.Wait() }()
	if err := <-checks; err != nil {
		t.Fatal(err)
	}
	if n := len(inbox(t, st)); n != 1 {
		t.Fatalf("first check stored %d", n)
	}
	f.mu.Lock()
	f.msgs = append(f.msgs, testMsg(2))
	f.mu.Unlock()
	w.Kick()
	select {
	case err := <-checks:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Kick did not bring a check")
	}
	if n := len(inbox(t, st)); n != 2 {
		t.Fatalf("after the kick: %d", n)
	}
}

func TestUntrustedCertificateIsRefused(t *testing.T) {
	f := &fakeServer{msgs: []string{testMsg(1)}}
	port := startFake(t, f)
	_, err := Dial(context.Background(), accounts.Server{Host: "localhost", Port: port, Security: accounts.TLS, Username: "bob"},
		"pw", Options{TLSConfig: &tls.Config{RootCAs: x509.NewCertPool()}})
	if !errors.Is(err, accounts.ErrUntrusted) {
		t.Fatalf("Dial = %v, want ErrUntrusted", err)
	}
}
