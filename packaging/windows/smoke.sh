#!/usr/bin/env bash
# Starts the Windows build of Tern under Wine in a virtual display, with a
# fresh profile, and checks that its window appears with the setup
# wizard's first screen. Leaves a screenshot in dist/windows-smoke.png.
#   usage: packaging/windows/smoke.sh dist/Tern-VERSION-windows-amd64.exe
set -euo pipefail
cd "$(dirname "$0")/../.."
exe=$(realpath "${1:?usage: smoke.sh TERN.exe}")
work=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
export LANG=en_US.UTF-8
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
wine "$exe" --profile 'C:\tern-profile' >"$work/tern.log" 2>&1 &
app=$!
for _ in $(seq 90); do
	if xwininfo -root -tree 2>/dev/null | grep -q '"Tern"'; then
		sleep 4
		import -window root dist/windows-smoke.png
		if ! kill -0 $app 2>/dev/null; then
			echo "windows smoke: Tern exited after showing its window"; cat "$work/tern.log"; exit 1
		fi
		echo "windows smoke: the Tern window appeared under Wine (dist/windows-smoke.png)"
		exit 0
	fi
	if ! kill -0 $app 2>/dev/null; then
		echo "windows smoke: Tern exited before showing a window"; cat "$work/tern.log"; exit 1
	fi
	sleep 1
done
echo "windows smoke: no Tern window within 90 s"; cat "$work/tern.log"; exit 1
