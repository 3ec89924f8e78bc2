package transfer

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

// Profile is a Thunderbird profile found on this computer.
type Profile struct {
	Name     string
	Dir      string
	Default  bool // the profile Thunderbird opens
	Accounts []ThunderbirdAccount
}

// ThunderbirdAccount is one account of a Thunderbird profile and the
// folder its mail is kept in.
type ThunderbirdAccount struct {
	Name string // as Thunderbird shows it: "Local Folders", "ana@example.org"
	Type string // "none" (Local Folders), "pop3", "imap", "rss", "nntp"
	Dir  string
}

// HasMail reports whether the account holds mail (feeds and newsgroups
// are not moved).
func (a ThunderbirdAccount) HasMail() bool { return a.Type != "rss" && a.Type != "nntp" }

// ThunderbirdRoots are the folders Thunderbird keeps its profiles.ini in
// on the system goos, for the user whose home is home (and whose
// %AppData% is appData, on Windows): on Linux the usual one, the Snap's
// and the Flatpak's.
func ThunderbirdRoots(goos, home, appData string) []string {
	switch goos {
	case "windows":
		if appData == "" {
			appData = filepath.Join(home, "AppData", "Roaming")
		}
		return []string{filepath.Join(appData, "Thunderbird")}
	case "darwin":
		return []string{filepath.Join(home, "Library", "Thunderbird")}
	}
	return []string{
		filepath.Join(home, ".thunderbird"),
		filepath.Join(home, "snap", "thunderbird", "common", ".thunderbird"),
		filepath.Join(home, ".var", "app", "org.mozilla.Thunderbird", ".thunderbird"),
	}
}

// ThunderbirdProfiles finds this user's Thunderbird profiles.
func ThunderbirdProfiles() ([]Profile, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil, fmt.Errorf("transfer: home folder: %w", err)
	}
	return FindProfiles(ThunderbirdRoots(runtime.GOOS, home, os.Getenv("APPDATA")))
}

// FindProfiles reads the profiles.ini of each root that has one, and the
// accounts of each profile. Roots without one are passed over.
func FindProfiles(roots []string) ([]Profile, error) {
	var out []Profile
	for _, root := range roots {
		sections, err := readINI(filepath.Join(root, "profiles.ini"))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, profilesOf(root, sections)...)
	}
	return out, nil
}

// profilesOf reads the [ProfileN] sections of a profiles.ini; an
// [InstallXXXX] section's Default names the profile in use, over a
// profile's own Default=1.
func profilesOf(root string, sections map[string]map[string]string) []Profile {
	installed := ""
	for name, kv := range sections {
		if strings.HasPrefix(name, "Install") && kv["Default"] != "" {
			installed = kv["Default"]
		}
	}
	var names []string
	for name := range sections {
		if strings.HasPrefix(name, "Profile") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out []Profile
	for _, name := range names {
		kv := sections[name]
		if kv["Path"] == "" {
			continue
		}
		dir := filepath.FromSlash(kv["Path"])
		if kv["IsRelative"] != "0" {
			dir = filepath.Join(root, dir)
		}
		p := Profile{Name: kv["Name"], Dir: dir, Default: kv["Default"] == "1"}
		if installed != "" {
			p.Default = kv["Path"] == installed
		}
		p.Accounts = ProfileAccounts(dir)
		out = append(out, p)
	}
	return out
}

// readINI reads an INI file into its sections' keys and values.
func readINI(name string) (map[string]map[string]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]map[string]string{}
	var cur map[string]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		switch {
		case line == "" || line[0] == ';' || line[0] == '#':
		case line[0] == '[' && strings.HasSuffix(line, "]"):
			cur = map[string]string{}
			out[line[1:len(line)-1]] = cur
		case cur != nil:
			if k, v, ok := strings.Cut(line, "="); ok {
				cur[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("transfer: read %s: %w", name, err)
	}
	return out, nil
}

// userPref is one line of prefs.js.
var userPref = regexp.MustCompile(`^user_pref\("([^"]+)",\s*(.*)\);\s*$`)

// ProfileAccounts lists a profile's accounts from its prefs.js, in the
// order Thunderbird shows them; without a readable prefs.js, the folders
// under Mail/ and ImapMail/.
func ProfileAccounts(dir string) []ThunderbirdAccount {
	prefs := readPrefs(filepath.Join(dir, "prefs.js"))
	var out []ThunderbirdAccount
	for _, acct := range strings.Split(prefs["mail.accountmanager.accounts"], ",") {
		server := prefs["mail.account."+strings.TrimSpace(acct)+".server"]
		if server == "" {
			continue
		}
		key := "mail.server." + server + "."
		a := ThunderbirdAccount{Name: prefs[key+"name"], Type: prefs[key+"type"], Dir: serverDir(dir, prefs, key)}
		if a.Name == "" {
			a.Name = prefs[key+"userName"] + "@" + prefs[key+"hostname"]
		}
		if a.Dir != "" {
			out = append(out, a)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, sub := range []string{"Mail", "ImapMail"} {
		ents, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, e := range ents {
			if e.IsDir() {
				out = append(out, ThunderbirdAccount{Name: e.Name(), Dir: filepath.Join(dir, sub, e.Name())})
			}
		}
	}
	return out
}

// serverDir is where a server's mail is: directory-rel ("[ProfD]Mail/…",
// relative to the profile), else directory (absolute).
func serverDir(profile string, prefs map[string]string, key string) string {
	if rel, ok := strings.CutPrefix(prefs[key+"directory-rel"], "[ProfD]"); ok {
		return filepath.Join(profile, filepath.FromSlash(rel))
	}
	return prefs[key+"directory"]
}

// readPrefs reads the user_pref lines of a prefs.js; string values are
// unquoted.
func readPrefs(name string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(name)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		m := userPref.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		v := strings.TrimSpace(m[2])
		if s, err := strconv.Unquote(v); err == nil {
			v = s
		}
		out[m[1]] = v
	}
	return out
}
