package gui

import (
	"context"
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
	"github.com/tern-mail/tern/assets/i18n"
)

// Setup is what the wizard asks of the engine. It opens the sockets; the
// wizard only shows what happens.
type Setup interface {
	Discover(ctx context.Context, address string) (*autoconfig.Config, error)
	TestLogin(ctx context.Context, a accounts.Account, password string) error
	AddAccount(ctx context.Context, a accounts.Account, password string) (accounts.Account, error)
	StartDemo(ctx context.Context) (accounts.Account, error)
}

// choiceIMAP is the IMAP side of the wizard's choice, in plain words.
func choiceIMAP() string { return i18n.T("wizard.choice.imap") }

// choicePOP3 is the POP3 side.
func choicePOP3() string { return i18n.T("wizard.choice.pop3") }

// explainIMAP says what keeping mail on the server means.
func explainIMAP() string { return i18n.T("wizard.explain.imap") }

// explainPOP3 says what downloading it means.
func explainPOP3() string { return i18n.T("wizard.explain.pop3") }

// pop3Policies are what a POP3 account may do with the mail on the
// server, as the wizard and Account settings offer it, the first by
// default.
var pop3Policies = []struct {
	policy accounts.ServerPolicy
	id     string
}{
	{accounts.KeepOnServer, "pop3.policy.keep"},
	{accounts.DeleteAfterDownload, "pop3.policy.delete"},
	{accounts.DeleteAfterDays, "pop3.policy.after_days"},
}

// policyLabels are the names of pop3Policies.
func policyLabels() []string {
	var out []string
	for _, p := range pop3Policies {
		out = append(out, i18n.T(p.id))
	}
	return out
}

// policyLabel names a policy; one not offered is named as the default.
func policyLabel(policy accounts.ServerPolicy) string {
	for _, p := range pop3Policies {
		if p.policy == policy {
			return i18n.T(p.id)
		}
	}
	return i18n.T(pop3Policies[0].id)
}

// policyOf is the policy a name of policyLabels stands for.
func policyOf(label string) accounts.ServerPolicy {
	for _, p := range pop3Policies {
		if i18n.T(p.id) == label {
			return p.policy
		}
	}
	return pop3Policies[0].policy
}

// policyAfter names the policy that asks for a number of days.
func policyAfter() string { return policyLabel(accounts.DeleteAfterDays) }

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
	name, email, password *dialogEntry
	status                *widget.Label
	help                  *widget.Hyperlink
	progress              *widget.ProgressBarInfinite
	continueBtn           *dialogButton
	// Browser sign-in and app-password guidance (wizard_signin.go).
	passwordBox     *fyne.Container
	provider        string
	oauthBox        *fyne.Container
	oauthInfo       *widget.Label
	oauthBtn        *dialogButton
	cancelBtn       *dialogButton
	cancelSignIn    context.CancelFunc
	appPassword     *widget.Label
	appPasswordLink *widget.Hyperlink
	otherAddress    *dialogButton        // for an address this copy cannot add
	opener          func(*url.URL) error // nil: the system browser
	// confirmed: the user agreed to send the password to cfg.Confirm.
	confirmed bool

	// Screen 2.
	cfg        *autoconfig.Config
	choice     *widget.RadioGroup
	choiceInfo *widget.Label
	popBox     *fyne.Container
	policy     *dialogSelect
	days       *dialogEntry
	delHere    *dialogCheck
	signInBtn  *dialogButton

	// Manual settings.
	proto                            *dialogSelect
	inHost, inPort, outHost, outPort *dialogEntry
	inSec, outSec                    *dialogSelect
	user                             *dialogEntry
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
	for _, e := range []*dialogEntry{w.name, w.email, w.password} {
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
		w.name = newDialogEntry()
		w.name.SetPlaceHolder(i18n.T("wizard.name.placeholder"))
		w.email = newDialogEntry()
		w.email.SetPlaceHolder(i18n.T("wizard.email.placeholder"))
		w.password = newDialogPasswordEntry()
		w.status = wrapped("")
		w.help = widget.NewHyperlink("", nil)
		w.help.Hide()
		w.progress = widget.NewProgressBarInfinite()
		w.progress.Stop()
		w.progress.Hide()
		w.password.OnSubmitted = func(string) { w.discover() }
		w.buildSignInParts()
		for _, e := range []*dialogEntry{w.name, w.password} {
			e.OnChanged = func(string) { w.clearProblem() }
		}
		w.email.OnChanged = func(s string) {
			w.clearProblem()
			w.emailChanged(s)
		}
	}
	w.continueBtn = newIconButton(i18n.T("wizard.continue"), theme.NavigateNextIcon(), w.discover)
	w.continueBtn.Importance = widget.HighImportance
	manual := newDialogButton(i18n.T("wizard.manual.button"), func() { w.showManual(nil) })
	logo := canvas.NewImageFromResource(Icon)
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(72, 72))
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("wizard.name"), w.name),
		widget.NewFormItem(i18n.T("wizard.email"), w.email),
	)
	w.passwordBox = container.NewVBox(widget.NewForm(widget.NewFormItem(i18n.T("wizard.password"), w.password)))
	parts := []fyne.CanvasObject{
		w.greeting(logo),
		form,
		w.appPassword, w.appPasswordLink, container.NewHBox(w.otherAddress),
		w.passwordBox,
		w.oauthBox,
		w.progress, w.status, w.help,
		container.NewHBox(manual, layout.NewSpacer(), w.continueBtn),
	}
	if w.offerDemo {
		demo := newIconButton(i18n.T("wizard.demo"), theme.MailComposeIcon(), w.startDemo)
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
	title, line := "wizard.welcome.title", "wizard.welcome.text"
	if !w.offerDemo {
		title, line = "wizard.add.title", "wizard.add.text"
	}
	return container.NewHBox(logo, container.NewVBox(heading(i18n.T(title)), widget.NewLabel(i18n.T(line))))
}

