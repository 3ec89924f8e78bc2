package gui

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/autoconfig"
)

// Setup is what the wizard asks of the engine. It opens the sockets; the
// wizard only shows what happens.
type Setup interface {
	Discover(ctx context.Context, address string) (*autoconfig.Config, error)
	TestLogin(ctx context.Context, a accounts.Account, password string) error
	AddAccount(ctx context.Context, a accounts.Account, password string) (accounts.Account, error)
	StartDemo(ctx context.Context) (accounts.Account, error)
}

// The wording of the IMAP/POP3 choice.
const (
	choiceIMAP = "Keep my mail on the server (IMAP)"
	choicePOP3 = "Download my mail to this computer (POP3)"

	explainIMAP = "Your mail stays on the server, so your phone, webmail and this computer all show the same mail and folders. Tern keeps a copy here so you can read it offline. Best if you also read mail on a phone."
	explainPOP3 = "Tern downloads your mail to this computer and organises it here. It works offline and on one computer; your other devices will not see what you do here."

	policyKeep  = "Keep a copy on the server"
	policyDel   = "Delete it from the server once downloaded"
	policyAfter = "Delete it from the server after some days"
)

// wizard walks a person from an address and a password to a working
// account.
type wizard struct {
	setup     Setup
	bg        func(func())
	onDone    func(accounts.Account)
	offerDemo bool

	content *fyne.Container // what the window shows
	canvas  fyne.Canvas     // where it shows, once attached

	// Screen 1.
	name, email, password *widget.Entry
	status                *widget.Label
	help                  *widget.Hyperlink
	progress              *widget.ProgressBarInfinite
	continueBtn           *widget.Button
	// Browser sign-in and app-password guidance (wizard_signin.go).
	passwordBox     *fyne.Container
	provider        string
	oauthBox        *fyne.Container
	oauthInfo       *widget.Label
	oauthBtn        *widget.Button
	cancelBtn       *widget.Button
	cancelSignIn    context.CancelFunc
	appPassword     *widget.Label
	appPasswordLink *widget.Hyperlink
	opener          func(*url.URL) error // nil: the system browser
	// confirmed: the user agreed to send the password to cfg.Confirm.
	confirmed bool

	// Screen 2.
	cfg        *autoconfig.Config
	choice     *widget.RadioGroup
	choiceInfo *widget.Label
	popBox     *fyne.Container
	policy     *widget.Select
	days       *widget.Entry
	delHere    *widget.Check
	signInBtn  *widget.Button

	// Manual settings.
	proto                            *widget.Select
	inHost, inPort, outHost, outPort *widget.Entry
	inSec, outSec                    *widget.Select
	user                             *widget.Entry
	// Which manual fields the user typed in: those keep their text when
	// the protocol changes.
	inHostEdited, inPortEdited bool
	autoFilling                bool
}

// newWizard builds the wizard; offerDemo shows the demo button (first start).
func newWizard(s Setup, bg func(func()), offerDemo bool, onDone func(accounts.Account)) *wizard {
	w := &wizard{setup: s, bg: bg, onDone: onDone, offerDemo: offerDemo, content: container.NewStack()}
	w.showStart()
	return w
}

func (w *wizard) widget() fyne.CanvasObject { return w.content }

// attach tells the wizard the canvas it is shown on and, when it is
// what the window shows (no account yet), puts the cursor in the first
// field.
func (w *wizard) attach(c fyne.Canvas, shown bool) {
	w.canvas = c
	if shown {
		w.focusFirst()
	}
}

// focusFirst puts the cursor in the screen's first empty field.
func (w *wizard) focusFirst() {
	if w.canvas == nil || w.name == nil {
		return
	}
	for _, e := range []*widget.Entry{w.name, w.email, w.password} {
		if e.Text == "" {
			w.canvas.Focus(e)
			return
		}
	}
	w.canvas.Focus(w.name)
}

// clearProblem takes back what went wrong once the user changes what
// caused it.
func (w *wizard) clearProblem() {
	if w.progress != nil && w.progress.Visible() {
		return // busy: the status says what is going on
	}
	if w.status != nil && w.status.Text != "" {
		w.say(problem{})
	}
}

