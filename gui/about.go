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

	"github.com/tern-mail/tern/assets/i18n"
)

// helpMenu is Help: the keyboard shortcuts, a report for support and
// About.
func (w *MainWindow) helpMenu() *fyne.Menu {
	keys := fyne.NewMenuItem(i18n.T("menu.help.shortcuts"), w.showShortcuts)
	report := fyne.NewMenuItem(i18n.T("menu.help.report"), w.saveReport)
	about := fyne.NewMenuItem(i18n.T("menu.help.about"), w.showAbout)
	return fyne.NewMenu(i18n.T("menu.help"), keys, report, fyne.NewMenuItemSeparator(), about)
}

// aboutLines are what About tells: version, licence and profile folder.
func (w *MainWindow) aboutLines() (version, licence, profile string) {
	version = w.info.Version
	if version == "" {
		version = i18n.T("about.version.development")
	}
	licence = w.info.Licence
	if licence == "" {
		licence = i18n.T("about.licence.unknown")
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
	open := widget.NewButtonWithIcon(i18n.T("about.open_folder"), theme.FolderOpenIcon(), func() {
		u := &url.URL{Scheme: "file", Path: filepath.ToSlash(profile)}
		if err := w.app.OpenURL(u); err != nil {
			showInfo(i18n.T("about.open_folder.title"), i18n.T("about.open_folder.failed", i18n.Args{"Folder": profile}), w.win)
		}
	})
	body := container.NewVBox(
		container.NewHBox(logo, container.NewVBox(heading(name), widget.NewLabel(i18n.T("about.version", i18n.Args{"Version": version})))),
		widget.NewLabel(i18n.T("about.licence", i18n.Args{"Licence": licence})),
		widget.NewLabel(i18n.T("about.profile")),
		folder,
		container.NewHBox(open),
	)
	d := dialog.NewCustom(i18n.T("about.title", i18n.Args{"Name": name}), i18n.T("dialog.close"), body, w.win)
	d.Resize(fyne.NewSize(480, 320))
	d.Show()
}
