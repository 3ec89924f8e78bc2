#!/usr/bin/env bash
# Builds Tern's packages with the fyne tool: `package.sh linux` makes
# dist/Tern-VERSION-linux-amd64.tar.xz, `package.sh windows` makes
# dist/Tern-VERSION-windows-amd64.exe (cross-built with mingw-w64) and its
# installer dist/Tern-VERSION-windows-amd64-setup.exe (NSIS).
#
# `fyne package` writes a new Build number into FyneApp.toml, and builds
# (then deletes) its own ./tern or ./tern.exe. FyneApp.toml, and a binary
# `make build` had made, are put back afterwards, so the tree is as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
os=${1:?usage: package.sh linux|windows}
fyne=${FYNE:-fyne}
command -v "$fyne" >/dev/null || fyne="$(go env GOPATH)/bin/fyne"
version=$(sed -n 's/^ *Version = "\(.*\)"/\1/p' FyneApp.toml)
mkdir -p dist
keep=$(mktemp -d)
cp FyneApp.toml "$keep/"
for bin in tern tern.exe; do
	if [ -e "$bin" ]; then mv "$bin" "$keep/"; fi
done
restore() {
	cp "$keep/FyneApp.toml" FyneApp.toml
	for bin in tern tern.exe; do
		if [ -e "$keep/$bin" ]; then mv -f "$keep/$bin" "$bin"; fi
	done
	rm -rf "$keep"
}
trap restore EXIT
case $os in
linux)
	# Built as a position-independent executable, as Debian's hardening
	# asks (lintian's hardening-no-pie): go build reads -buildmode from
	# GOFLAGS, which fyne's go build inherits.
	GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildmode=pie" "$fyne" package --os linux --release
	mkdir "$keep/pie"
	tar -xJf Tern.tar.xz -C "$keep/pie" tern/usr/local/bin/tern
	file_type=$(od -An -j16 -N2 -tu2 "$keep/pie/tern/usr/local/bin/tern" | tr -d ' ') # e_type: 3 is ET_DYN
	rm -rf "$keep/pie"
	[[ $file_type == 3 ]] || { echo "package.sh: the binary is not position-independent (ELF type $file_type)" >&2; exit 1; }
	# Put in Tern's own .desktop file (fyne's lacks %u and the MimeType
	# that make Tern a handler for mailto: links and .eml files), add the
	# AppStream metainfo, and teach the archive's Makefile to install it.
	work=$(mktemp -d)
	tar -xJf Tern.tar.xz -C "$work"
	desktop=$work/tern/usr/local/share/applications/org.ternmail.Tern.desktop
	[[ -f $desktop ]] || { echo "package.sh: fyne's archive has no $desktop" >&2; exit 1; }
	install -m644 packaging/linux/org.ternmail.Tern.desktop "$desktop"
	meta=usr/local/share/metainfo/org.ternmail.Tern.metainfo.xml
	install -Dm644 packaging/linux/org.ternmail.Tern.metainfo.xml "$work/tern/$meta"
	sed -i \
		-e "/^install:/a\\	install -Dm00644 $meta \$(DESTDIR)\$(PREFIX)/share/metainfo/org.ternmail.Tern.metainfo.xml" \
		-e "/^user-install:/a\\	install -Dm00644 $meta \$(DESTDIR)\$(HOME)/.local/share/metainfo/org.ternmail.Tern.metainfo.xml" \
		-e "/^uninstall:/a\\	-rm \$(DESTDIR)\$(PREFIX)/share/metainfo/org.ternmail.Tern.metainfo.xml" \
		-e "/^user-uninstall:/a\\	-rm \$(DESTDIR)\$(HOME)/.local/share/metainfo/org.ternmail.Tern.metainfo.xml" \
		"$work/tern/Makefile"
	# Tern opens mailto: links and message files (Preferences › Make Tern
	# the default mail app): the desktop file says so, and passes the link.
	# (Tern's own file has both already: fyne's other copies may not, and
	# a second MimeType key makes the file invalid.)
	find "$work/tern" -name org.ternmail.Tern.desktop -exec sed -i \
		-e 's/^Exec=\([^ ]*\)$/Exec=\1 %u/' {} + \
		-exec sh -c 'grep -q "^MimeType=" "$1" || echo "MimeType=x-scheme-handler/mailto;message/rfc822;" >>"$1"' sh {} \;
	out="dist/Tern-$version-linux-amd64.tar.xz"
	( cd "$work" && tar -cJf "$OLDPWD/$out" tern )
	rm -rf "$work" Tern.tar.xz
	packaging/linux/check-install.sh "$out"
	echo "$out"
	;;
windows)
	CC=${CC:-x86_64-w64-mingw32-gcc} CGO_ENABLED=1 "$fyne" package --os windows --release
	mv Tern.exe "dist/Tern-$version-windows-amd64.exe"
	echo "dist/Tern-$version-windows-amd64.exe"
	cp "$keep/FyneApp.toml" FyneApp.toml
	packaging/windows/installer.sh "dist/Tern-$version-windows-amd64.exe"
	;;
*)
	echo "package.sh: unknown target $os" >&2
	exit 2
	;;
esac
