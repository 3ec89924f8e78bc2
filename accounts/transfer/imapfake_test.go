package transfer

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tern-mail/tern/accounts/imap"
	"github.com/tern-mail/tern/storage/message/mbox"
)

// refusingServer stands in for a server that refuses messages whose
// subject says so, and whose connection breaks at a message whose
// subject says that: the failures no real server can be made to show on
// demand.
type refusingServer struct {
	stored map[string][]string // folder: subjects
}

func (s *refusingServer) Layout(context.Context) (imap.Layout, error) {
	return imap.Layout{Delim: "/", Roles: map[string]string{}, Names: map[string]bool{"INBOX": true}}, nil
}

func (s *refusingServer) CreateFolder(string) error { return nil }

func (s *refusingServer) FindByHeader(string, string, []string) ([]uint32, error) { return nil, nil }

func (s *refusingServer) FetchSources(string, []uint32) (map[uint32][]byte, error) { return nil, nil }

func (s *refusingServer) Append(_ context.Context, folder string, msgs []imap.Upload) ([]imap.Uploaded, error) {
	var out []imap.Uploaded
	for _, m := range msgs {
		subject := mbox.HeaderOf(m.Raw).Get("Subject")
		switch {
		case strings.HasPrefix(subject, "break"):
			return out, errors.New("connection reset")
		case strings.HasPrefix(subject, "refuse"):
			out = append(out, imap.Uploaded{Err: errors.New("NO [LIMIT] too many recipients")})
		default:
			s.stored[folder] = append(s.stored[folder], subject)
			out = append(out, imap.Uploaded{UID: uint32(len(s.stored[folder]))})
		}
	}
	return out, nil
}

func TestRefusedMessagesAndABrokenConnectionAreCounted(t *testing.T) {
	file := filepath.Join(t.TempDir(), "box")
	write(t, file, mboxOf(msg(1, "ok one"), msg(2, "refuse me"), msg(3, "ok two"), msg(4, "break here"), msg(5, "never")))
	boxes, _, err := Scan([]string{file})
	if err != nil {
		t.Fatal(err)
	}
	srv := &refusingServer{stored: map[string][]string{}}
	target, err := IMAPTarget(context.Background(), srv)
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	p, err := Import(context.Background(), target, boxes, Options{Folder: "INBOX", OnProblem: func(pr Problem) {
		problems = append(problems, pr.Subject+": "+pr.Err.Error())
	}})
	if err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("err %v", err)
	}
	if p.Imported != 2 || p.Refused != 1 {
		t.Errorf("progress: %+v", p)
	}
	if strings.Join(srv.stored["INBOX"], "|") != "ok one|ok two" {
		t.Errorf("stored: %q", srv.stored)
	}
	if len(problems) != 1 || problems[0] != "refuse me: NO [LIMIT] too many recipients" {
		t.Errorf("problems: %q", problems)
	}
}
