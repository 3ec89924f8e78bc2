//go:build windows

package sysdialog

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The classic common dialogs: GetOpenFileNameW and GetSaveFileNameW
// (Explorer style, several files at once) and SHBrowseForFolderW. The
// newer IFileDialog would need COM interfaces by hand; these are the
// system's own dialogs too, with its places and recent folders.
var (
	comdlg32             = windows.NewLazySystemDLL("comdlg32.dll")
	getOpenFileName      = comdlg32.NewProc("GetOpenFileNameW")
	getSaveFileName      = comdlg32.NewProc("GetSaveFileNameW")
	commDlgExtendedError = comdlg32.NewProc("CommDlgExtendedError")
	shell32              = windows.NewLazySystemDLL("shell32.dll")
	shBrowseForFolder    = shell32.NewProc("SHBrowseForFolderW")
	shGetPathFromIDList  = shell32.NewProc("SHGetPathFromIDListW")
	ole32                = windows.NewLazySystemDLL("ole32.dll")
	coTaskMemFree        = ole32.NewProc("CoTaskMemFree")
)

// Flags of OPENFILENAMEW and BROWSEINFOW.
const (
	ofnOverwritePrompt  = 0x2
	ofnHideReadOnly     = 0x4
	ofnNoChangeDir      = 0x8
	ofnAllowMultiSelect = 0x200
	ofnPathMustExist    = 0x800
	ofnFileMustExist    = 0x1000
	ofnExplorer         = 0x80000
	bifReturnOnlyFSDirs = 0x1
	bifNewDialogStyle   = 0x40
	fileBufferChars     = 1 << 16
)

// openFileName is OPENFILENAMEW.
type openFileName struct {
	structSize      uint32
	owner           uintptr
	instance        uintptr
	filter          *uint16
	customFilter    *uint16
	maxCustomFilter uint32
	filterIndex     uint32
	file            *uint16
	maxFile         uint32
	fileTitle       *uint16
	maxFileTitle    uint32
	initialDir      *uint16
	title           *uint16
	flags           uint32
	fileOffset      uint16
	fileExtension   uint16
	defExt          *uint16
	custData        uintptr
	hook            uintptr
	templateName    *uint16
	reserved        uintptr
	reserved2       uint32
	flagsEx         uint32
}

// browseInfo is BROWSEINFOW.
type browseInfo struct {
	owner       uintptr
	root        uintptr
	displayName *uint16
	title       *uint16
	flags       uint32
	callback    uintptr
	lParam      uintptr
	image       int32
}

// OpenFiles asks for one or more files to open, and returns their paths;
// none, and no error, when the person cancelled. The dialog cannot be
// closed from ctx: it is modal until the person answers.
func OpenFiles(ctx context.Context, opt Options) ([]string, error) {
	buf := make([]uint16, fileBufferChars)
	ok, err := fileDialog(getOpenFileName, opt, buf, ofnAllowMultiSelect|ofnExplorer|ofnFileMustExist|ofnPathMustExist|ofnHideReadOnly|ofnNoChangeDir)
	if !ok || err != nil {
		return nil, err
	}
	return splitMulti(buf), nil
}

// SaveFile asks where to save a file, opt.Name filled in; Windows asks
// before a file is replaced. It returns the path, or "" when the person
// cancelled.
func SaveFile(ctx context.Context, opt Options) (string, error) {
	buf := make([]uint16, fileBufferChars)
	copy(buf, windows.StringToUTF16(opt.Name))
	ok, err := fileDialog(getSaveFileName, opt, buf, ofnExplorer|ofnOverwritePrompt|ofnPathMustExist|ofnHideReadOnly|ofnNoChangeDir)
	if !ok || err != nil {
		return "", err
	}
	return windows.UTF16ToString(buf), nil
}

// fileDialog runs one of the file dialogs with buf as its file buffer;
// ok is false when the person cancelled.
func fileDialog(proc *windows.LazyProc, opt Options, buf []uint16, flags uint32) (ok bool, err error) {
	if proc.Find() != nil {
		return false, ErrUnavailable
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ofn := openFileName{owner: opt.Parent, file: &buf[0], maxFile: uint32(len(buf)), flags: flags}
	ofn.structSize = uint32(unsafe.Sizeof(ofn))
	if opt.Title != "" {
		ofn.title, _ = windows.UTF16PtrFromString(opt.Title)
	}
	if opt.Folder != "" {
		ofn.initialDir, _ = windows.UTF16PtrFromString(opt.Folder)
	}
	if f := filterString(opt.Filters); f != nil {
		ofn.filter, ofn.filterIndex = &f[0], 1
	}
	r, _, _ := proc.Call(uintptr(unsafe.Pointer(&ofn)))
	runtime.KeepAlive(buf)
	if r != 0 {
		return true, nil
	}
	if code, _, _ := commDlgExtendedError.Call(); code != 0 {
		return false, fmt.Errorf("sysdialog: file dialog: error %#x", code)
	}
	return false, nil // cancelled
}

// filterString is the dialogs' filter list: "Name\0*.a;*.b\0…\0\0".
func filterString(fs []Filter) []uint16 {
	if len(fs) == 0 {
		return nil
	}
	var out []uint16
	for _, f := range fs {
		out = append(out, windows.StringToUTF16(f.Name)...)
		out = append(out, windows.StringToUTF16(strings.Join(f.Patterns, ";"))...)
	}
	return append(out, 0)
}

// splitMulti reads a multiple selection: one full path, or the folder
// then each file's name, NUL-separated, ending with two NULs.
func splitMulti(buf []uint16) []string {
	var parts []string
	start := 0
	for i, c := range buf {
		if c != 0 {
			continue
		}
		if i == start {
			break
		}
		parts = append(parts, syscall.UTF16ToString(buf[start:i]))
		start = i + 1
	}
	if len(parts) <= 1 {
		return parts
	}
	dir := strings.TrimRight(parts[0], `\`)
	var out []string
	for _, name := range parts[1:] {
		out = append(out, dir+`\`+name)
	}
	return out
}

// PickFolder asks for a folder, and returns its path, or "" when the
// person cancelled.
func PickFolder(ctx context.Context, opt Options) (string, error) {
	if shBrowseForFolder.Find() != nil {
		return "", ErrUnavailable
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED); err == nil {
		defer windows.CoUninitialize()
	}
	name := make([]uint16, windows.MAX_PATH)
	bi := browseInfo{owner: opt.Parent, displayName: &name[0], flags: bifReturnOnlyFSDirs | bifNewDialogStyle}
	if opt.Title != "" {
		bi.title, _ = windows.UTF16PtrFromString(opt.Title)
	}
	pidl, _, _ := shBrowseForFolder.Call(uintptr(unsafe.Pointer(&bi)))
	if pidl == 0 {
		return "", nil // cancelled
	}
	defer coTaskMemFree.Call(pidl)
	path := make([]uint16, 32768)
	if r, _, _ := shGetPathFromIDList.Call(pidl, uintptr(unsafe.Pointer(&path[0]))); r == 0 {
		return "", fmt.Errorf("sysdialog: the chosen folder is not on a disk")
	}
	return windows.UTF16ToString(path), nil
}
