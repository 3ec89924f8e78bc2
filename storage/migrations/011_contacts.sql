-- 011: the address book (see storage/contacts.go). People brought from
-- another program's address book (Thunderbird's abook.sqlite and its
-- collected addresses, a vCard file, a CSV export), for the composer's
-- suggestions beside the people found in the mail. One row per address,
-- whatever its case. (IF NOT EXISTS: a test that winds the schema back
-- to an earlier version leaves it.)
CREATE TABLE IF NOT EXISTS contacts (
	email    TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
	name     TEXT NOT NULL DEFAULT '',
	added_at INTEGER NOT NULL
);
