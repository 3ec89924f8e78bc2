package imap

import (
	"testing"
)

// Subjects and names in other charsets than UTF-8 read right from the
// envelope alone, for messages whose body stays on the server.
func TestEnvelopeWordsInOtherCharsets(t *testing.T) {
	fx := newFixture(t)
	fx.acct.OfflineDays = 1 // the messages are older: no bodies are fetched
	raw := "From: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?= <jp@example.jp>\r\nTo: alice@example.org\r\n" +
		"Subject: =?koi8-r?B?8NLJ18XU?= =?windows-1251?Q?=CF=F0=E8=E2=E5=F2?=\r\n" +
		"Date: Thu, 01 Oct 2026 10:00:00 +0000\r\nMessage-ID: <koi@example.ru>\r\n\r\nbody\r\n"
	fx.appendMsg(t, "INBOX", []byte(raw))
	fx.sync(t)
	l := fx.local(t, "INBOX")
	if len(l) != 1 {
		t.Fatalf("%d messages", len(l))
	}
	if l[0].HasBody {
		t.Fatal("the body was fetched: the test would not look at the envelope alone")
	}
	if l[0].Subject != "ПриветПривет" || l[0].FromName != "こんにちは" {
		t.Errorf("subject %q from %q", l[0].Subject, l[0].FromName)
	}
}
