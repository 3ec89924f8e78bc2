//go:build windows

package gui

import "os"

// zoneInternet is the Mark of the Web: zone 3 is the Internet zone, which
// makes Windows warn before running the file and Office open it in
// Protected View.
const zoneInternet = "[ZoneTransfer]\r\nZoneId=3\r\n"

// markFromInternet writes the file's Zone.Identifier alternate data
// stream.
func markFromInternet(path string) error {
	return os.WriteFile(path+":Zone.Identifier", []byte(zoneInternet), 0o600)
}
