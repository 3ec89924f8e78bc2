package message

import (
	"mime"
	"strings"
)

// Kind says what an attachment really is, judged by the extension the
// operating system will act on rather than by the type its sender
// declared.
type Kind struct {
	// Dangerous is true when opening the file can run code: programs,
	// scripts, shortcuts, installers, disk images, desktop launchers and
	// Office files with macros. Such files may be saved, never opened
	// from Tern.
	Dangerous bool
	// Ext is the real extension in lower case with its dot (".exe"), as
	// the file is saved; "" when it has none. Show it apart from the name:
	// a name padded with spaces or cut to fit hides it.
	Ext string
	// TypeName is a friendly name of the type for people: "PDF document",
	// "Program", "PNG picture". Show it instead of the declared MIME type,
	// which the sender chooses.
	TypeName string
	// Browser is true for web pages and SVG pictures: the system opens
	// them in a web browser, which runs any script in them with the
	// rights of a local file. Tern never opens them; they may be saved.
	// A Dangerous file is never opened either, whatever Browser says.
	Browser bool
}

// SaveOnly reports whether Tern must not open the file at all: it can
// run code, or it would open in a web browser.
func (k Kind) SaveOnly() bool { return k.Dangerous || k.Browser }

// kindInfo is one row of the table of known extensions.
type kindInfo struct {
	name      string
	dangerous bool
}

// Type names of the dangerous classes.
const (
	tnProgram   = "Program"
	tnScript    = "Script"
	tnShortcut  = "Shortcut"
	tnInstaller = "Installer"
	tnDisk      = "Disk image"
	tnWebPage   = "Web page"
	tnSVG       = "SVG picture"
	tnCert      = "Certificate"
	tnAccess    = "Access database"
	tnRemote    = "Remote connection"
)

