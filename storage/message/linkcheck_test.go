package message

import (
	"net/url"
	"testing"
)

func TestDisplayHostLookalikes(t *testing.T) {
	for in, want := range map[string]string{
		"paypal.com":             "paypal.com",
		"p\u0430ypal.com":        "xn--pypal-4ve.com", // Cyrillic а among Latin letters
		"\u0440\u0430y.com":      "xn--y-7sb1c.com",   // mixed inside one label
		"xn--pypal-4ve.com":      "xn--pypal-4ve.com", // arrives as punycode, stays so
		"\u0440\u0430\u0441.com": "xn--80a5ae.com",    // all Cyrillic, all lookalikes
		"münchen.de":             "münchen.de",        // one script: shown as written
		"пример.рф":              "пример.рф",         // Cyrillic that imitates nothing
		"xn--mnchen-3ya.de":      "münchen.de",
		"Example.ORG.":           "example.org",
	} {
		if got := DisplayHost(in); got != want {
			t.Errorf("DisplayHost(%q) = %q, want %q", in, got, want)
		}
	}
	if got := DisplayAddress("service@p\u0430ypal.com"); got != "service@xn--pypal-4ve.com" {
		t.Errorf("DisplayAddress = %q", got)
	}
}

func TestCheckLink(t *testing.T) {
	u := func(s string) *url.URL { p, _ := url.Parse(s); return p }
	cases := []struct {
		text, target   string
		differs, asks  bool
		host, textHost string
	}{
		{"https://shop.example/spring", "https://shop.example/spring", false, false, "shop.example", ""},
		{"the shop", "https://shop.example/spring", true, false, "shop.example", ""},
		{"www.paypal.com", "https://evil.example/login", true, true, "evil.example", "www.paypal.com"},
		{"Log in at https://paypal.com/signin now", "http://203.0.113.9/x", true, true, "203.0.113.9", "paypal.com"},
		{"https://www.example.org/a", "https://mail.example.org/b", true, false, "example.org", ""},
		{"report.pdf", "https://files.example.org/r", true, false, "example.org", ""},
		// A user part before the host reads as the site.
		{"https://www.paypal.com@evil.example/", "https://www.paypal.com@evil.example/", true, true, "evil.example", "www.paypal.com"},
		{"Sign in", "https://paypal.com:pw@login.evil.example/", true, true, "evil.example", "paypal.com"},
		// A subdomain that reads as another site, or hides the real one.
		{"https://paypal.com.secure-login.evil.example/", "https://paypal.com.secure-login.evil.example/", true, true, "evil.example", "paypal.com"},
		{"Your bank", "https://www.mybank.co.uk.verify.evil.example/x", true, true, "evil.example", "mybank.co.uk"},
		{"x", "https://account-verification-secure-login-update.service.evil.example/", true, true, "evil.example",
			"account-verification-secure-login-update.service"},
		{"https://mail.app.eu.example.com/", "https://mail.app.eu.example.com/", false, false, "example.com", ""},
		{"https://www.example.co.uk/", "https://www.example.co.uk/", false, false, "example.co.uk", ""},
		{"http://192.0.2.1/", "http://192.0.2.1/", false, false, "192.0.2.1", ""},
		{"paypal.com", "https://p\u0430ypal.com/", true, true, "xn--pypal-4ve.com", "paypal.com"},
	}
	for _, c := range cases {
		got := CheckLink(c.text, u(c.target))
		if got.Differs != c.differs || got.Deceptive != c.asks || got.Host != c.host || got.TextHost != c.textHost {
			t.Errorf("CheckLink(%q, %q) = %+v", c.text, c.target, got)
		}
	}
}

func FuzzCheckLink(f *testing.F) {
	f.Add("www.paypal.com", "https://p\u0430ypal.com/x")
	f.Add("click here", "https://example.org")
	f.Add("PayPal <service@paypal.com>", "mailto:a@b.example")
	f.Fuzz(func(t *testing.T, text, target string) {
		u, err := url.Parse(target)
		if err != nil {
			return
		}
		var c LinkCheck
		withinBudget(t, "CheckLink", text, func() { c = CheckLink(text, u) })
		if c.Deceptive && !c.Differs {
			t.Fatalf("deceptive but not differing: %+v", c)
		}
	})
}
