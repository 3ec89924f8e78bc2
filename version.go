package main

import (
	_ "embed"
	"fmt"

	"github.com/BurntSushi/toml"
)

// fyneAppTOML is the one place Tern's name, id and version are set; the
// packaging tools read the same file.
//
//go:embed FyneApp.toml
var fyneAppTOML []byte

// appInfo is what the binary knows about itself.
type appInfo struct {
	Details struct {
		Name    string
		ID      string
		Version string
		Build   int
	}
}

// loadAppInfo reads the embedded FyneApp.toml.
func loadAppInfo() (appInfo, error) {
	var info appInfo
	if _, err := toml.Decode(string(fyneAppTOML), &info); err != nil {
		return info, fmt.Errorf("read FyneApp.toml: %w", err)
	}
	return info, nil
}
