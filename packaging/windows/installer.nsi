; Tern's Windows installer, for NSIS 3 (makensis). packaging/package.sh
; builds it after the program itself:
;
;   makensis -DVERSION=0.1.0 -DBUILD=1 -DPUBLISHER="The Tern developers" \
;     -DWEBSITE=https://… -DEXE=dist/Tern-0.1.0-windows-amd64.exe \
;     -DICON=tern.ico -DOUTFILE=dist/Tern-0.1.0-windows-amd64-setup.exe \
;     packaging/windows/installer.nsi
;
; By default it installs for the person running it, without administrator
; rights, into %LocalAppData%\Programs\Tern; "Everyone on this computer"
; installs into Program Files and asks for administrator rights. It adds a
; Start menu entry (and, if chosen, a desktop shortcut), the uninstaller in
; Settings › Apps, and registers Tern as a mail program: mailto: links and
; .eml files, listed in Settings › Default apps.
;
; Command line: /S installs silently for the current user; /AllUsers
; installs for everyone (run as administrator); /D=DIR sets the folder.
; The uninstaller takes /S as well, and keeps the person's mail
; (%AppData%\Tern) unless they tick the box that deletes it, or pass
; /DeleteMail.

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION | BUILD | PUBLISHER | WEBSITE | EXE | ICON | OUTFILE
	!error "makensis needs -DVERSION -DBUILD -DPUBLISHER -DWEBSITE -DEXE -DICON -DOUTFILE (see packaging/package.sh)"
!endif

!define APP "Tern"
!define PROGRAM "tern.exe"
!define UNINSTALLER "Uninstall Tern.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Tern"
!define APP_KEY "Software\Tern"
!define CLIENT_KEY "Software\Clients\Mail\Tern"
!define EML_PROGID "Tern.eml"
!define MAILTO_PROGID "Tern.mailto"

Name "${APP}"
OutFile "${OUTFILE}"
BrandingText "${APP} ${VERSION}"

; Install modes (MultiUser.nsh): the current user unless /AllUsers, or the
; choice on the first page, says everyone.
!define MULTIUSER_EXECUTIONLEVEL Standard
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP}"
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include nsDialogs.nsh
!include WinMessages.nsh

VIProductVersion "${VERSION}.${BUILD}"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "FileDescription" "${APP} setup"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "© ${PUBLISHER}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${PROGRAM}"
!define MUI_FINISHPAGE_RUN_TEXT "Open Tern now"

Page custom ModePage ModePageLeave
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

UninstPage custom un.MailPage un.MailPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

Var ModeGiven   ; 1 when /AllUsers or /CurrentUser chose the mode
Var ForMe
Var ForEveryone

Function .onInit
	!insertmacro MULTIUSER_INIT
	${GetParameters} $0
	ClearErrors
	${GetOptions} $0 "/AllUsers" $1
	${IfNot} ${Errors}
		StrCpy $ModeGiven 1
	${EndIf}
	ClearErrors
	${GetOptions} $0 "/CurrentUser" $1
	${IfNot} ${Errors}
		StrCpy $ModeGiven 1
	${EndIf}
FunctionEnd

; ModePage asks who Tern is for. Everyone needs administrator rights: when
; this run has none, the installer starts itself again as administrator
; (Windows asks) with /AllUsers, and this run ends.
Function ModePage
	${If} $ModeGiven == 1
		Abort
	${EndIf}
	!insertmacro MUI_HEADER_TEXT "Who is Tern for?" "Choose who can use Tern on this computer."
	nsDialogs::Create 1018
	Pop $0
	${NSD_CreateRadioButton} 0 10u 100% 12u "Just for me (recommended; no administrator rights needed)"
	Pop $ForMe
	${NSD_CreateRadioButton} 0 30u 100% 12u "For everyone on this computer (asks for administrator rights)"
	Pop $ForEveryone
	${If} $MultiUser.InstallMode == "AllUsers"
		${NSD_Check} $ForEveryone
	${Else}
		${NSD_Check} $ForMe
	${EndIf}
	nsDialogs::Show
