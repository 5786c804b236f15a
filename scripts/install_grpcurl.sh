#!/usr/bin/env bash
# Build grpcurl at a pinned version into tools/bin (gitignored) with the Go toolchain.
#
# Used by tests/integration/test_grpcurl.py and by anyone who wants to follow the README's
# grpcurl commands. `go install pkg@version` builds outside this repository's modules, from
# the module proxy, and verifies every module against the checksum database. A binary that
# already reports the pinned version is kept, so repeated runs cost nothing.
#
# Environment: GO, the go command (default go); GRPCURL_BIN_DIR (default <repo>/tools/bin).
# Prints the path of the binary on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
go="${GO:-go}"
version="v1.9.3"
bin_dir="${GRPCURL_BIN_DIR:-$root/tools/bin}"
binary="$bin_dir/grpcurl"

if ! command -v "$go" >/dev/null 2>&1; then
  echo "install_grpcurl: the Go toolchain ('$go') is not on PATH" >&2
  exit 3
fi

if [ -x "$binary" ] && [ "$("$binary" -version 2>&1)" = "grpcurl $version" ]; then
  echo "$binary"
  exit 0
fi

mkdir -p "$bin_dir"
# grpcurl prints main.version for -version; `go install` leaves it as "dev build".
GOBIN="$bin_dir" GOFLAGS="${GOFLAGS:-} -buildvcs=false" "$go" install \
  -ldflags "-X main.version=$version" \
  "github.com/fullstorydev/grpcurl/cmd/grpcurl@$version" >&2
echo "$binary"
