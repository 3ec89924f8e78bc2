package message

import (
	"strings"
	"testing"
)

// Every extension of the lists is dangerous, by name alone.
func TestEveryListedExtensionIsDangerous(t *testing.T) {
	exts := strings.Fields(outlookBlocked + " " + launchers)
	if len(exts) < 150 {
		t.Fatalf("only %d extensions listed", len(exts))
	}
	for _, ext := range exts {
		if !IsDangerousExt(ext) || !AttachmentKind("file."+ext, "application/octet-stream").Dangerous {
			t.Errorf(".%s is not dangerous", ext)
		}
		if k := AttachmentKind("file."+strings.ToUpper(ext), ""); !k.Dangerous || k.Ext != "."+ext {
			t.Errorf("FILE.%s: %+v", strings.ToUpper(ext), k)
		}
	}
}

// Written out here rather than read from the lists, so that shrinking a
// list fails this test.
func TestNamedDangerousTypes(t *testing.T) {
	names := []string{
		"connect.rdp", "update.appinstaller", "addin.vsto", "setup.ppkg", "sandbox.wsb", "prices.iqy", "sheet.slk",
		"page.mht", "page.mhtml", "citrix.ica", "app.flatpak", "run.kdesktop", "app.flatpakref", "app.snap",
		"Tool.AppImage", "pkg.deb", "pkg.rpm", "install.sh", "setup.run", "firmware.bin", "open.command",
		"x.tool", "Installer.app", "Installer.pkg", "disk.dmg", "auto.workflow", "shell.terminal", "auto.scpt",
		"app.jar", "launch.desktop", "invoice.exe", "root.cer", "root.crt", "root.der", "help.chm", "a.hta",
		"x.msc", "x.ps1", "x.psdm1", "x.pyzw", "x.pyo", "x.printerexport", "x.settingcontent-ms", "x.appcontent-ms",
		"x.xnk", "x.tmp", "x.pst", "x.vsmacros", "x.webpnp", "x.mau", "x.mcf", "x.its", "x.bgi", "x.cnt",
		"x.osd", "x.ops", "x.pcd", "x.plg", "x.prf", "x.prg", "x.fxp", "x.grp", "x.hpj", "x.vsw", "x.vbp",
		"x.msh1xml", "x.msh2xml", "x.scf", "x.url", "x.website", "x.xbap", "x.xll", "x.asx", "x.aspx",
	}
	for _, n := range names {
		if k := AttachmentKind(n, ""); !k.Dangerous {
			t.Errorf("%s is not dangerous: %+v", n, k)
		}
	}
	for _, n := range []string{"report.pdf", "letter.docx", "photo.png", "notes.txt", "archive.zip", "mail.eml", "invite.ics"} {
		if k := AttachmentKind(n, ""); k.Dangerous || k.Browser {
			t.Errorf("%s is marked: %+v", n, k)
		}
	}
}

// A file without an extension is judged by its declared type.
func TestDangerousDeclaredTypes(t *testing.T) {
	for mt := range dangerousMIME {
		if !AttachmentKind("file", mt).Dangerous {
			t.Errorf("%s is not dangerous", mt)
		}
	}
	for _, mt := range []string{"application/x-ms-dos-executable", "text/x-shellscript", "application/x-msdownload",
		"application/x-executable", "application/x-sh", "application/x-desktop", "application/x-mach-binary",
		"application/vnd.debian.binary-package", "application/x-rdp", "application/x-mimearchive",
		"Application/X-MS-DOS-Executable; name=run"} {
		if k := AttachmentKind("run", mt); !k.Dangerous {
			t.Errorf("run declared %s: %+v", mt, k)
		}
	}
}

// Content decides when name and type say nothing, or lie.
func TestSniffedContent(t *testing.T) {
	tests := []struct {
		name, mime, data string
		dangerous        bool
		typ              string
	}{
		{"setup", "application/octet-stream", "MZ\x90\x00\x03\x00", true, "Program"},
		{"photo.jpg", "image/jpeg", "MZ\x90\x00\x03\x00", true, "Program"},
		{"notes.txt", "text/plain", "\x7fELF\x02\x01\x01", true, "Program"},
		{"a", "", "\xfe\xed\xfa\xce\x00", true, "Program"},
		{"a", "", "\xce\xfa\xed\xfe\x00", true, "Program"},
		{"a", "", "\xfe\xed\xfa\xcf\x00", true, "Program"},
		{"a", "", "\xcf\xfa\xed\xfe\x00", true, "Program"},
		{"a", "", "\xca\xfe\xba\xbe\x00", true, "Program"},
		{"a", "", "\xbe\xba\xfe\xca\x00", true, "Program"},
		{"readme", "text/plain", "#!/bin/sh\nrm -rf ~\n", true, "Script"},
		{"readme", "text/plain", "\xef\xbb\xbf#!/usr/bin/env python3\n", true, "Script"},
		{"info.txt", "", "# a launcher\n\n[Desktop Entry]\nType=Application\nExec=sh -c 'x'\n", true, "Launcher"},
		{"page.html", "text/html", "<html><body onload=\"x()\">hi</body></html>", true, "Web page with script"},
		{"page.htm", "", "<!DOCTYPE html><p>hi<script>alert(1)</script>", true, "Web page with script"},
		{"logo.svg", "image/svg+xml", `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, true, "SVG picture with script"},
		{"logo.svg", "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)">x</a></svg>`, true, "SVG picture with script"},
		{"page.html", "text/html", "<html><body><p>Just words.</p></body></html>", false, "Web page"},
		{"logo.svg", "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`, false, "SVG picture"},
		{"report.pdf", "application/pdf", "%PDF-1.7\n", false, "PDF document"},
		{"notes.txt", "text/plain", "Meet me at <script> time: javascript: talk.", false, "Text file"},
	}
	for _, tc := range tests {
		k := KindOf(Attachment{Filename: tc.name, ContentType: tc.mime, Data: []byte(tc.data)})
		if k.Dangerous != tc.dangerous || k.TypeName != tc.typ {
			t.Errorf("KindOf(%q, %q, %q) = %+v", tc.name, tc.mime, tc.data, k)
		}
	}
}

// Web pages, SVG pictures and web archives are never opened from a
// local file, with or without script, whether named, declared or sniffed.
func TestBrowserFilesAreSaveOnly(t *testing.T) {
	for _, a := range []Attachment{
		{Filename: "page.html", Data: []byte("<p>hi")},
		{Filename: "page.XHTML"},
		{Filename: "logo.svg"},
		{Filename: "logo.svgz"},
		{Filename: "page", ContentType: "text/html"},
		{Filename: "pic", ContentType: "image/svg+xml"},
		{Filename: "notes", Data: []byte("  <!doctype html><title>x</title>")},
		{Filename: "scan.txt", Data: []byte("<svg xmlns='http://www.w3.org/2000/svg'/>")},
		{Filename: "archive.mht"},
	} {
		if k := KindOf(a); !k.SaveOnly() {
			t.Errorf("%q %q %q opens: %+v", a.Filename, a.ContentType, a.Data, k)
		}
	}
	for _, a := range []Attachment{{Filename: "report.pdf", Data: []byte("%PDF")}, {Filename: "a.txt", Data: []byte("x <html> y")}} {
		if k := KindOf(a); k.SaveOnly() {
			t.Errorf("%q is save-only: %+v", a.Filename, k)
		}
	}
}