FunctionEnd

Function ModePageLeave
	${NSD_GetState} $ForEveryone $0
	${If} $0 <> ${BST_CHECKED}
		Call MultiUser.InstallMode.CurrentUser
		Return
	${EndIf}
	${If} $MultiUser.Privileges == "Admin"
	${OrIf} $MultiUser.Privileges == "Power"
		Call MultiUser.InstallMode.AllUsers
		Return
	${EndIf}
	ExecShell "runas" "$EXEPATH" "/AllUsers"
	Quit
FunctionEnd

Section "Tern" SecTern
	SectionIn RO
	SetOutPath "$INSTDIR"
	File "/oname=${PROGRAM}" "${EXE}"
	WriteUninstaller "$INSTDIR\${UNINSTALLER}"
	CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${PROGRAM}" "" "$INSTDIR\${PROGRAM}" 0 \
		SW_SHOWNORMAL "" "Read and write email, also offline"
	WriteRegStr SHCTX "${APP_KEY}" "InstallDir" "$INSTDIR"
	WriteRegStr SHCTX "${APP_KEY}" "InstallMode" "$MultiUser.InstallMode"
	Call WriteUninstallEntry
	Call RegisterMailApp
SectionEnd

Section /o "Desktop shortcut" SecDesktop
	CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\${PROGRAM}" "" "$INSTDIR\${PROGRAM}" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
	!insertmacro MUI_DESCRIPTION_TEXT ${SecTern} "Tern itself, its Start menu entry, and Tern as a choice for mail links and .eml files."
	!insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "A shortcut to Tern on the desktop."
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; WriteUninstallEntry lists Tern in Settings › Apps (and Programs and
; Features) with its icon, version, publisher and size.
Function WriteUninstallEntry
	WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP}"
	WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${PROGRAM},0"
	WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
	WriteRegStr SHCTX "${UNINSTALL_KEY}" "URLInfoAbout" "${WEBSITE}"
	WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}" /$MultiUser.InstallMode'
	WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /$MultiUser.InstallMode /S'
	WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
	WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
	${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
	WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" $0
FunctionEnd

; RegisterMailApp makes Tern a mail program Windows knows: ProgIDs for
; mailto: links and .eml files, the mail client entry with its
; capabilities (which Settings › Default apps lists), and mailto: and .eml
; themselves (see below for when).
Function RegisterMailApp
	StrCpy $0 '"$INSTDIR\${PROGRAM}" "%1"'

	WriteRegStr SHCTX "Software\Classes\${EML_PROGID}" "" "Email message"
	WriteRegStr SHCTX "Software\Classes\${EML_PROGID}" "FriendlyTypeName" "Email message"
	WriteRegStr SHCTX "Software\Classes\${EML_PROGID}\DefaultIcon" "" "$INSTDIR\${PROGRAM},0"
	WriteRegStr SHCTX "Software\Classes\${EML_PROGID}\shell\open\command" "" $0

	WriteRegStr SHCTX "Software\Classes\${MAILTO_PROGID}" "" "URL:MailTo Protocol"
	WriteRegStr SHCTX "Software\Classes\${MAILTO_PROGID}" "URL Protocol" ""
	WriteRegStr SHCTX "Software\Classes\${MAILTO_PROGID}\DefaultIcon" "" "$INSTDIR\${PROGRAM},0"
	WriteRegStr SHCTX "Software\Classes\${MAILTO_PROGID}\shell\open\command" "" $0

	; For one person, mailto: in their own hive (HKLM's stays beneath it);
	; for everyone, only where no other program has it, since the
	; uninstaller cannot give it back.
	ReadRegStr $1 SHCTX "Software\Classes\mailto\shell\open\command" ""
	${If} $MultiUser.InstallMode == "CurrentUser"
	${OrIf} $1 == ""
	${OrIf} $1 == $0
		WriteRegStr SHCTX "Software\Classes\mailto" "" "URL:MailTo Protocol"
		WriteRegStr SHCTX "Software\Classes\mailto" "URL Protocol" ""
		WriteRegStr SHCTX "Software\Classes\mailto\DefaultIcon" "" "$INSTDIR\${PROGRAM},0"
		WriteRegStr SHCTX "Software\Classes\mailto\shell\open\command" "" $0
	${EndIf}

	WriteRegNone SHCTX "Software\Classes\.eml\OpenWithProgids" "${EML_PROGID}"
	ReadRegStr $1 SHCTX "Software\Classes\.eml" ""
	${If} $1 == ""
		WriteRegStr SHCTX "Software\Classes\.eml" "" "${EML_PROGID}"
		WriteRegStr SHCTX "Software\Classes\.eml" "Content Type" "message/rfc822"
	${EndIf}

	WriteRegStr SHCTX "Software\Classes\Applications\${PROGRAM}" "FriendlyAppName" "${APP}"
	WriteRegStr SHCTX "Software\Classes\Applications\${PROGRAM}\SupportedTypes" ".eml" ""
	WriteRegStr SHCTX "Software\Classes\Applications\${PROGRAM}\shell\open\command" "" $0

	WriteRegStr SHCTX "${CLIENT_KEY}" "" "${APP}"
	WriteRegStr SHCTX "${CLIENT_KEY}\DefaultIcon" "" "$INSTDIR\${PROGRAM},0"
	WriteRegStr SHCTX "${CLIENT_KEY}\shell\open\command" "" '"$INSTDIR\${PROGRAM}"'
	WriteRegStr SHCTX "${CLIENT_KEY}\Capabilities" "ApplicationName" "${APP}"
	WriteRegStr SHCTX "${CLIENT_KEY}\Capabilities" "ApplicationDescription" "Read and write email, also offline"
	WriteRegStr SHCTX "${CLIENT_KEY}\Capabilities" "ApplicationIcon" "$INSTDIR\${PROGRAM},0"
	WriteRegStr SHCTX "${CLIENT_KEY}\Capabilities\StartMenu" "Mail" "${APP}"
	WriteRegStr SHCTX "${CLIENT_KEY}\Capabilities\URLAssociations" "mailto" "${MAILTO_PROGID}"
	WriteRegStr SHCTX "${CLIENT_KEY}\Capabilities\FileAssociations" ".eml" "${EML_PROGID}"
	WriteRegStr SHCTX "Software\RegisteredApplications" "${APP}" "${CLIENT_KEY}\Capabilities"

	; SHCNE_ASSOCCHANGED: Explorer reads the associations again.
	System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
FunctionEnd

; The uninstaller.

Var DeleteMail
Var DeleteMailBox

Function un.onInit
	${GetParameters} $0
	ClearErrors
	${GetOptions} $0 "/DeleteMail" $1
	${IfNot} ${Errors}
		StrCpy $DeleteMail 1
	${EndIf}
	Call un.ElevateForEveryone
	!insertmacro MULTIUSER_UNINIT
FunctionEnd

; un.ElevateForEveryone: Settings › Apps starts the uninstaller of an
; install for everyone (/AllUsers) without administrator rights; it then
; starts itself again as administrator (Windows asks) and this run ends.
Function un.ElevateForEveryone
	ClearErrors
	${GetOptions} $0 "/AllUsers" $1
	${If} ${Errors}
		Return
	${EndIf}
	UserInfo::GetAccountType
	Pop $1
	${If} $1 == "Admin"
		Return
	${EndIf}
	StrCpy $1 "/AllUsers"
	${If} ${Silent}
		StrCpy $1 "$1 /S"
	${EndIf}
	${If} $DeleteMail == 1
		StrCpy $1 "$1 /DeleteMail"
	${EndIf}
	ExecShell "runas" "$EXEPATH" "$1 _?=$INSTDIR"
	Quit
FunctionEnd

; un.MailPage offers to delete the person's mail too, saying how much it
; is: the size of the profile folder (messages, attachments, settings),
; since the installer cannot read Tern's database to count messages.
Function un.MailPage
	Call un.ProfileDir
	Pop $1
	${IfNot} ${FileExists} "$1\*.*"
		Abort
	${EndIf}
	${GetSize} "$1" "/S=0K" $2 $3 $4
	IntOp $3 $2 / 1024
	IntOp $4 $2 % 1024
	IntOp $4 $4 * 10
	IntOp $4 $4 / 1024
	!insertmacro MUI_HEADER_TEXT "Remove Tern" "Your mail stays on this computer unless you choose otherwise."
	nsDialogs::Create 1018
	Pop $0
	${NSD_CreateLabel} 0 0 100% 36u "Tern will be removed from this computer. Your mail, attachments and settings are kept in $1 ($3.$4 MB), so they are there again if you install Tern later. Passwords stay in Windows Credential Manager."
	Pop $0
	${NSD_CreateCheckbox} 0 44u 100% 12u "Also delete my mail on this computer ($3.$4 MB)"
	Pop $DeleteMailBox
	${If} $DeleteMail == 1
		${NSD_Check} $DeleteMailBox
	${EndIf}
	nsDialogs::Show
FunctionEnd

Function un.MailPageLeave
	${NSD_GetState} $DeleteMailBox $0
	${If} $0 == ${BST_CHECKED}
		StrCpy $DeleteMail 1
	${Else}
		StrCpy $DeleteMail 0
	${EndIf}
FunctionEnd

; un.ProfileDir pushes the profile folder of the person uninstalling,
; %AppData%\Tern, whichever install mode this is.
Function un.ProfileDir
	SetShellVarContext current
	StrCpy $0 "$APPDATA\${APP}"
	${If} $MultiUser.InstallMode == "AllUsers"
		SetShellVarContext all
	${EndIf}
	Push $0
FunctionEnd

Section "Uninstall"
	Delete "$INSTDIR\${PROGRAM}"
	Delete "$INSTDIR\${UNINSTALLER}"
	RMDir "$INSTDIR"
	Delete "$SMPROGRAMS\${APP}.lnk"
	Delete "$DESKTOP\${APP}.lnk"

	DeleteRegKey SHCTX "${UNINSTALL_KEY}"
	DeleteRegKey SHCTX "${APP_KEY}"
	DeleteRegKey SHCTX "${CLIENT_KEY}"
	DeleteRegValue SHCTX "Software\RegisteredApplications" "${APP}"
	DeleteRegKey SHCTX "Software\Classes\${EML_PROGID}"
	DeleteRegKey SHCTX "Software\Classes\${MAILTO_PROGID}"
	DeleteRegKey SHCTX "Software\Classes\Applications\${PROGRAM}"

	; mailto: and .eml only while they are still Tern's.
	ReadRegStr $0 SHCTX "Software\Classes\mailto\shell\open\command" ""
	${If} $0 == '"$INSTDIR\${PROGRAM}" "%1"'
		DeleteRegKey SHCTX "Software\Classes\mailto"
	${EndIf}
	DeleteRegValue SHCTX "Software\Classes\.eml\OpenWithProgids" "${EML_PROGID}"
	DeleteRegKey /ifempty SHCTX "Software\Classes\.eml\OpenWithProgids"
	ReadRegStr $0 SHCTX "Software\Classes\.eml" ""
	${If} $0 == "${EML_PROGID}"
		DeleteRegValue SHCTX "Software\Classes\.eml" ""
		DeleteRegValue SHCTX "Software\Classes\.eml" "Content Type"
	${EndIf}
	DeleteRegKey /ifempty SHCTX "Software\Classes\.eml"
	System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

	${If} $DeleteMail == 1
		Call un.ProfileDir
		Pop $0
		RMDir /r "$0"
	${EndIf}
SectionEnd
