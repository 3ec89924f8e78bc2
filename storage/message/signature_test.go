package message

import (
	"strings"
	"testing"
)

func TestSign(t *testing.T) {
	for _, c := range []struct {
		name, own, sig, original, want string
	}{
		{"new mail", "Hello Bob,\nsee you.\n", "Ann\nGarden Ltd", "", "Hello Bob,\nsee you.\n\n-- \nAnn\nGarden Ltd\n"},
		{"empty composer", "", "Ann", "", "\n\n-- \nAnn\n"},
		{"reply", "", "Ann", "On Mon, Bob wrote:\n> hi\n", "\n\n-- \nAnn\n\nOn Mon, Bob wrote:\n> hi\n"},
		{"reply written", "Yes.", "Ann", "\n\nOn Mon, Bob wrote:\n> hi\n", "Yes.\n\n-- \nAnn\n\nOn Mon, Bob wrote:\n> hi\n"},
		{"no signature", "Hello", "", "", "Hello"},
		{"no signature, reply", "", " \n", "> hi\n", "\n\n> hi\n"},
		{"separator typed in", "Hello", "-- \r\nAnn\r\n", "", "Hello\n\n-- \nAnn\n"},
		{"separator without space", "Hello", "--\nAnn", "", "Hello\n\n-- \nAnn\n"},
		{"signed already", "Hello\n\n-- \nAnn\n", "Ann", "", "Hello\n\n-- \nAnn\n"},
		{"forward of own mail", "", "Ann", "From: Ann\n\nHi\n-- \nAnn\n", "\n\n-- \nAnn\n\nFrom: Ann\n\nHi\n-- \nAnn\n"},
	} {
		if got := Sign(c.own, c.sig, c.original); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// The separator keeps its space through Compose, so readers find it.
func TestSignatureSurvivesCompose(t *testing.T) {
	d := Draft{From: Address{Email: "a@example.org"}, To: []Address{{Email: "b@example.org"}}, Subject: "s",
		Text: Sign("Hello", "Ann", "")}
	raw, _, err := Compose(d)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.ReplaceAll(Parse(raw).Text, "\r\n", "\n"); got != "Hello\n\n-- \nAnn\n" {
		t.Errorf("text %q", got)
	}
}

func TestResign(t *testing.T) {
	quote := "On Mon, Bob wrote:\n> hi\n"
	for _, c := range []struct {
		name, text, old, sig, original, want string
	}{
		{"reply", "Yes.\n\n-- \nAnn\n\n" + quote, "Ann", "Ann B.\nGarden", quote, "Yes.\n\n-- \nAnn B.\nGarden\n\n" + quote},
		{"reply, signature removed", "Yes.\n\n-- \nAnn\n\n" + quote, "Ann", "", quote, "Yes.\n\n" + quote},
		{"reply, signature added", "Yes.\n\n" + quote, "", "Ann", quote, "Yes.\n\n-- \nAnn\n\n" + quote},
		{"new mail", "Hello\n\n-- \nAnn\n", "-- \nAnn", "Bob", "", "Hello\n\n-- \nBob\n"},
		{"empty composer", "\n\n-- \nAnn\n", "Ann", "Bob", "", "\n\n-- \nBob\n"},
		{"new mail, signature added", "Hello", "", "Bob", "", "Hello\n\n-- \nBob\n"},
		{"same signature", "Hello\n\n-- \nAnn\n", "Ann", "Ann\n", "", "Hello\n\n-- \nAnn\n"},
		{"old signature edited away", "Hello\n\n-- \nAnn (mobile)\n", "Ann", "Bob", "", "Hello\n\n-- \nAnn (mobile)\n"},
	} {
		if got := Resign(c.text, c.old, c.sig, c.original); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
