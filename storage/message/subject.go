package message

import (
	"regexp"
	"strings"
)

// replyPrefix matches the reply and forward markers mailers put in front
// of subjects, in several languages, repeated or numbered ("Re[2]:").
var replyPrefix = regexp.MustCompile(`(?i)^\s*((re|aw|sv|vs|antw|ref|fw|fwd|wg|tr|rv|enc)(\[\d+\])?\s*:\s*)+`)

// BaseSubject strips reply and forward markers from a subject.
func BaseSubject(s string) string { return strings.TrimSpace(replyPrefix.ReplaceAllString(s, "")) }

// ReplySubject is "Re: " and the subject without markers stacked up
// (RFC 5322 section 3.6.5).
func ReplySubject(s string) string { return "Re: " + BaseSubject(s) }

// ForwardSubject is "Fwd: " and the subject without markers stacked up.
func ForwardSubject(s string) string { return "Fwd: " + BaseSubject(s) }
