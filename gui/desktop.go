package gui

import (
	"fmt"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// Preference keys for what the window remembers.
const (
	prefWidth      = "window.width"
	prefHeight     = "window.height"
	prefLastFolder = "window.lastFolder"
)

// restoreSize gives the window the size it had last time.
func (w *MainWindow) restoreSize() {
	p := w.prefs
	width, height := p.FloatWithFallback(prefWidth, 1100), p.FloatWithFallback(prefHeight, 700)
	w.win.Resize(fyne.NewSize(float32(width), float32(height)))
}

// remember keeps the window's size and folder for next time.
func (w *MainWindow) remember() {
	p := w.prefs
	s := w.win.Canvas().Size()
	if s.Width > 200 && s.Height > 200 {
		p.SetFloat(prefWidth, float64(s.Width))
		p.SetFloat(prefHeight, float64(s.Height))
	}
	w.rememberLayout()
	if f, ok := w.folders.byID[w.folders.selected]; ok {
		p.SetString(prefLastFolder, fmt.Sprintf("%s\x00%s", f.AccountID, f.Name))
	}
}

// lastFolder is the node id of the folder open when Tern last closed.
func (w *MainWindow) lastFolder() string {
	key := w.prefs.String(prefLastFolder)
	for id, f := range w.folders.byID {
		if fmt.Sprintf("%s\x00%s", f.AccountID, f.Name) == key {
			return id
		}
	}
	return ""
}

// announce tells the user about new mail in their inboxes: a system
// notification naming the newest message, and the unread count in the
// tray. It runs on the UI goroutine.
func (w *MainWindow) announce(folders []storage.Folder, newest *storage.MessageSummary) {
	unread := unreadTotal(folders)
	if w.trayItem != nil {
		w.trayItem.Label = i18n.N("tray.unread", unread)
		w.trayMenu.Refresh()
	}
	// Only mail that arrived: ids grow with each message stored, so a
	// message marked unread or moved back by the user is not news.
	if w.lastUnread >= 0 && unread > w.lastUnread && newest != nil && !newest.Flags.Seen && newest.ID > w.newestSeen &&
		!w.prefs.Bool(prefNotifications) {
		title, body := notificationText(runtime.GOOS, unread-w.lastUnread, message.SenderName(newest.FromName, newest.FromAddr), newest.Subject)
		w.app.SendNotification(fyne.NewNotification(title, body))
	}
	if newest != nil && newest.ID > w.newestSeen {
		w.newestSeen = newest.ID
	}
	w.lastUnread = unread
}

// setupTray adds a tray (or menu bar) icon where the platform has one.
func (w *MainWindow) setupTray() {
	d, ok := w.app.(desktop.App)
	if !ok {
		return
	}
	w.trayItem = fyne.NewMenuItem("Tern", nil)
	w.trayItem.Disabled = true
	w.trayMenu = fyne.NewMenu("Tern", w.trayItem,
		fyne.NewMenuItem(i18n.T("tray.show"), func() { w.win.Show(); w.win.RequestFocus() }),
		fyne.NewMenuItem(i18n.T("action.get_mail"), w.getMail))
	d.SetSystemTrayMenu(w.trayMenu)
	d.SetSystemTrayIcon(Icon)
}
