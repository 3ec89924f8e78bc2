#!/usr/bin/env bash
# Builds Tern's Windows installer with NSIS around a built tern .exe:
#   packaging/windows/installer.sh dist/Tern-VERSION-windows-amd64.exe
# makes dist/Tern-VERSION-windows-amd64-setup.exe beside it. The version,
# build number, publisher and website come from FyneApp.toml; the
# installer's icon is made from assets/icon.png (ImageMagick).
set -euo pipefail
cd "$(dirname "$0")/../.."
exe=${1:?usage: installer.sh TERN.exe}
toml=FyneApp.toml
version=$(sed -n 's/^ *Version = "\(.*\)"/\1/p' "$toml")
build=$(sed -n 's/^ *Build = \([0-9]*\).*/\1/p' "$toml")
publisher=$(sed -n '/^\[Release\]/,/^\[/s/^ *Publisher = "\(.*\)"/\1/p' "$toml")
website=$(sed -n 's/^Website = "\(.*\)"/\1/p' "$toml")
for v in version build publisher website; do
	[[ -n ${!v} ]] || { echo "installer.sh: FyneApp.toml gives no $v" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
convert assets/icon.png -define icon:auto-resize=256,64,48,32,16 "$work/tern.ico"
out="${exe%.exe}-setup.exe"
makensis -V2 -NOCD \
	-DVERSION="$version" -DBUILD="$build" -DPUBLISHER="$publisher" -DWEBSITE="$website" \
	-DEXE="$exe" -DICON="$work/tern.ico" -DOUTFILE="$out" \
	packaging/windows/installer.nsi
echo "$out"
