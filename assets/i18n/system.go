package i18n

import "github.com/jeandeaual/go-locale"

// SystemLanguages returns the person's languages in order of preference,
// as the system gives them: LANGUAGE, LC_ALL, LC_MESSAGES and LANG on
// Linux, the user's UI languages on Windows, AppleLanguages on macOS.
func SystemLanguages() []string {
	all, err := locale.GetLocales()
	if err != nil || len(all) == 0 {
		return []string{"en"}
	}
	return all
}
