#!/usr/bin/env bash
# Writes the Debian copyright file for a Tern binary: Tern's own licence,
# then the licence of the Go standard library and of every Go module built
# into the binary (as `go version -m` lists them), read from the module
# cache. A module whose licence file
# cannot be found fails the script: the package must not ship without it.
#   packaging/linux/copyright.sh /path/to/tern > copyright
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:?usage: copyright.sh TERN-BINARY}
website=$(sed -n 's/^Website = "\(.*\)"/\1/p' FyneApp.toml)
cache=$(go env GOMODCACHE)
cat <<HEAD
This is Tern, a mail client, from $website

$(sed -n '3p' LICENSE)

License: $(sed -n '1p' LICENSE | sed 's/ License$//')

$(sed -n '5,$p' LICENSE)

The program /usr/bin/tern is built from Tern's source and from the Go
modules below, each under its own licence, which follows its name.
HEAD
# common prints a licence file, or for a licence Debian keeps in
# /usr/share/common-licenses (Debian Policy 12.5), a pointer to it.
common() {
	if grep -q 'Apache License' "$1" && grep -q 'Version 2.0, January 2004' "$1"; then
		echo "Licensed under the Apache License, Version 2.0. On Debian systems, the"
		echo "full text of the license is in /usr/share/common-licenses/Apache-2.0."
	elif grep -q 'Mozilla Public License Version 2.0' "$1"; then
		echo "Licensed under the Mozilla Public License, Version 2.0. On Debian systems,"
		echo "the full text of the license is in /usr/share/common-licenses/MPL-2.0."
	else
		sed 's/[[:space:]]*$//' "$1"
	fi
}
goversion=$(go version "$bin" | awk '{ print $2 }')
printf '\n%s\n\n%s %s\n\n' "------------------------------------------------------------------------" "The Go standard library" "$goversion"
sed 's/[[:space:]]*$//' "$(go env GOROOT)/LICENSE"
# `go version -m` lines: "dep PATH VERSION SUM", or "=> PATH VERSION SUM"
# for a replacement, whose files are the ones built in.
go version -m "$bin" | awk '$1 == "dep" || $1 == "=>" { print $1, $2, $3 }' |
	awk '$1 == "=>" { last = $2 " " $3; next } { if (last != "") print last; last = $2 " " $3 } END { if (last != "") print last }' |
	while read -r path version; do
		# The module cache spells capitals as "!" and the lower-case letter.
		escaped=$(sed 's/[A-Z]/!\L&/g' <<<"$path")
		dir=$cache/$escaped@$version
		licence=$(find "$dir" -maxdepth 1 -type f \( -iname 'LICEN[CS]E*' -o -iname 'COPYING*' \) 2>/dev/null | sort | head -1)
		if [[ -z $licence ]]; then
			echo "copyright.sh: no licence file for $path $version in $dir" >&2
			exit 1
		fi
		printf '\n%s\n\n%s %s\n\n' "------------------------------------------------------------------------" "$path" "$version"
		common "$licence"
	done
