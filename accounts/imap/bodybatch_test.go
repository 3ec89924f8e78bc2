package imap

import (
	"testing"

	"github.com/tern-mail/tern/storage"
)

func TestBodyBatchesAreBoundedAndCoverEveryMessageOnce(t *testing.T) {
	var want []storage.BodyWanted
	sizes := []int64{30 << 10, 1 << 10, bodyBatchBytes + 1, 500 << 10, maxBodyBytes + 1, 5}
	for i := 0; i < 2000; i++ {
		want = append(want, storage.BodyWanted{ID: int64(1000 + i), UID: uint32(i + 1), Size: sizes[i%len(sizes)]})
	}
	seen := map[uint32]bool{}
	hugeSeen := false
	for b := range nextBodyBatch(want) {
		var size int64
		for uid, id := range b.ids {
			if seen[uid] {
				t.Fatalf("UID %d in two batches", uid)
			}
			seen[uid] = true
			w := want[uid-1]
			if id != w.ID {
				t.Fatalf("UID %d has id %d, want %d", uid, id, w.ID)
			}
			if (w.Size > maxBodyBytes) != (b.huge != nil) {
				t.Fatalf("UID %d of %d bytes in the wrong kind of batch", uid, w.Size)
			}
			if b.huge != nil && b.huge[uid] != w.Size {
				t.Fatalf("UID %d: huge size %d, want %d", uid, b.huge[uid], w.Size)
			}
			size += w.Size
		}
		if len(b.ids) == 0 || len(b.ids) > maxBatchMessages {
			t.Fatalf("a batch of %d messages", len(b.ids))
		}
		if b.huge == nil && size > bodyBatchBytes && len(b.ids) > 1 {
			t.Fatalf("a batch of %d messages and %d bytes, over %d", len(b.ids), size, bodyBatchBytes)
		}
		if b.huge != nil {
			hugeSeen = true
		} else if hugeSeen {
			t.Fatal("a batch of whole messages after the headers-only ones")
		}
	}
	if len(seen) != len(want) {
		t.Fatalf("%d of %d messages in batches", len(seen), len(want))
	}
}
