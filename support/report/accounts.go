package report

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/support"
)

// account is what a report tells of an account: how it connects, never
// its password, token, name or signature.
type account struct {
	ID                   string               `json:"id"`
	Address              string               `json:"address"`
	Protocol             accounts.Protocol    `json:"protocol"`
	Incoming             server               `json:"incoming"`
	Outgoing             server               `json:"outgoing"`
	POP3                 accounts.POP3Options `json:"pop3,omitempty"`
	CheckIntervalMinutes int                  `json:"checkIntervalMinutes,omitempty"`
	OfflineDays          int                  `json:"offlineDays,omitempty"`
	Demo                 bool                 `json:"demo,omitempty"`
}

// server is a server's settings; the login name is masked.
type server struct {
	Host     string              `json:"host"`
	Port     int                 `json:"port"`
	Security accounts.Security   `json:"security"`
	Auth     accounts.AuthMethod `json:"auth"`
	Username string              `json:"username"`
}

// accountsJSON is the accounts' settings, without secrets.
func accountsJSON(accts []accounts.Account) ([]byte, error) {
	out := []account{}
	for _, a := range accts {
		out = append(out, account{
			ID:                   maskID(a.ID),
			Address:              support.MaskAddresses(a.Address),
			Protocol:             a.Protocol,
			Incoming:             serverOf(a.Incoming),
			Outgoing:             serverOf(a.Outgoing),
			POP3:                 a.POP3,
			CheckIntervalMinutes: a.CheckIntervalMinutes,
			OfflineDays:          a.OfflineDays,
			Demo:                 a.Demo,
		})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("report: accounts: %w", err)
	}
	return append(b, '\n'), nil
}

func serverOf(s accounts.Server) server {
	auth := s.Auth
	if auth == "" {
		auth = "password"
	}
	return server{Host: s.Host, Port: s.Port, Security: s.Security, Auth: auth, Username: maskUser(s.Username)}
}

// maskUser keeps an address's domain, and says of another login name
// only whether there is one.
func maskUser(u string) string {
	switch {
	case u == "":
		return ""
	case strings.Contains(u, "@"):
		return support.MaskAddresses(u)
	}
	return support.Marker
}

// maskID masks an account id, which may be made from the address.
func maskID(id string) string { return support.MaskAddresses(id) }
