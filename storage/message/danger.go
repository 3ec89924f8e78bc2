package message

import (
	"mime"
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
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
	name      string // the catalog id of the type's friendly name
	dangerous bool
}

// Catalog ids of the type names of the dangerous classes.
const (
	tnProgram   = "filetype.program"
	tnScript    = "filetype.script"
	tnShortcut  = "filetype.shortcut"
	tnInstaller = "filetype.installer"
	tnDisk      = "filetype.disk_image"
	tnWebPage   = "filetype.web_page"
	tnSVG       = "filetype.svg_picture"
	tnCert      = "filetype.certificate"
	tnAccess    = "filetype.access_database"
	tnLauncher  = "filetype.launcher"
)

// kinds is the one list of extensions Tern knows, with the friendly name
// of each (its catalog id): every extension whose opening can run code is marked
// dangerous here and nowhere else (the window and the command line both
// ask AttachmentKind). It
// follows the extensions Windows, macOS and Linux desktops execute or
// mount when a file is opened (after the lists mail providers block).
var kinds = map[string]kindInfo{
	// Programs (Windows, macOS, Linux, Java, .NET).
	"exe": {tnProgram, true}, "com": {tnProgram, true}, "scr": {"filetype.program_screen_saver", true}, "pif": {tnProgram, true},
	"cpl": {"filetype.control_panel_item", true}, "dll": {"filetype.program_library", true}, "ocx": {"filetype.program_library", true}, "sys": {"filetype.system_driver", true},
	"drv": {tnProgram, true}, "efi": {tnProgram, true}, "gadget": {"filetype.windows_gadget", true}, "hta": {"filetype.web_application", true},
	"msc": {"filetype.management_console_file", true}, "jar": {"filetype.program_java", true}, "jnlp": {"filetype.program_java", true}, "xbap": {tnProgram, true},
	"application": {tnProgram, true}, "appref-ms": {"filetype.program_shortcut", true}, "xll": {"filetype.excel_add_in", true},
	"app": {tnProgram, true}, "action": {"filetype.automator_action", true}, "workflow": {"filetype.automator_workflow", true},
	"run": {tnProgram, true}, "bin": {tnProgram, true}, "appimage": {tnProgram, true}, "elf": {tnProgram, true}, "out": {tnProgram, true},
	"chm": {"filetype.compiled_help", true}, "hlp": {"filetype.help_file", true}, "mde": {"filetype.access_database", true}, "ade": {tnProgram, true},
	"adp": {tnProgram, true}, "mda": {tnProgram, true}, "mdb": {"filetype.access_database", true}, "accde": {"filetype.access_database", true}, "accdb": {"filetype.access_database", true},
	"one": {tnProgram, true}, "diagcab": {"filetype.troubleshooter", true}, "settingcontent-ms": {"filetype.settings_shortcut", true},
	// Scripts.
	"bat": {tnScript, true}, "cmd": {tnScript, true}, "ps1": {tnScript, true}, "ps1xml": {tnScript, true},
	"ps2": {tnScript, true}, "ps2xml": {tnScript, true}, "psc1": {tnScript, true}, "psc2": {tnScript, true},
	"psm1": {tnScript, true}, "psd1": {tnScript, true}, "vb": {tnScript, true}, "vbs": {tnScript, true},
	"vbe": {tnScript, true}, "js": {tnScript, true}, "jse": {tnScript, true}, "mjs": {tnScript, true},
	"ws": {tnScript, true}, "wsf": {tnScript, true}, "wsc": {tnScript, true}, "wsh": {tnScript, true},
	"sct": {tnScript, true}, "shb": {tnScript, true}, "shs": {tnScript, true}, "msh": {tnScript, true},
	"msh1": {tnScript, true}, "msh2": {tnScript, true}, "mshxml": {tnScript, true}, "reg": {"filetype.registry_change", true},
	"inf": {"filetype.setup_information", true}, "ins": {tnScript, true}, "isp": {tnScript, true}, "scf": {tnScript, true},
	"sh": {tnScript, true}, "bash": {tnScript, true}, "zsh": {tnScript, true}, "csh": {tnScript, true},
	"ksh": {tnScript, true}, "command": {"filetype.program_terminal", true}, "tool": {"filetype.program_terminal", true}, "terminal": {"filetype.terminal_settings", true},
	"scpt": {tnScript, true}, "applescript": {tnScript, true}, "py": {tnScript, true}, "pyw": {tnScript, true},
	"pyc": {tnScript, true}, "pyz": {tnScript, true}, "pl": {tnScript, true}, "rb": {tnScript, true},
	"php": {tnScript, true}, "lua": {tnScript, true}, "hte": {tnScript, true}, "htc": {tnScript, true}, "mof": {tnScript, true},
	// Shortcuts and launchers.
	"lnk": {tnShortcut, true}, "url": {"filetype.internet_shortcut", true}, "website": {"filetype.internet_shortcut", true},
	"desktop": {tnLauncher, true}, "webloc": {tnShortcut, true}, "inetloc": {tnShortcut, true},
	"fileloc": {tnShortcut, true}, "library-ms": {tnShortcut, true}, "searchconnector-ms": {tnShortcut, true},
	"search-ms": {tnShortcut, true}, "theme": {tnShortcut, true}, "themepack": {tnShortcut, true},
	// Installers and packages.
	"msi": {tnInstaller, true}, "msp": {tnInstaller, true}, "mst": {tnInstaller, true}, "msu": {tnInstaller, true},
	"msix": {tnInstaller, true}, "msixbundle": {tnInstaller, true}, "appx": {tnInstaller, true},
	"appxbundle": {tnInstaller, true}, "pkg": {tnInstaller, true}, "mpkg": {tnInstaller, true},
	"deb": {tnInstaller, true}, "rpm": {tnInstaller, true}, "apk": {tnInstaller, true},
	"snap": {tnInstaller, true}, "flatpakref": {tnInstaller, true}, "xpi": {"filetype.browser_extension", true},
	"crx": {"filetype.browser_extension", true}, "vsix": {tnInstaller, true}, "cab": {tnInstaller, true},
	// Disk images, which open as drives whose files carry no warning.
	"iso": {tnDisk, true}, "img": {tnDisk, true}, "vhd": {tnDisk, true}, "vhdx": {tnDisk, true},
	"dmg": {tnDisk, true}, "sparseimage": {tnDisk, true}, "sparsebundle": {tnDisk, true}, "udf": {tnDisk, true},
	// Office files that carry macros.
	"docm": {"filetype.word_document_with_macros", true}, "dotm": {"filetype.word_template_with_macros", true},
	"xlsm": {"filetype.excel_spreadsheet_with_macros", true}, "xltm": {"filetype.excel_template_with_macros", true},
	"xlam": {"filetype.excel_add_in", true}, "xla": {"filetype.excel_add_in", true}, "xlsb": {"filetype.excel_binary_spreadsheet", true},
	"pptm": {"filetype.powerpoint_presentation_with_macros", true}, "potm": {"filetype.powerpoint_template_with_macros", true},
	"ppam": {"filetype.powerpoint_add_in", true}, "ppsm": {"filetype.powerpoint_show_with_macros", true},
	"sldm": {"filetype.powerpoint_slide_with_macros", true}, "ppa": {"filetype.powerpoint_add_in", true},
	"vsto": {"filetype.office_add_in", true}, "iqy": {"filetype.excel_web_query", true}, "slk": {"filetype.spreadsheet_sylk", true},
	// Certificates, which install trust in whoever holds their key.
	"cer": {tnCert, true}, "crt": {tnCert, true}, "der": {tnCert, true},
	// Remote connections, provisioning, sandboxes and web archives.
	"rdp": {"filetype.remote_desktop_connection", true}, "ica": {"filetype.remote_connection_citrix", true},
	"appinstaller": {tnInstaller, true}, "ppkg": {"filetype.provisioning_package", true},
	"wsb": {"filetype.windows_sandbox_settings", true}, "mht": {"filetype.web_archive", true}, "mhtml": {"filetype.web_archive", true},
	"flatpak": {tnInstaller, true}, "kdesktop": {tnLauncher, true}, "pst": {"filetype.outlook_data_file", true},
	"asp": {tnScript, true}, "aspx": {tnScript, true}, "bas": {tnScript, true}, "vbp": {tnScript, true},
	"mdt": {tnAccess, true}, "mdw": {tnAccess, true}, "mdz": {tnAccess, true},

	// Documents.
	"pdf": {"filetype.pdf_document", false}, "doc": {"filetype.word_document", false}, "docx": {"filetype.word_document", false},
	"dot": {"filetype.word_template", false}, "dotx": {"filetype.word_template", false}, "xls": {"filetype.excel_spreadsheet", false},
	"xlsx": {"filetype.excel_spreadsheet", false}, "xltx": {"filetype.excel_template", false}, "ppt": {"filetype.powerpoint_presentation", false},
	"pptx": {"filetype.powerpoint_presentation", false}, "pps": {"filetype.powerpoint_show", false}, "ppsx": {"filetype.powerpoint_show", false},
	"odt": {"filetype.text_document", false}, "ods": {"filetype.spreadsheet", false}, "odp": {"filetype.presentation", false},
	"odg": {"filetype.drawing", false}, "rtf": {"filetype.rich_text_document", false}, "txt": {"filetype.text_file", false},
	"md": {"filetype.text_file", false}, "csv": {"filetype.table_csv", false}, "tsv": {"filetype.table_tsv", false},
	"html": {tnWebPage, false}, "htm": {tnWebPage, false}, "xhtml": {tnWebPage, false}, "xht": {tnWebPage, false},
	"shtml": {tnWebPage, false}, "xml": {"filetype.xml_file", false}, "json": {"filetype.json_file", false},
	"epub": {"filetype.e_book", false}, "pages": {"filetype.pages_document", false}, "numbers": {"filetype.numbers_spreadsheet", false},
	"key": {"filetype.keynote_presentation", false}, "eml": {"filetype.email_message", false}, "msg": {"filetype.outlook_message", false},
	"ics": {"filetype.calendar_event", false}, "vcf": {"filetype.contact_card", false}, "asc": {"filetype.signature_or_key", false},
	"sig": {"filetype.signature", false}, "p7s": {"filetype.signature", false}, "pem": {"filetype.certificate", false},
	// Pictures.
	"png": {"filetype.png_picture", false}, "jpg": {"filetype.jpeg_picture", false}, "jpeg": {"filetype.jpeg_picture", false},
	"gif": {"filetype.gif_picture", false}, "webp": {"filetype.webp_picture", false}, "heic": {"filetype.heic_picture", false},
	"heif": {"filetype.heif_picture", false}, "bmp": {"filetype.bmp_picture", false}, "tif": {"filetype.tiff_picture", false},
	"tiff": {"filetype.tiff_picture", false}, "svg": {tnSVG, false}, "svgz": {tnSVG, false}, "ico": {"filetype.icon", false},
	"avif": {"filetype.avif_picture", false},
	// Sound and video.
	"mp3": {"filetype.mp3_audio", false}, "wav": {"filetype.wav_audio", false}, "m4a": {"filetype.audio", false}, "ogg": {"filetype.audio", false},
	"opus": {"filetype.audio", false}, "flac": {"filetype.flac_audio", false}, "aac": {"filetype.audio", false},
	"mp4": {"filetype.mp4_video", false}, "mov": {"filetype.quicktime_video", false}, "avi": {"filetype.avi_video", false},
	"mkv": {"filetype.video", false}, "webm": {"filetype.video", false}, "m4v": {"filetype.video", false},
	// Archives (their contents are judged when they are unpacked).
	"zip": {"filetype.zip_archive", false}, "7z": {"filetype.7_zip_archive", false}, "rar": {"filetype.rar_archive", false},
	"tar": {"filetype.tar_archive", false}, "gz": {"filetype.compressed_file", false}, "tgz": {"filetype.compressed_archive", false},
	"bz2": {"filetype.compressed_file", false}, "xz": {"filetype.compressed_file", false}, "zst": {"filetype.compressed_file", false},
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
// name says, with the catalog id of each one's friendly name.
var dangerousMIME = map[string]string{
	"application/x-msdownload":                                   tnProgram,
	"application/x-ms-dos-executable":                            tnProgram,
	"application/x-ms-ne-executable":                             tnProgram,
	"application/x-mach-binary":                                  tnProgram,
	"application/x-elf":                                          tnProgram,
	"application/x-sharedlib":                                    tnProgram,
	"application/x-pie-executable":                               tnProgram,
	"application/x-desktop":                                      tnLauncher,
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
	"application/vnd.ms-htmlhelp":                                "filetype.compiled_help",
	"application/x-rdp":                                          "filetype.remote_desktop_connection",
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
	"application/x-mswinurl":                                     "filetype.internet_shortcut",
	"application/x-mimearchive":                                  "filetype.web_archive",
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
	"application/vnd.ms-word.document.macroenabled.12":           "filetype.word_document_with_macros",
	"application/vnd.ms-excel.sheet.macroenabled.12":             "filetype.excel_spreadsheet_with_macros",
	"application/vnd.ms-powerpoint.presentation.macroenabled.12": "filetype.powerpoint_presentation_with_macros",
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
// friendly name of its type in the person's language. A file is dangerous
// when either its extension or its declared type is. A file without an
// extension gets the type name of its declared type. KindOf also looks at
// the content.
func AttachmentKind(name, declaredMIME string) Kind {
	k, id := kindByName(name, declaredMIME)
	k.TypeName = typeName(id, k.Ext)
	return k
}

// kindByName is AttachmentKind with its type name left as the catalog id
// ("" when Tern knows no name for the type).
func kindByName(name, declaredMIME string) (k Kind, id string) {
	safe := SafeFilename(name, declaredMIME, 0)
	if i := strings.LastIndexByte(safe, '.'); i > 0 {
		k.Ext = strings.ToLower(safe[i:])
	}
	ext := strings.TrimPrefix(k.Ext, ".")
	if info, ok := kinds[ext]; ok {
		id, k.Dangerous = info.name, info.dangerous
	}
	k.Browser = browserExts[ext]
	mt, _, err := mime.ParseMediaType(declaredMIME)
	mt = strings.ToLower(mt)
	if err == nil {
		id = byDeclaredType(&k, mt, id)
	}
	if id == "" && ext == "" && err == nil {
		if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
			id = kinds[strings.TrimPrefix(exts[0], ".")].name
		}
	}
	return k, id
}

// byDeclaredType marks k dangerous, or as a browser file, when the
// declared media type mt says so, and returns the type name's id (id
// when the declared type does not change it).
func byDeclaredType(k *Kind, mt, id string) string {
	if n, ok := dangerousMIME[mt]; ok && !k.Dangerous {
		k.Dangerous = true
		id = n
	}
	if n, ok := browserMIME[mt]; ok && !k.Browser {
		k.Browser = true
		if k.Ext == "" {
			id = n
		}
	}
	return id
}

// typeName is the friendly name of catalog id in the person's language;
// of a type Tern does not know (id ""), named by its extension ext (with
// its dot): "XYZ file", or "File of unknown type".
func typeName(id, ext string) string {
	if id != "" {
		return i18n.T(id)
	}
	ext = strings.TrimPrefix(ext, ".")
	if ext != "" && len(ext) <= 8 {
		return i18n.T("filetype.ext_file", i18n.Args{"Ext": strings.ToUpper(ext)})
	}
	return i18n.T("filetype.unknown")
}

// KindOf is AttachmentKind of a, also judged by the first bytes of its
// content (see SniffContent): a program, script or launcher is
// dangerous whatever its name and declared type say, and a web page or
// SVG picture that holds script is dangerous too.
func KindOf(a Attachment) Kind {
	k, id := kindByName(a.Filename, a.ContentType)
	s, sid := sniff(a.Data)
	if s.Dangerous && !k.Dangerous {
		k.Dangerous, id = true, sid
	}
	if !s.Browser && !k.Browser {
		k.TypeName = typeName(id, k.Ext)
		return k
	}
	if !k.Browser && !k.Dangerous && typeName(id, k.Ext) == typeName("", k.Ext) {
		id = sid
	}
	k.Browser = true
	k.TypeName = typeName(id, k.Ext)
	if s.Script && !k.Dangerous {
		k.Dangerous = true
		k.TypeName = i18n.T("filetype.with_script", i18n.Args{"Type": k.TypeName})
	}
	return k
}

// IsDangerousExt reports whether a file with extension ext (with or
// without its dot, any case) can run code when opened.
func IsDangerousExt(ext string) bool {
	return kinds[strings.ToLower(strings.TrimPrefix(ext, "."))].dangerous
}