// show puts a screen's parts in a centred column of fixed width.
func (w *wizard) show(width float32, parts ...fyne.CanvasObject) {
	col := container.New(columnLayout{width: width}, parts...)
	w.content.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewCenter(container.NewPadded(col)))}
	w.content.Refresh()
}

func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameHeadingText
	return l
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// showStart is screen 1: who you are.
func (w *wizard) showStart() {
	if w.email == nil {
		w.name = widget.NewEntry()
		w.name.SetPlaceHolder("Ada Lovelace")
		w.email = widget.NewEntry()
		w.email.SetPlaceHolder("you@example.com")
		w.password = widget.NewPasswordEntry()
		w.status = wrapped("")
		w.help = widget.NewHyperlink("", nil)
		w.help.Hide()
		w.progress = widget.NewProgressBarInfinite()
		w.progress.Stop()
		w.progress.Hide()
		w.password.OnSubmitted = func(string) { w.discover() }
		w.buildSignInParts()
		for _, e := range []*widget.Entry{w.name, w.password} {
			e.OnChanged = func(string) { w.clearProblem() }
		}
		w.email.OnChanged = func(s string) {
			w.clearProblem()
			w.emailChanged(s)
		}
	}
	w.continueBtn = widget.NewButtonWithIcon("Continue", theme.NavigateNextIcon(), w.discover)
	w.continueBtn.Importance = widget.HighImportance
	manual := widget.NewButton("Edit settings manually", func() { w.showManual(nil) })
	logo := canvas.NewImageFromResource(Icon)
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(72, 72))
	form := widget.NewForm(
		widget.NewFormItem("Your name", w.name),
		widget.NewFormItem("Email address", w.email),
	)
	w.passwordBox = container.NewVBox(widget.NewForm(widget.NewFormItem("Password", w.password)))
	parts := []fyne.CanvasObject{
		w.greeting(logo),
		form,
		w.appPassword, w.appPasswordLink,
		w.passwordBox,
		w.oauthBox,
		w.progress, w.status, w.help,
		container.NewHBox(manual, layout.NewSpacer(), w.continueBtn),
	}
	if w.offerDemo {
		demo := widget.NewButtonWithIcon("Try Tern with a demo mailbox", theme.MailComposeIcon(), w.startDemo)
		demo.Importance = widget.LowImportance
		parts = append(parts, widget.NewSeparator(), container.NewCenter(demo))
	}
	w.show(520, parts...)
	w.emailChanged(w.email.Text)
	w.focusFirst()
}

// greeting welcomes a first start, or heads the window that adds one
// more account.
func (w *wizard) greeting(logo fyne.CanvasObject) fyne.CanvasObject {
	title, line := "Welcome to Tern", "No accounts yet: add your email account to start."
	if !w.offerDemo {
		title, line = "Add an account", "Type the address and password of the account to add."
	}
	return container.NewHBox(logo, container.NewVBox(heading(title), widget.NewLabel(line)))
}

// say shows a message (or a problem with its help link) under the form.
func (w *wizard) say(p problem) {
	defer w.content.Refresh()
	w.status.SetText(p.Sentence)
	if p.HelpURL != "" {
		if u, err := url.Parse(p.HelpURL); err == nil {
			w.help.SetText("How to do this with your provider")
			w.help.SetURL(u)
			w.help.Show()
			return
		}
	}
	w.help.Hide()
}

func (w *wizard) busy(text string) {
	w.status.SetText(text)
	w.help.Hide()
	w.progress.Show()
	w.progress.Start()
}

func (w *wizard) idle() {
	w.progress.Stop()
	w.progress.Hide()
}

// discover runs discovery off the UI goroutine.
func (w *wizard) discover() {
	address := strings.TrimSpace(w.email.Text)
	if !strings.Contains(address, "@") || strings.HasPrefix(address, "@") || strings.HasSuffix(address, "@") {
		w.say(problem{Sentence: "Please type your whole email address, like you@example.com."})
		return
	}
	if w.password.Text == "" {
		w.say(problem{Sentence: "Please type your password."})
		return
	}
	_, domain, _ := strings.Cut(address, "@")
	w.busy(fmt.Sprintf("Looking up the settings for %s…", domain))
	w.continueBtn.Disable()
	w.bg(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		cfg, err := w.setup.Discover(ctx, address)
		fyne.Do(func() {
			w.idle()
			w.continueBtn.Enable()
			switch {
			case err != nil:
				w.say(explain(err, nil))
			case cfg.OAuthOnly:
				w.cfg = cfg
				w.say(problem{oauthOnly, cfg.HelpURL})
			default:
				w.cfg = cfg
				w.showChoice()
			}
		})
	})
}

