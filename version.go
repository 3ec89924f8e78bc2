package main

import (
	_ "embed"
	"encoding/xml"
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

// metainfoXML is the AppStream metainfo, whose project_license is the one
// place Tern's licence is named (the text is in LICENSE).
//
//go:embed packaging/linux/org.ternmail.Tern.metainfo.xml
var metainfoXML []byte

// licence is the SPDX name of Tern's licence, from the metainfo; "" when
// it names none.
func licence() string {
	var m struct {
		License string `xml:"project_license"`
	}
	if err := xml.Unmarshal(metainfoXML, &m); err != nil {
		return ""
	}
	return m.License
}
