# Tern's build, run and test entry points. `make run` and `make test` install
# the Debian/Ubuntu packages they need (with sudo when not root).

GO      ?= go
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export LANG ?= en_US.UTF-8

# What building the window needs (Fyne uses OpenGL and X11 through cgo).
RUN_PKGS  := gcc pkg-config libgl1-mesa-dev xorg-dev
# What the tests need besides: real mail servers (Postfix runs in a
# mount namespace of its own: unshare, mount), a real keychain, a virtual
# display; Python and mutt write the mailboxes the import tests read; for
# printing, CUPS with a PDF printer (cups-pdf, run in a private cupsd),
# poppler's pdftotext to read printouts back, fonts for Latin, Cyrillic
# and Japanese text (DejaVu, IPA Gothic), and a D-Bus daemon for the file
# dialog portal's test; xdg-mime (xdg-utils) for making Tern the mail app.
TEST_PKGS := $(RUN_PKGS) dovecot-imapd dovecot-pop3d postfix util-linux mount gnome-keyring libsecret-tools \
             dbus-x11 xvfb x11-utils xdotool python3 mutt \
             cups cups-client printer-driver-cups-pdf poppler-utils fonts-dejavu-core fonts-ipafont-gothic dbus-daemon \
             xdg-utils
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
# NSIS (and ImageMagick for its icon) for the installer, Wine for its smoke
# test, appstreamcli and desktop-file-validate for the Linux files, dpkg-dev,
# rsvg-convert and lintian for the Debian package, xdg-utils to test it.
PKG_PKGS    := $(RUN_PKGS) appstream xz-utils desktop-file-utils
DEB_PKGS    := $(PKG_PKGS) dpkg-dev librsvg2-bin lintian man-db
DEBTEST_PKGS := $(DEB_PKGS) xdg-utils
WIN_PKGS    := $(RUN_PKGS) gcc-mingw-w64-x86-64 nsis imagemagick
WINE_PKGS   := $(WIN_PKGS) wine wine64 xvfb x11-utils
FYNE_TOOL   := fyne.io/tools/cmd/fyne@v1.7.4
# The version every package carries, from FyneApp.toml.
VERSION     = $(shell sed -n 's/^ *Version = "\(.*\)"/\1/p' FyneApp.toml)

.PHONY: run build test check deps-run deps-test deps-bench bench fuzz vet \
        fyne-tool package-linux package-deb test-deb package-windows smoke-windows

run: build
	./tern

build: deps-run
	$(GO) build -o tern .

deps-run:
	$(call install-missing,$(RUN_PKGS))

# The Courier and Cyrus tests unpack those servers with apt-get download
# (installing them would remove Dovecot), so apt's lists must know them.
deps-test:
	$(call install-missing,$(TEST_PKGS))
	@apt-cache show courier-imap cyrus-imapd >/dev/null 2>&1 || $(SUDO) apt-get update -qq

deps-bench:
	$(call install-missing,$(BENCH_PKGS))

# staticcheck, pinned: a version that knows the Go release in go.mod.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# The packages whose tests run goroutines of their own (sync workers, the
# store's notifications, servers in the tests): these run under the race
# detector. The rest (the window, the command line) run without it, which
# keeps `make test` within 15 minutes on two cores.
RACE_PKGS  = $(shell $(GO) list ./accounts/... ./storage/... ./internal/...)
OTHER_PKGS = $(filter-out $(RACE_PKGS),$(shell $(GO) list ./...))

# Every test, with real servers and a real keychain; nothing may skip.
# The checks come first: they are quick.
test: deps-test check
	TERN_STRICT=1 .ci/keyring-session $(GO) test -race -count=1 -timeout 45m $(RACE_PKGS)
	TERN_STRICT=1 .ci/keyring-session $(GO) test -count=1 -timeout 45m $(OTHER_PKGS)