// showChoice is screen 2: IMAP or POP3, in plain words.
func (w *wizard) showChoice() {
	cfg := w.cfg
	var options []string
	if cfg.Has("imap") {
		options = append(options, choiceIMAP)
	}
	if cfg.Has("pop3") {
		options = append(options, choicePOP3)
	}
	w.choiceInfo = wrapped("")
	w.policy = widget.NewSelect([]string{policyKeep, policyDel, policyAfter}, nil)
	w.days = widget.NewEntry()
	w.days.SetText("14")
	daysRow := container.NewBorder(nil, nil, widget.NewLabel("Days:"), nil, w.days)
	daysRow.Hide()
	daysPlace := reserved(daysRow)
	w.policy.OnChanged = func(s string) {
		if s == policyAfter {
			w.days.Show()
			daysRow.Show()
		} else {
			daysRow.Hide()
		}
		w.content.Refresh()
	}
	w.policy.SetSelected(policyKeep)
	w.delHere = widget.NewCheck("When I delete a message here, delete it on the server too", nil)
	w.popBox = container.NewVBox(widget.NewLabel("On the server:"), w.policy, daysPlace, w.delHere)
	w.choice = widget.NewRadioGroup(options, func(s string) {
		if s == choicePOP3 {
			w.choiceInfo.SetText(explainPOP3)
			w.popBox.Show()
		} else {
			w.choiceInfo.SetText(explainIMAP)
			w.popBox.Hide()
		}
		w.content.Refresh()
	})
	w.choice.Required = true
	w.choice.SetSelected(options[0])
	title := "How should Tern get your mail?"
	intro := "Your provider offers two ways. If you also read mail on a phone, keep it on the server."
	if len(options) == 1 {
		title = "Ready to sign in"
		intro = "Your provider offers one way to get your mail:"
	}
	found := widget.NewLabelWithStyle("Settings found in "+cfg.Source+".", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	w.confirmed = false
	w.signInBtn = widget.NewButtonWithIcon("Sign in", theme.ConfirmIcon(), w.signIn)
	w.signInBtn.Importance = widget.HighImportance
	back := widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), w.showStart)
	manual := widget.NewButton("Edit settings manually", func() { w.showManual(w.fromChoice()) })
	// The POP3 options have their room even while hidden, so the buttons
	// stay where they are whichever way is picked.
	longest := []fyne.CanvasObject{w.choiceInfo}
	for _, text := range []string{explainIMAP, explainPOP3} {
		room := wrapped(text)
		room.Hide()
		longest = append(longest, room)
	}
	parts := []fyne.CanvasObject{heading(title), wrapped(intro), w.choice, reserved(longest...)}
	if len(options) > 1 || w.popBox.Visible() {
		parts = append(parts, reserved(w.popBox))
	}
	if cfg.Instruction != "" {
		parts = append(parts, wrapped("Before you sign in: "+cfg.Instruction))
	}
	parts = append(parts, found, w.progress, w.status, w.help, container.NewHBox(back, manual, layout.NewSpacer(), w.signInBtn))
	w.status.SetText("")
	w.help.Hide()
	w.show(560, parts...)
}

// fromChoice builds the account screen 2 describes.
func (w *wizard) fromChoice() *accounts.Account {
	proto := "imap"
	if w.choice != nil && w.choice.Selected == choicePOP3 {
		proto = "pop3"
	}
	a, err := w.cfg.Account(strings.TrimSpace(w.name.Text), strings.TrimSpace(w.email.Text), proto)
	if err != nil {
		return nil
	}
	if a.Protocol == accounts.POP3 {
		switch w.policy.Selected {
		case policyDel:
			a.POP3.Policy = accounts.DeleteAfterDownload
		case policyAfter:
			a.POP3.Policy = accounts.DeleteAfterDays
			a.POP3.Days, _ = strconv.Atoi(strings.TrimSpace(w.days.Text))
		default:
			a.POP3.Policy = accounts.KeepOnServer
		}
		a.POP3.DeleteOnServerWhenDeleted = w.delHere.Checked
	}
	return &a
}

