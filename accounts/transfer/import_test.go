package transfer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestImportsGoogleTakeoutLabelsAsFolders(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "All mail Including Spam and Trash.mbox")
	takeout := func(n int, subject, labels string) string {
		return msg(n, subject, "X-GM-THRID: 17"+strings.Repeat("0", n), "X-Gmail-Labels: "+labels)
	}
	var b strings.Builder
	for _, m := range []string{
		takeout(1, "in the inbox", "Inbox,Opened,Category Updates"),
		takeout(2, "two labels", "Inbox,\"Work, old\",Starred,Unread"),
		takeout(3, "archived", "Opened,Important"),
		takeout(4, "sent", "Sent,Opened"),
		takeout(5, "nested", "=?UTF-8?Q?Reisen/M=C3=BCnchen?=,Opened"),
		takeout(6, "spam", "Spam,Unread"),
	} {
		// Takeout's From_ lines carry an id and a date with its zone.
		b.WriteString("From 1781234567890123456@xxx Mon Nov 02 10:00:00 +0000 2026\n" + m + "\n")
	}
	write(t, file, b.String())
	st := newStore(t)
	p := importPaths(t, st, "acct", Options{}, file)
	if p.Imported != 7 || p.Duplicates != 0 {
		t.Errorf("import: %+v", p)
	}
	want := "Archive: archived[read]\n" +
		"INBOX: in the inbox[read] two labels[unread,flagged]\n" +
		"Junk: spam[unread]\n" +
		"Reisen/München: nested[read]\n" +
		"Sent: sent[read]\n" +
		"Work, old: two labels[unread,flagged]"
	if got := contents(t, st, "acct"); got != want {
		t.Errorf("folders:\n%s\nwant\n%s", got, want)
	}
	// Under a folder asked for.
	p = importPaths(t, st, "other", Options{Folder: "Gmail"}, file)
	if !strings.Contains(contents(t, st, "other"), "Gmail/Inbox: in the inbox[read] two labels[unread,flagged]\n") || p.Imported != 7 {
		t.Errorf("under Gmail:\n%s", contents(t, st, "other"))
	}
}

