package transfer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
	"github.com/tern-mail/tern/storage/message/mbox"
)

// exportPage is how many messages an export reads from the store at a
// time: their rows, then their sources one by one.
const exportPage = 200

// ExportOptions tune an export.
type ExportOptions struct {
	// OnProgress hears how far the export is, after every page.
	OnProgress func(ExportProgress)
	// FetchBodies downloads now the sources the offline policy left on
	// the server (an IMAP account's), uids by local message id. Nil: such
	// messages are left out and counted in Missing.
	FetchBodies func(ctx context.Context, f storage.Folder, uids map[int64]uint32) error
}

// ExportProgress is how far an export is, and in the end what it did.
type ExportProgress struct {
	Folder   string // the folder being written
	Folders  int    // folders written
	Messages int    // messages written
	Missing  int    // messages whose source is not on this computer and could not be fetched
	Total    int    // messages to write
	Elapsed  time.Duration
	Left     time.Duration // an estimate; zero until one can be made
}

// ExportMbox writes each folder to an mboxrd file in a tree under dir,
// named as the folder: "Work/Projects" becomes dir/Work/Projects.mbox.
// The messages are written as they are stored, byte for byte, a page at
// a time (memory stays flat however large a folder is). A file is
// written under a temporary name and renamed when complete.
func ExportMbox(ctx context.Context, st *storage.Store, folders []storage.Folder, dir string, opts ExportOptions) (ExportProgress, error) {
	ex := newExporter(st, folders, opts)
	for _, f := range withMail(folders) {
		if err := ex.mboxFolder(ctx, f, dir); err != nil {
			return ex.done(), err
		}
	}
	return ex.done(), nil
}

// ExportEML writes each message to its own .eml file, in a folder under
// dir named as its folder, called by its date, subject and id ("2026-11-02
// Lunch (42).eml") made safe for every system's file names.
func ExportEML(ctx context.Context, st *storage.Store, folders []storage.Folder, dir string, opts ExportOptions) (ExportProgress, error) {
	ex := newExporter(st, folders, opts)
	for _, f := range withMail(folders) {
		if err := ex.emlFolder(ctx, f, dir); err != nil {
			return ex.done(), err
		}
	}
	return ex.done(), nil
}

// withMail are the folders that hold messages (by their Total, as
// Store.Folders counts it): an empty folder makes no file.
func withMail(folders []storage.Folder) []storage.Folder {
	var out []storage.Folder
	for _, f := range folders {
		if f.Total > 0 {
			out = append(out, f)
		}
	}
	return out
}

type exporter struct {
	st    *storage.Store
	opts  ExportOptions
	p     ExportProgress
	start time.Time
}

func newExporter(st *storage.Store, folders []storage.Folder, opts ExportOptions) *exporter {
	ex := &exporter{st: st, opts: opts, start: time.Now()}
	for _, f := range folders {
		ex.p.Total += f.Total
	}
	return ex
}

func (ex *exporter) done() ExportProgress {
	ex.p.Elapsed, ex.p.Left = time.Since(ex.start), 0
	return ex.p
}

// mboxFolder writes one folder's mbox file.
func (ex *exporter) mboxFolder(ctx context.Context, f storage.Folder, dir string) (err error) {
	parts := diskPath(f)
	name := filepath.Join(append([]string{dir}, parts...)...) + ".mbox"
	if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
		return fmt.Errorf("transfer: %w", err)
	}
	tmp := name + ".part"
	file, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("transfer: %w", err)
	}
	defer func() {
		if cerr := file.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("transfer: write %s: %w", name, cerr)
		}
		if err == nil {
			err = os.Rename(tmp, name)
		}
		if err != nil {
			os.Remove(tmp)
		}
	}()
	w := mbox.NewWriter(file)
	err = ex.each(ctx, f, func(r storage.ExportRow, raw []byte) error {
		return w.Write(r.FromAddr, r.Date, raw)
	})
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("transfer: write %s: %w", name, err)
	}
	return nil
}

