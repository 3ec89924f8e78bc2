package gui

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts/transfer"
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage/message"
)

// The import window also brings address books: Thunderbird's (its
// Personal Address Book and Collected Addresses, found with its
// profiles) and vCard or CSV files added with Add files…. Their people
// go into the store's address book, which the composer's suggestions
// draw on beside the mail.

// bookChoice is one address book that can be imported, with its check
// box.
type bookChoice struct {
	where  string
	people []message.Address
	check  *widget.Check
}

// readBooks reads address book files, each address once. Off the UI
// goroutine; a file that cannot be read is passed over.
func readBooks(files []string) []message.Address {
	seen := map[string]bool{}
	var out []message.Address
	for _, f := range files {
		got, err := transfer.ReadAddressBook(f)
		if err != nil {
			fyne.LogError("read an address book", err)
		}
		for _, a := range got {
			k := strings.ToLower(a.Email)
			if !seen[k] {
				seen[k] = true
				out = append(out, a)
			}
		}
	}
	return out
}

// splitBooks separates the address book files among paths from the
// rest (mail).
func splitBooks(paths []string) (books, mail []string) {
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && transfer.IsAddressBook(p) {
			books = append(books, p)
		} else {
			mail = append(mail, p)
		}
	}
	return books, mail
}

// readBooks reads the address book files among paths, and returns the
// rest; Thunderbird's (the files of its profiles) make one book. Off the
// UI goroutine.
func (iw *importWindow) readBooks(paths []string, thunderbird bool) (books []*bookChoice, rest []string) {
	files, rest := splitBooks(paths)
	if thunderbird {
		if len(files) > 0 {
			books = append(books, &bookChoice{people: readBooks(files)})
		}
		return books, rest
	}
	for _, f := range files {
		books = append(books, &bookChoice{where: f, people: readBooks([]string{f})})
	}
	return books, rest
}

// thunderbirdBooks are the address book files of the profiles.
func thunderbirdBooks(profiles []transfer.Profile) []string {
	var out []string
	for _, p := range profiles {
		out = append(out, transfer.ProfileAddressBooks(p.Dir)...)
	}
	return out
}

// addBook puts an address book in the list, checked; where names it
// ("" for Thunderbird's). UI goroutine.
func (iw *importWindow) addBook(where string, people []message.Address) {
	if len(people) == 0 {
		return
	}
	for _, b := range iw.books {
		if b.where == where {
			return
		}
	}
	label := i18n.N("io.import.abook.thunderbird", len(people))
	if where != "" {
		label = i18n.N("io.import.abook.file", len(people), i18n.Args{"Name": filepath.Base(where)})
	}
	b := &bookChoice{where: where, people: people}
	b.check = widget.NewCheck(label, func(bool) { iw.sync() })
	b.check.SetChecked(true)
	iw.books = append(iw.books, b)
	iw.list.Add(b.check)
}

// chosenPeople are the people of the checked address books.
func (iw *importWindow) chosenPeople() []message.Address {
	var out []message.Address
	for _, b := range iw.books {
		if b.check.Checked {
			out = append(out, b.people...)
		}
	}
	return out
}
