package gui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage/message"
)

// mentionsAttachment finds words that promise an attachment.
var mentionsAttachment = regexp.MustCompile(`(?i)\b(attach(ed|ment|ments)?|enclosed|anbei|anhang|angehängt|ci-joint|pièce jointe|adjunt[oa]|allegat[oa])\b`)

// composer is a window for writing one message.
type composer struct {
	win      fyne.Window
	engine   Engine
	accounts []accounts.Account
	bg       func(func())

	from        *widget.Select
	to, cc, bcc *widget.SelectEntry
	subject     *widget.Entry
	suggest     func(prefix string) []message.Address
	offered     map[*widget.SelectEntry][]string // suggestions shown, per field
	body        *widget.Entry
	files       []message.OutAttachment
	fileList    *fyne.Container
	status      *widget.Label
	draftID     int64
	base        message.Draft // threading headers and original of a reply or forward
	sig         string        // the signature in the body: the sender's
	dirty       bool
	sent        bool
}

// newComposer opens a composer window prefilled with d, from account
// fromID ("" for the first).
func newComposer(a fyne.App, eng Engine, accts []accounts.Account, fromID string, d message.Draft, bg func(func()),
	suggest func(prefix string) []message.Address) *composer {
	c := &composer{win: a.NewWindow("New message"), engine: eng, accounts: accts, bg: bg, base: d, suggest: suggest,
		offered: map[*widget.SelectEntry][]string{}}
	var names []string
	sel := ""
	for _, acc := range accts {
		names = append(names, acc.Address)
		if acc.ID == fromID || sel == "" {
			sel = acc.Address
		}
	}
	c.from = widget.NewSelect(names, nil)
	c.from.SetSelected(sel)
	c.to, c.cc, c.bcc = c.addressEntry(), c.addressEntry(), c.addressEntry()
	c.subject = widget.NewEntry()
	c.to.SetText(message.JoinAddresses(d.To))
	c.cc.SetText(message.JoinAddresses(d.Cc))
	c.subject.SetText(d.Subject)
	c.body = widget.NewMultiLineEntry()
	c.body.Wrapping = fyne.TextWrapWord
	c.sig = c.account().Signature
	c.body.SetText(message.Sign("", c.sig, d.Text))
	// Another sender brings their own signature.
	c.from.OnChanged = func(string) {
		sig := c.account().Signature
		c.body.SetText(message.Resign(c.body.Text, c.sig, sig, c.base.Text))
		c.sig = sig
	}
	c.files = append(c.files, d.Attachments...)
	c.fileList = container.NewVBox()
	c.status = widget.NewLabel("")
	for _, e := range []*widget.Entry{c.subject, c.body} {
		e.OnChanged = func(string) { c.dirty = true }
	}
	c.to.SetPlaceHolder("name@example.com, another@example.org")
	send := widget.NewButtonWithIcon("Send", theme.MailSendIcon(), c.send)
	send.Importance = widget.HighImportance
	attach := widget.NewButtonWithIcon("Attach…", theme.ContentAddIcon(), c.pickFile)
	draft := widget.NewButtonWithIcon("Save draft", theme.DocumentSaveIcon(), func() { c.saveDraft(nil) })
	form := widget.NewForm(
		widget.NewFormItem("From", c.from),
		widget.NewFormItem("To", c.to),
		widget.NewFormItem("Cc", c.cc),
		widget.NewFormItem("Bcc", c.bcc),
		widget.NewFormItem("Subject", c.subject),
	)
	top := container.NewVBox(container.NewHBox(send, attach, draft), form)
	c.win.SetContent(container.NewBorder(top, container.NewVBox(c.fileList, c.status), nil, nil, c.body))
	c.win.Resize(fyne.NewSize(720, 600))
	c.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { c.send() })
	c.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnter, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { c.send() })
	c.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		for _, u := range uris {
			c.addFile(u.Path())
		}
	})
	c.win.SetCloseIntercept(c.close)
	c.refreshFiles()
	c.dirty = false
	return c
}

func (c *composer) account() accounts.Account {
	for _, a := range c.accounts {
		if a.Address == c.from.Selected {
			return a
		}
	}
	return accounts.Account{}
}

// draft builds the message from the fields.
func (c *composer) draft() (message.Draft, error) {
	d := c.base
	var err error
	if d.To, err = message.ParseAddressList(c.to.Text); err != nil {
		return d, errField("To", err)
	}
	if d.Cc, err = message.ParseAddressList(c.cc.Text); err != nil {
		return d, errField("Cc", err)
	}
	if d.Bcc, err = message.ParseAddressList(c.bcc.Text); err != nil {
		return d, errField("Bcc", err)
	}
	d.Subject, d.Text, d.Attachments = c.subject.Text, c.body.Text, c.files
	return d, nil
}

type fieldError struct {
	field string
	err   error
}

