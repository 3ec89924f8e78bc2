# Tern's build, run and test entry points. `make run` and `make test` install
# the Debian/Ubuntu packages they need (with sudo when not root).

GO      ?= go
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export LANG ?= en_US.UTF-8

# What building the window needs (Fyne uses OpenGL and X11 through cgo).
RUN_PKGS  := gcc pkg-config libgl1-mesa-dev xorg-dev
# What the tests need besides: real mail servers, a real keychain, a
# virtual display.
TEST_PKGS := $(RUN_PKGS) dovecot-imapd dovecot-pop3d postfix gnome-keyring libsecret-tools \
             dbus-x11 xvfb x11-utils xdotool
# What the benchmarks compare against: mbsync (IMAP) and Python's poplib.
BENCH_PKGS := $(TEST_PKGS) isync python3

# install-missing installs the listed packages that are not installed yet.
define install-missing
	@command -v $(GO) >/dev/null || { echo "Tern needs Go 1.26 or newer: see README.md"; exit 1; }
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

# What packaging needs: the fyne tool, mingw-w64 for the Windows build,
# Wine for its smoke test, appstreamcli to validate the metainfo.
PKG_PKGS    := $(RUN_PKGS) appstream xz-utils desktop-file-utils
WIN_PKGS    := $(RUN_PKGS) gcc-mingw-w64-x86-64
WINE_PKGS   := $(WIN_PKGS) wine wine64 xvfb x11-utils imagemagick
FYNE_TOOL   := fyne.io/tools/cmd/fyne@v1.7.4

.PHONY: run build test deps-run deps-test deps-bench bench fuzz vet \
        fyne-tool package-linux package-windows smoke-windows

run: build
	./tern

build: deps-run
	$(GO) build -o tern .

deps-run:
	$(call install-missing,$(RUN_PKGS))

deps-test:
	$(call install-missing,$(TEST_PKGS))

deps-bench:
	$(call install-missing,$(BENCH_PKGS))

# Every test, with real servers and a real keychain; nothing may skip.
test: deps-test
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	TERN_STRICT=1 .ci/keyring-session $(GO) test -count=1 -timeout 40m ./...

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }

# Benchmarks print their comparisons (tern vs mbsync, tern vs poplib).
bench: deps-bench
	TERN_STRICT=1 .ci/keyring-session $(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./...

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 60s ./storage/message
	$(GO) test -run '^$$' -fuzz '^FuzzSafeFilename$$' -fuzztime 60s ./storage/message
	$(GO) test -run '^$$' -fuzz '^FuzzCleanHeader$$' -fuzztime 60s ./storage/message

fyne-tool:
	@command -v fyne >/dev/null || test -x "$$($(GO) env GOPATH)/bin/fyne" || $(GO) install $(FYNE_TOOL)

# dist/Tern-VERSION-linux-amd64.tar.xz: `fyne package` layout (binary,
# .desktop, icon, a Makefile for make install / make user-install) plus the
# AppStream metainfo, which is validated first.
package-linux: fyne-tool
	$(call install-missing,$(PKG_PKGS))
	appstreamcli validate --no-net --pedantic packaging/linux/org.ternmail.Tern.metainfo.xml
	packaging/package.sh linux

# dist/Tern-VERSION-windows-amd64.exe, cross-built with mingw-w64.
package-windows: fyne-tool
	$(call install-missing,$(WIN_PKGS))
	packaging/package.sh windows

# Starts the Windows build under Wine and checks its window (see
# packaging/windows/README.md).
smoke-windows: package-windows
	$(call install-missing,$(WINE_PKGS))
	packaging/windows/smoke.sh dist/Tern-$$(sed -n 's/^ *Version = "\(.*\)"/\1/p' FyneApp.toml)-windows-amd64.exe
