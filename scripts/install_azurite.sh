#!/usr/bin/env bash
# Install Azurite (the Azure Storage emulator) at a pinned version into tools/azurite (gitignored).
#
# Used by tests/fixtures/azurite.py, which starts its blob service for the Azure storage tests,
# and by anyone who wants a local Azure Blob endpoint. `npm install --prefix` keeps the package
# out of the repository's own node projects. An install that already holds the pinned version is
# kept, so repeated runs cost nothing; concurrent runs wait for each other (flock).
#
# Environment: NPM, the npm command (default npm); AZURITE_DIR (default <repo>/tools/azurite).
# Prints the path of the azurite-blob launcher on stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
npm="${NPM:-npm}"
version="3.37.0"
dir="${AZURITE_DIR:-$root/tools/azurite}"
launcher="$dir/node_modules/.bin/azurite-blob"
manifest="$dir/node_modules/azurite/package.json"

installed() {
  [ -x "$launcher" ] && [ -f "$manifest" ] &&
    node -e 'process.exit(require(process.argv[1]).version === process.argv[2] ? 0 : 1)' \
      "$manifest" "$version" 2>/dev/null
}

for tool in node "$npm"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "install_azurite: '$tool' is not on PATH (Azurite needs Node.js >= 18 and npm)" >&2
    exit 3
  fi
done

if installed; then
  echo "$launcher"
  exit 0
fi

mkdir -p "$dir"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$dir/.install.lock"
  flock 9
  if installed; then
    echo "$launcher"
    exit 0
  fi
fi
"$npm" install --prefix "$dir" --save-exact --no-fund --no-audit --loglevel=error "azurite@$version" >&2
if ! installed; then
  echo "install_azurite: npm finished but $launcher (azurite $version) is missing" >&2
  exit 1
fi
echo "$launcher"
