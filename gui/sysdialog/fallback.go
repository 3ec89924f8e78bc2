//go:build !windows && !darwin

package sysdialog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// kind is which dialog is wanted.
type kind int

const (
	openFiles kind = iota
	saveFile
	pickFolder
)

// fallback asks zenity or kdialog, whichever the desktop has (KDE's own
// first on KDE), when no portal answered.
func fallback(ctx context.Context, opt Options, k kind) ([]string, error) {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return nil, ErrUnavailable
	}
	tools := []func(Options, kind) (string, []string){zenityArgs, kdialogArgs}
	if strings.Contains(strings.ToUpper(os.Getenv("XDG_CURRENT_DESKTOP")), "KDE") {
		tools[0], tools[1] = tools[1], tools[0]
	}
	for _, tool := range tools {
		name, args := tool(opt, k)
		path, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		return runDialog(ctx, path, args)
	}
	return nil, ErrUnavailable
}

// runDialog runs a dialog program, which prints the chosen paths one a
// line and exits 1 when the person cancelled.
func runDialog(ctx context.Context, path string, args []string) ([]string, error) {
	cmd := exec.CommandContext(ctx, path, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("sysdialog: %s: %w: %s", filepath.Base(path), err, strings.TrimSpace(stderr.String()))
	}
	var paths []string
	for _, l := range strings.Split(strings.TrimRight(stdout.String(), "\n"), "\n") {
		if l != "" {
			paths = append(paths, l)
		}
	}
	return paths, nil
}

// zenityArgs is GNOME's zenity: paths one a line.
func zenityArgs(opt Options, k kind) (string, []string) {
	args := []string{"--file-selection"}
	if opt.Title != "" {
		args = append(args, "--title="+opt.Title)
	}
	start := ""
	if opt.Folder != "" {
		start = strings.TrimSuffix(opt.Folder, "/") + "/"
	}
	switch k {
	case openFiles:
		args = append(args, "--multiple", "--separator=\n")
	case saveFile:
		args = append(args, "--save", "--confirm-overwrite")
		start += opt.Name
	case pickFolder:
		args = append(args, "--directory")
	}
	if start != "" {
		args = append(args, "--filename="+start)
	}
	for _, f := range opt.Filters {
		args = append(args, "--file-filter="+f.Name+" | "+strings.Join(f.Patterns, " "))
	}
	if opt.Parent != 0 {
		args = append(args, fmt.Sprintf("--attach=%d", opt.Parent))
	}
	return "zenity", args
}

// kdialogArgs is KDE's kdialog: paths one a line.
func kdialogArgs(opt Options, k kind) (string, []string) {
	var args []string
	if opt.Title != "" {
		args = append(args, "--title", opt.Title)
	}
	if opt.Parent != 0 {
		args = append(args, "--attach", fmt.Sprintf("%d", opt.Parent))
	}
	start := opt.Folder
	if start == "" {
		start = "."
	}
	var filter []string
	for _, f := range opt.Filters {
		filter = append(filter, strings.Join(f.Patterns, " ")+"|"+f.Name)
	}
	switch k {
	case openFiles:
		args = append(args, "--getopenfilename", start)
		if len(filter) > 0 {
			args = append(args, strings.Join(filter, "\n"))
		}
		args = append(args, "--multiple", "--separate-output")
	case saveFile:
		args = append(args, "--getsavefilename", filepath.Join(start, opt.Name))
		if len(filter) > 0 {
			args = append(args, strings.Join(filter, "\n"))
		}
	case pickFolder:
		args = append(args, "--getexistingdirectory", start)
	}
	return "kdialog", args
}
