#!/usr/bin/env bash
# Build fake-gcs-server (a Google Cloud Storage emulator) at a pinned version into tools/bin
# (gitignored) with the Go toolchain.
#
# Used by tests/fixtures/gcs_server.py, which starts it for the native GCS storage tests, and by
# anyone who wants a local GCS JSON API endpoint. `go install pkg@version` builds outside this
# repository's modules, from the module proxy, and verifies every module against the checksum
# database. A binary built at the pinned version (recorded beside it) is kept, so repeated runs
# cost nothing; concurrent runs wait for each other (flock).
#
# Environment: GO, the go command (default go); FAKE_GCS_BIN_DIR (default <repo>/tools/bin).
# Prints the path of the binary on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
go="${GO:-go}"
version="v1.56.1"
bin_dir="${FAKE_GCS_BIN_DIR:-$root/tools/bin}"
binary="$bin_dir/fake-gcs-server"
stamp="$bin_dir/.fake-gcs-server.version"

installed() {
  [ -x "$binary" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]
}

if ! command -v "$go" >/dev/null 2>&1; then
  echo "install_fake_gcs_server: the Go toolchain ('$go') is not on PATH" >&2
  exit 3
fi

if installed; then
  echo "$binary"
  exit 0
fi

mkdir -p "$bin_dir"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$bin_dir/.fake-gcs-server.lock"
  flock 9
  if installed; then
    echo "$binary"
    exit 0
  fi
fi
GOBIN="$bin_dir" GOFLAGS="${GOFLAGS:-} -buildvcs=false" "$go" install \
  "github.com/fsouza/fake-gcs-server@$version" >&2
echo "$version" >"$stamp"
echo "$binary"
