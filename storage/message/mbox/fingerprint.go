package mbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// storeFields are the header fields mail programs add or change when
// they store a message, not part of the message as it was sent.
var storeFields = map[string]bool{
	"x-mozilla-status": true, "x-mozilla-status2": true, "x-mozilla-keys": true, "x-account-key": true,
	"x-uidl": true, "status": true, "x-status": true, "x-keywords": true, "x-uid": true, "x-imap": true,
	"x-imapbase": true, "content-length": true, "lines": true, "x-gmail-labels": true, "x-gm-thrid": true,
}

// Fingerprint names a message by its content, the same whichever
// program stored it and how: the fields of storeFields are left out,
// line breaks are taken as "\n", mbox quoting of "From " lines is undone
// and blank lines at the end are not counted. Two messages with the same
// fingerprint are the same message.
func Fingerprint(raw []byte) string {
	h := sha256.New()
	inHeader, skipping := true, false
	blanks := 0
	for start := 0; start < len(raw); {
		end := bytes.IndexByte(raw[start:], '\n')
		if end < 0 {
			end = len(raw)
		} else {
			end += start + 1
		}
		line := bytes.TrimRight(raw[start:end], "\r\n")
		start = end
		if inHeader {
			if len(line) == 0 {
				inHeader = false
			} else if line[0] == ' ' || line[0] == '\t' {
				if skipping {
					continue
				}
			} else {
				name, _, _ := bytes.Cut(line, []byte(":"))
				skipping = storeFields[strings.ToLower(string(bytes.TrimSpace(name)))] || quotedFrom(line)
				if skipping {
					continue
				}
			}
		}
		if len(line) == 0 {
			blanks++
			continue
		}
		for ; blanks > 0; blanks-- {
			h.Write([]byte{'\n'})
		}
		if quotedFrom(line) {
			line = line[1:]
		}
		h.Write(line)
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}
