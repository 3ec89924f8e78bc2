// Package corpus makes realistic test mail in bulk: plain text, HTML with a
// text alternative, and messages with attachments, in several languages,
// with threads — deterministic for a given seed.
package corpus

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand"
	"strings"
	"time"
)

var (
	names    = []string{"Ana Souza", "Björn Lindqvist", "Chloé Martin", "Dmitri Ivanov", "Emeka Obi", "Fatima Zahra", "Grace Kim", "Hiroshi Tanaka", "Isabel García", "Jonas Weber"}
	subjects = []string{"Quarterly report", "Lunch on Friday?", "Re: project timeline", "Invoice 2026-%d", "Photos from the trip", "Meeting notes", "Your order has shipped", "Büroumzug nächste Woche", "Réunion de lundi", "Встреча в четверг", "会議の議事録"}
	words    = strings.Fields("the of and to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part")
)

// Message returns the n-th message of a corpus with the given seed, and
// its Message-ID. About 60% are plain text of a few KB, 25% HTML with a
// text alternative, 15% carry a 100–200 KB attachment: 10,000 of them come
// to about 300 MB.
func Message(seed int64, n int) []byte {
	r := rand.New(rand.NewSource(seed*1_000_003 + int64(n)))
	from := names[r.Intn(len(names))]
	to := names[r.Intn(len(names))]
	subj := subjects[r.Intn(len(subjects))]
	if strings.Contains(subj, "%d") {
		subj = fmt.Sprintf(subj, n)
	}
	date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * 37 * time.Minute)
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s <%s@example.com>\r\nTo: %s <%s@example.org>\r\n", from, slug(from), to, slug(to))
	fmt.Fprintf(&b, "Subject: =?UTF-8?B?%s?=\r\nDate: %s\r\nMessage-ID: <c%d.%d@example.com>\r\n",
		base64.StdEncoding.EncodeToString([]byte(subj)), date.Format(time.RFC1123Z), seed, n)
	if n > 0 && r.Intn(3) == 0 {
		fmt.Fprintf(&b, "In-Reply-To: <c%d.%d@example.com>\r\nReferences: <c%d.%d@example.com>\r\n", seed, n-1, seed, n-1)
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	text := paragraphs(r, 2+r.Intn(8))
	switch k := r.Intn(100); {
	case k < 60:
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
		b.WriteString(text)
	case k < 85:
		b.WriteString("Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n--alt\r\n")
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n--alt\r\n")
		b.WriteString("Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>")
		for _, p := range strings.Split(text, "\r\n\r\n") {
			b.WriteString("<p style=\"font-family:sans-serif\">" + p + "</p>\r\n")
		}
		b.WriteString(`<img src="https://tracker.example.com/p.gif" width="1" height="1">` + "</body></html>\r\n--alt--\r\n")
	default:
		b.WriteString("Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n--mix\r\n")
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n--mix\r\n")
		size := 100_000 + r.Intn(100_000)
		data := make([]byte, size)
		r.Read(data)
		b.WriteString("Content-Type: application/pdf; name=\"report.pdf\"\r\nContent-Disposition: attachment; filename=\"report-" +
			fmt.Sprint(n) + ".pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		enc := base64.StdEncoding.EncodeToString(data)
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\r\n--mix--\r\n")
	}
	return b.Bytes()
}

func slug(name string) string {
	return strings.ToLower(strings.Fields(name)[0])
}

func paragraphs(r *rand.Rand, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ws := make([]string, 40+r.Intn(80))
		for j := range ws {
			ws[j] = words[r.Intn(len(words))]
		}
		ps[i] = strings.Join(ws, " ") + "."
	}
	return strings.Join(ps, "\r\n\r\n") + "\r\n"
}

// Deliver makes messages from to to-1 of the corpus with the given seed and
// hands them to deliver a thousand at a time, so that a big mailbox is
// never whole in memory. It returns their total size.
func Deliver(seed int64, from, to int, deliver func(msgs [][]byte) error) (int64, error) {
	var total int64
	var msgs [][]byte
	for i := from; i < to; i++ {
		raw := Message(seed, i)
		total += int64(len(raw))
		msgs = append(msgs, raw)
		if len(msgs) == 1000 || i == to-1 {
			if err := deliver(msgs); err != nil {
				return total, err
			}
			msgs = nil
		}
	}
	return total, nil
}
