#!/usr/bin/env bash
# Installs Tern's Debian package the way a person does, checks it, and
# removes it again (run as root, or with sudo):
#   packaging/linux/test-deb.sh dist/tern_VERSION_amd64.deb
# Checks: `tern --version`, the desktop entry (desktop-file-validate, and
# in the desktop database as a handler for mailto: and message/rfc822), the
# icons and manual page, that xdg-mime can make Tern the default for
# mailto: links and .eml files, and that `apt-get remove` takes every file
# away. Refuses to run where a package named tern is already installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=$(realpath "${1:?usage: test-deb.sh tern_VERSION_amd64.deb}")
sudo=; [[ $(id -u) == 0 ]] || sudo=sudo
id=org.ternmail.Tern
version=$(dpkg-deb -f "$deb" Version)
fail() { echo "test-deb: $*" >&2; exit 1; }
if dpkg-query -W -f='${Status}' tern 2>/dev/null | grep -q 'ok installed'; then
	fail "a tern package is installed already; remove it first"
fi
home=$(mktemp -d)
removed=
cleanup() {
	[[ -n $removed ]] || $sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq tern >/dev/null 2>&1 || true
	rm -rf "$home"
}
trap cleanup EXIT

echo "test-deb: apt-get install $deb"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
mapfile -t files < <(dpkg-query -L tern | while read -r f; do [[ -f $f ]] && echo "$f"; done)

got=$(tern --version)
[[ $got == "Tern $version "* ]] || fail "tern --version says \"$got\", want Tern $version"
echo "test-deb: $got"
desktop=/usr/share/applications/$id.desktop
desktop-file-validate "$desktop" || fail "$desktop does not validate"
for mime in x-scheme-handler/mailto message/rfc822; do
	grep -q "^$mime=.*$id.desktop" /usr/share/applications/mimeinfo.cache ||
		fail "the desktop database does not offer Tern for $mime"
done
for size in 16x16 48x48 256x256 scalable; do
	ls /usr/share/icons/hicolor/$size/apps/$id.* >/dev/null || fail "no $size icon"
done
man -w tern >/dev/null || fail "man tern finds no manual page"
[[ -s /usr/share/doc/tern/copyright ]] || fail "no copyright file"

# A person's choice of default mail program, in a home of its own.
for mime in x-scheme-handler/mailto message/rfc822; do
	HOME=$home XDG_CONFIG_HOME=$home/.config xdg-mime default "$id.desktop" "$mime"
	got=$(HOME=$home XDG_CONFIG_HOME=$home/.config xdg-mime query default "$mime")
	[[ $got == "$id.desktop" ]] || fail "xdg-mime query default $mime says \"$got\""
	echo "test-deb: xdg-mime query default $mime: $got"
done

echo "test-deb: apt-get remove tern"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq tern >/dev/null
removed=1
left=()
for f in "${files[@]}"; do
	[[ ! -e $f ]] || left+=("$f")
done
((${#left[@]} == 0)) || fail "apt-get remove left ${left[*]}"
! command -v tern >/dev/null || fail "tern is still in PATH after removal"
for mime in x-scheme-handler/mailto message/rfc822; do
	! grep -q "^$mime=.*$id.desktop" /usr/share/applications/mimeinfo.cache ||
		fail "the desktop database still offers Tern for $mime"
done
echo "test-deb: installed, checked and removed ${#files[@]} files"
