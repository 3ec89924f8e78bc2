#!/usr/bin/env bash
# Installs Tern on Windows as a person does, under Wine in a virtual
# display with a fresh Wine prefix, and checks it:
#   packaging/windows/smoke.sh dist/Tern-VERSION-windows-amd64-setup.exe
#
# 1. The installer, silently (/S): tern.exe and the uninstaller in
#    %LocalAppData%\Programs\Tern, the Start menu entry, and the registry:
#    mailto: and .eml registered to Tern, Tern as a mail client with its
#    capabilities in RegisteredApplications, and the uninstall entry.
# 2. The installed Tern: its window with the setup wizard; a .eml file
#    opened through its association (wine start); `--demo`, whose
#    window title counts the unread demo mail; `keychain-check`, a round
#    trip through the Windows Credential Manager (wincred) with a secret
#    longer than one entry holds.
# 3. The uninstaller, silently: every file and key gone, the profile
#    (%AppData%\Tern) kept; then again with /DeleteMail, which removes it.
# Screenshots: dist/windows-smoke.png (wizard), dist/windows-smoke-demo.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
setup=$(realpath "${1:?usage: smoke.sh TERN-SETUP.exe}")
version=$(sed -n 's/^ *Version = "\(.*\)"/\1/p' FyneApp.toml)
work=$(mktemp -d)
app= xvfb=
trap 'kill $app $xvfb 2>/dev/null || true; wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
export LANG=en_US.UTF-8

say() { echo "windows smoke: $*"; }
fail() {
	echo "windows smoke: FAIL: $*"
	if [[ -s $work/tern.log ]]; then cat "$work/tern.log"; fi
	exit 1
}

d=120
while [[ -e /tmp/.X11-unix/X$d || -e /tmp/.X$d-lock ]]; do d=$((d + 1)); done
Xvfb ":$d" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=":$d"
for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X$d ]] && break; sleep 0.1; done
wineboot --init >/dev/null 2>&1 || true
# Wine 8 lacks ProcessPrng, which Go's runtime needs: add a stand-in.
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
	packaging/windows/processprng.c packaging/windows/processprng.def -ladvapi32

# winvar prints a Windows environment variable of the prefix's user.
winvar() { wine cmd /c echo "%$1%" | tr -d '\r'; }
local_app_data=$(winvar LOCALAPPDATA)
app_data=$(winvar APPDATA)
instdir="$local_app_data\\Programs\\Tern"
exe="$instdir\\tern.exe"
inst=$(winepath -u "$instdir")
profile=$(winepath -u "$app_data\\Tern")
startmenu=$(winepath -u "$app_data\\Microsoft\\Windows\\Start Menu\\Programs\\Tern.lnk")
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Tern'

# regval prints the data of value NAME (the default value when NAME is
# empty) of registry key KEY; it fails when either is missing.
regval() {
	local out
	if [[ -z $2 ]]; then
		out=$(wine reg query "$1" /ve 2>/dev/null) || return 1
	else
		out=$(wine reg query "$1" /v "$2" 2>/dev/null) || return 1
	fi
	tr -d '\r' <<<"$out" | awk -v name="${2:-(Default)}" -F '    ' \
		'$2 == name && $3 ~ /^REG_/ { print $4; found = 1 } END { exit !found }'
}
# want KEY NAME DATA checks that value NAME of KEY is DATA.
want() {
	local got
	got=$(regval "$1" "$2") || fail "registry: no value \"${2:-(Default)}\" in $1"
	[[ $got == "$3" ]] || fail "registry: $1 \"${2:-(Default)}\" is \"$got\", want \"$3\""
}
# gone KEY checks that registry key KEY does not exist.
gone() { ! wine reg query "$1" >/dev/null 2>&1 || fail "registry: $1 is still there"; }

install() {
	wine "$setup" /S || fail "the installer exited with $?"
	[[ -f $inst/tern.exe && -f "$inst/Uninstall Tern.exe" ]] || fail "no tern.exe and uninstaller in $inst"
}

uninstall() {
	local cmd
	cmd=$(regval "$uninstall_key" QuietUninstallString) || fail "no QuietUninstallString"
	[[ $cmd == "\"$instdir\\Uninstall Tern.exe\" /CurrentUser /S" ]] || fail "QuietUninstallString is $cmd"
	# The uninstaller runs from a copy of itself in %TEMP%; wineserver -w
	# waits for that copy to end too.
	wine "$inst/Uninstall Tern.exe" /CurrentUser /S "$@" || fail "the uninstaller exited with $?"
	wineserver -w
}

say "installing $(basename "$setup") silently"
install
[[ -f $startmenu ]] || fail "no Start menu entry $startmenu"
say "installed: $(ls "$inst" | tr '\n' ' ')and the Start menu entry Tern.lnk"

