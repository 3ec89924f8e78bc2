package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// folderPaneMin is the folder pane's smallest width: room for the longest
// special folder's name in the person's language with an unread count
// ("Posteingang (999)", "Отправленные (999)") beside its icon, in the
// tree's indentation, and never less than minFolderPane. A narrow window
// (a 1024×600 screen) gives its share to the list rather than cut the
// names the person finds their mail by; an account's address, or a
// folder the person named at length, may still be cut.
func folderPaneMin() fyne.Size {
	th := theme.Current()
	if app := fyne.CurrentApp(); app != nil {
		th = app.Settings().Theme()
	}
	size := func(n fyne.ThemeSizeName) float32 { return th.Size(n) }
	longest := float32(0)
	for _, role := range []string{storage.RoleInbox, storage.RoleSent, storage.RoleDrafts,
		storage.RoleTrash, storage.RoleJunk, storage.RoleArchive} {
		label := i18n.T("folders.unread", i18n.Args{"Folder": roleName(role), "Unread": i18n.Number(999)})
		w := fyne.MeasureText(label, size(theme.SizeNameText), fyne.TextStyle{Bold: true}).Width
		longest = max(longest, w)
	}
	icon, pad, inner := size(theme.SizeNameInlineIcon), size(theme.SizeNamePadding), size(theme.SizeNameInnerPadding)
	// The tree: padding, one level of indentation (icon and padding), the
	// branch icon's place and padding; the row: its icon, padding, and
	// the label with its inner padding on both sides; then the scroll bar.
	w := pad + (icon + pad) + icon + pad + icon + pad + longest + 2*inner + size(theme.SizeNameScrollBar)
	return fyne.NewSize(max(w, minFolderPane.Width), 0)
}

// folderPaneLeast is folderPaneMin at zoom 1: paneSized scales it by the
// zoom, so it is measured back from the theme's scale of now.
func folderPaneLeast() fyne.Size {
	least := folderPaneMin()
	if app := fyne.CurrentApp(); app != nil {
		if t, ok := app.Settings().Theme().(*ternTheme); ok && t.scale > 0 {
			least.Width = max(least.Width/t.scale, minFolderPane.Width)
		}
	}
	return least
}