func TestImportsAppleMailPackagesAndMaildirTrees(t *testing.T) {
	dir := t.TempDir()
	// Apple Mail exports a mailbox as NAME.mbox/mbox (with a table of
	// contents beside it), a child mailbox inside its parent's package.
	write(t, filepath.Join(dir, "Apple", "Work.mbox", "mbox"), mboxOf(msg(1, "apple work")))
	write(t, filepath.Join(dir, "Apple", "Work.mbox", "table_of_contents"), "\x00\x01binary")
	write(t, filepath.Join(dir, "Apple", "Work.mbox", "Info.plist"), "<plist/>")
	write(t, filepath.Join(dir, "Apple", "Work.mbox", "Clients.mbox", "mbox"), mboxOf(msg(2, "apple client")))
	// A Maildir++ tree: the root is the Inbox, ".Lists.Go" a subfolder.
	md := filepath.Join(dir, "Maildir")
	write(t, filepath.Join(md, "cur", "1700000001.M1P1.host:2,S"), msg(3, "maildir read"))
	write(t, filepath.Join(md, "new", "1700000002.M2P1.host"), msg(4, "maildir new"))
	write(t, filepath.Join(md, "cur", "1700000003.M3P1.host:2,ST"), msg(5, "maildir trashed"))
	write(t, filepath.Join(md, ".Lists.Go", "cur", "1700000004.M4P1.host:2,FRS"), msg(6, "maildir list"))
	write(t, filepath.Join(md, ".Lists.Go", "tmp", "1700000005.M5P1.host"), msg(7, "not delivered yet"))
	write(t, filepath.Join(md, "dovecot-uidlist"), "3 V1 N5\n")
	if err := os.MkdirAll(filepath.Join(md, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	st := newStore(t)
	p := importPaths(t, st, "acct", Options{}, filepath.Join(dir, "Apple"), md)
	if p.Imported != 5 || p.Deleted != 1 {
		t.Errorf("import: %+v", p)
	}
	want := "INBOX: maildir new[unread] maildir read[read]\n" +
		"Lists/Go: maildir list[read,flagged,answered]\n" +
		"Work: apple work[unread]\n" +
		"Work/Clients: apple client[unread]"
	if got := contents(t, st, "acct"); got != want {
		t.Errorf("folders:\n%s\nwant\n%s", got, want)
	}
}

func TestMalformedMessagesAreKeptRaw(t *testing.T) {
	dir := t.TempDir()
	garbage := "\x00\x01 this is no mail at all\nnot a header line\n\njust bytes\n"
	file := filepath.Join(dir, "odd")
	write(t, file, "From - Mon Nov  2 10:00:00 2026\n"+garbage+"\n"+
		"From - Mon Nov  2 10:00:00 2026\n"+msg(1, "fine")+"\n")
	loose := filepath.Join(dir, "broken.eml")
	write(t, loose, "no header here\n")
	st := newStore(t)
	p := importPaths(t, st, "acct", Options{Folder: "Odd"}, file, loose)
	if p.Imported != 3 || p.KeptRaw != 2 {
		t.Fatalf("import: %+v", p)
	}
	got := sources(t, st, "acct")
	joined := strings.Join(got, "\n--\n")
	if !strings.Contains(joined, garbage) || !strings.Contains(joined, "no header here\n") {
		t.Errorf("not kept byte for byte:\n%q", got)
	}
	// Importing again finds them too.
	if p := importPaths(t, st, "acct", Options{Folder: "Odd"}, file, loose); p.Imported != 0 || p.Duplicates != 3 {
		t.Errorf("second import: %+v", p)
	}
}

func TestDuplicatesWithinAndAcrossSources(t *testing.T) {
	dir := t.TempDir()
	m1, m2 := msg(1, "one"), msg(2, "two")
	write(t, filepath.Join(dir, "a"), mboxOf(m1, m2, m1))
	// The same message as Thunderbird keeps it (its status fields, CRLF)
	// is the same message.
	tb := strings.ReplaceAll("X-Mozilla-Status: 0001\nX-Mozilla-Status2: 00000000\n"+m2, "\n", "\r\n")
	write(t, filepath.Join(dir, "b.eml"), tb)
	// The same Message-ID with other content is another message.
	write(t, filepath.Join(dir, "c.eml"), strings.Replace(m1, "Body of 1.", "Another body.", 1))
	st := newStore(t)
	p := importPaths(t, st, "acct", Options{Folder: "INBOX"}, filepath.Join(dir, "a"), filepath.Join(dir, "b.eml"), filepath.Join(dir, "c.eml"))
	if p.Imported != 3 || p.Duplicates != 2 {
		t.Errorf("import: %+v", p)
	}
}

// TestResumesAfterAnInterruption stops an import after its first batch,
// as Ctrl-C would, and runs it again: the second run goes on from the
// recorded progress (it reads no message twice, so finds no duplicate),
// and every message is there once.
func TestResumesAfterAnInterruption(t *testing.T) {
	dir := t.TempDir()
	var msgs []string
	for i := range 25 {
		msgs = append(msgs, msg(i, "message "+string(rune('a'+i))))
	}
	file := filepath.Join(dir, "big")
	write(t, file, mboxOf(msgs...))
	md := filepath.Join(dir, "md")
	for i := range 12 {
		write(t, filepath.Join(md, "cur", time.Unix(int64(1700000000+i), 0).Format("20060102150405")+".host:2,S"), msg(100+i, "md"))
	}
	st := newStore(t)
	state := filepath.Join(t.TempDir(), "progress.json")
	boxes, _, err := Scan([]string{file, md})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var seen []Progress
	opts := Options{Folder: "Imported", StateFile: state, StateKey: "acct", BatchMessages: 10,
		OnProgress: func(p Progress) {
			seen = append(seen, p)
			if p.Imported == 10 {
				cancel()
			}
		}}
	p, err := Import(ctx, LocalTarget(st, "acct"), boxes, opts)
	if !errors.Is(err, context.Canceled) || p.Imported != 10 {
		t.Fatalf("interrupted import: %+v %v", p, err)
	}
	if data, err := os.ReadFile(state); err != nil || !strings.Contains(string(data), `"offset"`) {
		t.Fatalf("no progress recorded: %s %v", data, err)
	}
	if last := seen[len(seen)-1]; last.Done <= 0 || last.Done >= last.Total || last.Left <= 0 {
		t.Errorf("progress: %+v", last)
	}
	opts.OnProgress = nil
	p, err = Import(context.Background(), LocalTarget(st, "acct"), boxes, opts)
	if err != nil || p.Imported != 27 || p.Duplicates != 0 {
		t.Fatalf("resumed import: %+v %v", p, err)
	}
	if p.Done != p.Total {
		t.Errorf("done %d of %d", p.Done, p.Total)
	}
	if n := len(sources(t, st, "acct")); n != 37 {
		t.Errorf("%d messages, want 37", n)
	}
	if _, err := os.Stat(state); !os.IsNotExist(err) {
		t.Errorf("progress left after a complete import: %v", err)
	}

	// Stopped in the maildir, it goes on from the last file done.
	st2 := newStore(t)
	ctx, cancel = context.WithCancel(context.Background())
	opts.OnProgress = func(p Progress) {
		if p.Mailbox == "md" {
			cancel()
		}
	}
	if p, err := Import(ctx, LocalTarget(st2, "acct"), boxes, opts); !errors.Is(err, context.Canceled) || p.Imported != 35 {
		t.Fatalf("interrupted in the maildir: %+v %v", p, err)
	}
	// The mbox, done to its end, is read again and adds nothing.
	opts.OnProgress = nil
	if p, err := Import(context.Background(), LocalTarget(st2, "acct"), boxes, opts); err != nil || p.Imported != 2 || p.Duplicates != 25 {
		t.Fatalf("resumed in the maildir: %+v %v", p, err)
	}
}

func TestARewrittenSourceStartsOver(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "box")
	var msgs []string
	for i := range 20 {
		msgs = append(msgs, msg(i, "m"))
	}
	write(t, file, mboxOf(msgs...))
	st := newStore(t)
	state := filepath.Join(t.TempDir(), "progress.json")
	boxes, _, _ := Scan([]string{file})
	ctx, cancel := context.WithCancel(context.Background())
	opts := Options{StateFile: state, StateKey: "acct", BatchMessages: 10, OnProgress: func(Progress) { cancel() }}
	if _, err := Import(ctx, LocalTarget(st, "acct"), boxes, opts); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	// Compacted: the first message gone, the rest moved up.
	write(t, file, mboxOf(msgs[1:]...))
	boxes, _, _ = Scan([]string{file})
	opts.OnProgress = nil
	p, err := Import(context.Background(), LocalTarget(st, "acct"), boxes, opts)
	if err != nil || p.Imported != 10 || p.Duplicates != 9 {
		t.Fatalf("after the rewrite: %+v %v", p, err)
	}
}
