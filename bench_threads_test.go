package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tern-mail/tern/storage"
)

// BenchmarkConversations100k times, over the store of bigStore, what the
// window asks to show conversations: the first page of the Inbox of
// 100,000 messages (each its own conversation there: the most a page has
// to read past), the first page of the Inboxes of both accounts together,
// and the first page of messages for comparison. It prints the median of
// 21 of each.
func BenchmarkConversations100k(b *testing.B) {
	profile := bigStore(b)
	st, err := storage.Open(filepath.Join(profile, storage.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	folders, err := st.Folders(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	var inbox int64
	var inboxes []int64
	for _, f := range folders {
		if f.Role == storage.RoleInbox {
			inboxes = append(inboxes, f.ID)
			if f.Total == bigInbox {
				inbox = f.ID
			}
		}
	}
	if inbox == 0 {
		b.Fatal("no Inbox of the benchmark's size")
	}
	median := func(f func() (int, error)) time.Duration {
		var ds []time.Duration
		for i := 0; i < 21; i++ {
			start := time.Now()
			n, err := f()
			ds = append(ds, time.Since(start))
			if err != nil || n != storage.FirstPage {
				b.Fatal(n, err)
			}
		}
		slices.Sort(ds)
		return ds[len(ds)/2]
	}
	conversations := func(folders ...int64) func() (int, error) {
		return func() (int, error) {
			rows, err := st.ListConversations(ctx, storage.ListQuery{FolderIDs: folders, Limit: storage.FirstPage})
			return len(rows), err
		}
	}
	for i := 0; i < b.N; i++ {
		one := median(conversations(inbox))
		both := median(conversations(inboxes...))
		msgs := median(func() (int, error) {
			rows, err := st.ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{inbox}, Limit: storage.FirstPage})
			return len(rows), err
		})
		fmt.Printf("\nFirst page (%d rows) of a list over the store, median of 21:\n", storage.FirstPage)
		printTable([][]string{
			{fmt.Sprintf("conversations, Inbox of %d", bigInbox), ms(one), "", "", "≤ 100 ms"},
			{fmt.Sprintf("conversations, the Inboxes of two accounts (%d messages)", bigInbox+otherMail), ms(both), "", "", ""},
			{fmt.Sprintf("messages, Inbox of %d (for comparison)", bigInbox), ms(msgs), "", "", ""},
		})
		b.ReportMetric(float64(one.Microseconds())/1000, "ms-first-page")
	}
}
