package printout

import (
	"github.com/tern-mail/tern/assets/i18n"
	"golang.org/x/text/language"
)

// letterRegions print on US Letter; the rest of the world on A4.
var letterRegions = map[string]bool{"US": true, "CA": true, "MX": true, "PH": true, "CL": true, "CO": true,
	"VE": true, "PR": true, "GT": true, "CR": true, "PA": true, "DO": true, "SV": true, "NI": true, "BZ": true}

// systemPaper is the paper of the system locale's region.
func systemPaper() string {
	for _, l := range i18n.SystemLanguages() {
		t, err := language.Parse(posixToTag(l))
		if err != nil {
			continue
		}
		if r, conf := t.Region(); conf == language.Exact {
			if letterRegions[r.String()] {
				return "Letter"
			}
			return "A4"
		}
	}
	return "A4"
}

// posixToTag turns "en_US.UTF-8" into "en-US".
func posixToTag(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' || s[i] == '@' {
			s = s[:i]
			break
		}
	}
	b := []byte(s)
	for i := range b {
		if b[i] == '_' {
			b[i] = '-'
		}
	}
	return string(b)
}
