package gui

import (
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// helpMenu is Help: the keyboard shortcuts, a report for support and
// About.
func (w *MainWindow) helpMenu() *fyne.Menu {
	keys := fyne.NewMenuItem("Keyboard shortcuts", w.showShortcuts)
	report := fyne.NewMenuItem("Save a report for support…", w.saveReport)
	about := fyne.NewMenuItem("About Tern", w.showAbout)
	return fyne.NewMenu("Help", keys, report, fyne.NewMenuItemSeparator(), about)
}

// aboutLines are what About tells: version, licence and profile folder.
func (w *MainWindow) aboutLines() (version, licence, profile string) {
	version = w.info.Version
	if version == "" {
		version = "development build"
	}
	licence = w.info.Licence
	if licence == "" {
		licence = "not stated"
	}
	profile = w.manager.ProfileDir()
	if abs, err := filepath.Abs(profile); err == nil {
		profile = abs
	}
	return version, licence, profile
}

// showAbout is Help > About: the version, the licence and the profile
// folder, with a button that opens it.
func (w *MainWindow) showAbout() {
	version, licence, profile := w.aboutLines()
	logo := canvas.NewImageFromResource(Icon)
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(64, 64))
	name := w.info.Name
	if name == "" {
		name = "Tern"
	}
	folder := widget.NewLabel(profile)
	folder.Wrapping = fyne.TextWrapBreak
	open := widget.NewButtonWithIcon("Open the profile folder", theme.FolderOpenIcon(), func() {
		u := &url.URL{Scheme: "file", Path: filepath.ToSlash(profile)}
		if err := w.app.OpenURL(u); err != nil {
			dialog.ShowInformation("Profile folder", "Tern could not open the folder. It is "+profile, w.win)
		}
	})
	body := container.NewVBox(
		container.NewHBox(logo, container.NewVBox(heading(name), widget.NewLabel("Version "+version))),
		widget.NewLabel("Licence: "+licence),
		widget.NewLabel("Your mail and settings are kept in:"),
		folder,
		container.NewHBox(open),
	)
	d := dialog.NewCustom("About "+name, "Close", body, w.win)
	d.Resize(fyne.NewSize(480, 320))
	d.Show()
}
