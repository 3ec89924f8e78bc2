package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme choices, as Preferences names and stores them.
const (
	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
)

// ternTheme is Fyne's theme at the user's zoom and, when chosen, in a
// fixed light or dark variant instead of the system's.
type ternTheme struct {
	base    fyne.Theme
	scale   float32 // every size: text, padding, icons
	text    float32 // text sizes only, on top of scale (the reader's own size)
	variant string  // themeSystem, themeLight or themeDark
}

// Color gives the base colour, in the chosen variant.
func (t *ternTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch t.variant {
	case themeLight:
		v = theme.VariantLight
	case themeDark:
		v = theme.VariantDark
	}
	if n == theme.ColorNameFocus {
		return focusMark(t.base.Color(theme.ColorNamePrimary, v))
	}
	return t.base.Color(n, v)
}

// focusAlpha is how opaque the keyboard's focus mark is: Fyne's own is
// about 16%, fainter than the selection, and hard to see; this one is
// clearly stronger than the selection while text stays readable on it.
const focusAlpha = 0x99

// focusMark is the primary colour at focusAlpha.
func focusMark(primary color.Color) color.Color {
	c := color.NRGBAModel.Convert(primary).(color.NRGBA)
	c.A = focusAlpha
	return c
}

// Font gives the base font.
func (t *ternTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

// Icon gives the base icon.
func (t *ternTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

// Size scales the base size.
func (t *ternTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.base.Size(n) * t.scale
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText, theme.SizeNameCaptionText:
		if t.text > 0 {
			s *= t.text
		}
	}
	return s
}
