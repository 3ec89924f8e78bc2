package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tern-mail/tern/storage/message"
)

// The address book's people are suggested, after the people the mail
// knows; adding the same address twice keeps one entry, and a name fills
// an entry that had none.
func TestContactsAreSuggestedAfterThePeopleInTheMail(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	inbox := setupFolder(t, s)
	raw := "From: Bruno Diaz <bruno@example.org>\r\nTo: alice@example.org\r\nSubject: hi\r\nMessage-ID: <b1@example.org>\r\n" +
		"Date: " + time.Now().AddDate(0, -6, 0).Format(time.RFC1123Z) + "\r\n\r\nx\r\n"
	if _, err := s.AddMessage(ctx, inbox.ID, NewMessage{Raw: []byte(raw)}); err != nil {
		t.Fatal(err)
	}
	added, err := s.AddContacts(ctx, []message.Address{
		{Name: "Beatriz Lima", Email: "bea@example.net"},
		{Email: "BRUNO@example.org"},
		{Email: "berta@example.com"},
		{Name: "not an address", Email: "nobody"},
	})
	if err != nil || added != 3 {
		t.Fatalf("added %d, %v", added, err)
	}
	added, err = s.AddContacts(ctx, []message.Address{{Name: "Berta Vogel", Email: "berta@example.com"}, {Email: "bea@example.net"}})
	if err != nil || added != 1 {
		t.Fatalf("again: added %d (the name for berta), %v", added, err)
	}
	got, err := s.Addresses(ctx, "b", 10)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range got {
		out = append(out, a.Name+" <"+a.Email+">")
	}
	// Bruno wrote (and is in the book too): first. The others are in the
	// book only, added together: by address.
	if s := fmt.Sprint(out); s != "[Bruno Diaz <bruno@example.org> Beatriz Lima <bea@example.net> Berta Vogel <berta@example.com>]" {
		t.Fatalf("suggested %s", s)
	}
	if got, _ := s.Addresses(ctx, "vog", 10); len(got) != 1 || got[0].Email != "berta@example.com" {
		t.Fatalf("by a word of the name: %+v", got)
	}
}
