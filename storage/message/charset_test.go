package message

import (
	"strings"
	"testing"
)

func TestWordDecoderReadsWhatParseReads(t *testing.T) {
	dec := WordDecoder()
	for in, want := range map[string]string{
		"=?koi8-r?B?8NLJ18XU?=":                       "Привет",
		"=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=":  "こんにちは",
		"=?windows-1251?Q?=CF=F0=E8=E2=E5=F2?= world": "Привет world",
		"=?shift_jis?B?g2WDWINn?=":                    "テスト",
		"=?utf-8?q?caf=C3=A9?=":                       "café",
		"=?iso-8859-1?q?caf=E9?=":                     "café",
		"plain = text":                                "plain = text",
	} {
		got, err := dec.DecodeHeader(in)
		if err != nil || got != want {
			t.Errorf("DecodeHeader(%q) = %q, %v; want %q", in, got, err, want)
		}
		// The same text in a message's header, as Parse reads it.
		p := Parse([]byte("Subject: " + in + "\r\nFrom: a@example.org\r\n\r\nbody\r\n"))
		if p.Subject != want {
			t.Errorf("Parse reads %q as %q, the envelope as %q", in, p.Subject, got)
		}
	}
	if _, err := dec.DecodeHeader("=?x-no-such-charset?B?YWJj?="); err == nil {
		t.Error("unknown charset decoded without error")
	}
	if _, err := CharsetReader("bad?name", strings.NewReader("x")); err == nil {
		t.Error("bad charset name accepted")
	}
}
