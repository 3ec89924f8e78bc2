package storage

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// Suggestions rank the people written to often and lately first; people
// who only wrote to the user come after.
func TestAddressesRankByHowOftenAndHowRecently(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	inbox := setupFolder(t, s)
	sent, err := s.EnsureFolder(ctx, "acct", "Sent", "/", RoleSent)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	n := 0
	add := func(folder int64, from, to string, daysAgo int) {
		n++
		date := now.AddDate(0, 0, -daysAgo).Format(time.RFC1123Z)
		raw := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: m%d\r\nMessage-ID: <m%d@example.org>\r\nDate: %s\r\n\r\nx\r\n", from, to, n, n, date)
		if _, err := s.AddMessage(ctx, folder, NewMessage{Raw: []byte(raw)}); err != nil {
			t.Fatal(err)
		}
	}
	me := "alice@example.org"
	// Written to three times last week: first.
	for _, d := range []int{5, 6, 7} {
		add(sent.ID, me, "Ana Souza <ana@example.org>", d)
	}
	// Written to once, last week: after Ana, though as recent.
	add(sent.ID, me, "Anabel Ruiz <anabel@example.org>", 5)
	// Written to four times, but a year ago: after both.
	for _, d := range []int{360, 361, 362, 363} {
		add(sent.ID, me, "Andrea Kim <andrea@example.org>", d)
	}
	// Wrote to the user three times a year ago, never written to: last.
	for _, d := range []int{360, 361, 362} {
		add(inbox.ID, "Anders Berg <anders@example.org>", me, d)
	}
	got, err := s.rankAddresses(ctx, "an", 10, now)
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, a := range got {
		emails = append(emails, a.Email)
	}
	want := "[ana@example.org anabel@example.org andrea@example.org anders@example.org]"
	if fmt.Sprint(emails) != want {
		t.Fatalf("ranked %v, want %s", emails, want)
	}
	if got, _ := s.rankAddresses(ctx, "an", 2, now); len(got) != 2 || got[0].Name != "Ana Souza" {
		t.Fatalf("limit 2: %+v", got)
	}
	// Many recent mails from someone outrank one old mail to someone.
	for i := 0; i < 12; i++ {
		add(inbox.ID, "Andy Moss <andy@example.org>", me, 0)
	}
	got, _ = s.rankAddresses(ctx, "andy", 10, now)
	if len(got) != 1 || got[0].Email != "andy@example.org" {
		t.Fatalf("andy: %+v", got)
	}
	got, _ = s.rankAddresses(ctx, "and", 10, now)
	if len(got) != 3 || got[0].Email != "andy@example.org" || got[1].Email != "andrea@example.org" {
		t.Fatalf("and: %+v", got)
	}
}
