//go:build !windows && !darwin

package printout

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// fontconfig finds fonts by asking fontconfig's fc-match, which lists
// the system's fonts sorted by how well they match a pattern.
type fontconfig struct{}

// systemFonts is the finder of this system.
func systemFonts() fontFinder { return fontconfig{} }

// maxCandidates bounds the fonts looked at for one question.
const maxCandidates = 24

func (fontconfig) Regular(lang string) []fontRef {
	return fcMatch("sans-serif:lang=" + lang + ":weight=regular:slant=roman")
}

func (fontconfig) Bold(lang string) []fontRef {
	return fcMatch("sans-serif:lang=" + lang + ":weight=bold:slant=roman")
}

func (fontconfig) Covering(r rune, lang string) []fontRef {
	p := fmt.Sprintf("sans-serif:charset=%x:weight=regular:slant=roman", r)
	if lang != "" {
		p += ":lang=" + lang
	}
	return fcMatch(p)
}

// fcMatch runs fc-match -s on pattern and returns the files it lists,
// best first; none when fontconfig is not there.
func fcMatch(pattern string) []fontRef {
	out, err := exec.Command("fc-match", "-s", "-f", "%{file}\t%{index}\n", pattern).Output()
	if err != nil {
		return nil
	}
	var refs []fontRef
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() && len(refs) < maxCandidates {
		file, idx, _ := strings.Cut(sc.Text(), "\t")
		n, _ := strconv.Atoi(idx)
		if file != "" && (strings.HasSuffix(strings.ToLower(file), ".ttf") || strings.HasSuffix(strings.ToLower(file), ".ttc")) {
			refs = append(refs, fontRef{path: file, index: n})
		}
	}
	return refs
}