# The source checks of `make test`: go.mod as `go mod tidy` leaves it,
# gofmt, go vet, no function of cyclomatic complexity over 20 (outside
# tests; see internal/cmd/complexity) and staticcheck.
check:
	$(GO) mod tidy -diff
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) run ./internal/cmd/complexity -over 20 .
	$(GO) run $(STATICCHECK) ./...

# The message ids a translation lacks, or has that English does not (see
# "Translating Tern" in README.md): `LANG=de make i18n-missing` checks
# one language, `make i18n-missing` every one. A LANG that is a locale
# (en_US.UTF-8, C) rather than a catalog's tag means every language.
.PHONY: i18n-missing
i18n-missing:
	$(GO) run ./internal/cmd/i18nmissing $(if $(or $(findstring .,$(LANG)),$(findstring @,$(LANG)),$(filter C POSIX,$(LANG))),,$(LANG))

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }

# Benchmarks print their comparisons (tern vs mbsync, tern vs poplib).
bench: deps-bench
	TERN_STRICT=1 .ci/keyring-session $(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./...

# Runs every Fuzz target of the module, FUZZTIME each. One input that
# takes over 100 ms fails its target (see testenv.FuzzBudget).
FUZZTIME ?= 60s
fuzz:
	@targets=$$($(GO) test -list '^Fuzz' ./... | \
		awk '/^Fuzz/ { f[n++] = $$1 } /^ok/ { for (i = 0; i < n; i++) print $$2 "," f[i]; n = 0 }'); \
	test -n "$$targets" || { echo "no Fuzz targets found"; exit 1; }; \
	for t in $$targets; do \
		echo "$(GO) test -run '^$$' -fuzz '^$${t##*,}$$' -fuzztime $(FUZZTIME) $${t%%,*}"; \
		$(GO) test -run '^$$' -fuzz "^$${t##*,}\$$" -fuzztime $(FUZZTIME) "$${t%%,*}" || exit 1; \
	done

fyne-tool:
	@command -v fyne >/dev/null || test -x "$$($(GO) env GOPATH)/bin/fyne" || $(GO) install $(FYNE_TOOL)

# dist/Tern-VERSION-linux-amd64.tar.xz: `fyne package` layout (binary,
# Tern's .desktop file, icon, a Makefile for make install / make
# user-install) plus the AppStream metainfo, which is validated first; the
# desktop file is checked with desktop-file-validate, here and after a
# user-install (packaging/linux/check-install.sh).
package-linux: fyne-tool
	$(call install-missing,$(PKG_PKGS))
	appstreamcli validate --no-net --pedantic packaging/linux/org.ternmail.Tern.metainfo.xml
	desktop-file-validate packaging/linux/org.ternmail.Tern.desktop
	packaging/package.sh linux

# dist/tern_VERSION_amd64.deb from the archive's binary (built as a
# position-independent executable, as Debian's hardening asks), checked by
# lintian (packaging/linux/deb.sh).
package-deb: package-linux
	$(call install-missing,$(DEB_PKGS))
	packaging/linux/deb.sh dist/Tern-$(VERSION)-linux-amd64.tar.xz

# Installs the .deb with apt-get, checks it and removes it again (as root or
# with sudo; not part of `make test`).
test-deb: package-deb
	$(call install-missing,$(DEBTEST_PKGS))
	$(SUDO) packaging/linux/test-deb.sh dist/tern_$(VERSION)_amd64.deb

# dist/Tern-VERSION-windows-amd64.exe, cross-built with mingw-w64, and its
# NSIS installer dist/Tern-VERSION-windows-amd64-setup.exe.
package-windows: fyne-tool
	$(call install-missing,$(WIN_PKGS))
	packaging/package.sh windows

# Installs the Windows build with its installer under Wine, checks the
# files, the Start menu entry, the registry (mailto:, .eml, the uninstall
# entry), Tern's window, the keychain, then uninstalls it (see
# packaging/windows/README.md).
smoke-windows: package-windows
	$(call install-missing,$(WINE_PKGS))
	packaging/windows/smoke.sh dist/Tern-$(VERSION)-windows-amd64-setup.exe
