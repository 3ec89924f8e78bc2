package gui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// outboxView lists the messages waiting to be sent, in every account, each
// with Open, Edit and Cancel. It takes the message list's place while the
// Outbox is chosen.
type outboxView struct {
	w     *MainWindow
	items *fyne.Container
	box   fyne.CanvasObject
	rows  []storage.Outgoing // shown; UI goroutine only
	last  *composer          // the composer Edit opened last; for tests
	// editing are the composers Edit opened; UI goroutine only.
	editing []*composer
}

// keepUnsent keeps the messages still open in composers Edit opened when
// Tern quits (see composer.keepUnsent); after the window loop has ended.
func (v *outboxView) keepUnsent() {
	for _, c := range v.editing {
		if err := c.keepUnsent(context.Background()); err != nil {
			fyne.LogError("keep a message taken from the outbox", err)
		}
	}
	v.editing = nil
}

func newOutboxView(w *MainWindow) *outboxView {
	v := &outboxView{w: w, items: container.NewVBox()}
	v.box = container.NewVScroll(v.items)
	v.box.Hide()
	return v
}

// reload reads the outbox off the UI goroutine and shows it.
func (v *outboxView) reload() {
	if v.w.engine == nil {
		return
	}
	Background(func() {
		rows, err := v.w.engine.Outbox(context.Background())
		if err != nil {
			fyne.LogError("read outbox", err)
			return
		}
		fyne.Do(func() { v.set(rows) })
	})
}

// mayHaveGone is what the Outbox says of a message whose fate is unknown.
const mayHaveGone = "This message may already have been sent."

// set shows rows; UI goroutine.
func (v *outboxView) set(rows []storage.Outgoing) {
	v.rows = nil
	v.items.Objects = nil
	for _, o := range rows {
		if o.State == storage.OutboxSent {
			continue // gone out; only its Sent copy is still to be filed
		}
		v.rows = append(v.rows, o)
		subject := message.Parse(o.Raw).Subject
		if subject == "" {
			subject = "(no subject)"
		}
		head := widget.NewLabelWithStyle("To: "+strings.Join(o.Recipients, ", "), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		head.Truncation = fyne.TextTruncateEllipsis
		sub := widget.NewLabel(subject + " — " + outboxState(o))
		sub.Wrapping = fyne.TextWrapWord // the state is a sentence to read whole
		v.items.Add(container.NewVBox(head, sub, v.buttons(o), widget.NewSeparator()))
	}
	if len(v.rows) == 0 {
		v.items.Add(widget.NewLabel("Nothing is waiting to be sent."))
	}
	v.items.Refresh()
}

// outboxState says where a message stands.
func outboxState(o storage.Outgoing) string {
	switch {
	case o.State == storage.OutboxUnknown:
		return mayHaveGone + " The connection ended before the server said whether it took it."
	case o.State == storage.OutboxSending:
		return "Sending…"
	case o.State == storage.OutboxFailed:
		return "Not sent: " + o.LastError
	case o.LastError != "":
		return "Waiting to be sent; the last try failed: " + o.LastError
	}
	return "Waiting to be sent"
}

// buttons are a row's choices: for a message whose fate is unknown,
// Send again and It arrived; for one being sent, only Open.
func (v *outboxView) buttons(o storage.Outgoing) fyne.CanvasObject {
	open := widget.NewButtonWithIcon("Open", theme.VisibilityIcon(), func() { v.open(o) })
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { v.cancel(o.ID) })
	switch o.State {
	case storage.OutboxUnknown:
		return container.NewHBox(open,
			widget.NewButtonWithIcon("Send again", theme.MailSendIcon(), func() { v.resend(o.ID) }),
			widget.NewButtonWithIcon("It arrived", theme.ConfirmIcon(), func() { v.arrived(o.ID) }))
	case storage.OutboxSending:
		return container.NewHBox(open)
	}
	return container.NewHBox(open,
		widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { v.edit(o.ID) }), cancel)
}

// resend sends again a message whose fate is unknown: the person's choice.
func (v *outboxView) resend(id int64) {
	v.settle("send again", func(ctx context.Context) error { return v.w.engine.ResendOutgoing(ctx, id) })
}

// arrived files a message whose fate was unknown as sent.
func (v *outboxView) arrived(id int64) {
	v.settle("file as sent", func(ctx context.Context) error { return v.w.engine.ConfirmOutgoingSent(ctx, id) })
}

// settle runs a choice off the UI goroutine, then shows the outbox anew.
func (v *outboxView) settle(what string, do func(context.Context) error) {
	Background(func() {
		if err := do(context.Background()); err != nil {
			fyne.Do(func() { dialog.ShowError(fmt.Errorf("%s: %w", what, err), v.w.win) })
			return
		}
		v.reload()
	})
}

// open shows a waiting message in the reader.
func (v *outboxView) open(o storage.Outgoing) {
	p := message.Parse(o.Raw)
	v.w.reader.display(&readerView{subject: p.Subject,
		headers: "To: " + strings.Join(o.Recipients, ", ") + "\nFrom: " + o.From, text: p.Text})
}

// edit takes a message out of the outbox into the composer. Closed
// unsent, the composer keeps it as a draft or puts it back in the outbox.
func (v *outboxView) edit(id int64) {
	Background(func() {
		acct, d, err := v.w.engine.EditOutgoing(context.Background(), id)
		fyne.Do(func() {
			if err != nil {
				dialog.ShowError(err, v.w.win)
				return
			}
			restore := func(ctx context.Context) error {
				_, err := v.w.engine.Queue(ctx, acct, d)
				return err
			}
			c := v.w.compose(d, acct)
			if c == nil {
				if err := restore(context.Background()); err != nil {
					dialog.ShowError(fmt.Errorf("put back in the outbox: %w", err), v.w.win)
				}
				return
			}
			c.restore, v.last = restore, c
			v.editing = append(v.editing, c)
		})
	})
}

// cancel asks, then takes a message out of the outbox unsent.
func (v *outboxView) cancel(id int64) {
	v.w.confirm("Cancel sending", "Cancel sending this message? It will not be sent.", func() {
		Background(func() {
			if err := v.w.engine.CancelOutgoing(context.Background(), id); err != nil {
				fyne.Do(func() { dialog.ShowError(fmt.Errorf("cancel: %w", err), v.w.win) })
			}
		})
	})
}

// showOutbox puts the outbox in the list's place, or the list back.
func (w *MainWindow) showOutbox(on bool) {
	if on {
		w.list.list.UnselectAll()
		w.reader.clear()
		w.noResult.Hide()
		w.list.list.Hide() // the outbox takes the list's place, never drawn over it
		w.outbox.box.Show()
		w.outbox.reload()
		return
	}
	w.outbox.box.Hide()
	w.list.list.Show()
}