func (w *wizard) signIn() {
	a := w.fromChoice()
	if a == nil {
		w.say(problem{Sentence: "Please choose how Tern should get your mail."})
		return
	}
	if !w.confirmed && len(w.cfg.Confirm) > 0 {
		// Found through the MX record or a guess, outside the address's
		// domain: ask before the password leaves.
		w.confirmed = true
		w.say(problem{Sentence: confirmSentence(w.cfg, a.Address)})
		w.signInBtn.SetText("Yes, sign in")
		return
	}
	w.tryAccount(*a, w.signInBtn)
}

// confirmSentence asks before a password goes to servers nobody vouched
// for.
func confirmSentence(cfg *autoconfig.Config, address string) string {
	_, domain, _ := strings.Cut(address, "@")
	return fmt.Sprintf("These settings were found through %s, and point at %s, which is not part of %s. Send your password to %s?",
		cfg.Source, strings.Join(cfg.Confirm, " and "), domain, cfg.Confirm[0])
}

// tryAccount validates a, logs in for real, and saves it when that works.
func (w *wizard) tryAccount(a accounts.Account, btn *widget.Button) {
	if err := a.Validate(); err != nil {
		w.say(explain(err, w.cfg))
		return
	}
	password := w.password.Text
	w.busy("Signing in to " + a.Incoming.Host + "…")
	btn.Disable()
	w.bg(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
		defer cancel()
		err := w.setup.TestLogin(ctx, a, password)
		var saved accounts.Account
		if err == nil {
			saved, err = w.setup.AddAccount(ctx, a, password)
		}
		fyne.Do(func() {
			w.idle()
			btn.Enable()
			if err != nil {
				w.say(explain(err, w.cfg))
				return
			}
			w.status.SetText("")
			w.onDone(saved)
		})
	})
}

