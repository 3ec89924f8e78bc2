package accounts

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// A batch the store refuses is stored item by item, the refused ones
// skipped; the whole fails only when none of several was taken.
func TestStoreEach(t *testing.T) {
	ctx := context.Background()
	var stored []int
	store := func(items []int) error {
		if slices.Contains(items, 3) {
			return errors.New("no 3")
		}
		stored = append(stored, items...)
		return nil
	}
	if n, err := StoreEach(ctx, []int{1, 2, 3, 4}, store); n != 3 || err != nil || !slices.Equal(stored, []int{1, 2, 4}) {
		t.Errorf("StoreEach = %d, %v; stored %v", n, err, stored)
	}
	stored = nil
	if n, err := StoreEach(ctx, []int{5, 6}, store); n != 2 || err != nil || !slices.Equal(stored, []int{5, 6}) {
		t.Errorf("a batch taken whole: %d, %v; stored %v", n, err, stored)
	}
	if n, err := StoreEach(ctx, []int{3, 3}, store); n != 0 || err == nil {
		t.Errorf("none taken of two: %d, %v", n, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	stored = nil
	if n, err := StoreEach(cancelled, []int{1, 3}, store); n != 0 || err == nil || stored != nil {
		t.Errorf("after the context ended: %d, %v; stored %v", n, err, stored)
	}
}