// kinds is the one list of extensions Tern knows, with the friendly name
// of each: every extension whose opening can run code is marked
// dangerous here and nowhere else (the window and the command line both
// ask AttachmentKind). It
// follows the extensions Windows, macOS and Linux desktops execute or
// mount when a file is opened (after the lists mail providers block).
var kinds = map[string]kindInfo{
	// Programs (Windows, macOS, Linux, Java, .NET).
	"exe": {tnProgram, true}, "com": {tnProgram, true}, "scr": {"Program (screen saver)", true}, "pif": {tnProgram, true},
	"cpl": {"Control Panel item", true}, "dll": {"Program library", true}, "ocx": {"Program library", true}, "sys": {"System driver", true},
	"drv": {tnProgram, true}, "efi": {tnProgram, true}, "gadget": {"Windows gadget", true}, "hta": {"Web application", true},
	"msc": {"Management console file", true}, "jar": {"Program (Java)", true}, "jnlp": {"Program (Java)", true}, "xbap": {tnProgram, true},
	"application": {tnProgram, true}, "appref-ms": {"Program shortcut", true}, "xll": {"Excel add-in", true},
	"app": {tnProgram, true}, "action": {"Automator action", true}, "workflow": {"Automator workflow", true},
	"run": {tnProgram, true}, "bin": {tnProgram, true}, "appimage": {tnProgram, true}, "elf": {tnProgram, true}, "out": {tnProgram, true},
	"chm": {"Compiled help", true}, "hlp": {"Help file", true}, "mde": {"Access database", true}, "ade": {tnProgram, true},
	"adp": {tnProgram, true}, "mda": {tnProgram, true}, "mdb": {"Access database", true}, "accde": {"Access database", true}, "accdb": {"Access database", true},
	"one": {tnProgram, true}, "diagcab": {"Troubleshooter", true}, "settingcontent-ms": {"Settings shortcut", true},
	// Scripts.
	"bat": {tnScript, true}, "cmd": {tnScript, true}, "ps1": {tnScript, true}, "ps1xml": {tnScript, true},
	"ps2": {tnScript, true}, "ps2xml": {tnScript, true}, "psc1": {tnScript, true}, "psc2": {tnScript, true},
	"psm1": {tnScript, true}, "psd1": {tnScript, true}, "vb": {tnScript, true}, "vbs": {tnScript, true},
	"vbe": {tnScript, true}, "js": {tnScript, true}, "jse": {tnScript, true}, "mjs": {tnScript, true},
	"ws": {tnScript, true}, "wsf": {tnScript, true}, "wsc": {tnScript, true}, "wsh": {tnScript, true},
	"sct": {tnScript, true}, "shb": {tnScript, true}, "shs": {tnScript, true}, "msh": {tnScript, true},
	"msh1": {tnScript, true}, "msh2": {tnScript, true}, "mshxml": {tnScript, true}, "reg": {"Registry change", true},
	"inf": {"Setup information", true}, "ins": {tnScript, true}, "isp": {tnScript, true}, "scf": {tnScript, true},
	"sh": {tnScript, true}, "bash": {tnScript, true}, "zsh": {tnScript, true}, "csh": {tnScript, true},
	"ksh": {tnScript, true}, "command": {"Program (Terminal)", true}, "tool": {"Program (Terminal)", true}, "terminal": {"Terminal settings", true},
	"scpt": {tnScript, true}, "applescript": {tnScript, true}, "py": {tnScript, true}, "pyw": {tnScript, true},
	"pyc": {tnScript, true}, "pyz": {tnScript, true}, "pl": {tnScript, true}, "rb": {tnScript, true},
	"php": {tnScript, true}, "lua": {tnScript, true}, "hte": {tnScript, true}, "htc": {tnScript, true}, "mof": {tnScript, true},
	// Shortcuts and launchers.
	"lnk": {tnShortcut, true}, "url": {"Internet shortcut", true}, "website": {"Internet shortcut", true},
	"desktop": {"Launcher", true}, "webloc": {tnShortcut, true}, "inetloc": {tnShortcut, true},
	"fileloc": {tnShortcut, true}, "library-ms": {tnShortcut, true}, "searchconnector-ms": {tnShortcut, true},
	"search-ms": {tnShortcut, true}, "theme": {tnShortcut, true}, "themepack": {tnShortcut, true},
	// Installers and packages.
	"msi": {tnInstaller, true}, "msp": {tnInstaller, true}, "mst": {tnInstaller, true}, "msu": {tnInstaller, true},
	"msix": {tnInstaller, true}, "msixbundle": {tnInstaller, true}, "appx": {tnInstaller, true},
	"appxbundle": {tnInstaller, true}, "pkg": {tnInstaller, true}, "mpkg": {tnInstaller, true},
	"deb": {tnInstaller, true}, "rpm": {tnInstaller, true}, "apk": {tnInstaller, true},
	"snap": {tnInstaller, true}, "flatpakref": {tnInstaller, true}, "xpi": {"Browser extension", true},
	"crx": {"Browser extension", true}, "vsix": {tnInstaller, true}, "cab": {tnInstaller, true},
	// Disk images, which open as drives whose files carry no warning.
	"iso": {tnDisk, true}, "img": {tnDisk, true}, "vhd": {tnDisk, true}, "vhdx": {tnDisk, true},
	"dmg": {tnDisk, true}, "sparseimage": {tnDisk, true}, "sparsebundle": {tnDisk, true}, "udf": {tnDisk, true},
	// Office files that carry macros.
	"docm": {"Word document with macros", true}, "dotm": {"Word template with macros", true},
	"xlsm": {"Excel spreadsheet with macros", true}, "xltm": {"Excel template with macros", true},
	"xlam": {"Excel add-in", true}, "xla": {"Excel add-in", true}, "xlsb": {"Excel binary spreadsheet", true},
	"pptm": {"PowerPoint presentation with macros", true}, "potm": {"PowerPoint template with macros", true},
	"ppam": {"PowerPoint add-in", true}, "ppsm": {"PowerPoint show with macros", true},
	"sldm": {"PowerPoint slide with macros", true}, "ppa": {"PowerPoint add-in", true},
	"vsto": {"Office add-in", true}, "iqy": {"Excel web query", true}, "slk": {"Spreadsheet (SYLK)", true},
	// Certificates, which install trust in whoever holds their key.
	"cer": {tnCert, true}, "crt": {tnCert, true}, "der": {tnCert, true},
	// Remote connections, provisioning, sandboxes and web archives.
	"rdp": {"Remote Desktop connection", true}, "ica": {tnRemote + " (Citrix)", true},
	"appinstaller": {tnInstaller, true}, "ppkg": {"Provisioning package", true},
	"wsb": {"Windows Sandbox settings", true}, "mht": {"Web archive", true}, "mhtml": {"Web archive", true},
	"flatpak": {tnInstaller, true}, "kdesktop": {"Launcher", true}, "pst": {"Outlook data file", true},
	"asp": {tnScript, true}, "aspx": {tnScript, true}, "bas": {tnScript, true}, "vbp": {tnScript, true},
	"mdt": {tnAccess, true}, "mdw": {tnAccess, true}, "mdz": {tnAccess, true},

	// Documents.
	"pdf": {"PDF document", false}, "doc": {"Word document", false}, "docx": {"Word document", false},
	"dot": {"Word template", false}, "dotx": {"Word template", false}, "xls": {"Excel spreadsheet", false},
	"xlsx": {"Excel spreadsheet", false}, "xltx": {"Excel template", false}, "ppt": {"PowerPoint presentation", false},
	"pptx": {"PowerPoint presentation", false}, "pps": {"PowerPoint show", false}, "ppsx": {"PowerPoint show", false},
	"odt": {"Text document", false}, "ods": {"Spreadsheet", false}, "odp": {"Presentation", false},
	"odg": {"Drawing", false}, "rtf": {"Rich text document", false}, "txt": {"Text file", false},
	"md": {"Text file", false}, "csv": {"Table (CSV)", false}, "tsv": {"Table (TSV)", false},
	"html": {tnWebPage, false}, "htm": {tnWebPage, false}, "xhtml": {tnWebPage, false}, "xht": {tnWebPage, false},
	"shtml": {tnWebPage, false}, "xml": {"XML file", false}, "json": {"JSON file", false},
	"epub": {"E-book", false}, "pages": {"Pages document", false}, "numbers": {"Numbers spreadsheet", false},
	"key": {"Keynote presentation", false}, "eml": {"Email message", false}, "msg": {"Outlook message", false},
	"ics": {"Calendar event", false}, "vcf": {"Contact card", false}, "asc": {"Signature or key", false},
	"sig": {"Signature", false}, "p7s": {"Signature", false}, "pem": {"Certificate", false},
	// Pictures.
	"png": {"PNG picture", false}, "jpg": {"JPEG picture", false}, "jpeg": {"JPEG picture", false},
	"gif": {"GIF picture", false}, "webp": {"WebP picture", false}, "heic": {"HEIC picture", false},
	"heif": {"HEIF picture", false}, "bmp": {"BMP picture", false}, "tif": {"TIFF picture", false},
	"tiff": {"TIFF picture", false}, "svg": {tnSVG, false}, "svgz": {tnSVG, false}, "ico": {"Icon", false},
	"avif": {"AVIF picture", false},
	// Sound and video.
	"mp3": {"MP3 audio", false}, "wav": {"WAV audio", false}, "m4a": {"Audio", false}, "ogg": {"Audio", false},
	"opus": {"Audio", false}, "flac": {"FLAC audio", false}, "aac": {"Audio", false},
	"mp4": {"MP4 video", false}, "mov": {"QuickTime video", false}, "avi": {"AVI video", false},
	"mkv": {"Video", false}, "webm": {"Video", false}, "m4v": {"Video", false},
	// Archives (their contents are judged when they are unpacked).
	"zip": {"ZIP archive", false}, "7z": {"7-Zip archive", false}, "rar": {"RAR archive", false},
	"tar": {"TAR archive", false}, "gz": {"Compressed file", false}, "tgz": {"Compressed archive", false},
	"bz2": {"Compressed file", false}, "xz": {"Compressed file", false}, "zst": {"Compressed file", false},
}

