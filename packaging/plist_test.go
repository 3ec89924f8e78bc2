package packaging

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"howett.net/plist"
)

// infoPlist is the part of macos/Info.plist the checks read.
type infoPlist struct {
	Name          string `plist:"CFBundleName"`
	Executable    string `plist:"CFBundleExecutable"`
	Identifier    string `plist:"CFBundleIdentifier"`
	ShortVersion  string `plist:"CFBundleShortVersionString"`
	BundleVersion string `plist:"CFBundleVersion"`
	PackageType   string `plist:"CFBundlePackageType"`
	IconFile      string `plist:"CFBundleIconFile"`
	URLTypes      []struct {
		Name    string   `plist:"CFBundleURLName"`
		Schemes []string `plist:"CFBundleURLSchemes"`
	} `plist:"CFBundleURLTypes"`
	DocumentTypes []struct {
		Name         string   `plist:"CFBundleTypeName"`
		Role         string   `plist:"CFBundleTypeRole"`
		Rank         string   `plist:"LSHandlerRank"`
		ContentTypes []string `plist:"LSItemContentTypes"`
	} `plist:"CFBundleDocumentTypes"`
	ImportedTypes []struct {
		Identifier string              `plist:"UTTypeIdentifier"`
		ConformsTo []string            `plist:"UTTypeConformsTo"`
		Tags       map[string][]string `plist:"UTTypeTagSpecification"`
	} `plist:"UTImportedTypeDeclarations"`
}

// placeholder is how the template marks what the recipe fills in.
var placeholder = regexp.MustCompile(`@[A-Z_]+@`)

// emailUTI is the type macOS gives .eml files (declared by Mail.app).
const emailUTI = "com.apple.mail.email"

// readInfoPlist fills macos/Info.plist's placeholders the way the recipe
// in macos/README.md does and parses it as a property list.
func readInfoPlist(t *testing.T, info appInfo) infoPlist {
	t.Helper()
	raw, err := os.ReadFile("macos/Info.plist")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer("@VERSION@", info.Details.Version,
		"@BUILD@", strconv.Itoa(info.Details.Build)).Replace(string(raw))
	if left := placeholder.FindString(text); left != "" {
		t.Errorf("Info.plist has a placeholder the recipe does not fill: %s", left)
	}
	var p infoPlist
	format, err := plist.Unmarshal([]byte(text), &p)
	if err != nil {
		t.Fatalf("Info.plist is not a property list: %v", err)
	}
	if format != plist.XMLFormat {
		t.Fatalf("Info.plist is read as format %d, want XML", format)
	}
	return p
}

// TestInfoPlistBundle checks that the macOS Info.plist names the app the
// way FyneApp.toml does.
func TestInfoPlistBundle(t *testing.T) {
	info := loadAppInfo(t)
	p := readInfoPlist(t, info)
	for key, got := range map[string][2]string{
		"CFBundleName":               {p.Name, info.Details.Name},
		"CFBundleIdentifier":         {p.Identifier, info.Details.ID},
		"CFBundleShortVersionString": {p.ShortVersion, info.Details.Version},
		"CFBundleVersion":            {p.BundleVersion, strconv.Itoa(info.Details.Build)},
		"CFBundleExecutable":         {p.Executable, "tern"},
		"CFBundlePackageType":        {p.PackageType, "APPL"},
		"CFBundleIconFile":           {p.IconFile, "icon.icns"},
	} {
		if got[0] != got[1] {
			t.Errorf("%s = %q, want %q", key, got[0], got[1])
		}
	}
}

// TestInfoPlistMailto checks that Tern offers itself for mailto: links.
func TestInfoPlistMailto(t *testing.T) {
	p := readInfoPlist(t, loadAppInfo(t))
	for _, u := range p.URLTypes {
		if slices.Contains(u.Schemes, "mailto") {
			if u.Name == "" {
				t.Errorf("the mailto URL type has no CFBundleURLName")
			}
			return
		}
	}
	t.Errorf("CFBundleURLTypes has no mailto scheme: %+v", p.URLTypes)
}

// TestInfoPlistEml checks that Tern offers itself for .eml files by their
// type, and that the type it imports is the one for .eml and
// message/rfc822.
func TestInfoPlistEml(t *testing.T) {
	p := readInfoPlist(t, loadAppInfo(t))
	found := false
	for _, d := range p.DocumentTypes {
		if slices.Contains(d.ContentTypes, emailUTI) {
			found = true
			if d.Role != "Viewer" && d.Role != "Editor" {
				t.Errorf("the %s document type has role %q, want Viewer or Editor", emailUTI, d.Role)
			}
			if d.Name == "" {
				t.Errorf("the %s document type has no CFBundleTypeName", emailUTI)
			}
		}
	}
	if !found {
		t.Errorf("CFBundleDocumentTypes has no %s: %+v", emailUTI, p.DocumentTypes)
	}
	for _, u := range p.ImportedTypes {
		if u.Identifier != emailUTI {
			continue
		}
		if !slices.Contains(u.Tags["public.filename-extension"], "eml") ||
			!slices.Contains(u.Tags["public.mime-type"], "message/rfc822") {
			t.Errorf("imported %s has tags %v, want eml and message/rfc822", emailUTI, u.Tags)
		}
		return
	}
	t.Errorf("UTImportedTypeDeclarations does not declare %s", emailUTI)
}
