// Package support keeps what a person can send to whoever helps them when
// mail does not work: a slog handler that the whole program logs through
// (the last events in memory, and, only when the person turned it on, a
// rotating log file in the profile), and the protocol taps that write the
// IMAP, POP3 and SMTP conversations into it.
//
// Nothing secret or private reaches the log: the taps leave out
// passwords, tokens and the arguments of LOGIN, AUTHENTICATE, AUTH, USER
// and PASS, skip message contents (IMAP literals, POP3 RETR/TOP answers,
// SMTP DATA) and mask e-mail addresses down to their domain; the handler
// masks addresses and tokens once more in every event.
//
// It does not import Fyne, so the command line can use it as the window
// does.
package support