// outlookBlocked is the list of file types Outlook blocks in mail: every
// one of them is dangerous in Tern too, with the few more Windows runs
// (remote connections, app installers, Office add-ins, provisioning
// packages, sandbox settings, web queries, spreadsheets in SYLK and web
// archives, which open with script in the browser).
const outlookBlocked = `ade adp app appcontent-ms application appref-ms asp aspx asx bas bat bgi cab cer chm cmd
	cnt com cpl crt csh der diagcab exe fxp gadget grp hlp hpj hta htc inf ins isp its jar jnlp js jse ksh lnk
	mad maf mag mam maq mar mas mat mau mav maw mcf mda mdb mde mdt mdw mdz msc msh msh1 msh2 mshxml msh1xml
	msh2xml msi msp mst msu ops osd pcd pif pl plg prf prg printerexport ps1 ps1xml ps2 ps2xml psc1 psc2 psd1
	psdm1 pst py pyc pyo pyw pyz pyzw reg scf scr sct settingcontent-ms shb shs theme tmp url vb vbe vbp vbs
	vhd vhdx vsmacros vsw webpnp website ws wsc wsf wsh xbap xll xnk
	rdp appinstaller vsto ppkg wsb iqy slk mht mhtml ica`

// launchers are the Linux and macOS files a desktop runs, installs or
// mounts when they are opened.
const launchers = `desktop kdesktop flatpak flatpakref snap appimage deb rpm sh run bin command tool app pkg mpkg
	dmg workflow action terminal scpt applescript jar`

