package gui

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
)

// prefImagesFrom lists the senders whose pictures load without asking,
// one address a line (lower case).
const prefImagesFrom = "images.alwaysFrom"

// imageSenders are the senders whose pictures always load.
func (p *prefs) imageSenders() []string {
	var out []string
	for _, a := range strings.Split(p.String(prefImagesFrom), "\n") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// trustsImagesFrom says whether addr's pictures always load.
func (p *prefs) trustsImagesFrom(addr string) bool {
	addr = strings.ToLower(strings.TrimSpace(addr))
	for _, a := range p.imageSenders() {
		if a == addr && addr != "" {
			return true
		}
	}
	return false
}

// setImagesFrom adds addr to, or removes it from, the senders whose
// pictures always load.
func (p *prefs) setImagesFrom(addr string, on bool) {
	addr = strings.ToLower(strings.TrimSpace(addr))
	if addr == "" {
		return
	}
	keep := map[string]bool{}
	for _, a := range p.imageSenders() {
		keep[a] = true
	}
	keep[addr] = on
	var list []string
	for a, ok := range keep {
		if ok {
			list = append(list, a)
		}
	}
	sort.Strings(list)
	p.SetString(prefImagesFrom, strings.Join(list, "\n"))
}

// newAlwaysImagesButton is "Always load images from this sender", under
// Load images; the address stays out of the button so a long one cannot
// widen the reading pane.
func (r *reader) newAlwaysImagesButton() *keyButton {
	b := newKeyButton(i18n.T("reader.always_images"), nil, func() {
		if r.current == nil || r.prefs == nil {
			return
		}
		r.prefs.setImagesFrom(r.current.from, true)
		r.alwaysImages.Hide()
		r.fetchImages()
	}, r.key)
	b.Importance = widget.LowImportance
	b.Hide()
	return b
}

// offerImages shows Load images and Always load images from the sender,
// or loads the pictures at once when the sender is trusted. It runs after
// the message is drawn.
func (r *reader) offerImages(v *readerView) {
	ask := len(v.remote) > 0 && v.images == nil && r.engine != nil
	if ask && r.prefs != nil && r.prefs.trustsImagesFrom(v.from) {
		r.loadImages.Hide()
		r.alwaysImages.Hide()
		r.fetchImages()
		return
	}
	if !ask {
		r.loadImages.Hide()
		r.alwaysImages.Hide()
		return
	}
	r.loadImages.Show()
	if r.prefs != nil && v.from != "" {
		r.alwaysImages.Show()
	} else {
		r.alwaysImages.Hide()
	}
}

// imageSendersBox is Preferences' list of senders whose pictures always
// load, each with a button that stops it.
func (w *MainWindow) imageSendersBox() *fyne.Container {
	box := container.NewVBox()
	var fill func()
	fill = func() {
		box.Objects = nil
		senders := w.prefs.imageSenders()
		if len(senders) == 0 {
			box.Add(widget.NewLabel(i18n.T("prefs.pictures.none")))
		}
		for _, a := range senders {
			addr := a
			stop := widget.NewButtonWithIcon(i18n.T("prefs.pictures.stop"), theme.CancelIcon(), func() {
				w.prefs.setImagesFrom(addr, false)
				fill()
			})
			box.Add(container.NewBorder(nil, nil, nil, stop, widget.NewLabel(addr)))
		}
		box.Refresh()
	}
	fill()
	return box
}
