package message

import (
	"errors"
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxFilenameBytes keeps names well inside every common file system's limit
// of 255 bytes, leaving room for a " (2)" suffix.
const maxFilenameBytes = 200

// windowsReserved are device names Windows refuses as file names, whatever
// the extension: the DOS devices, the console devices, and the serial and
// parallel ports 0–9 including the superscript digits ¹ ² ³ that Windows
// also reads as port numbers.
var windowsReserved = func() map[string]bool {
	m := map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true}
	for _, d := range []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "\u00b9", "\u00b2", "\u00b3"} {
		m["COM"+d] = true
		m["LPT"+d] = true
	}
	return m
}()

// SafeFilename returns a file name that is safe to create in any folder on
// Windows, macOS and Linux: only the base name of name is kept (no directory,
// no drive letter, no "..") and characters that are not allowed in file names
// are replaced. Control, bidirectional and invisible characters are removed
// and runs of white space become one space, so that a name cannot hide its
// real extension ("Invoice.pdf" followed by 120 spaces and ".exe" becomes
// "Invoice.pdf .exe"). When nothing usable is left, a name is generated from index
// and the content type ("attachment-3.pdf").
func SafeFilename(name, contentType string, index int) string {
	name = cleanFilename(baseName(strings.ToValidUTF8(name, "_")))
	if name == "" {
		return generatedName(contentType, index)
	}
	base, ext := splitExtension(name)
	if isWindowsDevice(base) {
		base = "_" + base
	}
	if len(base)+len(ext) > maxFilenameBytes {
		// A cut may end in a space or dot, which Windows drops.
		base = strings.TrimRight(truncateUTF8(base, maxFilenameBytes-len(ext)), ". ")
	}
	return base + ext
}

// baseName keeps only the last element of name, whichever separator the
// sender used, without a drive letter.
func baseName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	// A drive letter ("C:evil.exe") would be relative to that drive's
	// current directory on Windows.
	if len(name) >= 2 && name[1] == ':' && name[0] < utf8.RuneSelf && unicode.IsLetter(rune(name[0])) {
		name = name[2:]
	}
	return name
}

// cleanFilename removes control, bidirectional and invisible characters,
// replaces those file systems do not allow, makes every run of white
// space one space and strips the dots and spaces that hide or vanish.
func cleanFilename(name string) string {
	name = strings.Map(filenameRune, name)
	name = strings.Join(strings.Fields(name), " ")
	// Leading dots make hidden files (and "..", "."); trailing dots and
	// spaces are stripped silently by Windows.
	name = strings.TrimLeft(name, ".")
	return strings.TrimRight(name, ". ")
}

// filenameRune maps one character of a file name: to a space, to '_', to
// itself, or to -1 to remove it.
func filenameRune(r rune) rune {
	switch {
	case unicode.IsSpace(r) || r == 0x2800: // U+2800 is a blank braille pattern
		return ' '
	case r < 0x20 || r == 0x7f || unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) ||
		isBidiControl(r) || isInvisible(r):
		return -1
	case strings.ContainsRune(`<>:"/\|?*`, r):
		return '_'
	}
	return r
}

// splitExtension splits name into a base and an extension of at most 20
// bytes with its dot ("" when there is none, or the last dot starts the
// name or something too long to be an extension).
func splitExtension(name string) (base, ext string) {
	i := strings.LastIndex(name, ".")
	if i <= 0 || len(name)-i > 20 {
		// Not an extension; decided before the device check, which must
		// see the base the name keeps.
		return name, ""
	}
	return name[:i], name[i:]
}

// isWindowsDevice reports whether Windows would take a file whose name
// starts with base for a device, whatever follows its first dot.
func isWindowsDevice(base string) bool {
	stem := base
	if i := strings.Index(stem, "."); i >= 0 {
		stem = stem[:i]
	}
	return windowsReserved[strings.ToUpper(strings.TrimSpace(stem))]
}

// generatedName names an attachment that came without a usable name.
func generatedName(contentType string, index int) string {
	ext := ""
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		switch mt {
		case "text/plain":
			ext = ".txt"
		case "text/html":
			ext = ".html"
		case "message/rfc822":
			ext = ".eml"
		default:
			if exts, err := mime.ExtensionsByType(mt); err == nil && len(exts) > 0 {
				ext = exts[0]
			}
		}
	}
	if ext == "" {
		ext = ".bin"
	}
	return fmt.Sprintf("attachment-%d%s", index+1, ext)
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// ErrOutsideFolder is returned by SavePath when a name would leave the folder.
var ErrOutsideFolder = errors.New("the file name would leave the chosen folder")

// SavePath returns where an attachment called name should be saved in dir:
// the sanitised name, made unique with " (2)", " (3)" … when a file of that
// name exists, and always a direct child of dir.
func SavePath(dir, name, contentType string, index int) (string, error) {
	safe := SafeFilename(name, contentType, index)
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("message: save path in %q: %w", dir, err)
	}
	base, ext := safe, filepath.Ext(safe)
	base = strings.TrimSuffix(base, ext)
	for n := 1; n < 10000; n++ {
		candidate := safe
		if n > 1 {
			candidate = fmt.Sprintf("%s (%d)%s", base, n, ext)
		}
		p := filepath.Join(absDir, candidate)
		if filepath.Dir(p) != absDir {
			return "", fmt.Errorf("message: save %q: %w", name, ErrOutsideFolder)
		}
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return p, nil
		}
	}
	return "", fmt.Errorf("message: save %q in %q: too many files of that name", safe, dir)
}