func (e fieldError) Error() string {
	why, hint := e.err.Error(), ""
	var ae *message.AddressError
	if errors.As(e.err, &ae) {
		why = ae.Reason
		if strings.Contains(ae.Text, ",") && !strings.Contains(ae.Text, `"`) {
			hint = ` A name with a comma needs quotes, like "Doe, John" <john@example.org>.`
		}
	}
	return "The " + e.field + " field has an address Tern cannot read: " + why + "." + hint
}

func errField(f string, err error) error { return fieldError{f, err} }

// send queues the message; it goes out when the server can be reached.
func (c *composer) send() {
	d, err := c.draft()
	if err != nil {
		c.status.SetText(err.Error())
		return
	}
	if len(d.Recipients()) == 0 {
		c.status.SetText("Please add at least one recipient.")
		return
	}
	if len(c.files) == 0 && mentionsAttachment.MatchString(stripQuotes(d.Text+" "+d.Subject)) {
		dialog.ShowConfirm("No attachment", "The message mentions an attachment, but none is added. Send it anyway?",
			func(ok bool) {
				if ok {
					c.queue(d)
				}
			}, c.win)
		return
	}
	c.queue(d)
}

// stripQuotes drops quoted lines: a quote mentioning an attachment does
// not mean this message needs one.
func stripQuotes(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), ">") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func (c *composer) queue(d message.Draft) {
	acct := c.account()
	c.status.SetText("Sending…")
	c.bg(func() {
		_, err := c.engine.Queue(context.Background(), acct.ID, d)
		fyne.Do(func() {
			if err != nil {
				c.status.SetText("Not sent: " + err.Error())
				return
			}
			c.sent = true
			c.win.Close()
		})
	})
}

// saveDraft stores the message in Drafts; then runs after, if any.
func (c *composer) saveDraft(after func()) {
	d, err := c.draft()
	if err != nil {
		c.status.SetText(err.Error())
		return
	}
	acct := c.account()
	c.bg(func() {
		id, err := c.engine.SaveDraft(context.Background(), acct.ID, d, c.draftID)
		fyne.Do(func() {
			if err != nil {
				c.status.SetText("The draft could not be saved: " + err.Error())
				return
			}
			c.draftID, c.dirty = id, false
			c.status.SetText("Draft saved.")
			if after != nil {
				after()
			}
		})
	})
}

// close asks whether to keep a draft of unsent changes.
func (c *composer) close() {
	if c.sent || !c.dirty {
		c.win.Close()
		return
	}
	dialog.ShowCustomConfirm("Keep this message?", "Keep as draft", "Discard",
		widget.NewLabel("You have not sent this message. Keep it in Drafts?"),
		func(keep bool) {
			if keep {
				c.saveDraft(c.win.Close)
			} else {
				c.win.Close()
			}
		}, c.win)
}

func (c *composer) pickFile() {
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		c.addFile(r.URI().Path())
	}, c.win)
}

// addFile attaches a file from disk.
func (c *composer) addFile(path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		c.status.SetText("Could not attach " + filepath.Base(path) + ": " + err.Error())
		return
	}
	c.files = append(c.files, message.OutAttachment{Filename: filepath.Base(path), Data: b})
	c.dirty = true
	c.refreshFiles()
}

func (c *composer) refreshFiles() {
	c.fileList.Objects = nil
	for i, f := range c.files {
		i := i
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			c.files = append(c.files[:i], c.files[i+1:]...)
			c.refreshFiles()
		})
		rm.Importance = widget.LowImportance
		c.fileList.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), rm,
			widget.NewLabel(f.Filename+"  ("+message.SizeText(len(f.Data))+")")))
	}
	c.fileList.Refresh()
}

// addressEntry is a recipient field that suggests, for the address being
// typed, people from the mail on this computer.
func (c *composer) addressEntry() *widget.SelectEntry {
	e := widget.NewSelectEntry(nil)
	e.OnChanged = func(text string) {
		c.dirty = true
		if c.suggest == nil {
			return
		}
		done, last := splitLast(text)
		if len(strings.TrimSpace(last)) < 2 {
			c.offered[e] = nil
			e.SetOptions(nil)
			return
		}
		c.bg(func() {
			found := c.suggest(strings.TrimSpace(last))
			fyne.Do(func() {
				opts := make([]string, 0, len(found))
				for _, a := range found {
					opts = append(opts, done+a.String())
				}
				c.offered[e] = opts
				e.SetOptions(opts)
			})
		})
	}
	return e
}

// splitLast splits "a@x, b@y, ca" into "a@x, b@y, " and "ca". A comma
// inside a quoted name ("Doe, John" <j@x>) does not separate addresses.
func splitLast(text string) (done, last string) {
	i, quoted, escaped := -1, false, false
	for j, r := range text {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && quoted:
			escaped = true
		case r == '"':
			quoted = !quoted
		case r == ',' && !quoted:
			i = j
		}
	}
	if i < 0 {
		return "", text
	}
	return text[:i+1] + " ", strings.TrimLeft(text[i+1:], " ")
}
