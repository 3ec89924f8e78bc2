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
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
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
	to, cc, bcc *composerEntry
	subject     *composerEntry
	suggest     func(prefix string) []message.Address
	offered     map[*composerEntry][]string // suggestions shown, per field
	suggestions *fyne.Container             // the offered addresses, under the fields
	suggestFor  *composerEntry              // the field they are for
	filling     bool                        // the fields are being set, not typed in
	body        *composerEntry
	files       []message.OutAttachment
	fileList    *fyne.Container
	status      *widget.Label
	draftID     int64
	base        message.Draft // threading headers and original of a reply or forward
	sig         string        // the signature in the body: the sender's
	dirty       bool
	sent        bool
	asking      *ternDialog // the last question asked before sending
	// restore, if set, puts back what the composer was opened from (a
	// message taken out of the outbox) when it closes unsent and no draft
	// is kept, so closing never loses the message. Any goroutine.
	restore func(ctx context.Context) error
	// onQueued, if set, hears of each message put in the outbox, so the
	// main window can say when it has gone.
	onQueued func(accountID string, outboxID int64)
}

// newComposer opens a composer window prefilled with d, from account
// fromID ("" for the first).
func newComposer(a fyne.App, eng Engine, accts []accounts.Account, fromID string, d message.Draft, bg func(func()),
	suggest func(prefix string) []message.Address) *composer {
	c := &composer{win: a.NewWindow(i18n.T("composer.title.new")), engine: eng, accounts: accts, bg: bg, base: d, suggest: suggest,
		offered: map[*composerEntry][]string{}}
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
	c.suggestions = container.NewVBox()
	c.to, c.cc, c.bcc = c.addressEntry(), c.addressEntry(), c.addressEntry()
	c.subject = c.entry(false)
	c.filling = true
	c.to.SetText(message.JoinAddresses(d.To))
	c.cc.SetText(message.JoinAddresses(d.Cc))
	c.filling = false
	c.subject.SetText(d.Subject)
	c.body = c.entry(true)
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
	c.body.OnChanged = func(string) { c.dirty = true }
	// The window is named after what it is about.
	c.subject.OnChanged = func(string) {
		c.dirty = true
		c.setTitle()
	}
	c.setTitle()
	c.to.SetPlaceHolder(i18n.T("composer.to.placeholder"))
	send := widget.NewButtonWithIcon(i18n.T("composer.send"), theme.MailSendIcon(), c.send)
	send.Importance = widget.HighImportance
	attach := widget.NewButtonWithIcon(i18n.T("composer.attach"), theme.ContentAddIcon(), c.chooseAttachments)
	draft := widget.NewButtonWithIcon(i18n.T("composer.save_draft"), theme.DocumentSaveIcon(), func() { c.saveDraft(nil) })
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("composer.from"), c.from),
		widget.NewFormItem(i18n.T("composer.to"), c.to),
		widget.NewFormItem(i18n.T("composer.cc"), c.cc),
		widget.NewFormItem(i18n.T("composer.bcc"), c.bcc),
		widget.NewFormItem(i18n.T("composer.subject"), c.subject),
	)
	top := container.NewVBox(container.NewHBox(send, attach, draft), form, c.suggestions)
	c.win.SetContent(container.NewBorder(top, container.NewVBox(c.fileList, c.status), nil, nil, c.body))
	c.win.Resize(fyne.NewSize(720, 600))
	// Fields take Ctrl+Enter and Escape themselves (composerEntry); these
	// serve the rest of the window.
	c.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { c.send() })
	c.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnter, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { c.send() })
	closeOnEscape(c.win, c.close)
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

// entry makes a field that sends on Ctrl+Enter and closes on Escape.
func (c *composer) entry(multiLine bool) *composerEntry {
	e := newComposerEntry(multiLine)
	e.onSend, e.onEscape = c.send, c.close
	return e
}

// setTitle names the window after the subject.
func (c *composer) setTitle() {
	if t := strings.TrimSpace(c.subject.Text); t != "" {
		c.win.SetTitle(t)
	} else {
		c.win.SetTitle(i18n.T("composer.title.new"))
	}
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
	for _, e := range []*composerEntry{c.to, c.cc, c.bcc} {
		if err := c.resolveNames(e); err != nil {
			return d, err
		}
	}
	var err error
	if d.To, err = message.ParseAddressList(c.to.Text); err != nil {
		return d, errField(i18n.T("composer.to"), c.to, err)
	}
	if d.Cc, err = message.ParseAddressList(c.cc.Text); err != nil {
		return d, errField(i18n.T("composer.cc"), c.cc, err)
	}
	if d.Bcc, err = message.ParseAddressList(c.bcc.Text); err != nil {
		return d, errField(i18n.T("composer.bcc"), c.bcc, err)
	}
	d.Subject, d.Text, d.Attachments = c.subject.Text, c.body.Text, c.files
	return d, nil
}

