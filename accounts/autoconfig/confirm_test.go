package autoconfig

import (
	"context"
	"net"
	"slices"
	"testing"
)

func TestForeignServersNeedConfirmation(t *testing.T) {
	// Hosted at a provider in Tern's list: nothing to confirm.
	dns := &fakeDNS{mx: map[string][]*net.MX{"bakery.example": {{Host: "aspmx.l.google.com.", Pref: 1}}}}
	c, err := Discover(context.Background(), "baker@bakery.example", opts(t, dns, &network{}))
	if err != nil || len(c.Confirm) != 0 {
		t.Fatalf("google-hosted: %v %v", c.Confirm, err)
	}
	// An unknown provider found through the MX record: its servers are
	// outside shop.example and nobody vouched for them.
	n := &network{}
	httpsFor(t, n, exampleXML, 0, "autoconfig.example.net")
	dns2 := &fakeDNS{mx: map[string][]*net.MX{"shop.example": {{Host: "mx1.example.net.", Pref: 1}}}}
	c, err = Discover(context.Background(), "s@shop.example", opts(t, dns2, n))
	if err != nil || !slices.Contains(c.Confirm, "imap.example.net") || !slices.Contains(c.Confirm, "smtp.example.net") {
		t.Fatalf("MX autoconfig: %v %v", c.Confirm, err)
	}
	// The domain's own settings file: nothing to confirm.
	n3 := &network{}
	httpsFor(t, n3, exampleXML, 0, "autoconfig.example.net")
	c, err = Discover(context.Background(), "jo@example.net", opts(t, &fakeDNS{}, n3))
	if err != nil || len(c.Confirm) != 0 {
		t.Fatalf("own autoconfig: %v %v", c.Confirm, err)
	}
}
