//go:build darwin

package printout

// macFonts lists fonts every macOS has. Most of its own fonts for Asian
// scripts have CFF outlines, which the PDF library cannot embed; Arial
// Unicode, a TrueType font, has the letters of most scripts.
type macFonts struct{}

// systemFonts is the finder of this system.
func systemFonts() fontFinder { return macFonts{} }

func refs(paths ...string) []fontRef {
	var out []fontRef
	for _, p := range paths {
		out = append(out, fontRef{path: p})
	}
	return out
}

func (macFonts) Regular(string) []fontRef {
	return refs("/System/Library/Fonts/Supplemental/Arial.ttf", "/Library/Fonts/Arial.ttf",
		"/System/Library/Fonts/Supplemental/Verdana.ttf", "/System/Library/Fonts/Geneva.ttf")
}

func (macFonts) Bold(string) []fontRef {
	return refs("/System/Library/Fonts/Supplemental/Arial Bold.ttf", "/Library/Fonts/Arial Bold.ttf",
		"/System/Library/Fonts/Supplemental/Verdana Bold.ttf")
}

func (macFonts) Covering(rune, string) []fontRef {
	return refs("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf",
		"/System/Library/Fonts/AppleSDGothicNeo.ttc", "/System/Library/Fonts/Supplemental/Songti.ttc",
		"/System/Library/Fonts/Supplemental/Arial.ttf")
}
