//go:build windows

package defaultapp

import (
	"context"
	"fmt"

	"golang.org/x/sys/windows"
)

// How is SettingsPage: Windows 10 and 11 let the person choose the mail
// app only in Settings.
func How() Way { return SettingsPage }

// IsDefault cannot tell on Windows: it reports false.
func IsDefault(ctx context.Context) (bool, error) { return false, nil }

// Make opens the Default apps page of Settings (ms-settings:defaultapps),
// where the person picks Tern for email.
func Make(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	verb, err := windows.UTF16PtrFromString("open")
	if err != nil {
		return err
	}
	page, err := windows.UTF16PtrFromString("ms-settings:defaultapps")
	if err != nil {
		return err
	}
	if err := windows.ShellExecute(0, verb, page, nil, nil, windows.SW_SHOWNORMAL); err != nil {
		return fmt.Errorf("defaultapp: open ms-settings:defaultapps: %w", err)
	}
	return nil
}
