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
             dbus-x11 xvfb x11-utils
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

.PHONY: run build test deps-run deps-test deps-bench bench fuzz vet

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
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 60s ./storage/message
