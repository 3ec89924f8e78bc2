package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// folderRow is one row of the folder tree: an icon and a name that open
// the folder on a tap and offer the folder actions on a right-click.
type folderRow struct {
	widget.BaseWidget
	icon   *widget.Icon
	label  *widget.Label
	onTap  func()
	onMenu func(pos fyne.Position)
	node   string // the tree node shown, "" before the first
}

func newFolderRow() *folderRow {
	r := &folderRow{icon: widget.NewIcon(nil), label: widget.NewLabel("")}
	r.label.TextStyle = fyne.TextStyle{Bold: true}
	r.label.Truncation = fyne.TextTruncateEllipsis
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *folderRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, r.icon, nil, r.label))
}

// Tapped opens the folder.
func (r *folderRow) Tapped(*fyne.PointEvent) {
	if r.onTap != nil {
		r.onTap()
	}
}

// TappedSecondary shows the folder's menu.
func (r *folderRow) TappedSecondary(e *fyne.PointEvent) {
	if r.onMenu != nil {
		r.onMenu(e.AbsolutePosition)
	}
}
