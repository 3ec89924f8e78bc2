package accounts

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ConfigFile is the name of the accounts file inside a profile directory.
const ConfigFile = "accounts.json"

// configVersion is written into the file so later versions can convert it.
const configVersion = 1

// configDoc is the accounts file's shape.
type configDoc struct {
	Version  int       `json:"version"`
	Accounts []Account `json:"accounts"`
}

// loadConfig reads the accounts file; a missing file is no accounts.
func loadConfig(path string) ([]Account, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("accounts: read %s: %w", path, err)
	}
	var doc configDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("accounts: %s is damaged (%v); move it away to start again", path, err)
	}
	if doc.Version > configVersion {
		return nil, fmt.Errorf("accounts: %s was written by a newer version of Tern; please update Tern", path)
	}
	return doc.Accounts, nil
}

// saveConfig writes the accounts file atomically (temporary file, fsync,
// rename), readable by the user only.
func saveConfig(path string, accts []Account) error {
	b, err := json.MarshalIndent(configDoc{Version: configVersion, Accounts: accts}, "", "  ")
	if err != nil {
		return fmt.Errorf("accounts: encode: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".accounts-*.json")
	if err != nil {
		return fmt.Errorf("accounts: save: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("accounts: save: %w", err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("accounts: save: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("accounts: save: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("accounts: save: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("accounts: save: %w", err)
	}
	return nil
}