// fieldError is an address field Tern cannot read; field is the field's
// label as shown, and Error the sentence the composer shows. bad is the
// address in it Tern cannot read, as typed; comma tells a name with an
// unquoted comma.
type fieldError struct {
	field string
	err   error
	entry *composerEntry
	bad   string
	comma bool
}

func (e fieldError) Error() string {
	why := e.err.Error()
	var ae *message.AddressError
	if errors.As(e.err, &ae) {
		why = ae.Reason
		if strings.Contains(ae.Text, ",") && !strings.Contains(ae.Text, `"`) {
			return i18n.T("composer.address_error.comma", i18n.Args{"Field": e.field, "Reason": why})
		}
	}
	return i18n.T("composer.address_error", i18n.Args{"Field": e.field, "Reason": why})
}

func errField(f string, e *composerEntry, err error) error {
	bad, comma := firstBad(e.Text)
	return fieldError{field: f, err: err, entry: e, bad: bad, comma: comma}
}

// send queues the message, after the questions of composer_checks.go;
// it goes out when the server can be reached.
func (c *composer) send() {
	if c.win.Canvas().Overlays().Top() != nil {
		return // a question is open: Ctrl+Enter does not send past it
	}
	d, err := c.draft()
	if err != nil {
		c.status.SetText(err.Error())
		c.badAddress(err)
		return
	}
	if len(d.Recipients()) == 0 {
		c.status.SetText(i18n.T("composer.no_recipient"))
		c.noRecipient()
		return
	}
	c.askThenQueue(d, c.questions(d))
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
	c.status.SetText(i18n.T("composer.sending"))
	c.bg(func() {
		id, err := c.engine.Queue(context.Background(), acct.ID, d)
		fyne.Do(func() {
			if err != nil {
				c.status.SetText(i18n.T("composer.not_sent", i18n.Args{"Reason": err.Error()}))
				return
			}
			c.sent = true
			if c.onQueued != nil {
				c.onQueued(acct.ID, id)
			}
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
				c.status.SetText(i18n.T("composer.draft_failed", i18n.Args{"Reason": err.Error()}))
				return
			}
			c.draftID, c.dirty = id, false
			c.status.SetText(i18n.T("composer.draft_saved"))
			if after != nil {
				after()
			}
		})
	})
}

// keepUnsent, when Tern quits with the composer open, keeps what it was
// opened from: changed, in Drafts; unchanged, back where it was (the
// outbox). It runs after the window loop has ended.
func (c *composer) keepUnsent(ctx context.Context) error {
	restore := c.restore
	if c.sent || restore == nil {
		return nil
	}
	c.restore = nil
	if c.dirty {
		if d, err := c.draft(); err == nil {
			if _, err := c.engine.SaveDraft(ctx, c.account().ID, d, c.draftID); err == nil {
				return nil
			}
		}
	}
	return restore(ctx)
}

// close asks whether to keep a draft of unsent changes.
// A message taken from the outbox goes back there unless it is kept as a
// draft.
func (c *composer) close() {
	if c.sent {
		c.win.Close()
		return
	}
	discard := func() {
		if restore := c.restore; restore != nil {
			c.restore = nil
			c.bg(func() {
				if err := restore(context.Background()); err != nil {
					fyne.LogError("put the message back in the outbox", err)
				}
			})
		}
		c.win.Close()
	}
	if !c.dirty {
		discard()
		return
	}
	question, no := i18n.T("composer.keep.question"), i18n.T("composer.keep.discard")
	if c.restore != nil {
		question, no = i18n.T("composer.keep.question_outbox"), i18n.T("composer.keep.back_to_outbox")
	}
	keep := func() {
		c.saveDraft(func() {
			c.restore = nil
			c.win.Close()
		})
	}
	// Escape closes the question and goes back to the message.
	newTernDialog(i18n.T("composer.keep.title"), wrapped(question), c.win,
		dialogAction{label: no, do: discard},
		dialogAction{label: i18n.T("composer.keep.keep"), importance: widget.HighImportance, primary: true, do: keep},
	).Show()
}

// addFile attaches a file from disk.
func (c *composer) addFile(path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		c.status.SetText(i18n.T("composer.attach_failed", i18n.Args{"File": filepath.Base(path), "Reason": err.Error()}))
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
			widget.NewLabel(i18n.T("composer.file", i18n.Args{"File": f.Filename, "Size": i18n.Size(int64(len(f.Data)))}))))
	}
	c.fileList.Refresh()
}