// showManual is the settings form, prefilled from a when given.
func (w *wizard) showManual(a *accounts.Account) {
	if a == nil {
		a = &accounts.Account{Protocol: accounts.IMAP, Name: w.name.Text, Address: w.email.Text,
			Incoming: accounts.Server{Port: 993, Security: accounts.TLS}, Outgoing: accounts.Server{Port: 465, Security: accounts.TLS}}
		if _, domain, ok := strings.Cut(strings.TrimSpace(w.email.Text), "@"); ok && domain != "" {
			a.Incoming.Host, a.Outgoing.Host = "imap."+domain, "smtp."+domain
		}
	}
	secs := []string{"SSL/TLS", "STARTTLS"}
	secName := func(s accounts.Security) string {
		if s == accounts.STARTTLS {
			return "STARTTLS"
		}
		return "SSL/TLS"
	}
	w.proto = widget.NewSelect([]string{"IMAP", "POP3"}, nil)
	w.proto.SetSelected(strings.ToUpper(string(a.Protocol)))
	w.inHost, w.inPort = widget.NewEntry(), widget.NewEntry()
	w.inHostEdited, w.inPortEdited = false, false
	w.autoFilling = true
	w.inHost.SetText(a.Incoming.Host)
	w.inPort.SetText(strconv.Itoa(a.Incoming.Port))
	w.autoFilling = false
	w.inHost.OnChanged = func(string) {
		w.inHostEdited = w.inHostEdited || !w.autoFilling
		w.clearProblem()
	}
	w.inPort.OnChanged = func(string) {
		w.inPortEdited = w.inPortEdited || !w.autoFilling
		w.clearProblem()
	}
	w.proto.OnChanged = w.protocolChanged
	w.inSec = widget.NewSelect(secs, nil)
	w.inSec.SetSelected(secName(a.Incoming.Security))
	w.outHost, w.outPort = widget.NewEntry(), widget.NewEntry()
	w.outHost.SetText(a.Outgoing.Host)
	w.outPort.SetText(strconv.Itoa(a.Outgoing.Port))
	w.outSec = widget.NewSelect(secs, nil)
	w.outSec.SetSelected(secName(a.Outgoing.Security))
	w.user = widget.NewEntry()
	w.user.SetText(a.Incoming.Username)
	w.user.SetPlaceHolder("the email address")
	for _, e := range []*widget.Entry{w.outHost, w.outPort, w.user} {
		e.OnChanged = func(string) { w.clearProblem() }
	}
	form := widget.NewForm(
		widget.NewFormItem("Receive with", w.proto),
		widget.NewFormItem("Incoming server", w.inHost),
		widget.NewFormItem("Port", w.inPort),
		widget.NewFormItem("Security", w.inSec),
		widget.NewFormItem("Outgoing server", w.outHost),
		widget.NewFormItem("Port ", w.outPort),
		widget.NewFormItem("Security ", w.outSec),
		widget.NewFormItem("User name", w.user),
	)
	pop := a.POP3
	var save *widget.Button
	save = widget.NewButtonWithIcon("Sign in", theme.ConfirmIcon(), func() {
		m := accounts.Account{Name: strings.TrimSpace(w.name.Text), Address: strings.TrimSpace(w.email.Text),
			Protocol: accounts.Protocol(strings.ToLower(w.proto.Selected)), POP3: pop}
		port := func(e *widget.Entry) int { n, _ := strconv.Atoi(strings.TrimSpace(e.Text)); return n }
		sec := func(s *widget.Select) accounts.Security {
			if s.Selected == "STARTTLS" {
				return accounts.STARTTLS
			}
			return accounts.TLS
		}
		m.Incoming = accounts.Server{Host: strings.TrimSpace(w.inHost.Text), Port: port(w.inPort), Security: sec(w.inSec), Username: strings.TrimSpace(w.user.Text)}
		if h := strings.TrimSpace(w.outHost.Text); h != "" {
			m.Outgoing = accounts.Server{Host: h, Port: port(w.outPort), Security: sec(w.outSec), Username: strings.TrimSpace(w.user.Text)}
		}
		w.tryAccount(m, save)
	})
	save.Importance = widget.HighImportance
	back := widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), w.showStart)
	w.status.SetText("")
	w.help.Hide()
	w.show(560, heading("Server settings"), wrapped("Your provider's help pages list these. Tern only connects with encryption."),
		form, w.progress, w.status, w.help, container.NewHBox(back, layout.NewSpacer(), save))
	if w.canvas != nil {
		w.canvas.Focus(w.inHost)
	}
}

// The usual ports (RFC 8314 section 7 for TLS; RFC 3501 and RFC 1939 for
// STARTTLS), IMAP's and the POP3 one matching it.
var popPortFor = map[string]string{"993": "995", "143": "110"}

// protocolChanged follows a switch between IMAP and POP3 in the manual
// settings: the server name and port the wizard filled in change with
// it (imap.… and 993 become pop.… and 995, and back), unless the user
// typed them.
func (w *wizard) protocolChanged(p string) {
	w.autoFilling = true
	defer func() { w.autoFilling = false }()
	from, to := "imap.", "pop."
	if p == "IMAP" {
		from, to = to, from
	}
	if host := strings.TrimSpace(w.inHost.Text); !w.inHostEdited && strings.HasPrefix(host, from) {
		w.inHost.SetText(to + strings.TrimPrefix(host, from))
	}
	if !w.inPortEdited {
		port := strings.TrimSpace(w.inPort.Text)
		for imapPort, popPort := range popPortFor {
			switch {
			case p == "POP3" && port == imapPort:
				w.inPort.SetText(popPort)
			case p == "IMAP" && port == popPort:
				w.inPort.SetText(imapPort)
			}
		}
	}
	w.clearProblem()
}

// startDemo sets up the demo mailbox.
func (w *wizard) startDemo() {
	w.busy("Preparing the demo mailbox…")
	w.bg(func() {
		a, err := w.setup.StartDemo(context.Background())
		fyne.Do(func() {
			w.idle()
			if err != nil {
				w.say(explain(err, nil))
				return
			}
			w.onDone(a)
		})
	})
}
