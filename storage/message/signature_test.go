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
