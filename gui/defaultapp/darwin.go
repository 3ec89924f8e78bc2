//go:build darwin

package defaultapp

import "context"

// How is NotPossible on macOS: LaunchServices'
// LSSetDefaultHandlerForURLScheme is reached only through cgo, and this
// package stays pure Go (it is built and tested without Apple's SDK); the
// person chooses Tern in Mail's settings (General › Default email reader).
func How() Way { return NotPossible }

// IsDefault cannot tell on macOS: it reports false.
func IsDefault(ctx context.Context) (bool, error) { return false, nil }

// Make returns ErrNotPossible.
func Make(ctx context.Context) error { return ErrNotPossible }
