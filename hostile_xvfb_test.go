package main

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/testenv"
)

// maxPeakRSS is the most memory Tern may ever hold while showing hostile
// mail.
const maxPeakRSS = 1536 << 20

// TestHostileMailUnderXvfb runs the real binary on a virtual display,
// opens each hostile message in the window, one after the other, and
// checks that Tern is still running afterwards and never held more than
// maxPeakRSS.
func TestHostileMailUnderXvfb(t *testing.T) {
	display, _ := startXvfb(t)
	xdotool, err := exec.LookPath("xdotool")
	if err != nil {
		testenv.Missing(t, "xdotool (Debian package xdotool)")
	}
	bin := ternBinary(t)
	tmp := t.TempDir()
	profile := filepath.Join(tmp, "profile")
	var files []string
	for i, m := range hostileMessages() {
		p := filepath.Join(tmp, fmt.Sprintf("%02d-%s.eml", i, m.name))
		if err := os.WriteFile(p, []byte(m.raw), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	imp := exec.Command(bin, append([]string{"--demo", "--profile", profile, "import", "--account", "demo@tern.example"}, files...)...)
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}

	app := exec.Command(bin, "--demo", "--profile", profile)
	app.Env = append(os.Environ(), "DISPLAY="+display, "LANG=en_US.UTF-8")
	logf, _ := os.Create(filepath.Join(tmp, "tern.log"))
	app.Stdout, app.Stderr = logf, logf
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	defer func() {
		app.Process.Kill()
		<-exited
	}()
	alive := func() {
		t.Helper()
		select {
		case err := <-exited:
			log, _ := os.ReadFile(filepath.Join(tmp, "tern.log"))
			t.Fatalf("tern died: %v\n%s", err, log)
		default:
		}
	}
	// unread reads the count from the window's title (xwininfo shows the
	// class, which keeps the title the window was created with).
	unread := func() int {
		cmd := exec.Command(xdotool, "search", "--onlyvisible", "--name", "^Tern", "getwindowname")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		out, _ := cmd.Output()
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(string(out)), "Tern — "))
		if len(f) != 2 || f[1] != "unread" {
			return -1
		}
		n, err := strconv.Atoi(f[0])
		if err != nil {
			return -1
		}
		return n
	}
	want := 8 + len(files) // the demo's unread mail, and ours
	waitUntil(t, 60*time.Second, fmt.Sprintf("the window with %d unread", want), func() bool {
		alive()
		return unread() == want
	})
	xdo := func(args ...string) {
		t.Helper()
		cmd := exec.Command(xdotool, args...)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("xdotool %v: %v\n%s", args, err, out)
		}
	}
	xdo("search", "--sync", "--onlyvisible", "--name", "^Tern", "windowfocus", "--sync")
	// The hostile messages are the newest. Up selects the first row
	// whatever happened before (it never moves past the top), so it is
	// repeated until the list has loaded; then Down opens each in turn.
	// Opening a message marks it read, which the title counts.
	for i := range files {
		what := fmt.Sprintf("message %d (%s) opened", i+1, filepath.Base(files[i]))
		if i == 0 {
			polls := 0
			waitUntil(t, 60*time.Second, what, func() bool {
				alive()
				if polls%10 == 0 {
					xdo("key", "Up")
				}
				polls++
				return unread() == want-1
			})
			continue
		}
		xdo("key", "Down")
		waitUntil(t, 60*time.Second, what, func() bool {
			alive()
			return unread() == want-i-1
		})
	}
	alive()
	peak := vmHWM(t, app.Process.Pid)
	t.Logf("peak memory after opening %d hostile messages: %d MB", len(files), peak>>20)
	if peak > maxPeakRSS {
		t.Fatalf("peak memory %d MB, over %d MB", peak>>20, maxPeakRSS>>20)
	}
}