open='"'$exe'" "%1"'
want 'HKCU\Software\Classes\mailto' "URL Protocol" ""
want 'HKCU\Software\Classes\mailto\shell\open\command' "" "$open"
want 'HKCU\Software\Classes\.eml' "" "Tern.eml"
want 'HKCU\Software\Classes\Tern.eml\shell\open\command' "" "$open"
want 'HKCU\Software\Classes\Tern.mailto' "URL Protocol" ""
want 'HKCU\Software\Classes\Tern.mailto\shell\open\command' "" "$open"
want 'HKCU\Software\Clients\Mail\Tern\Capabilities\URLAssociations' mailto Tern.mailto
want 'HKCU\Software\Clients\Mail\Tern\Capabilities\FileAssociations' .eml Tern.eml
want 'HKCU\Software\RegisteredApplications' Tern 'Software\Clients\Mail\Tern\Capabilities'
want "$uninstall_key" DisplayName Tern
want "$uninstall_key" DisplayVersion "$version"
want "$uninstall_key" Publisher "$(sed -n '/^\[Release\]/,/^\[/s/^ *Publisher = "\(.*\)"/\1/p' FyneApp.toml)"
want "$uninstall_key" DisplayIcon "$exe,0"
want "$uninstall_key" UninstallString "\"$instdir\\Uninstall Tern.exe\" /CurrentUser"
size=$(regval "$uninstall_key" EstimatedSize) || fail "no EstimatedSize"
((size > 1024 * 10)) || fail "EstimatedSize $size KB is too small for Tern"
say "registry: mailto: and .eml open $open; Tern is a mail client in RegisteredApplications;"
say "registry: uninstall entry Tern $version, $((size / 1024)) MB, $(regval "$uninstall_key" Publisher)"

# window waits up to 90 s for a top-level window whose title matches
# pattern (an extended regular expression) while Tern runs.
window() {
	for _ in $(seq 90); do
		if xwininfo -root -tree 2>/dev/null | grep -Eq "$1"; then return 0; fi
		[[ -z $app ]] || kill -0 $app 2>/dev/null || fail "Tern exited before showing a window"
		sleep 1
	done
	fail "no window matching $1 within 90 s"
}
stop() { kill $app 2>/dev/null || true; wineserver -k 2>/dev/null || true; app=; }

say "starting the installed Tern (first start: the setup wizard)"
wine "$exe" >"$work/tern.log" 2>&1 &
app=$!
window '"Tern"'
sleep 4
import -window root dist/windows-smoke.png
kill -0 $app 2>/dev/null || fail "Tern exited after showing its window"
[[ -f $profile/tern.db ]] || fail "no profile in $profile"
say "the wizard's window appeared (dist/windows-smoke.png); the profile is $app_data\\Tern"
stop

say "opening a message file the way Explorer does (wine start hello.eml)"
printf '%s\r\n' 'From: Ana <ana@example.org>' 'To: you@example.org' 'Subject: Smoke test message' \
	'Date: Mon, 07 Dec 2026 10:00:00 +0000' 'Message-ID: <smoke@example.org>' '' 'Hello.' >"$(winepath -u "$app_data\\hello.eml")"
wine start "$app_data\\hello.eml"
app=
window '"Smoke test message"'
say "the .eml association started Tern with the message in a window of its own"
stop

say "starting the installed Tern with --demo"
wine "$exe" --demo >"$work/tern.log" 2>&1 &
app=$!
# The title is "Tern — N unread"; xwininfo may print the dash escaped.
window '"Tern [^"]{1,16} [0-9]+ unread"'
title=$(xwininfo -root -tree | grep -Eo '"Tern [^"]{1,16} [0-9]+ unread"' | head -1)
sleep 2
import -window root dist/windows-smoke-demo.png
say "the demo window appeared with the title $title (dist/windows-smoke-demo.png)"
stop

say "keychain round trip through the Credential Manager"
wine "$exe" --profile 'C:\tern-keychain-check' keychain-check >"$work/tern.log" 2>&1 ||
	fail "tern keychain-check exited with $?"
tr -d '\r' <"$work/tern.log" | sed 's/^/windows smoke:   /'
grep -q '6000-byte secret (keychain entries: 4)' "$work/tern.log" || fail "keychain-check did not split the long secret"

say "uninstalling silently"
uninstall
[[ ! -e $inst ]] || fail "$inst is still there: $(ls "$inst")"
[[ ! -e $startmenu ]] || fail "the Start menu entry is still there"
gone 'HKCU\Software\Classes\mailto'
gone 'HKCU\Software\Classes\.eml'
gone 'HKCU\Software\Classes\Tern.eml'
gone 'HKCU\Software\Classes\Tern.mailto'
gone 'HKCU\Software\Clients\Mail\Tern'
gone 'HKCU\Software\Tern'
gone "$uninstall_key"
! regval 'HKCU\Software\RegisteredApplications' Tern >/dev/null || fail "registry: Tern is still in RegisteredApplications"
[[ -f $profile/tern.db ]] || fail "the uninstaller deleted the profile"
say "uninstalled: files, Start menu entry and registry keys gone; the profile is kept"

say "installing again, and uninstalling with /DeleteMail"
install
uninstall /DeleteMail
[[ ! -e $inst && ! -e $profile ]] || fail "/DeleteMail left $inst or $profile"
say "uninstalled with /DeleteMail: the profile is gone too"
say "passed"
