package packaging

import (
	"testing"

	"github.com/BurntSushi/toml"
)

// appInfo is what the packages take from FyneApp.toml.
type appInfo struct {
	Details struct {
		Name    string
		ID      string
		Version string
		Build   int
	}
}

// loadAppInfo reads ../FyneApp.toml.
func loadAppInfo(t *testing.T) appInfo {
	t.Helper()
	var info appInfo
	if _, err := toml.DecodeFile("../FyneApp.toml", &info); err != nil {
		t.Fatalf("read FyneApp.toml: %v", err)
	}
	if info.Details.Name == "" || info.Details.ID == "" || info.Details.Version == "" {
		t.Fatalf("FyneApp.toml lacks Name, ID or Version: %+v", info.Details)
	}
	return info
}