// vmHWM reads a process's peak resident memory, in bytes.
func vmHWM(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "VmHWM:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

type hostileMessage struct{ name, raw string }

// hostileMessages are messages a stranger can send, newest first, each
// dated after the demo mailbox's mail so it lists at the top.
func hostileMessages() []hostileMessage {
	head := func(day int, from, subject, ct string) string {
		return fmt.Sprintf("From: %s\r\nTo: demo@tern.example\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <hostile-%d@attacker.example>\r\n"+
			"MIME-Version: 1.0\r\nContent-Type: %s\r\n\r\n", from, subject,
			time.Date(2031, 1, 30-day, 9, 0, 0, 0, time.UTC).Format(time.RFC1123Z), day, ct)
	}
	big := base64Lines(pngBomb(6000, 6000))
	svgLoop := `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">` +
		`<g id="a"><use xlink:href="#a"/></g></svg>`
	related := func(html string, parts ...string) string {
		s := "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n"
		for _, p := range parts {
			s += "--b\r\n" + p
		}
		return s + "--b--\r\n"
	}
	return []hostileMessage{
		{"svg-loop", head(0, "Stranger <stranger@example.com>", "Inline SVG loop", "multipart/related; boundary=b") +
			related(`<p>Logo:</p><img src="cid:loop" alt="logo">`,
				"Content-Type: image/svg+xml\r\nContent-ID: <loop>\r\nContent-Disposition: inline; filename=\"logo.svg\"\r\n\r\n"+svgLoop+"\r\n",
				"Content-Type: image/png\r\nContent-ID: <disguised>\r\nContent-Disposition: inline; filename=\"photo.png\"\r\n\r\n"+svgLoop+"\r\n")},
		{"png-bomb", head(1, "Stranger <stranger@example.com>", "PNG bomb 12000 x 12000", "multipart/related; boundary=b") +
			related(`<p>Photo:</p><img src="cid:bomb" alt="photo">`,
				"Content-Type: image/png\r\nContent-ID: <bomb>\r\nContent-Transfer-Encoding: base64\r\n\r\n"+base64Lines(pngBomb(12000, 12000)))},
		{"big-pictures", head(6, "Stranger <stranger@example.com>", "Three pictures of 36 million pixels", "multipart/related; boundary=b") +
			related(`<img src="cid:p1" alt="one"><img src="cid:p2" alt="two"><img src="cid:p3" alt="three"><img src="cid:p4" alt="four">`,
				"Content-Type: image/png\r\nContent-ID: <p1>\r\nContent-Transfer-Encoding: base64\r\n\r\n"+big,
				"Content-Type: image/png\r\nContent-ID: <p2>\r\nContent-Transfer-Encoding: base64\r\n\r\n"+big,
				"Content-Type: image/png\r\nContent-ID: <p3>\r\nContent-Transfer-Encoding: base64\r\n\r\n"+big,
				"Content-Type: image/png\r\nContent-ID: <p4>\r\nContent-Transfer-Encoding: base64\r\n\r\n"+big)},
		{"deep-html", head(2, "Stranger <stranger@example.com>", "Deep HTML", "text/html") +
			strings.Repeat("<div><b><i>", 20000) + "deep" + strings.Repeat("</i></b></div>", 20000) + "\r\n"},
		{"padded-exe", head(3, "Billing <billing@example.com>", "Your invoice", "multipart/mixed; boundary=b") +
			"--b\r\nContent-Type: text/plain\r\n\r\nPlease open the invoice.\r\n--b\r\nContent-Type: application/pdf\r\n" +
			"Content-Disposition: attachment; filename=\"Invoice-2026.pdf" + strings.Repeat(" ", 120) + ".exe\"\r\n\r\nMZ\r\n--b--\r\n"},
		{"phishing", head(4, `"PayPal <service@paypal.com>" <evil@attacker.example>`+"\r\nReply-To: refunds@elsewhere.example", "Your account", "text/html") +
			`<p>Sign in at <a href="https://evil.example/login">https://www.paypal.com/signin</a> or <a href="https://xn--pypal-4ve.com/">https://pаypal.com/</a>.</p>` +
			`<img src="http://127.0.0.1:1/p.png"><img src="http://169.254.169.254/latest/meta-data/">` + "\r\n"},
		{"control-chars", head(5, "=?utf-8?q?Boss=0ATo:_everyone@example.com?= <boss@attacker.example>", "=?utf-8?q?Hi=1B]0;owned=07=1B[2J=E2=80=AEcod.exe?=", "text/plain; charset=utf-8") +
			"Bell \x07 escape \x1b[31mred\x1b[0m\r\n"},
	}
}

func base64Lines(b []byte) string {
	s := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for len(s) > 76 {
		out.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	out.WriteString(s + "\r\n")
	return out.String()
}

// pngBomb writes a real PNG of w × h RGBA pixels, all zero: small on the
// wire, w*h*4 bytes once decoded.
func pngBomb(w, h int) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		out.WriteString(typ)
		out.Write(data)
		binary.Write(&out, binary.BigEndian, c.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 6
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := make([]byte, 1+w*4)
	for y := 0; y < h; y++ {
		zw.Write(row)
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}