// init marks every extension of outlookBlocked and launchers dangerous in
// kinds: the one table AttachmentKind reads.
func init() {
	for _, ext := range strings.Fields(outlookBlocked + " " + launchers) {
		info := kinds[ext]
		info.dangerous = true
		kinds[ext] = info
	}
}

// dangerousMIME are declared types that are programs whatever their
// name says.
var dangerousMIME = map[string]string{
	"application/x-msdownload":                                   tnProgram,
	"application/x-ms-dos-executable":                            tnProgram,
	"application/x-ms-ne-executable":                             tnProgram,
	"application/x-mach-binary":                                  tnProgram,
	"application/x-elf":                                          tnProgram,
	"application/x-sharedlib":                                    tnProgram,
	"application/x-pie-executable":                               tnProgram,
	"application/x-desktop":                                      "Launcher",
	"text/x-shellscript":                                         tnScript,
	"text/x-sh":                                                  tnScript,
	"application/x-bat":                                          tnScript,
	"application/x-csh":                                          tnScript,
	"application/x-perl":                                         tnScript,
	"text/x-perl":                                                tnScript,
	"text/x-python":                                              tnScript,
	"application/x-python-code":                                  tnScript,
	"application/javascript":                                     tnScript,
	"text/javascript":                                            tnScript,
	"application/x-javascript":                                   tnScript,
	"text/vbscript":                                              tnScript,
	"application/x-powershell":                                   tnScript,
	"application/x-ms-application":                               tnProgram,
	"application/x-java-archive":                                 tnProgram,
	"application/vnd.ms-htmlhelp":                                "Compiled help",
	"application/x-rdp":                                          "Remote Desktop connection",
	"application/vnd.debian.binary-package":                      tnInstaller,
	"application/x-debian-package":                               tnInstaller,
	"application/x-rpm":                                          tnInstaller,
	"application/x-redhat-package-manager":                       tnInstaller,
	"application/vnd.flatpak":                                    tnInstaller,
	"application/vnd.flatpak.ref":                                tnInstaller,
	"application/vnd.snap":                                       tnInstaller,
	"application/vnd.appimage":                                   tnProgram,
	"application/x-appimage":                                     tnProgram,
	"application/msix":                                           tnInstaller,
	"application/appx":                                           tnInstaller,
	"application/appinstaller":                                   tnInstaller,
	"application/vnd.ms-cab-compressed":                          tnInstaller,
	"application/x-mswinurl":                                     "Internet shortcut",
	"application/x-mimearchive":                                  "Web archive",
	"application/x-msdos-program":                                tnProgram,
	"application/x-dosexec":                                      tnProgram,
	"application/x-executable":                                   tnProgram,
	"application/vnd.microsoft.portable-executable":              tnProgram,
	"application/x-ms-installer":                                 tnInstaller,
	"application/x-msi":                                          tnInstaller,
	"application/x-ms-shortcut":                                  tnShortcut,
	"application/x-sh":                                           tnScript,
	"application/x-shellscript":                                  tnScript,
	"application/hta":                                            tnProgram,
	"application/x-iso9660-image":                                tnDisk,
	"application/x-apple-diskimage":                              tnDisk,
	"application/java-archive":                                   tnProgram,
	"application/x-java-jnlp-file":                               tnProgram,
	"application/vnd.ms-word.document.macroenabled.12":           "Word document with macros",
	"application/vnd.ms-excel.sheet.macroenabled.12":             "Excel spreadsheet with macros",
	"application/vnd.ms-powerpoint.presentation.macroenabled.12": "PowerPoint presentation with macros",
}

