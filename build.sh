#!/usr/bin/env bash
# Build, run, test and benchmark the connector.
#
#   ./build.sh          build the connector (.wasm, precompressed), the servers and the Worker
#   ./build.sh run      build, then run the whole product locally (dev stack)
#   ./build.sh test     formatting, vet (native and js/wasm), all tests, every fuzz target briefly
#   ./build.sh fuzz [d] every fuzz target for d each (a Go duration, default 1m)
#   ./build.sh bench    the benchmark: prints a table, writes .build/bench.json
set -euo pipefail
cd "$(dirname "$0")"

WASM_DIR="$(go env GOROOT)/lib/wasm"
step() { printf '\n==> %s\n' "$*"; }
die() { printf '\nbuild.sh: %s\n' "$*" >&2; exit 1; }

build() {
	step "connector (js/wasm)"
	mkdir -p web/dist .build
	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o web/dist/connector.wasm ./wasm/cmd/connector
	cp "$WASM_DIR/wasm_exec.js" web/dist/wasm_exec.js
	go run ./web/cmd/precompress web/dist/connector.wasm web/dist/wasm_exec.js
	step "servers"
	go build -trimpath -o .build/ ./bridge/cmd/...
	ls .build
	step "bridge as a Cloudflare Worker (bundle for wrangler: bridge/worker/wrangler.jsonc)"
	go run ./bridge/worker/cmd/bundle -o .build/worker
}

# need_workerd installs the Workers runtime (workerd from npm, pinned by
# bridge/worker/package-lock.json) for the Worker's tests and benchmark;
# they fail (never skip) without it.
need_workerd() {
	if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
		die "Node.js 20 and npm are needed to install workerd for the Worker's tests (bridge/worker). Install them (apt-get install -y nodejs npm)."
	fi
	step "workerd for the Worker's tests (npm ci in bridge/worker)"
	npm ci --prefix bridge/worker --no-audit --no-fund --loglevel=error ||
		die "npm ci in bridge/worker failed: it needs the npm registry (or a warm npm cache)."
}

# need_chromium installs Debian's Chromium when no browser is found; the
# browser tests fail (never skip) without one.
need_chromium() {
	if [ -n "${CHROMIUM:-}" ] || command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null; then
		return
	fi
	step "installing Chromium for the browser tests"
	if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
		die "Chromium is missing and cannot be installed here (needs root and apt-get). Install it (apt-get install -y chromium) or set CHROMIUM=/path/to/chrome."
	fi
	if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
		die "apt-get could not install chromium. Install it by hand or set CHROMIUM=/path/to/chrome."
	fi
	command -v chromium >/dev/null || die "chromium was installed but is not on PATH"
}

# fuzz_targets lists the fuzz targets, "package Name" a line: every
# func FuzzXxx in a test file, so a new one is run without being listed.
# They all build natively (the wasm/ ones are pure Go).
fuzz_targets() {
	grep -r --include='*_test.go' -o '^func Fuzz[A-Za-z0-9_]*' bridge wasm web | sort |
		sed -E 's|^(.*)/[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)$|./\1 \2|'
}

# fuzz_all runs each fuzz target for $1 (go test's -fuzztime). A crasher
# is written to the package's testdata/fuzz, where it stays a seed once the
# bug is fixed. Go 1.26's fuzzing can end a run that found nothing with
# "context deadline exceeded" (go.dev/issue/75804, fixed in Go 1.27): such
# a run is tried once more rather than failing the build.
fuzz_all() {
	local fuzztime="$1" pkg name log attempt n=0
	log="$(mktemp)"
	while read -r pkg name; do
		n=$((n + 1))
		for attempt in 1 2; do
			if go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" "$pkg" </dev/null >"$log" 2>&1; then
				printf '%-24s %-20s %s\n' "$name" "$pkg" "$(grep '^fuzz: ' "$log" | tail -n1 | sed 's/^fuzz: //')"
				break
			fi
			if [ "$attempt" = 1 ] && grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written' "$log"; then
				printf '%-24s %-20s %s\n' "$name" "$pkg" "ended by Go's fuzzing deadline race (go.dev/issue/75804), not by an input: once more"
				continue
			fi
			cat "$log"
			rm -f "$log"
			die "fuzz target $name ($pkg) failed; an input it failed on is kept in $pkg/testdata/fuzz/$name, which go test replays"
		done
	done < <(fuzz_targets)
	rm -f "$log"
	[ "$n" -gt 0 ] || die "no fuzz target found"
}

test_all() {
	step "gofmt"
	local unformatted
	unformatted="$(gofmt -l bridge wasm web)"
	[ -z "$unformatted" ] || die "gofmt would change these files (run gofmt -w):
$unformatted"
	step "go vet (native)"
	go vet ./...
	step "go vet (js/wasm)"
	GOOS=js GOARCH=wasm go vet ./...
	build
	need_chromium
	need_workerd
	step "tests (native, with the race detector)"
	go test -race -count=1 -timeout 15m $(go list ./... | grep -v -x -e github.com/vccnow/connector/bridge/e2e)
	step "fuzz targets, 2 s each (./build.sh fuzz runs them longer)"
	fuzz_all 2s
	step "tests (js/wasm under node)"
	GOOS=js GOARCH=wasm go test -count=1 -exec="$WASM_DIR/go_js_wasm_exec" ./wasm/...
	step "browser tests (headless Chromium against the whole stack)"
	go test -count=1 -timeout 20m ./bridge/e2e
	step "the bridge's contract and the shift again, with VCC's undocumented event fields on (VCCNOW_VCC_WEBHOOK_EXTENSIONS=1)"
	VCCNOW_VCC_WEBHOOK_EXTENSIONS=1 go test -count=1 -timeout 10m ./bridge/bridgetest
	VCCNOW_VCC_WEBHOOK_EXTENSIONS=1 go test -count=1 -timeout 10m -run 'TestShift' ./bridge/e2e
	step "all tests passed"
}

case "${1:-build}" in
build) build ;;
run)
	build
	shift || true
	exec .build/devstack "$@"
	;;
test) test_all ;;
fuzz)
	fuzz_all "${2:-1m}"
	;;
bench)
	build
	need_chromium
	need_workerd
	shift
	go run ./bridge/cmd/bench -out .build/bench.json "$@"
	;;
*) die "unknown command ${1}: use build, run, test, fuzz or bench" ;;
esac
