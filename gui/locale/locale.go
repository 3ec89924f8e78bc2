// Package locale gives Fyne a language it can read when the system's
// locale is the C or POSIX locale with an encoding ("C.UTF-8", the
// default on many servers and containers).
//
// Fyne reads the locale while its packages are initialised, before main
// runs, and cannot parse "C": it prints "Error parsing user locale C" on
// every start. Importing this package (main does, for its side effect)
// sets LANGUAGE to English first, which Fyne's locale lookup consults
// before the C locale's name. Programs that honour the C locale ignore
// LANGUAGE (gettext does), so nothing else changes.
//
// It must import nothing but the standard library's os: Go initialises
// packages in import-path order among those whose imports are ready
// (Go spec, "Package initialization"), so with no other dependencies it
// runs before fyne.io/fyne/v2/lang, which waits for golang.org/x/text.
package locale

import "os"

func init() { Fallback() }

// Fallback sets LANGUAGE to "en" when the locale in effect is "C.*" or
// "POSIX.*" and LANGUAGE is not set. It reports whether it did.
func Fallback() bool {
	if os.Getenv("LANGUAGE") != "" {
		return false
	}
	// The variables in the order POSIX gives them precedence.
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if !cLocale(v) {
			return false
		}
		os.Setenv("LANGUAGE", "en")
		return true
	}
	return false
}

// cLocale reports whether v names the C or POSIX locale with an encoding
// or modifier, such as "C.UTF-8" or "POSIX@euro". The bare names need no
// help: Fyne treats them as English already.
func cLocale(v string) bool {
	for _, base := range []string{"C", "POSIX"} {
		if len(v) > len(base) && v[:len(base)] == base && (v[len(base)] == '.' || v[len(base)] == '@') {
			return true
		}
	}
	return false
}