// addressEntry is a recipient field that suggests, as the user types,
// people from the mail on this computer.
func (c *composer) addressEntry() *composerEntry {
	e := c.entry(false)
	e.OnChanged = func(string) {
		c.dirty = true
		if !c.filling {
			c.refreshSuggestions(e)
		}
	}
	// Enter and Tab take the first suggestion, the one shown
	// highlighted; Down goes to the list.
	e.OnSubmitted = func(string) {
		if opts := c.offered[e]; len(opts) > 0 {
			c.pick(e, opts[0])
		}
	}
	e.onTab = func(take bool) bool {
		opts := c.offered[e]
		if len(opts) == 0 || c.suggestFor != e {
			return false
		}
		if take {
			c.pick(e, opts[0])
		}
		return true
	}
	e.onDown = func() bool {
		if len(c.offered[e]) == 0 || c.suggestFor != e || len(c.suggestions.Objects) == 0 {
			return false
		}
		c.win.Canvas().Focus(c.suggestions.Objects[0].(fyne.Focusable))
		return true
	}
	return e
}

// refreshSuggestions offers the people matching the address being typed
// in e, best first, under the fields.
func (c *composer) refreshSuggestions(e *composerEntry) {
	if c.suggest == nil {
		return
	}
	done, last := splitLast(e.Text)
	if len(strings.TrimSpace(last)) < 2 {
		c.offer(e, nil, nil)
		return
	}
	c.bg(func() {
		found := c.suggest(strings.TrimSpace(last))
		fyne.Do(func() {
			if !strings.HasSuffix(e.Text, last) {
				return // typed on meanwhile; a newer search follows
			}
			opts := make([]string, 0, len(found))
			for _, a := range found {
				opts = append(opts, done+a.String())
			}
			c.offer(e, opts, found)
		})
	})
}

// offer shows opts, the texts e would have with each address found.
func (c *composer) offer(e *composerEntry, opts []string, found []message.Address) {
	c.offered[e] = opts
	c.suggestFor = e
	c.suggestions.Objects = nil
	for i, a := range found {
		opt := opts[i]
		b := newSuggestionButton(a.String(), func() { c.pick(e, opt) })
		if i > 0 {
			b.Importance = widget.LowImportance // the first, which Enter and Tab take, stands out
		}
		c.suggestions.Add(b)
	}
	c.suggestions.Refresh()
}

// pick puts a suggestion in its field, ready for the next address.
func (c *composer) pick(e *composerEntry, opt string) {
	c.filling = true
	e.SetText(opt + ", ")
	c.filling = false
	e.CursorColumn = len([]rune(e.Text))
	e.Refresh()
	c.offer(e, nil, nil)
	c.win.Canvas().Focus(e)
}

// nameError is a recipient that is a name, not an address, and not one
// person's name in the mail here; entry is the field it is in.
type nameError struct {
	name  string
	entry *composerEntry
}

func (e nameError) Error() string {
	return i18n.T("composer.not_an_address", i18n.Args{"Name": e.name})
}

// resolveNames replaces, in e, each bare name that belongs to exactly one
// person in the mail here by that person's address.
func (c *composer) resolveNames(e *composerEntry) error {
	parts := splitAddresses(e.Text)
	changed := false
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || strings.Contains(p, "@") {
			continue
		}
		if i+1 < len(parts) && !strings.HasPrefix(strings.TrimSpace(parts[i+1]), "<") &&
			strings.Contains(parts[i+1], "<") && !strings.Contains(parts[i+1], `"`) {
			continue // "Doe, John <j@x>": the address parser explains the comma
		}
		name := strings.TrimSpace(strings.Trim(p, `"`))
		a, ok := c.contact(name)
		if !ok {
			return nameError{name, e}
		}
		parts[i], changed = a.String(), true
	}
	if changed {
		var keep []string
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				keep = append(keep, p)
			}
		}
		c.filling = true
		e.SetText(strings.Join(keep, ", "))
		c.filling = false
		c.offer(e, nil, nil)
	}
	return nil
}

// contact finds the one person a name means: the only one with exactly
// that name, or else the only one the name suggests at all.
func (c *composer) contact(name string) (message.Address, bool) {
	if c.suggest == nil || name == "" {
		return message.Address{}, false
	}
	found := c.suggest(name)
	var exact []message.Address
	for _, a := range found {
		if strings.EqualFold(strings.TrimSpace(a.Name), name) {
			exact = append(exact, a)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], true
	case len(exact) == 0 && len(found) == 1:
		return found[0], true
	}
	return message.Address{}, false
}

// splitAddresses splits a field at the commas between addresses; a comma
// inside a quoted name ("Doe, John" <j@x>) does not separate addresses.
func splitAddresses(text string) []string {
	var out []string
	for {
		done, last := splitLast(text)
		out = append([]string{last}, out...)
		if done == "" {
			return out
		}
		text = strings.TrimSuffix(strings.TrimSuffix(done, " "), ",")
	}
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