// browserMIME are declared types a system opens in a web browser.
var browserMIME = map[string]string{
	"text/html":             tnWebPage,
	"application/xhtml+xml": tnWebPage,
	"image/svg+xml":         tnSVG,
}

// browserExts are the extensions a system opens in a web browser.
var browserExts = map[string]bool{"html": true, "htm": true, "xhtml": true, "xht": true, "shtml": true, "svg": true, "svgz": true}

// AttachmentKind tells what the attachment called name, declared by its
// sender as declaredMIME, really is once saved: its real extension as
// SafeFilename leaves it (so "Invoice-2026.pdf" followed by 120 spaces and
// ".exe" is a ".exe", a "Program"), whether opening it can run code, and a
// friendly name of its type. A file is dangerous when either its
// extension or its declared type is. A file without an extension gets
// the type name of its declared type. KindOf also looks at the content.
func AttachmentKind(name, declaredMIME string) Kind {
	safe := SafeFilename(name, declaredMIME, 0)
	var k Kind
	if i := strings.LastIndexByte(safe, '.'); i > 0 {
		k.Ext = strings.ToLower(safe[i:])
	}
	ext := strings.TrimPrefix(k.Ext, ".")
	if info, ok := kinds[ext]; ok {
		k.TypeName, k.Dangerous = info.name, info.dangerous
	}
	k.Browser = browserExts[ext]
	mt, _, err := mime.ParseMediaType(declaredMIME)
	mt = strings.ToLower(mt)
	if err == nil {
		byDeclaredType(&k, mt)
	}
	if k.TypeName == "" && ext == "" && err == nil {
		if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
			k.TypeName = kinds[strings.TrimPrefix(exts[0], ".")].name
		}
	}
	if k.TypeName == "" {
		k.TypeName = fallbackTypeName(ext)
	}
	return k
}

// byDeclaredType marks k dangerous, or as a browser file, when the
// declared media type mt says so.
func byDeclaredType(k *Kind, mt string) {
	if n, ok := dangerousMIME[mt]; ok && !k.Dangerous {
		k.Dangerous = true
		k.TypeName = n
	}
	if n, ok := browserMIME[mt]; ok && !k.Browser {
		k.Browser = true
		if k.Ext == "" {
			k.TypeName = n
		}
	}
}

// fallbackTypeName names a type Tern does not know by its extension:
// "XYZ file", or "File of unknown type".
func fallbackTypeName(ext string) string {
	if ext != "" && len(ext) <= 8 {
		return strings.ToUpper(ext) + " file"
	}
	return "File of unknown type"
}

// KindOf is AttachmentKind of a, also judged by the first bytes of its
// content (see SniffContent): a program, script or launcher is
// dangerous whatever its name and declared type say, and a web page or
// SVG picture that holds script is dangerous too.
func KindOf(a Attachment) Kind {
	k := AttachmentKind(a.Filename, a.ContentType)
	s := SniffContent(a.Data)
	if s.Dangerous && !k.Dangerous {
		k.Dangerous, k.TypeName = true, s.TypeName
	}
	if !s.Browser && !k.Browser {
		return k
	}
	if !k.Browser && !k.Dangerous && k.TypeName == fallbackTypeName(strings.TrimPrefix(k.Ext, ".")) {
		k.TypeName = s.TypeName
	}
	k.Browser = true
	if s.Script && !k.Dangerous {
		k.Dangerous = true
		k.TypeName += " with script"
	}
	return k
}

// IsDangerousExt reports whether a file with extension ext (with or
// without its dot, any case) can run code when opened.
func IsDangerousExt(ext string) bool {
	return kinds[strings.ToLower(strings.TrimPrefix(ext, "."))].dangerous
}
