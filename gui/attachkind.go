package gui

import (
	"path"
	"strings"
	"unicode"
)

// attachKind is what the window tells the user about an attachment's
// type, judged from the real extension of its name — never from the MIME
// type the sender declared, which a stranger can choose freely.
type attachKind struct {
	Ext       string // the real extension, lower case with its dot: ".exe"; "" when none
	Name      string // a friendly name for the type: "PDF document", "Program"
	Dangerous bool   // runs code when opened: Save only
}

// dangerousTypes are extensions that can run code, change the system or
// hide something that can, when the system opens them: executables,
// scripts, shortcuts, installers, disk images, desktop launchers and
// macro-enabled Office files. This list belongs with SafeFilename in
// storage/message; it is kept here, whole, until the two are merged.
var dangerousTypes = map[string]string{
	// Windows programs and libraries
	".exe": "Program", ".com": "Program", ".scr": "Program (screen saver)", ".pif": "Program", ".cpl": "Control Panel item",
	".dll": "Program library", ".msc": "Management console file", ".sys": "System driver", ".ocx": "Program library",
	".hta": "Web application", ".gadget": "Windows gadget", ".application": "Program", ".appref-ms": "Program shortcut",
	// installers
	".msi": "Installer", ".msp": "Installer", ".mst": "Installer", ".msix": "Installer", ".msixbundle": "Installer",
	".appx": "Installer", ".appxbundle": "Installer", ".pkg": "Installer", ".mpkg": "Installer", ".deb": "Installer",
	".rpm": "Installer", ".apk": "Installer", ".xpi": "Browser extension", ".crx": "Browser extension",
	// scripts
	".bat": "Script", ".cmd": "Script", ".vbs": "Script", ".vbe": "Script", ".js": "Script", ".jse": "Script",
	".wsf": "Script", ".wsh": "Script", ".ws": "Script", ".wsc": "Script", ".ps1": "Script", ".ps1xml": "Script",
	".ps2": "Script", ".psc1": "Script", ".psm1": "Script", ".psd1": "Script", ".sh": "Script", ".bash": "Script",
	".zsh": "Script", ".csh": "Script", ".ksh": "Script", ".py": "Script", ".pyw": "Script", ".pl": "Script",
	".rb": "Script", ".php": "Script", ".jar": "Program (Java)", ".jnlp": "Program (Java)", ".scf": "Script",
	".sct": "Script", ".inf": "Setup information", ".reg": "Registry change", ".applescript": "Script",
	".scpt": "Script", ".workflow": "Automator workflow", ".action": "Automator action",
	// shortcuts and launchers
	".lnk": "Shortcut", ".url": "Internet shortcut", ".website": "Internet shortcut", ".desktop": "Launcher",
	".command": "Program (Terminal)", ".terminal": "Terminal settings", ".tool": "Program (Terminal)",
	".app": "Program", ".settingcontent-ms": "Settings shortcut", ".library-ms": "Library shortcut",
	".search-ms": "Search shortcut", ".searchconnector-ms": "Search shortcut", ".diagcab": "Troubleshooter",
	".mof": "Script", ".chm": "Compiled help", ".hlp": "Help file",
	// disk images and containers that mount
	".iso": "Disk image", ".img": "Disk image", ".vhd": "Disk image", ".vhdx": "Disk image", ".dmg": "Disk image",
	".appimage": "Program", ".run": "Program", ".bin": "Program",
	// macro-enabled Office files
	".docm": "Word document with macros", ".dotm": "Word template with macros", ".xlsm": "Excel workbook with macros",
	".xltm": "Excel template with macros", ".xlam": "Excel add-in", ".xla": "Excel add-in", ".xll": "Excel add-in",
	".pptm": "PowerPoint presentation with macros", ".potm": "PowerPoint template with macros",
	".ppam": "PowerPoint add-in", ".ppsm": "PowerPoint show with macros", ".sldm": "PowerPoint slide with macros",
	".accde": "Access database", ".mdb": "Access database", ".accdb": "Access database", ".mde": "Access database",
}

// friendlyTypes name the common harmless types.
var friendlyTypes = map[string]string{
	".pdf": "PDF document", ".txt": "Text", ".csv": "Spreadsheet (CSV)", ".rtf": "Document",
	".doc": "Word document", ".docx": "Word document", ".odt": "Document", ".xls": "Excel workbook",
	".xlsx": "Excel workbook", ".ods": "Spreadsheet", ".ppt": "PowerPoint presentation",
	".pptx": "PowerPoint presentation", ".odp": "Presentation", ".jpg": "Picture", ".jpeg": "Picture",
	".png": "Picture", ".gif": "Picture", ".webp": "Picture", ".heic": "Picture", ".bmp": "Picture",
	".tif": "Picture", ".tiff": "Picture", ".svg": "Drawing (SVG)", ".mp3": "Sound", ".m4a": "Sound",
	".wav": "Sound", ".ogg": "Sound", ".mp4": "Video", ".mov": "Video", ".webm": "Video", ".zip": "ZIP archive",
	".7z": "Archive", ".rar": "Archive", ".gz": "Archive", ".tar": "Archive", ".eml": "Email message",
	".ics": "Calendar invitation", ".vcf": "Contact card", ".html": "Web page", ".htm": "Web page",
	".md": "Text", ".json": "Data file", ".xml": "Data file",
}

// kindOf judges a file name by its real (last) extension.
func kindOf(name string) attachKind {
	ext := strings.ToLower(path.Ext(cleanAttachmentName(name)))
	if ext == "." {
		ext = ""
	}
	if n, ok := dangerousTypes[ext]; ok {
		return attachKind{Ext: ext, Name: n, Dangerous: true}
	}
	if n, ok := friendlyTypes[ext]; ok {
		return attachKind{Ext: ext, Name: n}
	}
	if ext == "" {
		return attachKind{Name: "File of unknown type"}
	}
	return attachKind{Ext: ext, Name: strings.ToUpper(ext[1:]) + " file"}
}

// cleanAttachmentName removes invisible and bidirectional control
// characters (which can make "exe.pdf" read as "fdp.exe") and collapses
// runs of white space, so a name cannot hide its end.
func cleanAttachmentName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Bidi_Control, r),
			r == '\u115f', r == '\u1160', r == '\u3164', r == '\uffa0', r == '\u2800':
			return -1 // control, format (zero-width, bidi) and blank "letters"
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, name)
	return strings.Join(strings.Fields(name), " ")
}

// maxShownStem is how much of a name shows before its real extension.
const maxShownStem = 48

// attachmentLabel splits an attachment's name for display: the name
// without its real extension (shortened, and marked with … where it was
// cut or where white space hid the extension), and the real extension
// with the type's friendly name, which is always shown in full:
// "Invoice-2026.pdf …" and ".exe — Program".
func attachmentLabel(name string) (stem, kind string) {
	k := kindOf(name)
	clean := cleanAttachmentName(name)
	stem = strings.TrimSuffix(clean, path.Ext(clean))
	if k.Ext == "" {
		stem = clean
	}
	hidden := strings.HasSuffix(stem, " ") || strings.HasSuffix(stem, ".")
	stem = strings.TrimRight(stem, " .")
	if r := []rune(stem); len(r) > maxShownStem {
		stem, hidden = string(r[:maxShownStem]), true
	}
	if hidden {
		stem += " …"
	}
	if k.Ext == "" {
		return stem, k.Name
	}
	return stem, k.Ext + " — " + k.Name
}
