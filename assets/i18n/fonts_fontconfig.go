//go:build !windows && !darwin

package i18n

import (
	"os/exec"
	"strings"
)

// fcList runs fontconfig's fc-list for the fonts covering the
// orthography fcLang ("ja", "zh-cn") and returns their families, one a
// line; a variable for the tests.
var fcList = func(fcLang string) (string, error) {
	out, err := exec.Command("fc-list", ":lang="+fcLang, "family").Output()
	return string(out), err
}

// systemHasFont asks fontconfig whether a font covers fcLang. When
// fc-list is missing or fails the answer is yes: nothing is known, and a
// wrong warning is worse than none.
func systemHasFont(fcLang string) bool {
	out, err := fcList(fcLang)
	if err != nil {
		return true
	}
	return strings.TrimSpace(out) != ""
}
