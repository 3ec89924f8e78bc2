package gui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// outboxView lists the messages waiting to be sent, in every account, each
// with Open, Edit and Cancel. It takes the message list's place while the
// Outbox is chosen.
type outboxView struct {
	w     *MainWindow
	items *fyne.Container
	head  *widget.Label // how many wait
	box   *fyne.Container
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
	v := &outboxView{w: w, items: container.NewVBox(), head: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	v.box = container.NewBorder(container.NewVBox(v.head, widget.NewSeparator()), nil, nil, nil, container.NewVScroll(v.items))
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

// set shows rows; UI goroutine.
func (v *outboxView) set(rows []storage.Outgoing) {
	v.rows = nil
	v.items.Objects = nil
	now := time.Now()
	for _, o := range rows {
		if o.State == storage.OutboxSent {
			continue // gone out; only its Sent copy is still to be filed
		}
		v.rows = append(v.rows, o)
		v.items.Add(v.row(o, now))
	}
	v.head.SetText(outboxHead(len(v.rows)))
	v.items.Refresh()
}

// buttons are a row's choices: for a message whose fate is unknown,
// Send again and It arrived; for one being sent, only Open.
func (v *outboxView) buttons(o storage.Outgoing) fyne.CanvasObject {
	open := widget.NewButtonWithIcon(i18n.T("outbox.open"), theme.VisibilityIcon(), func() { v.open(o) })
	cancel := widget.NewButtonWithIcon(i18n.T("outbox.cancel"), theme.CancelIcon(), func() { v.cancel(o.ID) })
	switch o.State {
	case storage.OutboxUnknown:
		return container.NewHBox(open,
			widget.NewButtonWithIcon(i18n.T("outbox.send_again"), theme.MailSendIcon(), func() { v.resend(o.ID) }),
			widget.NewButtonWithIcon(i18n.T("outbox.arrived"), theme.ConfirmIcon(), func() { v.arrived(o.ID) }))
	case storage.OutboxSending:
		return container.NewHBox(open)
	}
	return container.NewHBox(open,
		widget.NewButtonWithIcon(i18n.T("outbox.edit"), theme.DocumentCreateIcon(), func() { v.edit(o.ID) }), cancel)
}

// resend sends again a message whose fate is unknown: the person's choice.
func (v *outboxView) resend(id int64) {
	v.settle(i18n.T("outbox.send_again.failed"), func(ctx context.Context) error { return v.w.engine.ResendOutgoing(ctx, id) })
}

// arrived files a message whose fate was unknown as sent.
func (v *outboxView) arrived(id int64) {
	v.settle(i18n.T("outbox.arrived.failed"), func(ctx context.Context) error { return v.w.engine.ConfirmOutgoingSent(ctx, id) })
}

// settle runs a choice off the UI goroutine, then shows the outbox anew;
// failed says what could not be done.
func (v *outboxView) settle(failed string, do func(context.Context) error) {
	Background(func() {
		if err := do(context.Background()); err != nil {
			fyne.Do(func() { tellFailure(v.w.win, failureSentence(err, failed), err) })
			return
		}
		v.reload()
	})
}

// open shows a waiting message in the reader.
func (v *outboxView) open(o storage.Outgoing) {
	p := message.Parse(o.Raw)
	headers := i18n.T("reader.header.to", i18n.Args{"Addresses": strings.Join(o.Recipients, ", ")}) + "\n" +
		i18n.T("reader.header.from", i18n.Args{"Sender": o.From})
	v.w.reader.display(&readerView{subject: p.Subject, headers: headers, text: p.Text})
}

// edit takes a message out of the outbox into the composer. Closed
// unsent, the composer keeps it as a draft or puts it back in the outbox.
func (v *outboxView) edit(id int64) {
	Background(func() {
		acct, d, err := v.w.engine.EditOutgoing(context.Background(), id)
		fyne.Do(func() {
			if err != nil {
				tellFailure(v.w.win, failureSentence(err, i18n.T("outbox.edit.failed")), err)
				return
			}
			restore := func(ctx context.Context) error {
				_, err := v.w.engine.Queue(ctx, acct, d)
				return err
			}
			c := v.w.compose(d, acct)
			if c == nil {
				if err := restore(context.Background()); err != nil {
					tellFailure(v.w.win, i18n.T("outbox.restore.failed"), err)
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
	v.w.confirm(i18n.T("outbox.cancel.title"), i18n.T("outbox.cancel.question"), func() {
		Background(func() {
			if err := v.w.engine.CancelOutgoing(context.Background(), id); err != nil {
				fyne.Do(func() { tellFailure(v.w.win, failureSentence(err, i18n.T("outbox.cancel.failed")), err) })
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
