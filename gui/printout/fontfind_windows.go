//go:build windows

package printout

import (
	"os"
	"path/filepath"
)

// windowsFonts lists the fonts every Windows has, in its Fonts folder.
type windowsFonts struct{ dir string }

// systemFonts is the finder of this system.
func systemFonts() fontFinder {
	root := os.Getenv("WINDIR")
	if root == "" {
		root = `C:\Windows`
	}
	return windowsFonts{dir: filepath.Join(root, "Fonts")}
}

func (w windowsFonts) refs(names ...string) []fontRef {
	var out []fontRef
	for _, n := range names {
		out = append(out, fontRef{path: filepath.Join(w.dir, n)})
	}
	return out
}

func (w windowsFonts) Regular(string) []fontRef {
	return w.refs("segoeui.ttf", "arial.ttf", "tahoma.ttf")
}
func (w windowsFonts) Bold(string) []fontRef {
	return w.refs("segoeuib.ttf", "arialbd.ttf", "tahomabd.ttf")
}

// Covering lists the fonts Windows ships for the scripts of East Asia
// (collections of TrueType faces), then its fonts with the most other
// scripts.
func (w windowsFonts) Covering(_ rune, lang string) []fontRef {
	cjk := map[string][]string{
		"ja":    {"YuGothR.ttc", "meiryo.ttc", "msgothic.ttc"},
		"ko":    {"malgun.ttf", "gulim.ttc"},
		"zh-tw": {"msjh.ttc", "mingliu.ttc"},
		"zh-cn": {"msyh.ttc", "simsun.ttc"},
	}
	names := cjk[lang]
	for _, l := range []string{"ja", "zh-cn", "zh-tw", "ko"} {
		if l != lang {
			names = append(names, cjk[l]...)
		}
	}
	names = append(names, "seguisym.ttf", "Nirmala.ttf", "ebrima.ttf", "leelawui.ttf", "arial.ttf", "segoeui.ttf")
	return w.refs(names...)
}
