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
exec_path=$(sed -n 's/^Exec=//p' "$desktop")
exec_path=${exec_path%% %u}
grep -q '^MimeType=.*x-scheme-handler/mailto;' "$desktop" || fail ".desktop file does not offer Tern for mailto: links"
[[ -x $exec_path ]] || fail "Exec=$exec_path is not the installed binary"
icon=$(sed -n 's/^Icon=//p' "$desktop")
[[ -f $home/.local/share/icons/$icon.png ]] || fail "icon $icon not in ~/.local/share/icons"
[[ -f $home/.local/share/metainfo/org.ternmail.Tern.metainfo.xml ]] || fail "no AppStream metainfo"
grep -q '^Name=Tern$' "$desktop" || fail ".desktop file has no Name=Tern"
if command -v desktop-file-validate >/dev/null; then
	desktop-file-validate "$desktop" || fail ".desktop file does not validate"
fi
"$exec_path" --version | grep -q '^Tern ' || fail "the installed binary does not run"
make -s -C "$work/tern" user-uninstall HOME="$home" >/dev/null
[[ ! -e $desktop ]] || fail "user-uninstall left the .desktop file"
echo "check-install: user-install puts Tern in the app list ($(basename "$desktop"), icon $icon)"
