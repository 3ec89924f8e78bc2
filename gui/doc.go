// Package gui is Tern's window, built with Fyne. It reads mail from the
// store, follows the store's change notifications and asks the accounts
// Manager to act; it never opens a network connection itself.
//
// Widgets are touched only on Fyne's UI goroutine: work started with `go`
// hands its results back through fyne.Do.
package gui
