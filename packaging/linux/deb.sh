#!/usr/bin/env bash
# Builds Tern's Debian/Ubuntu package from the Linux archive's binary:
#   packaging/linux/deb.sh dist/Tern-VERSION-linux-amd64.tar.xz
# makes dist/tern_VERSION_amd64.deb with the binary, the desktop entry (a
# handler for mailto: links and .eml files), the icon in the hicolor sizes
# (drawn from assets/icon.svg by rsvg-convert), the AppStream metainfo, the
# manual page, the copyright file (Tern's licence and those of the Go
# modules built into the binary) and the changelog. Depends is computed by
# dpkg-shlibdeps; lintian then checks the package and fails it on errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
archive=${1:?usage: deb.sh ARCHIVE.tar.xz}
version=$(sed -n 's/^ *Version = "\(.*\)"/\1/p' FyneApp.toml)
id=$(sed -n 's/^ *ID = "\(.*\)"/\1/p' FyneApp.toml)
website=$(sed -n 's/^Website = "\(.*\)"/\1/p' FyneApp.toml)
publisher=$(sed -n '/^\[Release\]/,/^\[/s/^ *Publisher = "\(.*\)"/\1/p' FyneApp.toml)
maintainer="$publisher <developers@${website#https://}"
maintainer="${maintainer%/}>"
out=dist/tern_${version}_amd64.deb
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The package tree sits where dpkg-shlibdeps expects it: debian/PACKAGE.
root=$work/src/debian/tern
doc=$root/usr/share/doc/tern

tar -xJf "$archive" -C "$work" tern/usr/local/bin/tern
install -Dm755 "$work/tern/usr/local/bin/tern" "$root/usr/bin/tern"
"$root/usr/bin/tern" --version | grep -q "^Tern $version " ||
	{ echo "deb.sh: the archive's binary is not Tern $version" >&2; exit 1; }

desktop-file-validate packaging/linux/$id.desktop
install -Dm644 packaging/linux/$id.desktop "$root/usr/share/applications/$id.desktop"
install -Dm644 packaging/linux/$id.metainfo.xml "$root/usr/share/metainfo/$id.metainfo.xml"
for size in 16 22 24 32 48 64 128 256 512; do
	dir=$root/usr/share/icons/hicolor/${size}x${size}/apps
	mkdir -p "$dir"
	rsvg-convert -w "$size" -h "$size" assets/icon.svg -o "$dir/$id.png"
done
install -Dm644 assets/icon.svg "$root/usr/share/icons/hicolor/scalable/apps/$id.svg"
install -Dm644 packaging/linux/tern.1 "$root/usr/share/man/man1/tern.1"
gzip -9n "$root/usr/share/man/man1/tern.1"

mkdir -p "$doc"
packaging/linux/copyright.sh "$root/usr/bin/tern" >"$doc/copyright"
sed -e "s/@VERSION@/$version/" -e "s/@MAINTAINER@/$maintainer/" \
	packaging/linux/changelog >"$work/changelog"
gzip -9n <"$work/changelog" >"$doc/changelog.gz"

# dpkg-shlibdeps reads debian/control in the folder it runs in, and finds
# the package's root by its DEBIAN folder.
mkdir -p "$root/DEBIAN"
printf 'Source: tern\n\nPackage: tern\nArchitecture: amd64\n' >"$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O debian/tern/usr/bin/tern | sed -n 's/^shlibs:Depends=//p')
[[ -n $depends ]] || { echo "deb.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

cat >"$root/DEBIAN/control" <<CONTROL
Package: tern
Version: $version
Architecture: amd64
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Recommends: gnome-keyring | keepassxc | kwalletmanager
Section: mail
Priority: optional
Homepage: $website
Description: mail client that keeps your mail readable offline
 Tern is a mail program for people who just want to read and write their
 email. Type your address and password, and Tern finds your provider's
 settings, explains the choice between keeping mail on the server (IMAP)
 and downloading it (POP3), and signs you in.
 .
 Every message is kept on this computer, so mail can be read and searched
 without a network; what you do offline reaches the server when you are
 back online. Connections are always encrypted, passwords stay in the
 desktop's keychain (a Secret Service such as GNOME Keyring, KeePassXC or
 KWallet), and remote images in HTML mail are only loaded when you ask.
 Tern also works from the command line.
CONTROL
(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

mkdir -p dist
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
# Errors fail the package; warnings and notes are shown.
lintian --fail-on error "$out"
echo "$out"
