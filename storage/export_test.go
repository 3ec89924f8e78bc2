package storage

import "database/sql"

// sqlOpenRaw opens a database file without migrating it, for tests that
// look at what Open left behind.
func sqlOpenRaw(path string) (*sql.DB, error) { return sql.Open("sqlite", "file:"+path) }
