//go:build windows || darwin

package i18n

// systemHasFont is true on Windows and macOS, which ship fonts for
// Japanese and Chinese with every installation (see NeedsFont).
func systemHasFont(fcLang string) bool { return true }
