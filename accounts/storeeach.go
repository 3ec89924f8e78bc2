package accounts

import "context"

// StoreEach stores a batch in one call of store, or, when that fails, item
// by item: an item the store refuses is skipped (the caller's next pass
// fetches it again) and never holds back the others. It returns how many
// were stored, and an error only when the store took none of several, or
// the context ended.
func StoreEach[T any](ctx context.Context, items []T, store func([]T) error) (int, error) {
	err := store(items)
	if err == nil || len(items) == 0 {
		return len(items), err
	}
	if ctx.Err() != nil {
		return 0, err
	}
	stored := 0
	var last error
	for i := range items {
		if err := store(items[i : i+1]); err != nil {
			last = err
			continue
		}
		stored++
	}
	if stored == 0 && len(items) > 1 {
		return 0, last
	}
	return stored, ctx.Err()
}