// say shows a message (or a problem with its help link) under the form.
func (w *wizard) say(p problem) {
	defer w.content.Refresh()
	w.status.SetText(p.Sentence)
	if p.HelpURL != "" {
		if u, err := url.Parse(p.HelpURL); err == nil {
			w.help.SetText(i18n.T("wizard.help_link"))
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
		w.say(problem{Sentence: i18n.T("wizard.need_address")})
		return
	}
	if w.password.Text == "" {
		w.say(problem{Sentence: i18n.T("wizard.need_password")})
		return
	}
	_, domain, _ := strings.Cut(address, "@")
	w.busy(i18n.T("wizard.looking_up", i18n.Args{"Domain": domain}))
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
				w.say(explainSetup(err, nil))
			case cfg.OAuthOnly:
				w.cfg = cfg
				w.say(problem{Sentence: oauthOnly(), HelpURL: cfg.HelpURL})
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
		options = append(options, choiceIMAP())
	}
	if cfg.Has("pop3") {
		options = append(options, choicePOP3())
	}
	w.choiceInfo = wrapped("")
	w.policy = newDialogSelect(policyLabels(), nil)
	w.days = newDialogEntry()
	w.days.SetText("14")
	daysRow := container.NewBorder(nil, nil, widget.NewLabel(i18n.T("wizard.days")), nil, w.days)
	daysRow.Hide()
	daysPlace := reserved(daysRow)
	w.policy.OnChanged = func(s string) {
		if s == policyAfter() {
			w.days.Show()
			daysRow.Show()
		} else {
			daysRow.Hide()
		}
		w.content.Refresh()
	}
	w.policy.SetSelected(policyLabel(accounts.KeepOnServer))
	w.delHere = newDialogCheck(i18n.T("pop3.delete_here"), nil)
	w.popBox = container.NewVBox(widget.NewLabel(i18n.T("wizard.on_server")), w.policy, daysPlace, w.delHere)
	w.choice = widget.NewRadioGroup(options, func(s string) {
		if s == choicePOP3() {
			w.choiceInfo.SetText(explainPOP3())
			w.popBox.Show()
		} else {
			w.choiceInfo.SetText(explainIMAP())
			w.popBox.Hide()
		}
		w.content.Refresh()
	})
	w.choice.Required = true
	w.choice.SetSelected(options[0])
	title, intro := i18n.T("wizard.choice.title"), i18n.T("wizard.choice.intro")
	if len(options) == 1 {
		title, intro = i18n.T("wizard.choice.title_one"), i18n.T("wizard.choice.intro_one")
	}
	found := widget.NewLabelWithStyle(foundSentence(cfg), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	w.confirmed = false
	w.signInBtn = newIconButton(i18n.T("wizard.sign_in"), theme.ConfirmIcon(), w.signIn)
	w.signInBtn.Importance = widget.HighImportance
	back := newIconButton(i18n.T("wizard.back"), theme.NavigateBackIcon(), w.showStart)
	manual := newDialogButton(i18n.T("wizard.manual.button"), func() { w.showManual(w.fromChoice()) })
	// The explanations have their room even while hidden, so the radio
	// buttons' text does not jump; the POP3 options take room only when
	// shown, and the buttons stay where they are (showFooted).
	longest := []fyne.CanvasObject{w.choiceInfo}
	for _, text := range []string{explainIMAP(), explainPOP3()} {
		room := wrapped(text)
		room.Hide()
		longest = append(longest, room)
	}
	parts := []fyne.CanvasObject{heading(title), wrapped(intro), w.choice, reserved(longest...)}
	var room fyne.CanvasObject // the POP3 options, when they may show
	if len(options) > 1 || w.popBox.Visible() {
		parts, room = append(parts, w.popBox), w.popBox
	}
	if steps, ok := appPasswordSteps(cfg); ok {
		parts = append(parts, wrapped(i18n.T(steps.before)))
	} else if cfg.Instruction != "" {
		parts = append(parts, wrapped(i18n.T("wizard.before_sign_in", i18n.Args{"Instruction": instruction(cfg.Instruction)})))
	}
	parts = append(parts, found, w.progress, w.status, w.help)
	w.status.SetText("")
	w.help.Hide()
	w.showFooted(560, container.NewHBox(back, manual, layout.NewSpacer(), w.signInBtn), room, parts...)
}

// fromChoice builds the account screen 2 describes.
func (w *wizard) fromChoice() *accounts.Account {
	proto := "imap"
	if w.choice != nil && w.choice.Selected == choicePOP3() {
		proto = "pop3"
	}
	a, err := w.cfg.Account(strings.TrimSpace(w.name.Text), strings.TrimSpace(w.email.Text), proto)
	if err != nil {
		return nil
	}
	if a.Protocol == accounts.POP3 {
		a.POP3.Policy = policyOf(w.policy.Selected)
		if a.POP3.Policy == accounts.DeleteAfterDays {
			a.POP3.Days, _ = strconv.Atoi(strings.TrimSpace(w.days.Text))
		}
		a.POP3.DeleteOnServerWhenDeleted = w.delHere.Checked
	}
	return &a
}

func (w *wizard) signIn() {
	a := w.fromChoice()
	if a == nil {
		w.say(problem{Sentence: i18n.T("wizard.need_choice")})
		return
	}
	if !w.confirmed && len(w.cfg.Confirm) > 0 {
		// Found through the MX record or a guess, outside the address's
		// domain: ask before the password leaves.
		w.confirmed = true
		w.say(problem{Sentence: confirmSentence(w.cfg, a.Address)})
		w.signInBtn.SetText(i18n.T("wizard.yes_sign_in"))
		return
	}
	w.tryAccount(*a, w.signInBtn)
}

// tryAccount validates a, logs in for real, and saves it when that works.
func (w *wizard) tryAccount(a accounts.Account, btn *dialogButton) {
	if err := a.Validate(); err != nil {
		w.say(explainSetup(err, w.cfg))
		return
	}
	password := w.password.Text
	w.busy(i18n.T("wizard.signing_in", i18n.Args{"Host": a.Incoming.Host}))
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
				w.say(explainSetup(err, w.cfg))
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
	w.proto = newDialogSelect([]string{"IMAP", "POP3"}, nil)
	w.proto.SetSelected(strings.ToUpper(string(a.Protocol)))
	w.inHost, w.inPort = newDialogEntry(), newDialogEntry()
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
	w.inSec = newDialogSelect(secs, nil)
	w.inSec.SetSelected(secName(a.Incoming.Security))
	w.outHost, w.outPort = newDialogEntry(), newDialogEntry()
	w.outHost.SetText(a.Outgoing.Host)
	w.outPort.SetText(strconv.Itoa(a.Outgoing.Port))
	w.outSec = newDialogSelect(secs, nil)
	w.outSec.SetSelected(secName(a.Outgoing.Security))
	w.user = newDialogEntry()
	w.user.SetText(a.Incoming.Username)
	w.user.SetPlaceHolder(i18n.T("wizard.user.placeholder"))
	for _, e := range []*dialogEntry{w.outHost, w.outPort, w.user} {
		e.OnChanged = func(string) { w.clearProblem() }
	}
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("wizard.manual.receive_with"), w.proto),
		widget.NewFormItem(i18n.T("wizard.manual.incoming"), w.inHost),
		widget.NewFormItem(i18n.T("server.port"), w.inPort),
		widget.NewFormItem(i18n.T("server.security"), w.inSec),
		widget.NewFormItem(i18n.T("wizard.manual.outgoing"), w.outHost),
		widget.NewFormItem(i18n.T("server.port")+" ", w.outPort), // a space apart: two rows, not one label twice
		widget.NewFormItem(i18n.T("server.security")+" ", w.outSec),
		widget.NewFormItem(i18n.T("wizard.manual.user"), w.user),
	)
	pop := a.POP3
	var save *dialogButton
	save = newIconButton(i18n.T("wizard.sign_in"), theme.ConfirmIcon(), func() {
		m := accounts.Account{Name: strings.TrimSpace(w.name.Text), Address: strings.TrimSpace(w.email.Text),
			Protocol: accounts.Protocol(strings.ToLower(w.proto.Selected)), POP3: pop}
		port := func(e *dialogEntry) int { n, _ := strconv.Atoi(strings.TrimSpace(e.Text)); return n }
		sec := func(s *dialogSelect) accounts.Security {
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
	back := newIconButton(i18n.T("wizard.back"), theme.NavigateBackIcon(), w.showStart)
	w.status.SetText("")
	w.help.Hide()
	w.show(560, heading(i18n.T("wizard.manual.title")), wrapped(i18n.T("wizard.manual.intro")),
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
	w.busy(i18n.T("wizard.preparing_demo"))
	w.bg(func() {
		a, err := w.setup.StartDemo(context.Background())
		fyne.Do(func() {
			w.idle()
			if err != nil {
				w.say(explainSetup(err, nil))
				return
			}
			w.onDone(a)
		})
	})
}
