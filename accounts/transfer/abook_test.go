package transfer

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/tern-mail/tern/storage/message"
)

func bookString(list []message.Address) string {
	s := ""
	for _, a := range list {
		s += fmt.Sprintf("%s <%s>|", a.Name, a.Email)
	}
	return s
}

// An abook.sqlite as Thunderbird writes it: a properties table of card,
// name and value; since Thunderbird 102 a card may hold only its vCard.
func TestReadsThunderbirdAddressBooks(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "abook.sqlite")
	db, err := sql.Open("sqlite", name)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE properties (card TEXT, name TEXT, value TEXT)`,
		`CREATE TABLE lists (uid TEXT PRIMARY KEY, name TEXT, nickName TEXT, description TEXT)`,
		`CREATE TABLE list_cards (list TEXT, card TEXT, PRIMARY KEY(list, card))`,
		`INSERT INTO properties VALUES ('c1', 'DisplayName', 'Ana Souza'), ('c1', 'PrimaryEmail', 'ana@example.org'),
			('c1', 'SecondEmail', 'ana.souza@work.example'), ('c1', 'PopularityIndex', '3'),
			('c2', 'FirstName', 'Jonas'), ('c2', 'LastName', 'Weber'), ('c2', 'PrimaryEmail', 'jonas@example.org'),
			('c3', '_vCard', 'BEGIN:VCARD' || char(13,10) || 'VERSION:4.0' || char(13,10) || 'FN:Grace Kim' || char(13,10) ||
			   'EMAIL;PREF=1:grace@exam' || char(13,10) || ' ple.org' || char(13,10) || 'END:VCARD' || char(13,10)),
			('c4', 'DisplayName', 'No Address')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	got, err := ReadAddressBook(name)
	if err != nil {
		t.Fatal(err)
	}
	if s := bookString(got); s != "Ana Souza <ana@example.org>|Ana Souza <ana.souza@work.example>|Jonas Weber <jonas@example.org>|Grace Kim <grace@example.org>|" {
		t.Fatalf("read %s", s)
	}
	write(t, filepath.Join(dir, "history.sqlite"), "")
	write(t, filepath.Join(dir, "abook-1.sqlite"), "")
	if got := ProfileAddressBooks(dir); len(got) != 3 || filepath.Base(got[0]) != "abook-1.sqlite" || filepath.Base(got[2]) != "history.sqlite" {
		t.Fatalf("books %v", got)
	}
}

func TestReadsVCardAndCSVAddressBooks(t *testing.T) {
	dir := t.TempDir()
	vcf := filepath.Join(dir, "contacts.vcf")
	write(t, vcf, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lima;Beatriz;;;\r\nitem1.EMAIL;TYPE=INTERNET:bea@example.net\r\nEMAIL:bea@home.example\r\nEND:VCARD\r\n"+
		"BEGIN:VCARD\nVERSION:2.1\nFN:M\\, Dupont\nEND:VCARD\n")
	got, err := ReadAddressBook(vcf)
	if err != nil {
		t.Fatal(err)
	}
	if s := bookString(got); s != "Beatriz Lima <bea@example.net>|Beatriz Lima <bea@home.example>|" {
		t.Fatalf("vCard: %s", s)
	}
	csvFile := filepath.Join(dir, "google.csv")
	write(t, csvFile, "\ufeffName,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Value\n"+
		"Chloé Martin,Chloé,Martin,* Home,chloe@example.fr ::: c.martin@example.fr,\n"+
		",Emeka,Obi,,,emeka@example.ng\n\"Nobody\",,,,,\n")
	got, err = ReadAddressBook(csvFile)
	if err != nil {
		t.Fatal(err)
	}
	if s := bookString(got); s != "Chloé Martin <chloe@example.fr>|Chloé Martin <c.martin@example.fr>|Emeka Obi <emeka@example.ng>|" {
		t.Fatalf("CSV: %s", s)
	}
}
