package transfer

import (
	"bufio"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tern-mail/tern/storage/message"
)

// ProfileAddressBooks are the address book files of the Thunderbird
// profile in dir: abook.sqlite (Personal Address Book), history.sqlite
// (Collected Addresses) and the abook-N.sqlite of the books added.
func ProfileAddressBooks(dir string) []string {
	names, _ := filepath.Glob(filepath.Join(dir, "abook*.sqlite"))
	if h := filepath.Join(dir, "history.sqlite"); fileExists(h) {
		names = append(names, h)
	}
	sort.Strings(names)
	return names
}

func fileExists(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

// IsAddressBook reports whether name is a file ReadAddressBook reads, by
// its extension: .sqlite, .vcf (.vcard) or .csv.
func IsAddressBook(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".sqlite", ".vcf", ".vcard", ".csv":
		return true
	}
	return false
}

// ReadAddressBook reads the people of an address book file: one of
// Thunderbird's (abook.sqlite, history.sqlite), a vCard file (RFC 6350)
// or a CSV export whose first line names its columns (Thunderbird's,
// Google's, Outlook's). The file is only read. Entries without an
// address are passed over; a person with two addresses is two entries.
func ReadAddressBook(name string) ([]message.Address, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".sqlite":
		return readMozillaBook(name)
	case ".csv":
		return readCSVBook(name)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("transfer: %w", err)
	}
	defer f.Close()
	return readVCards(f)
}

// readMozillaBook reads a Thunderbird address book: its properties table
// holds a row per card and field. Thunderbird 102 and later keep the card
// as a vCard too (_vCard), read when the fields are not there.
func readMozillaBook(name string) ([]message.Address, error) {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(name), RawQuery: "mode=ro"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fmt.Errorf("transfer: open %s: %w", name, err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT card, name, value FROM properties
		WHERE name IN ('PrimaryEmail', 'SecondEmail', 'DisplayName', 'FirstName', 'LastName', '_vCard') ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("transfer: read %s: %w", name, err)
	}
	defer rows.Close()
	cards := map[string]map[string]string{}
	var order []string
	for rows.Next() {
		var card, key, value string
		if err := rows.Scan(&card, &key, &value); err != nil {
			return nil, fmt.Errorf("transfer: read %s: %w", name, err)
		}
		if cards[card] == nil {
			cards[card] = map[string]string{}
			order = append(order, card)
		}
		cards[card][key] = value
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("transfer: read %s: %w", name, err)
	}
	var out []message.Address
	for _, c := range order {
		out = append(out, mozillaCard(cards[c])...)
	}
	return out, nil
}

// mozillaCard is the addresses of one card's fields.
func mozillaCard(p map[string]string) []message.Address {
	if p["PrimaryEmail"] == "" && p["SecondEmail"] == "" && p["_vCard"] != "" {
		got, _ := readVCards(strings.NewReader(p["_vCard"]))
		return got
	}
	name := p["DisplayName"]
	if name == "" {
		name = strings.TrimSpace(p["FirstName"] + " " + p["LastName"])
	}
	var out []message.Address
	for _, e := range []string{p["PrimaryEmail"], p["SecondEmail"]} {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, message.Address{Name: name, Email: e})
		}
	}
	return out
}

// readVCards reads the FN (or N) and EMAIL of each card of a vCard file
// (RFC 6350; 2.1 and 3.0 read alike for these).
func readVCards(r io.Reader) ([]message.Address, error) {
	var out []message.Address
	var name, family string
	var emails []string
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for _, line := range unfold(sc) {
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, _, _ = strings.Cut(strings.ToUpper(key), ";")
		if i := strings.LastIndexByte(key, '.'); i >= 0 {
			key = key[i+1:] // a group: item1.EMAIL
		}
		switch key {
		case "BEGIN":
			name, family, emails = "", "", nil
		case "FN":
			name = vcardText(value)
		case "N":
			parts := strings.Split(value, ";")
			if len(parts) > 1 {
				family = strings.TrimSpace(vcardText(parts[1]) + " " + vcardText(parts[0]))
			}
		case "EMAIL":
			emails = append(emails, strings.TrimSpace(vcardText(value)))
		case "END":
			if name == "" {
				name = family
			}
			for _, e := range emails {
				if e != "" {
					out = append(out, message.Address{Name: name, Email: e})
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("transfer: read vCard: %w", err)
	}
	return out, nil
}

// unfold joins a vCard's folded lines: a line beginning with a space or
// a tab goes on the one before (RFC 6350 section 3.2).
func unfold(sc *bufio.Scanner) []string {
	var out []string
	for sc.Scan() {
		l := strings.TrimRight(sc.Text(), "\r")
		if (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) && len(out) > 0 {
			out[len(out)-1] += l[1:]
			continue
		}
		out = append(out, l)
	}
	return out
}

// vcardText undoes a vCard value's escapes (RFC 6350 section 3.4).
func vcardText(s string) string {
	return strings.NewReplacer(`\n`, " ", `\N`, " ", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(s)
}

// readCSVBook reads a CSV export: the columns whose heading speaks of
// mail hold addresses; the name is the Display Name (or Name) column, or
// First and Last Name.
func readCSVBook(name string) ([]message.Address, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("transfer: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("transfer: read %s: %w", name, err)
	}
	cols := csvColumns(head)
	var out []message.Address
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("transfer: read %s: %w", name, err)
		}
		out = append(out, cols.addresses(rec)...)
	}
}

// csvCols are the columns of a CSV address book that matter; -1 for none.
type csvCols struct {
	name, first, last int
	mail              []int
}

// csvColumns finds the columns by their headings.
func csvColumns(head []string) csvCols {
	c := csvCols{name: -1, first: -1, last: -1}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch {
		case h == "display name" || h == "name" || h == "full name":
			c.name = i
		case h == "first name" || h == "given name":
			c.first = i
		case h == "last name" || h == "family name":
			c.last = i
		case strings.Contains(h, "mail") && !strings.Contains(h, "type") && !strings.Contains(h, "label") && !strings.Contains(h, "display"):
			c.mail = append(c.mail, i)
		}
	}
	return c
}

// addresses are one row's people.
func (c csvCols) addresses(rec []string) []message.Address {
	field := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	name := field(c.name)
	if name == "" {
		name = strings.TrimSpace(field(c.first) + " " + field(c.last))
	}
	var out []message.Address
	for _, i := range c.mail {
		// Google puts several in one field: "a@x ::: b@y".
		for _, e := range strings.Split(field(i), ":::") {
			if e = strings.TrimSpace(e); strings.Contains(e, "@") {
				out = append(out, message.Address{Name: name, Email: e})
			}
		}
	}
	return out
}
