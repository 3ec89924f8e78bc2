package printout

import (
	"errors"

	"github.com/tern-mail/tern/assets/i18n"
)

// What can go wrong, for errors.Is. The errors the package returns say
// it in a sentence for people, in the language of the window.
var (
	// ErrNoFont: the computer has no font the printout can draw with.
	ErrNoFont = errors.New("printout: no usable font")
	// ErrNoPrinter: no printer was named and the system has no default.
	ErrNoPrinter = errors.New("printout: no printer")
	// ErrNoPrintSystem: the system's printing (CUPS's lp, lpr, or a
	// program that prints PDF files on Windows) is not there.
	ErrNoPrintSystem = errors.New("printout: no printing system")
	// ErrPrinterUnknown: the named printer does not exist.
	ErrPrinterUnknown = errors.New("printout: no such printer")
)

// problem is an error for people: its message is a catalog sentence,
// looked up when it is shown, so it follows the language of the window.
type problem struct {
	kind   error
	detail error
	id     string
	args   i18n.Args
}

// problemf makes a problem of kind, with the sentence id (args filling
// its placeholders) and the underlying error detail.
func problemf(kind, detail error, id string, args i18n.Args) error {
	return &problem{kind: kind, detail: detail, id: id, args: args}
}

func (p *problem) Error() string {
	s := i18n.T(p.id, p.args)
	if p.detail != nil && p.kind != ErrNoFont {
		s += " (" + p.detail.Error() + ")"
	}
	return s
}

// Is makes errors.Is(err, ErrNoPrinter) and the like work.
func (p *problem) Is(target error) bool { return target == p.kind }

// Unwrap returns the underlying error.
func (p *problem) Unwrap() error { return p.detail }
