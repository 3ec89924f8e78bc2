package rfcref

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sections reads testdata/sections.txt: the section numbers of each RFC
// whose text was had, and the RFCs that could not be checked.
func sections(t *testing.T) (map[int]map[string]bool, map[int]bool) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sections.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	known, unchecked := map[int]map[string]bool{}, map[int]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, rest, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("sections.txt: line %q has no colon", line)
		}
		if key == "unchecked" {
			for _, w := range strings.Fields(rest) {
				unchecked[number(t, w)] = true
			}
			continue
		}
		set := map[string]bool{}
		for _, w := range strings.Fields(rest) {
			set[w] = true
		}
		known[number(t, key)] = set
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return known, unchecked
}

func number(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		t.Fatalf("sections.txt: %q is not an RFC number", s)
	}
	return n
}

// moduleRoot is the folder of go.mod above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

func TestCitedSectionsExist(t *testing.T) {
	known, unchecked := sections(t)
	cites, bad, err := Walk(moduleRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(cites) < 50 {
		t.Fatalf("found only %d citations: the walk missed the module", len(cites))
	}
	for _, m := range bad {
		t.Errorf("%s: %q: cite a section as \"RFC NNNN section X.Y\"", m.Pos, m.Text)
	}
	checked := 0
	for _, c := range cites {
		secs, ok := known[c.RFC]
		switch {
		case ok && !secs[c.Section]:
			t.Errorf("%s: RFC %d has no section %s", c.Pos, c.RFC, c.Section)
		case ok:
			checked++
		case !unchecked[c.RFC]:
			t.Errorf("%s: RFC %d is cited but testdata/sections.txt neither lists its sections nor marks it unchecked", c.Pos, c.RFC)
		}
	}
	t.Logf("%d citations, %d checked against their RFC's sections", len(cites), checked)
}

func TestFindReadsOneFormAndFlagsTheOthers(t *testing.T) {
	for _, tc := range []struct {
		text  string
		cites []string // "NNNN X.Y"
		bad   int
	}{
		{"Unfolding (RFC 5322 section 2.2.3).", []string{"5322 2.2.3"}, 0},
		{"as RFC 9051\nsection 6.4.4 says", []string{"9051 6.4.4"}, 0},
		{"RFC 3501 section 6.3.10 and RFC 1939 section 7.", []string{"3501 6.3.10", "1939 7"}, 0},
		{"the RFC822.SIZE item, RFC 2047 words", nil, 0},
		{"RFC5322 section 3.4", nil, 1},
		{"RFC 5322, section 3.4", nil, 1},
		{"RFC 5322 Section 3.4", nil, 1},
		{"RFC 5322 sec. 3.4", nil, 1},
		{"RFC 5322 \u00a7 3.4", nil, 1},
		{"RFC 5322 (section 3.4)", nil, 1},
		{"section 3.4 of RFC 5322", nil, 1},
	} {
		cites, bad := Find(tc.text)
		var got []string
		for _, c := range cites {
			got = append(got, strconv.Itoa(c.RFC)+" "+c.Section)
		}
		if strings.Join(got, ",") != strings.Join(tc.cites, ",") || len(bad) != tc.bad {
			t.Errorf("Find(%q) = %v, %d malformed; want %v, %d", tc.text, got, len(bad), tc.cites, tc.bad)
		}
	}
}
