package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/gui/printout"
	"github.com/tern-mail/tern/storage"
)

// print prints a stored message through the system's printing, or with
// --pdf writes its printout to a PDF file.
func (e *env) print(ctx context.Context, args []string) error {
	fs := e.flags("print")
	printer := fs.String("printer", "", i18n.T("cli.flag.print.printer"))
	pdfPath := fs.String("pdf", "", i18n.T("cli.flag.print.pdf"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: print takes one message id", errUsage)
	}
	if *printer != "" && *pdfPath != "" {
		return fmt.Errorf("%w: print takes --printer or --pdf, not both", errUsage)
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %q is not a message id (the first column of tern list)", errUsage, pos[0])
	}
	pdf, err := e.printout(ctx, id)
	if err != nil {
		return err
	}
	if *pdfPath != "" {
		if err := os.WriteFile(*pdfPath, pdf, 0o600); err != nil {
			return fmt.Errorf("print: %w", err)
		}
		fmt.Fprintln(e.io.out, i18n.T("print.cli.wrote", i18n.Args{"File": *pdfPath}))
		return nil
	}
	return e.sendToPrinter(ctx, pdf, *printer)
}

// printout is the PDF of stored message id, its body fetched first when
// the offline policy left it on the server.
func (e *env) printout(ctx context.Context, id int64) ([]byte, error) {
	m, err := e.store.Message(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, fmt.Errorf("no message with id %d", id)
	}
	if err != nil {
		return nil, err
	}
	m, p, _, err := e.withBody(ctx, m)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := printout.PDF(ctx, &buf, printout.FromStored(m, p), printout.Options{}); err != nil {
		return nil, fmt.Errorf("print: %w", err)
	}
	return buf.Bytes(), nil
}

// sendToPrinter hands pdf to the system's printing through a file in a
// folder of its own, removed once the system has its copy (on Windows
// the printing program reads it later: it stays in the temporary
// folder).
func (e *env) sendToPrinter(ctx context.Context, pdf []byte, printer string) error {
	dir, err := os.MkdirTemp("", "tern-print-")
	if err != nil {
		return fmt.Errorf("print: %w", err)
	}
	if printout.RemovableAfterPrint {
		defer os.RemoveAll(dir)
	}
	file := filepath.Join(dir, "message.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		return fmt.Errorf("print: %w", err)
	}
	if err := printout.Print(ctx, file, printer); err != nil {
		return err
	}
	fmt.Fprintln(e.io.out, i18n.T("print.cli.sent"))
	return nil
}