// emlFolder writes one folder's .eml files.
func (ex *exporter) emlFolder(ctx context.Context, f storage.Folder, dir string) error {
	where := filepath.Join(append([]string{dir}, diskPath(f)...)...)
	if err := os.MkdirAll(where, 0o700); err != nil {
		return fmt.Errorf("transfer: %w", err)
	}
	return ex.each(ctx, f, func(r storage.ExportRow, raw []byte) error {
		name := filepath.Join(where, emlName(r))
		if err := os.WriteFile(name, raw, 0o600); err != nil {
			return fmt.Errorf("transfer: %w", err)
		}
		return nil
	})
}

// each calls write with every message of f whose source is here (or
// could be fetched), a page at a time.
func (ex *exporter) each(ctx context.Context, f storage.Folder, write func(storage.ExportRow, []byte) error) error {
	ex.p.Folder = f.DisplayName()
	var after int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rows, err := ex.st.ExportRows(ctx, f.ID, after, exportPage)
		if err != nil || len(rows) == 0 {
			ex.p.Folders++
			return err
		}
		after = rows[len(rows)-1].ID
		if err := ex.fetchMissing(ctx, f, rows); err != nil {
			return err
		}
		for _, r := range rows {
			raw, err := ex.st.MessageSource(ctx, r.ID)
			if errors.Is(err, storage.ErrNotFound) {
				continue // deleted meanwhile
			}
			if err != nil {
				return err
			}
			if raw == nil {
				ex.p.Missing++
				continue
			}
			if err := write(r, raw); err != nil {
				return err
			}
			ex.p.Messages++
		}
		ex.report()
	}
}

// fetchMissing fetches the sources of a page the offline policy left on
// the server.
func (ex *exporter) fetchMissing(ctx context.Context, f storage.Folder, rows []storage.ExportRow) error {
	if ex.opts.FetchBodies == nil {
		return nil
	}
	uids := map[int64]uint32{}
	for _, r := range rows {
		if !r.HasBody && r.UID != 0 {
			uids[r.ID] = r.UID
		}
	}
	if len(uids) == 0 {
		return nil
	}
	return ex.opts.FetchBodies(ctx, f, uids)
}

func (ex *exporter) report() {
	ex.p.Elapsed = time.Since(ex.start)
	ex.p.Left = 0
	if done := ex.p.Messages + ex.p.Missing; done > 0 && ex.p.Total > done {
		ex.p.Left = time.Duration(float64(ex.p.Elapsed) * float64(ex.p.Total-done) / float64(done))
	}
	if ex.opts.OnProgress != nil {
		ex.opts.OnProgress(ex.p)
	}
}

// diskPath is a folder's name as folders on disk, one safe name per
// level.
func diskPath(f storage.Folder) []string {
	name := f.DisplayName()
	var parts []string
	if f.Delimiter != "" {
		parts = strings.Split(name, f.Delimiter)
	} else {
		parts = []string{name}
	}
	out := make([]string, 0, len(parts))
	for i, p := range parts {
		out = append(out, message.SafeFilename(noSlashes.Replace(p), "", i))
	}
	return out
}

// noSlashes keeps the slashes of a name from making SafeFilename take
// only what follows them.
var noSlashes = strings.NewReplacer("/", "_", "\\", "_")

// emlName is a message's file name: its date, subject and local id.
func emlName(r storage.ExportRow) string {
	subject := strings.TrimSpace(r.Subject)
	if subject == "" {
		subject = "(no subject)"
	}
	date := "0000-00-00"
	if !r.Date.IsZero() {
		date = r.Date.Format("2006-01-02")
	}
	// The id goes before the extension, where a cut long subject cannot
	// take it: names stay unique.
	name := message.SafeFilename(noSlashes.Replace(fmt.Sprintf("%s %s.eml", date, subject)), "message/rfc822", int(r.ID))
	return strings.TrimSuffix(name, ".eml") + fmt.Sprintf(" (%d).eml", r.ID)
}
