package gui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/accounts/transfer"
	"github.com/tern-mail/tern/gui/sysdialog"
)

func TestExportWindowWritesMboxFilesIntoTheFolderChosen(t *testing.T) {
	w, _, _ := windowWithMail(t)
	dir := t.TempDir()
	var asked sysdialog.Options
	old := systemFiles.folder
	systemFiles.folder = func(_ context.Context, o sysdialog.Options) (string, error) { asked = o; return dir, nil }
	t.Cleanup(func() { systemFiles.folder = old })
	ew := w.showExport()
	var got transfer.ExportProgress
	ew.finished = func(p transfer.ExportProgress, err error) {
		if err != nil {
			t.Errorf("export: %v", err)
		}
		got = p
	}
	test.Tap(findButton(t, ew.win.Content(), "Choose a folder and export…"))
	if asked.Title != "Choose where to put the exported mail" || got.Messages != 3 {
		t.Fatalf("asked %+v, exported %+v", asked, got)
	}
	if s := ew.status.Text; s != "Exported 3 messages from 1 folder to "+dir+"." {
		t.Fatalf("summary %q", s)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			files = append(files, filepath.Base(p)+":"+string(rune('0'+strings.Count(string(b), "\nFrom ")+1)))
		}
		return nil
	})
	if strings.Join(files, " ") != "INBOX.mbox:3" {
		t.Fatalf("files %v", files)
	}
}

func TestExportWindowWritesEMLFilesWhenAsked(t *testing.T) {
	w, _, _ := windowWithMail(t)
	dir := t.TempDir()
	old := systemFiles.folder
	systemFiles.folder = func(context.Context, sysdialog.Options) (string, error) { return dir, nil }
	t.Cleanup(func() { systemFiles.folder = old })
	ew := w.showExport()
	ew.format.SetSelected("One .eml file per message")
	test.Tap(findButton(t, ew.win.Content(), "Choose a folder and export…"))
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".eml") {
			n++
		}
		return nil
	})
	if n != 3 {
		t.Fatalf("%d .eml files, want 3", n)
	}
}
