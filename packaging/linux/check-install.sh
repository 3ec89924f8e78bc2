#!/usr/bin/env bash
# Checks a Linux archive the way a user installs it: extract, `make
# user-install` into an empty home, then verify that the desktop's app list
# would show Tern: a valid .desktop file whose Exec is the installed
# binary, its icon, and the AppStream metainfo.
set -euo pipefail
archive=$(realpath "${1:?usage: check-install.sh ARCHIVE.tar.xz}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xJf "$archive" -C "$work"
home=$work/home
mkdir -p "$home"
make -s -C "$work/tern" user-install HOME="$home" >/dev/null
desktop=$home/.local/share/applications/org.ternmail.Tern.desktop
fail() { echo "check-install: $*" >&2; exit 1; }
[[ -f $desktop ]] || fail "no .desktop file in ~/.local/share/applications"
# Exec is a command line (Desktop Entry Specification, "The Exec key"):
# the program, a path or a name looked up in PATH, then arguments, of which
# %u is replaced by the link or file to open.
exec_line=$(sed -n 's/^Exec=//p' "$desktop")
read -r exec_prog exec_args <<<"$exec_line"
if [[ $exec_prog != */* ]]; then
	exec_prog=$(PATH="$home/.local/bin:$PATH" command -v "$exec_prog") ||
		fail "Exec=$exec_line: ${exec_line%% *} is not in PATH"
fi
[[ -x $exec_prog && $exec_prog == "$home"/* ]] || fail "Exec=$exec_line does not start the installed binary"
[[ " $exec_args " == *" %u "* ]] || fail "Exec=$exec_line does not pass the link or file (%u)"
mime=$(sed -n 's/^MimeType=//p' "$desktop")
for m in x-scheme-handler/mailto message/rfc822; do
	[[ ";$mime" == *";$m;"* ]] || fail "MimeType=$mime lacks $m"
done
icon=$(sed -n 's/^Icon=//p' "$desktop")
[[ -f $home/.local/share/icons/$icon.png ]] || fail "icon $icon not in ~/.local/share/icons"
[[ -f $home/.local/share/metainfo/org.ternmail.Tern.metainfo.xml ]] || fail "no AppStream metainfo"
grep -q '^Name=Tern$' "$desktop" || fail ".desktop file has no Name=Tern"
desktop-file-validate "$desktop" || fail ".desktop file does not validate (desktop-file-validate)"
"$exec_prog" --version | grep -q '^Tern ' || fail "the installed binary does not run"
make -s -C "$work/tern" user-uninstall HOME="$home" >/dev/null
[[ ! -e $desktop ]] || fail "user-uninstall left the .desktop file"
echo "check-install: user-install puts Tern in the app list ($(basename "$desktop"), icon $icon)"
