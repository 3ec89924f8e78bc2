// Package storage is Tern's local mail store: an SQLite database (through the
// pure-Go modernc.org/sqlite driver) that keeps accounts' folders, message
// headers and bodies, attachments metadata, the offline action queue, the
// outbox and a full-text index, so that everything reads without a network.
//
// The schema is created and upgraded by numbered SQL migrations embedded in
// the binary. Writers call the Store's methods; readers that want to follow
// changes, such as the window, call Subscribe and re-query when woken.
//
// The package never opens a network connection and never imports a GUI
// toolkit or a mail protocol library.
package storage
